//! Every chapter in `content/` reads, every scenario in it runs without error on the simulator,
//! and shows what the chapter says it shows; every claim box's verdict agrees with its
//! scenario's outcome.

use std::path::Path;

use chapters::{Block, Chapter, Expect, GilSetting, Observed, Os, RunAs, Scenario, Settings};
use gil_sim::GilMode;
use gil_sim::PyVersion;
use gil_sim::Stream;
use gil_sim::{Budget, Ending};

fn chapters() -> Vec<Chapter> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    chapters::markdown::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"))
}

fn seed(file: &str) -> Option<&'static str> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../gil_sim/test_data/seeds")
        .join(file);
    std::fs::read_to_string(path)
        .ok()
        .map(|text| &*Box::leak(text.into_boxed_str()))
}

/// Runs a scenario under `settings` and says what it showed.
fn observe(scenario: &Scenario, settings: &Settings) -> Observed {
    let source = scenario
        .program
        .source(seed)
        .unwrap_or_else(|| panic!("{}: no such seed or scaling", scenario.title));
    let version = settings.python.as_deref().unwrap_or("3.11");
    let version = PyVersion::parse(version).expect("a version the directive accepted");
    let mut sim_settings = gil_sim::Settings::default();
    if let Some(gil) = settings.gil {
        sim_settings.gil = match gil {
            GilSetting::On => GilMode::On,
            GilSetting::Off => GilMode::FreeThreaded,
            GilSetting::Naive => GilMode::Naive,
        };
    }
    if let Some(cores) = settings.cores {
        sim_settings.cores = cores;
    }
    if let Some(us) = settings.switch_interval_us {
        sim_settings.switch_interval = gil_sim::VTime::from_nanos(us * 1_000);
    }
    if let Some(run_as) = settings.run_as {
        sim_settings.run_as = match run_as {
            RunAs::Script => gil_sim::RunAs::Script,
            RunAs::Notebook => gil_sim::RunAs::Notebook,
        };
    }
    if let Some(os) = settings.os {
        sim_settings.os = match os {
            Os::Linux => gil_sim::Os::Linux,
            Os::Macos => gil_sim::Os::MacOs,
            Os::Windows => gil_sim::Os::Windows,
        };
    }
    let sim = gil_sim::simulate(&source, version, "main.py", sim_settings, Budget::default())
        .unwrap_or_else(|problems| panic!("{}: does not compile: {problems:?}", scenario.title));
    let mut output = sim.output.text(Stream::Stdout);
    output.push_str(&sim.output.text(Stream::Stderr));
    Observed {
        output,
        lost_updates: sim.lost_updates,
        refcount_errors: sim
            .findings
            .iter()
            .filter(|f| matches!(f, gil_sim::Finding::Refcount(_)))
            .count() as u64,
        deadlock: matches!(sim.ending, Ending::Deadlock(_)),
        lock_waits: sim.lock_waits(),
        finished: matches!(sim.ending, Ending::Exited(_) | Ending::Uncaught),
        memory: {
            let memory = sim.memory();
            [memory.start, memory.peak, memory.end, memory.most_held]
        },
    }
}

/// The scenario's own run and each "try this" run: label, settings, expectations.
fn runs(scenario: &Scenario) -> Vec<(String, Settings, Vec<Expect>)> {
    let mut out = vec![(
        "as written".to_string(),
        scenario.settings.clone(),
        scenario.expect.clone(),
    )];
    for prompt in &scenario.tries {
        out.push((
            prompt.label.clone(),
            scenario.settings.with(&prompt.settings),
            prompt.expect.clone(),
        ));
    }
    out
}

fn claims(chapter: &Chapter) -> Vec<&chapters::Claim> {
    chapter
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Claim(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Ten chapters that teach, each with a scenario and a challenge of its own, and a closing
/// one (scenarios, no challenge) that gathers them.
#[test]
fn eleven_chapters_each_with_a_scenario_and_the_teaching_ones_with_a_challenge() {
    let chapters = chapters();
    assert_eq!(chapters.len(), 11, "the tutorial has eleven chapters");
    let (closing, teaching) = chapters.split_last().expect("chapters");
    assert!(
        !closing.scenarios().is_empty(),
        "the closing chapter runs its lab"
    );
    for chapter in teaching {
        assert!(
            !chapter.scenarios().is_empty(),
            "{}: no scenario",
            chapter.title
        );
        let has_challenge = chapter
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Challenge(_)));
        assert!(has_challenge, "{}: no challenge", chapter.title);
    }
}

#[test]
fn every_scenario_runs_and_shows_what_its_chapter_says() {
    let mut checked = 0;
    for chapter in chapters() {
        for scenario in chapter.scenarios() {
            for (label, settings, expect) in runs(scenario) {
                let version = settings.python.as_deref().unwrap_or("3.11");
                assert!(
                    settings.gil != Some(GilSetting::Off)
                        || PyVersion::parse(version)
                            .is_some_and(PyVersion::has_free_threaded_build),
                    "{} / {} / {label}: free-threaded on Python {version}, a build CPython never shipped",
                    chapter.title,
                    scenario.title
                );
                let observed = observe(scenario, &settings);
                assert!(
                    !observed.output.contains("NotImplementedError"),
                    "{} / {} / {label}: uses something the simulator does not model:\n{}",
                    chapter.title,
                    scenario.title,
                    observed.output
                );
                for e in &expect {
                    assert!(
                        e.holds(&observed),
                        "{} / {} / {label}: expected {e:?}, output:\n{}\nlost updates {}, deadlock {}",
                        chapter.title,
                        scenario.title,
                        observed.output,
                        observed.lost_updates,
                        observed.deadlock
                    );
                    checked += 1;
                }
            }
        }
    }
    println!("{checked} expectations checked");
}

#[test]
fn every_claim_box_verdict_matches_its_simulated_outcome() {
    let mut boxes = 0;
    for chapter in chapters() {
        for claim in claims(&chapter) {
            boxes += 1;
            let held: Vec<bool> = runs(&claim.scenario)
                .iter()
                .map(|(_, settings, _)| claim.holds(&observe(&claim.scenario, settings)))
                .collect();
            assert_eq!(
                chapters::Claim::verdict_of(&held),
                claim.verdict,
                "{}: the box says {:?}; the claim held in these runs (as written, then each try): {held:?}",
                claim.claim,
                claim.verdict
            );
        }
    }
    assert!(
        boxes >= 10,
        "the tutorial checks at least ten claims, found {boxes}"
    );
}

/// The scenarios' settings words are the simulator's own (`gil_sim::Word`): every word
/// the simulator knows reads as the same setting here, and the ranges agree.
#[test]
fn scenario_settings_speak_the_simulators_words() {
    use gil_sim::{Settings as Run, Word};
    let read = |line: &str| {
        let body = format!("title: t\nseed: 003_race_global.py\n{line}\n");
        chapters::directive::scenario(&body)
            .unwrap_or_else(|p| panic!("{line}: {p:?}"))
            .settings
    };
    for mode in GilMode::ALL {
        let gil = read(&format!("gil: {}", mode.word())).gil;
        let expected = match mode {
            GilMode::On => GilSetting::On,
            GilMode::FreeThreaded => GilSetting::Off,
            GilMode::Naive => GilSetting::Naive,
        };
        assert_eq!(gil, Some(expected), "{}", mode.word());
    }
    for os in gil_sim::Os::ALL {
        let expected = match os {
            gil_sim::Os::Linux => Os::Linux,
            gil_sim::Os::MacOs => Os::Macos,
            gil_sim::Os::Windows => Os::Windows,
        };
        assert_eq!(read(&format!("os: {}", os.word())).os, Some(expected));
    }
    for run_as in gil_sim::RunAs::ALL {
        let expected = match run_as {
            gil_sim::RunAs::Script => RunAs::Script,
            gil_sim::RunAs::Notebook => RunAs::Notebook,
        };
        assert_eq!(
            read(&format!("run-as: {}", run_as.word())).run_as,
            Some(expected)
        );
    }
    let (low, high) = (*Run::CORES.start(), *Run::CORES.end());
    assert_eq!(read(&format!("cores: {high}")).cores, Some(high));
    assert_eq!(read(&format!("cores: {low}")).cores, Some(low));
    assert!(
        chapters::directive::scenario(&format!("title: t\nseed: a.py\ncores: {}\n", high + 1))
            .is_err()
    );
}
