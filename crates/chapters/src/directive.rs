//! The directives authors write in fenced blocks: `scenario`, `claim` and `challenge`.
//!
//! A directive is `key: value` lines; a scenario's code may follow a line `---`:
//!
//! ```text
//! title: Two threads add to one global
//! seed: 003_race_global.py
//! scale: range(1_000_000) -> range(100_000)
//! python: 3.9
//! expect: lost updates
//! try: The same on Python 3.11 | python: 3.11 | expect: no lost updates
//! ```
//!
//! `expect:` takes `lost updates`, `no lost updates`, `refcount errors`, `lock waits`, `deadlock`, `finishes`,
//! `output "text"`, `no output "text"` or `number "label" low..high`. A claim adds `claim:`,
//! `heard:`, `verdict:` (fact, myth, depends), `why:` and `true-if:` (what a run would show if
//! the claim were true; as many as needed).

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::{Claim, Expect, GilSetting, Os, Program, RunAs, Scenario, Settings, Try, Verdict};

/// A directive that could not be read: the line (within the block, from 1) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

type Parsed<T> = Result<T, Problem>;

fn problem<T>(line: usize, message: impl Into<String>) -> Parsed<T> {
    Err(Problem {
        line,
        message: message.into(),
    })
}

/// A `key: value` line: its line number, key and value.
type Field = (usize, String, String);

/// The `key: value` lines of a block and the code after `---`, if any.
fn fields(body: &str) -> Parsed<(Vec<Field>, Option<String>)> {
    let mut out = Vec::new();
    let mut lines = body.lines().enumerate();
    for (index, line) in lines.by_ref() {
        let trimmed = line.trim();
        if trimmed == "---" {
            let code: Vec<&str> = lines.map(|(_, l)| l).collect();
            let mut code = code.join("\n");
            code.push('\n');
            return Ok((out, Some(code)));
        }
        if trimmed.is_empty() {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            return problem(
                index + 1,
                format!("expected `key: value`, found `{trimmed}`"),
            );
        };
        out.push((index + 1, key.trim().to_string(), value.trim().to_string()));
    }
    Ok((out, None))
}

/// A quoted string at the start of `text`, and the rest.
fn quoted(text: &str, line: usize) -> Parsed<(String, &str)> {
    let Some(rest) = text.trim_start().strip_prefix('"') else {
        return problem(line, format!("expected a quoted text in `{text}`"));
    };
    match rest.find('"') {
        Some(end) => Ok((rest[..end].to_string(), &rest[end + 1..])),
        None => problem(line, format!("unclosed quote in `{text}`")),
    }
}

fn expectation(value: &str, line: usize) -> Parsed<Expect> {
    let value = value.trim();
    Ok(match value {
        "lost updates" => Expect::LostUpdates,
        "no lost updates" => Expect::NoLostUpdates,
        "deadlock" => Expect::Deadlock,
        "refcount errors" => Expect::RefcountErrors,
        "lock waits" => Expect::LockWaits,
        "finishes" => Expect::Finishes,
        "memory freed" => Expect::MemoryFreed,
        _ => {
            if let Some(rest) = value.strip_prefix("no output") {
                Expect::NoOutput(quoted(rest, line)?.0)
            } else if let Some(rest) = value.strip_prefix("output") {
                Expect::Output(quoted(rest, line)?.0)
            } else if let Some(rest) = value.strip_prefix("number") {
                let (label, range) = quoted(rest, line)?;
                let (low, high) = bounds(range, value, line)?;
                Expect::Number { label, low, high }
            } else if let Some(rest) = value.strip_prefix("thread holds") {
                let Some(range) = rest.trim().strip_suffix("MB") else {
                    return problem(line, format!("expected `low..high MB`: `{value}`"));
                };
                let (low, high) = bounds(range, value, line)?;
                Expect::ThreadHolds { low, high }
            } else {
                return problem(line, format!("unknown expectation `{value}`"));
            }
        }
    })
}

/// The `low..high` bounds in `range`, part of the expectation `value`.
fn bounds(range: &str, value: &str, line: usize) -> Parsed<(f64, f64)> {
    let parsed = range
        .trim()
        .split_once("..")
        .and_then(|(low, high)| Some((low.trim().parse().ok()?, high.trim().parse().ok()?)));
    match parsed {
        Some(found) => Ok(found),
        None => problem(line, format!("expected `low..high` in `{value}`")),
    }
}

/// Applies a settings key to `settings`; false if `key` is not a setting.
fn setting(settings: &mut Settings, key: &str, value: &str, line: usize) -> Parsed<bool> {
    match key {
        "python" => {
            const VERSIONS: [&str; 6] = ["2.7", "3.9", "3.10", "3.11", "3.12", "3.13"];
            if !VERSIONS.contains(&value) {
                return problem(line, format!("unknown Python version `{value}`"));
            }
            settings.python = Some(value.to_string());
        }
        "gil" => {
            settings.gil = Some(match value {
                "on" => GilSetting::On,
                "off" => GilSetting::Off,
                "naive" => GilSetting::Naive,
                _ => return problem(line, format!("gil is on, off or naive, not `{value}`")),
            })
        }
        "cores" => match value.parse() {
            Ok(cores) if (1..=64).contains(&cores) => settings.cores = Some(cores),
            _ => return problem(line, format!("cores is 1 to 64, not `{value}`")),
        },
        "interval-us" => match value.parse() {
            Ok(us) if us > 0 => settings.switch_interval_us = Some(us),
            _ => {
                return problem(
                    line,
                    format!("interval-us is a positive number, not `{value}`"),
                );
            }
        },
        "run-as" => {
            settings.run_as = Some(match value {
                "script" => RunAs::Script,
                "notebook" => RunAs::Notebook,
                _ => return problem(line, format!("run-as is script or notebook, not `{value}`")),
            })
        }
        "os" => {
            settings.os = Some(match value {
                "linux" => Os::Linux,
                "macos" => Os::Macos,
                "windows" => Os::Windows,
                _ => {
                    return problem(
                        line,
                        format!("os is linux, macos or windows, not `{value}`"),
                    );
                }
            })
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// A `try:` line: `label | key: value | … | expect: …`.
fn try_prompt(value: &str, line: usize) -> Parsed<Try> {
    let mut parts = value.split('|').map(str::trim);
    let label = parts.next().unwrap_or_default().to_string();
    let mut prompt = Try {
        label,
        settings: Settings::default(),
        expect: Vec::new(),
    };
    for part in parts {
        let Some((key, value)) = part.split_once(':') else {
            return problem(
                line,
                format!("expected `key: value` in a try, found `{part}`"),
            );
        };
        let (key, value) = (key.trim(), value.trim());
        if key == "expect" {
            prompt.expect.push(expectation(value, line)?);
        } else if !setting(&mut prompt.settings, key, value, line)? {
            return problem(line, format!("a try changes settings; `{key}` is not one"));
        }
    }
    if prompt.label.is_empty() {
        return problem(line, "a try needs words before its first `|`");
    }
    Ok(prompt)
}

/// Reads a scenario; keys it does not know are handed to `other` (a claim's own keys).
fn scenario_with(
    body: &str,
    mut other: impl FnMut(usize, &str, &str) -> Parsed<bool>,
) -> Parsed<Scenario> {
    let (fields, code) = fields(body)?;
    let mut title = None;
    let mut seed = None;
    let mut scale = None;
    let mut settings = Settings::default();
    let mut expect = Vec::new();
    let mut tries = Vec::new();
    for (line, key, value) in &fields {
        let line = *line;
        match key.as_str() {
            "title" => title = Some(value.clone()),
            "seed" => seed = Some(value.clone()),
            "scale" => match value.split_once("->") {
                Some((from, to)) => scale = Some((from.trim().to_string(), to.trim().to_string())),
                None => return problem(line, "scale is `text -> replacement`"),
            },
            "expect" => expect.push(expectation(value, line)?),
            "try" => tries.push(try_prompt(value, line)?),
            _ => {
                if !setting(&mut settings, key, value, line)? && !other(line, key, value)? {
                    return problem(line, format!("unknown key `{key}`"));
                }
            }
        }
    }
    let program = match (seed, code, scale) {
        (Some(file), None, None) => Program::Seed(file),
        (Some(file), None, Some((from, to))) => Program::ScaledSeed { file, from, to },
        (None, Some(code), None) => Program::Inline(code),
        (Some(_), Some(_), _) => return problem(1, "a scenario has a seed or code, not both"),
        (None, _, Some(_)) => return problem(1, "scale applies to a seed"),
        (None, None, None) => return problem(1, "a scenario needs `seed:` or code after `---`"),
    };
    let Some(title) = title else {
        return problem(1, "a scenario needs a `title:`");
    };
    Ok(Scenario {
        title,
        program,
        settings,
        expect,
        tries,
    })
}

/// Reads a `scenario` block.
pub fn scenario(body: &str) -> Parsed<Scenario> {
    scenario_with(body, |_, _, _| Ok(false))
}

/// Reads a `claim` block: the claim's keys and its scenario's.
pub fn claim(body: &str) -> Parsed<Claim> {
    let (mut text, mut heard, mut verdict, mut why) = (None, None, None, None);
    let mut true_if = Vec::new();
    let scenario = scenario_with(body, |line, key, value| {
        match key {
            "claim" => text = Some(value.to_string()),
            "heard" => heard = Some(value.to_string()),
            "why" => why = Some(value.to_string()),
            "true-if" => true_if.push(expectation(value, line)?),
            "verdict" => {
                verdict = Some(match value {
                    "fact" => Verdict::Fact,
                    "myth" => Verdict::Myth,
                    "depends" => Verdict::Depends,
                    _ => {
                        return problem(
                            line,
                            format!("verdict is fact, myth or depends, not `{value}`"),
                        );
                    }
                })
            }
            _ => return Ok(false),
        }
        Ok(true)
    })?;
    match (text, verdict, why) {
        (Some(claim), Some(verdict), Some(why)) if !true_if.is_empty() => Ok(Claim {
            claim,
            heard: heard.unwrap_or_default(),
            verdict,
            why,
            true_if,
            scenario,
        }),
        _ => problem(
            1,
            "a claim needs `claim:`, `verdict:`, `why:` and at least one `true-if:`",
        ),
    }
}

/// Reads a `challenge` block: `id: …`.
pub fn challenge(body: &str) -> Parsed<String> {
    let (fields, _) = fields(body)?;
    match fields.as_slice() {
        [(_, key, id)] if key == "id" => Ok(id.clone()),
        _ => problem(1, "a challenge block is one line: `id: …`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_scenario_with_tries_and_expectations() {
        let s = scenario(
            "title: Race\nseed: 003_race_global.py\nscale: range(1_000_000) -> range(1_000)\npython: 3.9\nexpect: lost updates\nexpect: number \"took\" 0.5..1.5\ntry: On 3.11 | python: 3.11 | expect: no lost updates\n",
        )
        .expect("reads");
        assert_eq!(s.settings.python.as_deref(), Some("3.9"));
        assert!(matches!(s.program, Program::ScaledSeed { .. }));
        assert_eq!(s.expect.len(), 2);
        assert_eq!(s.tries[0].settings.python.as_deref(), Some("3.11"));
        assert_eq!(s.tries[0].expect, [Expect::NoLostUpdates]);
    }

    #[test]
    fn inline_code_follows_the_rule() {
        let s = scenario("title: Hello\n---\nprint('hi')\n").expect("reads");
        assert_eq!(s.program, Program::Inline("print('hi')\n".to_string()));
    }

    #[test]
    fn mistakes_name_their_line() {
        let e = scenario("title: X\nseed: a.py\npython: 4.0\n").expect_err("bad version");
        assert_eq!(e.line, 3);
        assert!(scenario("title: X\n").is_err(), "no program");
        assert!(
            claim("claim: x\nseed: a.py\ntitle: t\n").is_err(),
            "no verdict"
        );
        let e = scenario("title: X\nseed: a.py\ncolour: red\n").expect_err("unknown key");
        assert!(e.message.contains("colour"));
    }
}
