//! Fuzzing: the compiler (with the editor's colouring) on arbitrary text, and the VM with its
//! scheduler on generated and changed programs under random settings, each input under a cap.
//! No input may panic, and none may run past `HANG_AFTER`.
//!
//! `GIL_LAB_FUZZ_INPUTS` sets the inputs per target: the default is the short version every
//! test run has; `scripts/fuzz.sh` runs a million of each. A failing input is printed whole.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gil_sim::Budget;
use gil_sim::PyVersion;
use gil_sim::VTime;
use gil_sim::{GilMode, Os, RunAs, Settings};

mod common;

use common::Rng;
use common::programs::{ProgramGen, corpus_sources, fuzz_mutate, random_text};

const DEFAULT_INPUTS: u64 = 5_000;
const HANG_AFTER: Duration = Duration::from_secs(30);
const VERSIONS: [PyVersion; 6] = PyVersion::ALL;

fn inputs() -> u64 {
    std::env::var("GIL_LAB_FUZZ_INPUTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_INPUTS)
}

thread_local! {
    /// The input this thread works on, for the panic report.
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Runs `inputs` inputs through `one`, each made by `make`: fails on the first panic, and
/// stops the process if one input runs past `HANG_AFTER`; prints what it did.
fn fuzz(target: &str, mut make: impl FnMut(u64) -> Option<String>, one: impl Fn(u64, &str)) {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        CURRENT.with(|c| eprintln!("input that panicked:\n-----\n{}\n-----", c.borrow()));
        hook(info);
    }));
    let watched: Arc<Mutex<(String, Instant, bool)>> =
        Arc::new(Mutex::new((String::new(), Instant::now(), false)));
    let watcher = Arc::clone(&watched);
    let name = target.to_string();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let Ok(state) = watcher.lock() else { return };
            if state.2 {
                return;
            }
            if state.1.elapsed() > HANG_AFTER {
                eprintln!(
                    "{name}: an input ran past {HANG_AFTER:?}:\n-----\n{}\n-----",
                    state.0
                );
                std::process::exit(1);
            }
        }
    });
    let started = Instant::now();
    let (mut done, mut attempts, mut slowest) = (0u64, 0u64, Duration::ZERO);
    let mut slowest_input = String::new();
    let goal = inputs();
    while done < goal {
        attempts += 1;
        let Some(input) = make(attempts) else {
            continue;
        };
        CURRENT.with(|c| c.replace(input.clone()));
        if let Ok(mut state) = watched.lock() {
            *state = (input.clone(), Instant::now(), false);
        }
        let began = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| one(attempts, &input)));
        if began.elapsed() > slowest {
            slowest = began.elapsed();
            slowest_input = input.clone();
        }
        assert!(result.is_ok(), "{target}: input {done} panicked:\n{input}");
        done += 1;
    }
    if let Ok(mut state) = watched.lock() {
        state.2 = true;
    }
    println!(
        "{target}: {done} inputs, 0 panics, 0 hangs; slowest {:.1} ms; {:.1} s in all",
        slowest.as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64()
    );
    if std::env::var_os("GIL_LAB_FUZZ_SHOW_SLOWEST").is_some() {
        println!("{target}: the slowest input:\n-----\n{slowest_input}\n-----");
    }
}

/// Inputs for both targets: corpus and seed programs changed, generated programs (sometimes
/// changed), and arbitrary text.
fn maker(seed: u64) -> impl FnMut(u64) -> Option<String> {
    let corpus = corpus_sources();
    let mut rng = Rng(seed);
    let mut generator = ProgramGen {
        rng: Rng(seed ^ 0x5DEE_CE66),
        depth: 0,
    };
    move |_| {
        let base = corpus[rng.below(corpus.len())].clone();
        let other = &corpus[rng.below(corpus.len())];
        Some(match rng.below(10) {
            0..=4 => fuzz_mutate(&mut rng, &base, other),
            5 | 6 => generator.program(),
            7 => fuzz_mutate(&mut rng, &generator.program(), other),
            8 => base,
            _ => random_text(&mut rng),
        })
    }
}

#[test]
fn the_compiler_never_panics_or_hangs() {
    fuzz("compiler", maker(0xC0FF_EE00_D15E_A5E5), |i, source| {
        let version = VERSIONS[(i % VERSIONS.len() as u64) as usize];
        let _ = gil_sim::highlight(source);
        if let Err(diagnostics) = gil_sim::disassemble(source, version) {
            // Python ends a line at \n, \r\n or a lone \r.
            let lines = source.replace("\r\n", "\n").matches(['\n', '\r']).count() as u32 + 1;
            for d in &diagnostics {
                assert!(!d.message.is_empty(), "a diagnostic without words");
                assert!(
                    (1..=lines).contains(&d.start.line) && d.start <= d.end,
                    "a diagnostic outside the text: {d}"
                );
                assert!(d.range.0 <= d.range.1 && d.range.1 as usize <= source.len());
            }
        }
    });
}

/// Random settings the page offers.
fn settings(rng: &mut Rng) -> Settings {
    Settings {
        gil: [GilMode::On, GilMode::FreeThreaded, GilMode::Naive][rng.below(3)],
        cores: 1 + rng.below(8) as u32,
        switch_interval: VTime::from_nanos(1_000 * (1 + rng.below(20_000) as u64)),
        seed: rng.next(),
        io_latency: VTime::from_nanos(1_000_000 * rng.below(500) as u64),
        os: [Os::Linux, Os::MacOs, Os::Windows][rng.below(3)],
        run_as: [RunAs::Script, RunAs::Notebook][rng.below(2)],
    }
}

#[test]
fn the_vm_and_scheduler_never_panic_or_hang() {
    let mut make = maker(0x0DDB_A11C_AFE5_EED5);
    let mut rng = Rng(0xFEED_FACE_CAFE_BEEF);
    // Only programs that compile count as inputs here.
    let make_program = move |i: u64| {
        let source = make(i)?;
        let version = VERSIONS[1 + rng.below(VERSIONS.len() - 1)];
        // Compiling is part of the input's test: a panic there reports this source.
        CURRENT.with(|c| c.replace(format!("(compiling for {version:?})\n{source}")));
        gil_sim::compile(&source, version).code?;
        let (major, minor) = version.major_minor();
        Some(format!("# {major}.{minor}\n{source}"))
    };
    fuzz("vm", make_program, |i, input| {
        let mut rng = Rng(i.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (first, source) = input.split_once('\n').unwrap_or(("", input));
        let version = PyVersion::parse(first.trim_start_matches("# ")).unwrap_or(PyVersion::Py311);
        let budget = Budget {
            max_instructions: 30_000,
            max_virtual_time: VTime::from_nanos(20_000_000_000),
            max_objects: 50_000,
        };
        let settings = settings(&mut rng);
        let simulation = if i % 8 == 0 {
            // The page's path: a run with its copies of the state, and a step rebuilt.
            gil_sim::simulate_with_checkpoints(source, version, "fuzz.py", settings, budget, 2_000)
                .ok()
                .map(|(simulation, checkpoints)| {
                    let events = simulation.trace.events.len();
                    if events > 0 {
                        let _ = checkpoints.state_at(rng.below(events));
                    }
                    simulation
                })
        } else {
            gil_sim::simulate(source, version, "fuzz.py", settings, budget).ok()
        };
        if let Some(simulation) = simulation {
            let problems = gil_sim::check_invariants(&simulation, &settings);
            assert!(problems.is_empty(), "invariants broken: {problems:#?}");
        }
    });
}
