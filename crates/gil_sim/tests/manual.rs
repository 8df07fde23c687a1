//! "You are the scheduler": a run steered one choice at a time reaches what the explorer
//! says it can, undo gives back exactly the state before, and goals are seen when reached.

use gil_sim::Budget;
use gil_sim::{EndKind, Limits};
use gil_sim::{GilMode, Settings};
use gil_sim::{Goal, ManualRun};
use gil_sim::{Granularity, Next};
use gil_sim::{PyVersion, Steered};

const RACE: &str = include_str!("../test_data/seeds/003_race_global.py");
const LOCKED: &str = include_str!("../test_data/seeds/003_lock_with.py");
const BANK: &str = include_str!("../test_data/seeds/002_bank_deadlock.py");

fn settings(gil: GilMode) -> Settings {
    Settings {
        gil,
        ..Settings::default()
    }
}

fn manual(source: &str, version: PyVersion, gil: GilMode) -> ManualRun {
    Steered {
        source,
        version,
        file_name: "main.py",
        settings: settings(gil),
        granularity: Granularity::SwitchPoints,
    }
    .steer(Budget::default())
    .expect("compiles")
}

fn candidates(run: &ManualRun) -> Vec<u32> {
    match run.next() {
        Next::Choose(point) => point.candidates.iter().map(|t| t.0).collect(),
        Next::Ended(ending) => panic!("ended: {ending:?}"),
    }
}

#[test]
fn every_outcome_the_explorer_finds_can_be_reached_by_hand() {
    let race = RACE.replace("range(1000000)", "range(2)");
    let found = Steered {
        source: &race,
        version: PyVersion::Py39,
        file_name: "main.py",
        settings: settings(GilMode::On),
        granularity: Granularity::SwitchPoints,
    }
    .explore(Limits::default())
    .expect("compiles");
    assert!(found.proven());
    let mut seen = Vec::new();
    for outcome in &found.outcomes {
        let mut run = manual(&race, PyVersion::Py39, GilMode::On);
        assert_eq!(run.choose_all(&outcome.schedule), outcome.schedule.len());
        assert!(matches!(run.next(), Next::Ended(_)));
        let sim = run.simulation().expect("ended");
        let stdout = sim.output.text(gil_sim::Stream::Stdout);
        assert_eq!(stdout, outcome.stdout);
        assert!(run.reached(&Goal::Output(stdout.clone())));
        assert!(!sim.trace.events.is_empty());
        seen.push(stdout);
    }
    seen.sort();
    assert_eq!(
        seen,
        ["Final value: 2\n", "Final value: 3\n", "Final value: 4\n"]
    );
}

#[test]
fn undo_gives_back_the_state_before() {
    let race = RACE.replace("range(1000000)", "range(2)");
    let mut run = manual(&race, PyVersion::Py39, GilMode::On);
    let mut states = vec![(run.snapshot(), run.next().clone())];
    // Alternate between the threads whenever there is a choice.
    for _ in 0..10_000 {
        let Next::Choose(point) = run.next().clone() else {
            break;
        };
        let pick = point.candidates[run.choices().len() % point.candidates.len()];
        assert!(run.choose(pick.0));
        states.push((run.snapshot(), run.next().clone()));
    }
    assert!(states.len() > 20, "{} points", states.len());
    let before_end = states[states.len() - 2].clone();
    run.undo(1);
    assert_eq!((run.snapshot(), run.next().clone()), before_end);
    run.undo(10);
    let earlier = states[states.len() - 12].clone();
    assert_eq!((run.snapshot(), run.next().clone()), earlier);
    run.undo(usize::MAX);
    assert_eq!(run.choices(), &[] as &[u32]);
    assert_eq!((run.snapshot(), run.next().clone()), states[0]);
}

#[test]
fn a_thread_that_cannot_go_is_refused() {
    let race = RACE.replace("range(1000000)", "range(2)");
    let mut run = manual(&race, PyVersion::Py39, GilMode::On);
    // At the start only the main thread exists.
    assert_eq!(candidates(&run), [0]);
    assert!(!run.choose(1));
    assert!(!run.choose(7));
    assert!(run.choices().is_empty());
}

#[test]
fn the_lock_makes_the_second_thread_wait() {
    let locked = LOCKED.replace("range(1000000)", "range(2)");
    let mut run = manual(&locked, PyVersion::Py39, GilMode::On);
    // Run the main thread until both workers exist (T1 goes while main waits for it to
    // start), then T1 into the locked block.
    for _ in 0..1_000 {
        if run.snapshot().threads.len() == 3 {
            break;
        }
        let can = candidates(&run);
        assert!(run.choose(if can.contains(&0) { 0 } else { can[0] }));
    }
    for _ in 0..1_000 {
        if run.snapshot().threads[1].line == 11 {
            break;
        }
        assert!(run.choose(1));
    }
    assert_eq!(run.snapshot().threads[1].line, 11);
    assert!(!run.reached(&Goal::LockWait));
    // T2 runs into the lock T1 holds and blocks; then it is no longer offered.
    for _ in 0..1_000 {
        if !candidates(&run).contains(&2) {
            break;
        }
        assert!(run.choose(2));
    }
    assert!(run.reached(&Goal::LockWait));
    // Whatever follows, the lock keeps every update.
    for _ in 0..10_000 {
        let Next::Choose(point) = run.next().clone() else {
            break;
        };
        assert!(run.choose(point.candidates.last().expect("a candidate").0));
    }
    assert!(run.reached(&Goal::Output("Corrected Final value: 4".into())));
}

#[test]
fn the_deadlock_goal_is_reached_by_the_explorers_schedule() {
    let found = Steered {
        source: BANK,
        version: PyVersion::Py311,
        file_name: "main.py",
        settings: settings(GilMode::On),
        granularity: Granularity::SwitchPoints,
    }
    .explore(Limits::default())
    .expect("compiles");
    let deadlock = found
        .outcomes
        .iter()
        .find(|o| o.end == EndKind::Deadlock)
        .expect("a deadlock");
    let mut run = manual(BANK, PyVersion::Py311, GilMode::On);
    assert!(!run.reached(&Goal::Deadlock));
    run.choose_all(&deadlock.schedule);
    assert!(run.reached(&Goal::Deadlock));
    assert!(run.reached(&Goal::LockWait));
    run.undo(1);
    assert!(!run.reached(&Goal::Deadlock));
}
