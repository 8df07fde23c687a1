//! The playground's state: the reader's source, the chosen version and settings, the
//! compiler's output and the last run.

use std::rc::Rc;

use gil_sim::{DiagnosticKind, PyVersion};
use gil_sim::{GilMode, Os, RunAs, Settings};

use crate::state::link::{Compared, Scenario, SharedSchedule};
use crate::state::run::RunView;
use crate::state::steering::{ExploreStatus, SteerView};
use yew::Reducible;

/// The program the page opens with: two threads racing on a global counter.
pub const DEFAULT_SOURCE: &str =
    include_str!("../../crates/gil_sim/test_data/seeds/003_race_global.py");

/// One problem as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: u32,
    pub column: u32,
    pub text: String,
}

/// What the compiler made of the source.
#[derive(Clone, Debug, PartialEq)]
pub enum CompileOutput {
    Bytecode(String),
    Problems(Vec<Problem>),
}

impl CompileOutput {
    pub fn of(source: &str, version: PyVersion) -> CompileOutput {
        match gil_sim::disassemble(source, version) {
            Ok(text) => CompileOutput::Bytecode(text),
            Err(diagnostics) => CompileOutput::Problems(
                diagnostics
                    .iter()
                    .map(|d| Problem {
                        line: d.start.line,
                        column: d.start.column,
                        text: match d.kind {
                            DiagnosticKind::Syntax => format!("syntax error: {}", d.message),
                            DiagnosticKind::Unsupported => d.message.clone(),
                            DiagnosticKind::Limit => d.message.clone(),
                        },
                    })
                    .collect(),
            ),
        }
    }
}

/// The knobs of a run besides the version (what the controls set).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunSettings {
    pub gil: GilMode,
    pub cores: u32,
    /// `sys.setswitchinterval`, in microseconds.
    pub switch_interval_us: u64,
    pub seed: u64,
    /// Mean latency of a simulated network request, in milliseconds.
    pub io_latency_ms: u64,
    /// Run as a script file or typed into a notebook (matters for spawned processes).
    pub run_as: RunAs,
    /// The operating system: its default start method for processes (fork or spawn).
    pub os: Os,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            gil: GilMode::On,
            cores: 4,
            switch_interval_us: 5_000,
            seed: 1,
            io_latency_ms: 100,
            run_as: RunAs::Script,
            os: Os::Linux,
        }
    }
}

impl RunSettings {
    /// The simulator's settings.
    pub fn sim(&self) -> Settings {
        Settings {
            gil: self.gil,
            cores: self.cores.clamp(1, 64),
            switch_interval: gil_sim::VTime::from_nanos(
                self.switch_interval_us.clamp(1, 1_000_000) * 1_000,
            ),
            seed: self.seed,
            io_latency: gil_sim::VTime::from_nanos(self.io_latency_ms.clamp(0, 60_000) * 1_000_000),
            run_as: self.run_as,
            os: self.os,
        }
    }
}

/// Where the current run is.
#[derive(Clone, Debug, PartialEq)]
pub enum RunStatus {
    /// Nothing ran since the last edit.
    Idle,
    /// Running: instructions so far and the cap.
    Running {
        instructions: u64,
        cap: u64,
    },
    Finished(Rc<RunView>),
}

/// The playground page's state.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaygroundState {
    pub source: AttrValue,
    pub version: PyVersion,
    pub settings: RunSettings,
    pub output: Rc<CompileOutput>,
    pub run: RunStatus,
    /// The page has warmed up (see `warmup`): the first run can start without a pause.
    pub ready: bool,
    /// Where playback stands in the finished run; `None` shows the run's end.
    pub playback: Option<Rc<Playback>>,
    /// Playback advances by itself.
    pub playing: bool,
    /// Why the link the page was opened with could not be used, if it could not.
    pub notice: Option<String>,
    /// The same code under other settings, side by side, when the reader compares.
    pub compare: Option<Comparison>,
    /// The run the reader steers as the scheduler, while they do.
    pub steering: Option<Rc<SteerView>>,
    /// Every schedule of the program, explored.
    pub exploring: ExploreStatus,
}

/// The other side of a comparison: its version, settings and run.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub version: PyVersion,
    pub settings: RunSettings,
    pub run: RunStatus,
}

impl Comparison {
    /// What to compare with first: the GIL switched (free-threaded 3.13t at the oldest), or
    /// (without a GIL) switched back on.
    pub fn against(version: PyVersion, settings: RunSettings) -> Comparison {
        let gil = if settings.gil == GilMode::On {
            GilMode::FreeThreaded
        } else {
            GilMode::On
        };
        let (version, gil) = shipped(version, gil, Chose::Gil);
        Comparison {
            version,
            settings: RunSettings { gil, ..settings },
            run: RunStatus::Idle,
        }
    }
}

/// Which setting the reader has just chosen, for [`shipped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chose {
    Version,
    Gil,
}

/// `version` and `gil` as a build CPython ships: free-threaded builds exist from 3.13 on. A
/// free-threaded choice on an older version moves to 3.13; an older version chosen while
/// free-threaded turns the GIL back on. The naive no-GIL thought experiment runs on any version.
pub fn shipped(version: PyVersion, gil: GilMode, chose: Chose) -> (PyVersion, GilMode) {
    if gil != GilMode::FreeThreaded || version.has_free_threaded_build() {
        return (version, gil);
    }
    match chose {
        Chose::Version => (version, GilMode::On),
        Chose::Gil => (PyVersion::Py313, gil),
    }
}

/// The state of a finished run at one of its steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    /// The trace event the state is right after.
    pub step: usize,
    pub snapshot: gil_sim::Snapshot,
    /// `__main__`'s variables whose value or reference count differ from the step shown
    /// before.
    pub changed: Vec<String>,
}

use yew::AttrValue;

impl Default for PlaygroundState {
    fn default() -> Self {
        let version = PyVersion::Py311;
        PlaygroundState {
            source: AttrValue::from(DEFAULT_SOURCE),
            version,
            settings: RunSettings::default(),
            output: Rc::new(CompileOutput::of(DEFAULT_SOURCE, version)),
            run: RunStatus::Idle,
            ready: false,
            playback: None,
            playing: false,
            notice: None,
            compare: None,
            steering: None,
            exploring: ExploreStatus::Idle,
        }
    }
}

/// A GIL mode as links name it.
fn gil_words(gil: GilMode) -> &'static str {
    match gil {
        GilMode::On => "on",
        GilMode::FreeThreaded => "free-threaded",
        GilMode::Naive => "naive",
    }
}

/// The GIL mode a link names.
fn gil_of(words: &str) -> GilMode {
    match words {
        "free-threaded" => GilMode::FreeThreaded,
        "naive" => GilMode::Naive,
        _ => GilMode::On,
    }
}

impl PlaygroundState {
    /// The page opened with `fragment` (the URL's, without `#`): its scenario, the default
    /// scenario with a notice when the link is broken, or the default when there is no link.
    /// Also returns the playback step the link asks for and the schedule it was steered by.
    pub fn from_fragment(
        fragment: &str,
    ) -> (PlaygroundState, Option<usize>, Option<SharedSchedule>) {
        match Scenario::from_fragment(fragment) {
            None => (PlaygroundState::default(), None, None),
            Some(Err(error)) => (
                PlaygroundState {
                    notice: Some(format!(
                        "{error} The page shows its default scenario instead."
                    )),
                    ..PlaygroundState::default()
                },
                None,
                None,
            ),
            Some(Ok(scenario)) => {
                let linked = PyVersion::parse(&scenario.version).unwrap_or(PyVersion::Py311);
                let (version, gil) = shipped(linked, gil_of(&scenario.gil), Chose::Gil);
                let mut state = PlaygroundState {
                    output: Rc::new(CompileOutput::of(&scenario.source, version)),
                    source: AttrValue::from(scenario.source),
                    version,
                    settings: RunSettings {
                        gil,
                        cores: scenario.cores,
                        switch_interval_us: scenario.switch_interval_us,
                        seed: scenario.seed,
                        io_latency_ms: u64::from(scenario.io_latency_ms),
                        run_as: if scenario.run_as == "notebook" {
                            RunAs::Notebook
                        } else {
                            RunAs::Script
                        },
                        os: match scenario.os.as_str() {
                            "macos" => Os::MacOs,
                            "windows" => Os::Windows,
                            _ => Os::Linux,
                        },
                    },
                    ..PlaygroundState::default()
                };
                state.compare = scenario.compare.map(|other| {
                    let other_version = PyVersion::parse(&other.version).unwrap_or(version);
                    let (version, gil) = shipped(other_version, gil_of(&other.gil), Chose::Gil);
                    Comparison {
                        version,
                        settings: RunSettings {
                            gil,
                            ..state.settings
                        },
                        run: RunStatus::Idle,
                    }
                });
                if version != linked {
                    state.notice = Some(format!(
                        "The link asks for free-threaded Python {linked}, a build CPython never shipped (the first is 3.13t): it runs on {version}."
                    ));
                }
                let step = scenario.step.and_then(|s| usize::try_from(s).ok());
                (state, step, scenario.schedule)
            }
        }
    }

    /// The scenario to share: the code, version, settings and playback step.
    pub fn scenario(&self) -> Scenario {
        Scenario {
            source: self.source.to_string(),
            version: self.version.to_string(),
            gil: gil_words(self.settings.gil).to_string(),
            cores: self.settings.cores,
            switch_interval_us: self.settings.switch_interval_us,
            seed: self.settings.seed,
            io_latency_ms: self.settings.io_latency_ms.min(60_000) as u32,
            run_as: match self.settings.run_as {
                RunAs::Script => "script",
                RunAs::Notebook => "notebook",
            }
            .to_string(),
            os: match self.settings.os {
                Os::Linux => "linux",
                Os::MacOs => "macos",
                Os::Windows => "windows",
            }
            .to_string(),
            step: self.playback.as_ref().map(|p| p.step as u64),
            compare: self.compare.as_ref().map(|other| Compared {
                version: other.version.to_string(),
                gil: gil_words(other.settings.gil).to_string(),
            }),
            schedule: self.steering.as_ref().map(|steer| {
                SharedSchedule::pack(
                    &steer.choices,
                    steer.bytecode,
                    steer.challenge.as_ref().map(|c| c.id.to_string()),
                )
            }),
        }
    }
}

/// What the reader (or a run in progress) can do to the playground.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaygroundAction {
    SetSource(String),
    SetVersion(PyVersion),
    SetSettings(RunSettings),
    /// A run advanced.
    Progress {
        instructions: u64,
        cap: u64,
    },
    /// A run ended (or was cancelled).
    Finished(Rc<RunView>),
    /// The page finished warming up.
    Ready,
    /// Playback moved to a step.
    Stepped(Rc<Playback>),
    /// Playback started or paused.
    SetPlaying(bool),
    /// Compare with other settings (`None` stops comparing).
    SetCompare(Option<(PyVersion, RunSettings)>),
    /// The compared run advanced.
    CompareProgress {
        instructions: u64,
        cap: u64,
    },
    /// The compared run ended.
    CompareFinished(Rc<RunView>),
    /// The reader steers a run (or stopped steering).
    Steered(Option<Rc<SteerView>>),
    /// The explorer advanced or finished.
    Explored(ExploreStatus),
}

impl Reducible for PlaygroundState {
    type Action = PlaygroundAction;

    fn reduce(self: Rc<Self>, action: PlaygroundAction) -> Rc<Self> {
        let (source, version) = match action {
            PlaygroundAction::SetSource(text) => {
                if *self.source == *text {
                    return self;
                }
                (AttrValue::from(text), self.version)
            }
            PlaygroundAction::SetVersion(version) => {
                if version == self.version {
                    return self;
                }
                let (_, gil) = shipped(version, self.settings.gil, Chose::Version);
                if gil != self.settings.gil {
                    let mut next = (*self).clone();
                    next.settings.gil = gil;
                    next.notice = Some(format!(
                        "Python {version} has no free-threaded build (the first is 3.13t): the GIL is on."
                    ));
                    return next.reduce_owned_version(version);
                }
                (self.source.clone(), version)
            }
            PlaygroundAction::SetSettings(settings) => {
                if settings == self.settings {
                    return self;
                }
                let (version, gil) = shipped(self.version, settings.gil, Chose::Gil);
                let mut next = (*self).clone();
                next.settings = RunSettings { gil, ..settings };
                next.steering = None;
                next.exploring = ExploreStatus::Idle;
                if version != self.version {
                    next.notice = Some(format!(
                        "Free-threaded CPython exists from 3.13 (3.13t): the version is now {version}."
                    ));
                    return next.reduce_owned_version(version);
                }
                return Rc::new(next);
            }
            PlaygroundAction::Progress { instructions, cap } => {
                let mut next = (*self).clone();
                next.run = RunStatus::Running { instructions, cap };
                next.playback = None;
                next.playing = false;
                return Rc::new(next);
            }
            PlaygroundAction::Finished(view) => {
                let mut next = (*self).clone();
                next.run = RunStatus::Finished(view);
                next.playback = None;
                next.playing = false;
                return Rc::new(next);
            }
            PlaygroundAction::Stepped(playback) => {
                let mut next = (*self).clone();
                next.playback = Some(playback);
                return Rc::new(next);
            }
            PlaygroundAction::SetCompare(other) => {
                let mut next = (*self).clone();
                next.compare = other.map(|(version, settings)| Comparison {
                    version,
                    settings,
                    run: RunStatus::Idle,
                });
                return Rc::new(next);
            }
            PlaygroundAction::CompareProgress { instructions, cap } => {
                let mut next = (*self).clone();
                if let Some(compare) = &mut next.compare {
                    compare.run = RunStatus::Running { instructions, cap };
                }
                return Rc::new(next);
            }
            PlaygroundAction::CompareFinished(view) => {
                let mut next = (*self).clone();
                if let Some(compare) = &mut next.compare {
                    compare.run = RunStatus::Finished(view);
                }
                return Rc::new(next);
            }
            PlaygroundAction::SetPlaying(playing) => {
                if playing == self.playing {
                    return self;
                }
                let mut next = (*self).clone();
                next.playing = playing;
                return Rc::new(next);
            }
            PlaygroundAction::Steered(view) => {
                let mut next = (*self).clone();
                next.steering = view;
                return Rc::new(next);
            }
            PlaygroundAction::Explored(status) => {
                let mut next = (*self).clone();
                next.exploring = status;
                return Rc::new(next);
            }
            PlaygroundAction::Ready => {
                let mut next = (*self).clone();
                next.ready = true;
                return Rc::new(next);
            }
        };
        self.with_code(source, version)
    }
}

impl PlaygroundState {
    /// This state with `version` (the code compiled again for it).
    fn reduce_owned_version(self, version: PyVersion) -> Rc<PlaygroundState> {
        let source = self.source.clone();
        Rc::new(self).with_code(source, version)
    }

    /// This state with `source` under `version`: compiled again, and steering and exploring
    /// (which were of the code before) dropped.
    fn with_code(self: Rc<Self>, source: AttrValue, version: PyVersion) -> Rc<PlaygroundState> {
        let output = Rc::new(CompileOutput::of(&source, version));
        Rc::new(PlaygroundState {
            source,
            version,
            settings: self.settings,
            output,
            run: self.run.clone(),
            ready: self.ready,
            playback: self.playback.clone(),
            playing: self.playing,
            notice: self.notice.clone(),
            compare: self.compare.clone(),
            // Steering and exploring were of the code before the change.
            steering: None,
            exploring: ExploreStatus::Idle,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl PlaygroundState {
        fn reduce_owned(self, action: PlaygroundAction) -> PlaygroundState {
            (*Rc::new(self).reduce(action)).clone()
        }
    }

    #[test]
    fn edits_recompile_and_errors_carry_positions() {
        let state = Rc::new(PlaygroundState::default());
        let state = state.reduce(PlaygroundAction::SetSource("x = 1 + 2\n".into()));
        match state.output.as_ref() {
            CompileOutput::Bytecode(text) => assert!(text.contains("STORE_NAME x"), "{text}"),
            other => panic!("expected bytecode, got {other:?}"),
        }
        let state = state.reduce(PlaygroundAction::SetSource("def f(:\n".into()));
        match state.output.as_ref() {
            CompileOutput::Problems(problems) => assert_eq!(problems[0].line, 1),
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn a_shared_scenario_opens_as_it_was_shared() {
        let mut state = PlaygroundState::default()
            .reduce_owned(PlaygroundAction::SetSource("x = 1\n".into()))
            .reduce_owned(PlaygroundAction::SetVersion(PyVersion::Py39));
        state.settings.gil = GilMode::Naive;
        state.settings.seed = 42;
        let fragment = state.scenario().to_fragment();
        let (opened, step, _) = PlaygroundState::from_fragment(&fragment);
        assert_eq!(opened.scenario(), state.scenario());
        assert_eq!(step, None);
        assert_eq!(opened.notice, None);

        let tampered = fragment.replacen('A', "B", 1);
        let (fallback, _, _) = PlaygroundState::from_fragment(&tampered);
        assert_eq!(fallback.source, PlaygroundState::default().source);
        assert!(fallback.notice.unwrap().contains("link"));
    }

    #[test]
    fn unchanged_actions_keep_the_same_state() {
        let state = Rc::new(PlaygroundState::default());
        let same = state
            .clone()
            .reduce(PlaygroundAction::SetVersion(PyVersion::Py311));
        assert!(Rc::ptr_eq(&state, &same));
    }

    #[test]
    fn free_threaded_is_offered_only_on_the_versions_that_ship_it() {
        let state = PlaygroundState::default();
        assert_eq!(state.version, PyVersion::Py311);
        let free = RunSettings {
            gil: GilMode::FreeThreaded,
            ..state.settings
        };
        let moved = state.reduce_owned(PlaygroundAction::SetSettings(free));
        assert_eq!(
            (moved.version, moved.settings.gil),
            (PyVersion::Py313, GilMode::FreeThreaded)
        );
        assert!(moved.notice.as_deref().unwrap_or("").contains("3.13t"));
        match moved.output.as_ref() {
            CompileOutput::Bytecode(text) => assert!(text.contains("RESUME"), "compiled for 3.13"),
            other => panic!("expected bytecode, got {other:?}"),
        }

        let back = moved.reduce_owned(PlaygroundAction::SetVersion(PyVersion::Py39));
        assert_eq!(
            (back.version, back.settings.gil),
            (PyVersion::Py39, GilMode::On)
        );

        let naive = RunSettings {
            gil: GilMode::Naive,
            ..back.settings
        };
        let naive = back.reduce_owned(PlaygroundAction::SetSettings(naive));
        assert_eq!(
            (naive.version, naive.settings.gil),
            (PyVersion::Py39, GilMode::Naive)
        );

        let compare = Comparison::against(PyVersion::Py311, RunSettings::default());
        assert_eq!(
            (compare.version, compare.settings.gil),
            (PyVersion::Py313, GilMode::FreeThreaded)
        );

        let mut linked = PlaygroundState::default();
        linked.settings.gil = GilMode::FreeThreaded;
        let (opened, _, _) = PlaygroundState::from_fragment(&linked.scenario().to_fragment());
        assert_eq!(
            (opened.version, opened.settings.gil),
            (PyVersion::Py313, GilMode::FreeThreaded)
        );
        assert!(opened.notice.unwrap_or_default().contains("never shipped"));
    }
}
