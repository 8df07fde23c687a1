//! Scenarios whose trace hashes are pinned in `test_data/determinism/hashes.txt`: the native
//! test and the wasm test both compute them, so equal hashes show that the same scenario and
//! seed give the same run on both targets.

use crate::PyVersion;
use crate::sched::{GilMode, Settings};

/// The pinned scenarios: a name, the program, its version and settings.
pub fn scenarios() -> Vec<(&'static str, &'static str, PyVersion, Settings)> {
    let race = include_str!("../../test_data/determinism/race.py");
    let processes = include_str!("../../test_data/determinism/processes.py");
    let deadlock = include_str!("../../test_data/seeds/002_bank_deadlock.py");
    let cores = include_str!("../../test_data/determinism/cores.py");
    let settings = |gil, seed| Settings {
        gil,
        seed,
        switch_interval: crate::vm::VTime::from_nanos(100_000),
        ..Settings::default()
    };
    vec![
        ("race 3.9", race, PyVersion::Py39, settings(GilMode::On, 7)),
        ("race 2.7", race, PyVersion::Py27, settings(GilMode::On, 7)),
        (
            "race free-threaded",
            race,
            PyVersion::Py313,
            settings(GilMode::FreeThreaded, 7),
        ),
        (
            "race naive",
            race,
            PyVersion::Py313,
            settings(GilMode::Naive, 7),
        ),
        (
            "bank deadlock",
            deadlock,
            PyVersion::Py311,
            settings(GilMode::On, 1),
        ),
        (
            "processes",
            processes,
            PyVersion::Py311,
            settings(GilMode::On, 3),
        ),
        (
            "six threads on two cores",
            cores,
            PyVersion::Py313,
            Settings {
                cores: 2,
                ..settings(GilMode::FreeThreaded, 5)
            },
        ),
    ]
}

/// Each scenario's name, output and run hash (its trace and findings), as
/// `name<TAB>hash<TAB>stdout` lines.
pub fn hashes() -> String {
    let mut out = String::new();
    for (name, source, version, settings) in scenarios() {
        let line = match crate::simulate(
            source,
            version,
            "scenario.py",
            settings,
            crate::sched::Budget::default(),
        ) {
            Ok(sim) => format!(
                "{name}\t{:016x}\t{:?}\n",
                sim.hash(),
                sim.output.text(crate::vm::output::Stream::Stdout)
            ),
            Err(_) => format!("{name}\tdoes not compile\n"),
        };
        out.push_str(&line);
    }
    out
}
