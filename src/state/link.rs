//! Share links: a scenario (code, version, settings, seed, playback step, a schedule picked
//! by hand) in the URL fragment,
//! so it never reaches a server. Layout of the decoded bytes: the format version (one byte),
//! the scenario serialised with postcard and deflated, and a CRC-32 of everything before it
//! (four bytes, little-endian); the whole is base64url without padding after `#s=`.
//!
//! Decoding never panics: every way a link can be broken has its own message, and the page
//! then opens its default scenario. Every format version ever released keeps decoding.

use serde::{Deserialize, Serialize};

/// The format this build writes. Older formats keep decoding; newer ones are refused with a
/// message that says so. Format 1 had no I/O latency, "run as" or operating system; format 2
/// no comparison; format 3 no schedule.
pub const FORMAT: u8 = 4;

/// The most choices a shared schedule may hold.
pub const MAX_CHOICES: u32 = 1_000_000;

/// What a link's fragment starts with.
pub const PREFIX: &str = "s=";

/// The longest fragment accepted, in characters (well above any program the page can run).
pub const MAX_LINK_CHARS: usize = 400_000;

/// The largest scenario a link may unpack to, in bytes (guards against deflate bombs).
pub const MAX_SCENARIO_BYTES: usize = 300_000;

/// The longest program a link may carry, in bytes.
pub const MAX_SOURCE_BYTES: usize = 200_000;

/// Everything a link restores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub source: String,
    /// "2.7", "3.9" … "3.13": text, so the format does not depend on the order of an enum.
    pub version: String,
    /// "on", "free-threaded" or "naive".
    pub gil: String,
    pub cores: u32,
    pub switch_interval_us: u64,
    pub seed: u64,
    /// Mean latency of a simulated network request, in milliseconds.
    pub io_latency_ms: u32,
    /// "script" or "notebook".
    pub run_as: String,
    /// "linux", "macos" or "windows".
    pub os: String,
    /// The playback step the reader was at, if any.
    pub step: Option<u64>,
    /// The other settings the reader compared with, if any.
    pub compare: Option<Compared>,
    /// The threads the reader chose as the scheduler, if they were steering.
    pub schedule: Option<SharedSchedule>,
}

/// A schedule made by hand: the thread chosen at each point, `bits` bits per choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedSchedule {
    /// A choice after every instruction, not only at the version's switch points.
    pub bytecode: bool,
    /// The challenge it was made for, if any.
    pub challenge: Option<String>,
    pub bits: u8,
    pub count: u32,
    /// The choices, lowest bits first.
    pub packed: Vec<u8>,
}

impl SharedSchedule {
    /// `choices` packed with as few bits per choice as the highest thread needs.
    pub fn pack(choices: &[u32], bytecode: bool, challenge: Option<String>) -> SharedSchedule {
        let highest = choices.iter().copied().max().unwrap_or(0);
        let bits = (32 - highest.leading_zeros()).max(1) as u8;
        let mut packed = vec![0u8; (choices.len() * bits as usize).div_ceil(8)];
        for (i, choice) in choices.iter().enumerate() {
            for b in 0..bits as usize {
                if choice >> b & 1 == 1 {
                    let at = i * bits as usize + b;
                    packed[at / 8] |= 1 << (at % 8);
                }
            }
        }
        SharedSchedule {
            bytecode,
            challenge,
            bits,
            count: choices.len() as u32,
            packed,
        }
    }

    /// The thread chosen at each point.
    pub fn choices(&self) -> Vec<u32> {
        let bits = self.bits as usize;
        (0..self.count as usize)
            .map(|i| {
                (0..bits).fold(0u32, |choice, b| {
                    let at = i * bits + b;
                    let bit = self
                        .packed
                        .get(at / 8)
                        .map_or(0, |byte| byte >> (at % 8) & 1);
                    choice | u32::from(bit) << b
                })
            })
            .collect()
    }
}

/// Format 3's scenario, still opened.
#[derive(Deserialize)]
struct ScenarioV3 {
    source: String,
    version: String,
    gil: String,
    cores: u32,
    switch_interval_us: u64,
    seed: u64,
    io_latency_ms: u32,
    run_as: String,
    os: String,
    step: Option<u64>,
    compare: Option<Compared>,
}

impl From<ScenarioV3> for Scenario {
    fn from(v3: ScenarioV3) -> Scenario {
        Scenario {
            source: v3.source,
            version: v3.version,
            gil: v3.gil,
            cores: v3.cores,
            switch_interval_us: v3.switch_interval_us,
            seed: v3.seed,
            io_latency_ms: v3.io_latency_ms,
            run_as: v3.run_as,
            os: v3.os,
            step: v3.step,
            compare: v3.compare,
            schedule: None,
        }
    }
}

/// The other side of a comparison: a version and a GIL mode (as in [`Scenario`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Compared {
    pub version: String,
    pub gil: String,
}

/// Format 2's scenario, still opened.
#[derive(Deserialize)]
struct ScenarioV2 {
    source: String,
    version: String,
    gil: String,
    cores: u32,
    switch_interval_us: u64,
    seed: u64,
    io_latency_ms: u32,
    run_as: String,
    os: String,
    step: Option<u64>,
}

impl From<ScenarioV2> for Scenario {
    fn from(v2: ScenarioV2) -> Scenario {
        Scenario {
            source: v2.source,
            version: v2.version,
            gil: v2.gil,
            cores: v2.cores,
            switch_interval_us: v2.switch_interval_us,
            seed: v2.seed,
            io_latency_ms: v2.io_latency_ms,
            run_as: v2.run_as,
            os: v2.os,
            step: v2.step,
            compare: None,
            schedule: None,
        }
    }
}

/// Format 1's scenario, still opened (as format 2's with its defaults).
#[derive(Deserialize)]
struct ScenarioV1 {
    source: String,
    version: String,
    gil: String,
    cores: u32,
    switch_interval_us: u64,
    seed: u64,
    step: Option<u64>,
}

impl From<ScenarioV1> for ScenarioV2 {
    fn from(v1: ScenarioV1) -> ScenarioV2 {
        ScenarioV2 {
            source: v1.source,
            version: v1.version,
            gil: v1.gil,
            cores: v1.cores,
            switch_interval_us: v1.switch_interval_us,
            seed: v1.seed,
            io_latency_ms: 100,
            run_as: "script".to_string(),
            os: "linux".to_string(),
            step: v1.step,
        }
    }
}

/// The GIL modes a scenario names.
const GIL_MODES: [&str; 3] = ["on", "free-threaded", "naive"];

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    TooLong(usize),
    NotBase64,
    Truncated,
    Checksum,
    FutureFormat(u8),
    Damaged,
    /// The link decoded, but a value in it is not one the page offers.
    BadValue(&'static str),
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::TooLong(n) => write!(
                f,
                "This link is too long to be a GIL Lab scenario ({n} characters; at most {MAX_LINK_CHARS})."
            ),
            LinkError::NotBase64 => f.write_str(
                "This link is damaged: it contains characters a GIL Lab link never has.",
            ),
            LinkError::Truncated => f.write_str("This link is cut short: part of it is missing."),
            LinkError::Checksum => f.write_str(
                "This link was changed or cut short after it was made: its checksum does not match.",
            ),
            LinkError::FutureFormat(v) => write!(
                f,
                "This link was made by a newer GIL Lab (link format {v}); reload the page to get the newest version."
            ),
            LinkError::Damaged => f.write_str("This link is damaged: its contents cannot be read."),
            LinkError::BadValue(what) => write!(f, "This link has an invalid {what}."),
        }
    }
}

impl Scenario {
    /// The scenario as a fragment (without the `#`).
    pub fn to_fragment(&self) -> String {
        let serialised = postcard::to_allocvec(self).unwrap_or_default();
        let mut bytes = vec![FORMAT];
        bytes.extend(crate::state::deflate::compress(&serialised));
        let checksum = crc32(&bytes);
        bytes.extend(checksum.to_le_bytes());
        format!("{PREFIX}{}", base64url_encode(&bytes))
    }

    /// The scenario in `fragment` (without the `#`): `None` when the fragment is not a
    /// scenario link at all, an error when it is one but cannot be opened.
    pub fn from_fragment(fragment: &str) -> Option<Result<Scenario, LinkError>> {
        let text = fragment.strip_prefix(PREFIX)?;
        Some(decode(text))
    }
}

fn decode(text: &str) -> Result<Scenario, LinkError> {
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(text.len()));
    }
    let text = text.trim();
    if !text.bytes().all(|c| ALPHABET.contains(&c)) {
        return Err(LinkError::NotBase64);
    }
    let bytes = match base64url_decode(text) {
        Some(bytes) => bytes,
        // Only a cut can leave a length no whole number of bytes has.
        None if text.len() % 4 == 1 => return Err(LinkError::Truncated),
        // A last character whose spare bits are set was changed.
        None => return Err(LinkError::Checksum),
    };
    if bytes.len() < 1 + 4 {
        return Err(LinkError::Truncated);
    }
    let (body, checksum) = bytes.split_at(bytes.len() - 4);
    let expected = u32::from_le_bytes([checksum[0], checksum[1], checksum[2], checksum[3]]);
    if crc32(body) != expected {
        return Err(LinkError::Checksum);
    }
    let (format, packed) = body.split_first().ok_or(LinkError::Truncated)?;
    let inflate = || {
        miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_SCENARIO_BYTES)
            .map_err(|_| LinkError::Damaged)
    };
    let scenario = match *format {
        1 => ScenarioV2::from(
            postcard::from_bytes::<ScenarioV1>(&inflate()?).map_err(|_| LinkError::Damaged)?,
        )
        .into(),
        2 => postcard::from_bytes::<ScenarioV2>(&inflate()?)
            .map_err(|_| LinkError::Damaged)?
            .into(),
        3 => postcard::from_bytes::<ScenarioV3>(&inflate()?)
            .map_err(|_| LinkError::Damaged)?
            .into(),
        4 => postcard::from_bytes::<Scenario>(&inflate()?).map_err(|_| LinkError::Damaged)?,
        0 => return Err(LinkError::Damaged),
        newer => return Err(LinkError::FutureFormat(newer)),
    };
    scenario.validated()
}

impl Scenario {
    /// The scenario if every value in it is one the page offers.
    fn validated(self) -> Result<Scenario, LinkError> {
        if self.source.len() > MAX_SOURCE_BYTES {
            return Err(LinkError::BadValue("program (it is too long)"));
        }
        if gil_sim::PyVersion::parse(&self.version).is_none() {
            return Err(LinkError::BadValue("Python version"));
        }
        if !GIL_MODES.contains(&self.gil.as_str()) {
            return Err(LinkError::BadValue("GIL mode"));
        }
        if !gil_sim::Settings::CORES.contains(&self.cores) {
            return Err(LinkError::BadValue("number of cores"));
        }
        if !(1..=1_000_000).contains(&self.switch_interval_us) {
            return Err(LinkError::BadValue("switch interval"));
        }
        if self.io_latency_ms > 60_000 {
            return Err(LinkError::BadValue("I/O latency"));
        }
        if !matches!(self.run_as.as_str(), "script" | "notebook") {
            return Err(LinkError::BadValue("way of running the program"));
        }
        if !matches!(self.os.as_str(), "linux" | "macos" | "windows") {
            return Err(LinkError::BadValue("operating system"));
        }
        if let Some(other) = &self.compare {
            if gil_sim::PyVersion::parse(&other.version).is_none() {
                return Err(LinkError::BadValue("Python version"));
            }
            if !GIL_MODES.contains(&other.gil.as_str()) {
                return Err(LinkError::BadValue("GIL mode"));
            }
        }
        if let Some(schedule) = &self.schedule {
            let room = schedule.packed.len() as u64 * 8;
            if !(1..=8).contains(&schedule.bits)
                || schedule.count > MAX_CHOICES
                || u64::from(schedule.count) * u64::from(schedule.bits) > room
                || room >= u64::from(schedule.count) * u64::from(schedule.bits) + 8
            {
                return Err(LinkError::BadValue("schedule"));
            }
            if schedule
                .challenge
                .as_ref()
                .is_some_and(|id| crate::state::challenges::by_id(id).is_none())
            {
                return Err(LinkError::BadValue("challenge"));
            }
        }
        Ok(self)
    }
}

/// CRC-32 (IEEE), bit by bit: links are short, and a table would cost page weight.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// Decodes base64url without padding; `None` on any character, length or spare bits it
/// cannot have.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u8))
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | (u32::from(*d) << (18 - 6 * i)));
        let bytes = chunk.len() - 1;
        // The bits after the last whole byte must be zero: one text per byte string.
        if n & (0xFF_FFFF >> (8 * bytes)) != 0 {
            return None;
        }
        for i in 0..bytes {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn race() -> Scenario {
        Scenario {
            source: "import threading\n\ncount = 0\n".to_string(),
            version: "3.9".to_string(),
            gil: "on".to_string(),
            cores: 4,
            switch_interval_us: 5_000,
            seed: 7,
            io_latency_ms: 100,
            run_as: "script".to_string(),
            os: "linux".to_string(),
            step: Some(12),
            compare: None,
            schedule: None,
        }
    }

    /// Links made by each format: they must open, exactly so, in every later version.
    const GOLDEN_V1: &str =
        "s=AQEqANX_HGltcG9ydCB0aHJlYWRpbmcKCmNvdW50ID0gMAoDMy45Am9uBIgnBwEM1YhgEw";
    const GOLDEN_V3: &str = "s=A5PJzC3ILypRKMkoSk1MycxL5-JKzi_NK1GwVTDgYjbWs2TKz2PpUGf_xciRl1-SmpSfn82am5icX8zIw8hirGdozJtWlJqqC9GemgIAE-e0rQ";
    const GOLDEN_V2: &str = "s=ApPJzC3ILypRKMkoSk1MycxL5-JKzi_NK1GwVTDgYjbWs2TKz2PpUGf_xciRl1-SmpSfn82am5icX8zIAwAa-vVS";

    #[test]
    fn golden_links_open() {
        assert_eq!(Scenario::from_fragment(GOLDEN_V1), Some(Ok(race())));
        let notebook = Scenario {
            io_latency_ms: 250,
            run_as: "notebook".to_string(),
            os: "macos".to_string(),
            ..race()
        };
        assert_eq!(
            Scenario::from_fragment(GOLDEN_V2),
            Some(Ok(notebook.clone()))
        );
        let compared = Scenario {
            compare: Some(Compared {
                version: "3.13".to_string(),
                gil: "free-threaded".to_string(),
            }),
            ..notebook
        };
        assert_eq!(Scenario::from_fragment(GOLDEN_V3), Some(Ok(compared)));
    }

    /// A scenario with random values the page offers and a random program.
    fn random_scenario(next: &mut impl FnMut() -> u64) -> Scenario {
        let versions = ["2.7", "3.9", "3.10", "3.11", "3.12", "3.13"];
        let modes = ["on", "free-threaded", "naive"];
        let length = (next() % 300) as usize;
        let source: String = (0..length)
            .map(|_| match next() % 40 {
                0 => '\n',
                1 => 'é',
                2 => '💥',
                3 => '<',
                n => char::from(b' ' + (n as u8 * 3) % 94),
            })
            .collect();
        Scenario {
            source,
            version: versions[(next() % 6) as usize].to_string(),
            gil: modes[(next() % 3) as usize].to_string(),
            cores: 1 + (next() % 64) as u32,
            switch_interval_us: 1 + next() % 1_000_000,
            seed: next(),
            io_latency_ms: (next() % 60_001) as u32,
            run_as: ["script", "notebook"][(next() % 2) as usize].to_string(),
            os: ["linux", "macos", "windows"][(next() % 3) as usize].to_string(),
            step: next().is_multiple_of(2).then(|| next() % 100_000),
            compare: next().is_multiple_of(2).then(|| Compared {
                version: versions[(next() % 6) as usize].to_string(),
                gil: modes[(next() % 3) as usize].to_string(),
            }),
            schedule: next().is_multiple_of(2).then(|| {
                let threads = 1 + next() % 200;
                let choices: Vec<u32> = (0..next() % 2_000)
                    .map(|_| (next() % threads) as u32)
                    .collect();
                let challenge = next()
                    .is_multiple_of(2)
                    .then(|| crate::state::challenges::all()[0].id.to_string());
                let shared = SharedSchedule::pack(&choices, next().is_multiple_of(2), challenge);
                assert_eq!(shared.choices(), choices);
                shared
            }),
        }
    }

    /// A link of `format` around `payload`, deflated, with a valid checksum.
    fn framed(format: u8, payload: &[u8]) -> String {
        let mut bytes = vec![format];
        bytes.extend(crate::state::deflate::compress(payload));
        let checksum = crc32(&bytes);
        bytes.extend(checksum.to_le_bytes());
        format!("{PREFIX}{}", base64url_encode(&bytes))
    }

    #[test]
    fn scenarios_round_trip() {
        let mut next = crate::state::xorshift(0x9e37_79b9_7f4a_7c15u64);
        for _ in 0..10_000 {
            let scenario = random_scenario(&mut next);
            let fragment = scenario.to_fragment();
            assert_eq!(Scenario::from_fragment(&fragment), Some(Ok(scenario)));
        }
    }

    /// Fuzzing the decoder with links made from random scenarios and then changed (in the
    /// text; in the serialised bytes, under any format and a valid checksum; as random deflate
    /// data) and with random text. No link panics; one that opens holds only values the page
    /// offers and opens the same after sharing again; a refusal never repeats the link's text.
    /// `GIL_LAB_FUZZ_INPUTS` sets the count (`scripts/fuzz.sh` runs a million).
    #[test]
    fn links_never_panic() {
        let inputs: u64 = std::env::var("GIL_LAB_FUZZ_INPUTS")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(5_000);
        let mut next = crate::state::xorshift(0xD1CE_F00D_1234_5678);
        let (mut opened, mut refused) = (0u64, 0u64);
        for _ in 0..inputs {
            let fragment = match next() % 6 {
                0 => {
                    let mut text = random_scenario(&mut next).to_fragment().into_bytes();
                    for _ in 0..1 + next() % 4 {
                        if text.len() <= PREFIX.len() {
                            break;
                        }
                        let at = PREFIX.len() + (next() as usize) % (text.len() - PREFIX.len());
                        match next() % 3 {
                            0 => text[at] = ALPHABET[(next() % 64) as usize],
                            1 => {
                                text.remove(at);
                            }
                            _ => text.truncate(at),
                        }
                    }
                    String::from_utf8_lossy(&text).into_owned()
                }
                1..=3 => {
                    let mut bytes =
                        postcard::to_allocvec(&random_scenario(&mut next)).unwrap_or_default();
                    for _ in 0..1 + next() % 6 {
                        let at = (next() as usize) % (bytes.len() + 1);
                        match next() % 5 {
                            0 if at < bytes.len() => bytes[at] ^= 1 << (next() % 8),
                            1 if at < bytes.len() => {
                                bytes.remove(at);
                            }
                            // A varint that never ends, or a huge length.
                            2 => bytes
                                .splice(at..at, vec![0xff; (next() % 12) as usize])
                                .for_each(drop),
                            3 => bytes.truncate(at),
                            _ => bytes.insert(at, next() as u8),
                        }
                    }
                    framed([1, 2, 3, 4, 4, 4, 0, 5, 255][(next() % 9) as usize], &bytes)
                }
                4 => {
                    let mut bytes = vec![(1 + next() % 4) as u8];
                    bytes.extend((0..next() % 200).map(|_| next() as u8));
                    let checksum = crc32(&bytes);
                    bytes.extend(checksum.to_le_bytes());
                    format!("{PREFIX}{}", base64url_encode(&bytes))
                }
                _ => {
                    let text: String = (0..next() % 120)
                        .map(|_| match next() % 8 {
                            0 => '<',
                            1 => '"',
                            2 => '%',
                            3 => '\u{1F4A5}',
                            _ => ALPHABET[(next() % 64) as usize] as char,
                        })
                        .collect();
                    if next().is_multiple_of(2) {
                        format!("{PREFIX}{text}")
                    } else {
                        text
                    }
                }
            };
            let result = std::panic::catch_unwind(|| Scenario::from_fragment(&fragment));
            let Ok(result) = result else {
                panic!("decoding panicked on #{fragment}");
            };
            match result {
                Some(Ok(scenario)) => {
                    opened += 1;
                    assert_eq!(scenario.clone().validated(), Ok(scenario.clone()));
                    assert_eq!(
                        Scenario::from_fragment(&scenario.to_fragment()),
                        Some(Ok(scenario)),
                        "#{fragment}"
                    );
                }
                Some(Err(error)) => {
                    refused += 1;
                    let words = error.to_string();
                    assert!(!words.is_empty() && !words.contains('<'), "{words}");
                }
                None => {}
            }
        }
        println!(
            "links: {inputs} inputs, 0 panics; {opened} opened, {refused} refused with a message"
        );
    }

    #[test]
    fn broken_links_say_what_is_wrong() {
        let good = race().to_fragment();
        let body = &good[PREFIX.len()..];
        let open = |text: &str| Scenario::from_fragment(&format!("{PREFIX}{text}"));
        assert_eq!(Scenario::from_fragment("other"), None);
        assert_eq!(open(""), Some(Err(LinkError::Truncated)));
        assert_eq!(open("<script>"), Some(Err(LinkError::NotBase64)));
        for cut in 1..8 {
            let result = open(&body[..body.len() - cut]);
            assert!(
                matches!(
                    result,
                    Some(Err(LinkError::Checksum | LinkError::Truncated))
                ),
                "{result:?}"
            );
        }
        // Change each character in turn: never accepted, never a panic.
        for at in 0..body.len() {
            let mut tampered = body.as_bytes().to_vec();
            tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
            let tampered = String::from_utf8(tampered).unwrap();
            assert!(matches!(open(&tampered), Some(Err(_))), "{tampered}");
        }
        let huge = "A".repeat(MAX_LINK_CHARS + 1);
        assert_eq!(
            open(&huge),
            Some(Err(LinkError::TooLong(MAX_LINK_CHARS + 1)))
        );
    }

    #[test]
    fn future_formats_and_bad_values_are_refused() {
        let payload = postcard::to_allocvec(&race()).unwrap();
        assert_eq!(
            Scenario::from_fragment(&framed(5, &payload)),
            Some(Err(LinkError::FutureFormat(5)))
        );
        assert_eq!(
            Scenario::from_fragment(&framed(3, b"\xff\xff\xff")),
            Some(Err(LinkError::Damaged))
        );
        let mut bad = race();
        bad.version = "4.0".into();
        let payload = postcard::to_allocvec(&bad).unwrap();
        assert_eq!(
            Scenario::from_fragment(&framed(4, &payload)),
            Some(Err(LinkError::BadValue("Python version")))
        );
        // A schedule that claims more choices than it holds, or bits no choice has.
        for (bits, count, bytes) in [(2, 5, 1), (0, 1, 1), (9, 1, 2), (1, 1, 3)] {
            let mut bad = race();
            bad.schedule = Some(SharedSchedule {
                bytecode: false,
                challenge: None,
                bits,
                count,
                packed: vec![0xff; bytes],
            });
            let payload = postcard::to_allocvec(&bad).unwrap();
            assert_eq!(
                Scenario::from_fragment(&framed(4, &payload)),
                Some(Err(LinkError::BadValue("schedule"))),
                "{bits} bits × {count} in {bytes} bytes"
            );
        }
        let mut bad = race();
        bad.schedule = Some(SharedSchedule::pack(
            &[1, 0],
            false,
            Some("<script>".into()),
        ));
        let payload = postcard::to_allocvec(&bad).unwrap();
        assert_eq!(
            Scenario::from_fragment(&framed(4, &payload)),
            Some(Err(LinkError::BadValue("challenge")))
        );
        // A deflate bomb: a small link that would unpack to more than a scenario may hold.
        let bomb = framed(3, &vec![0u8; MAX_SCENARIO_BYTES * 2]);
        assert!(bomb.len() < 10_000, "{}", bomb.len());
        assert_eq!(
            Scenario::from_fragment(&bomb),
            Some(Err(LinkError::Damaged))
        );
    }

    #[test]
    fn a_schedule_takes_as_few_bits_as_its_threads_need() {
        let two = SharedSchedule::pack(&[0, 1, 1, 2, 1, 2, 0], false, None);
        assert_eq!((two.bits, two.packed.len()), (2, 2));
        let one = SharedSchedule::pack(&[1; 100], true, None);
        assert_eq!((one.bits, one.packed.len()), (1, 13));
        assert_eq!(one.choices(), vec![1; 100]);
        assert_eq!(
            SharedSchedule::pack(&[], false, None).choices(),
            Vec::<u32>::new()
        );
    }

    #[test]
    fn base64url_round_trips_and_crc_matches_the_standard() {
        for length in 0..40 {
            let bytes: Vec<u8> = (0..length).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
    }
}
