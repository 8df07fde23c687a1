//! The playground's state: the reader's source, the chosen version and the compiler's output.

use std::rc::Rc;

use gil_sim::{DiagnosticKind, PyVersion};
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
    fn of(source: &str, version: PyVersion) -> CompileOutput {
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

/// The playground page's state.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaygroundState {
    pub source: AttrValue,
    pub version: PyVersion,
    pub output: Rc<CompileOutput>,
}

use yew::AttrValue;

impl Default for PlaygroundState {
    fn default() -> Self {
        let version = PyVersion::Py311;
        PlaygroundState {
            source: AttrValue::from(DEFAULT_SOURCE),
            version,
            output: Rc::new(CompileOutput::of(DEFAULT_SOURCE, version)),
        }
    }
}

/// What the reader can do to the playground.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaygroundAction {
    SetSource(String),
    SetVersion(PyVersion),
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
                (self.source.clone(), version)
            }
        };
        let output = Rc::new(CompileOutput::of(&source, version));
        Rc::new(PlaygroundState {
            source,
            version,
            output,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn unchanged_actions_keep_the_same_state() {
        let state = Rc::new(PlaygroundState::default());
        let same = state
            .clone()
            .reduce(PlaygroundAction::SetVersion(PyVersion::Py311));
        assert!(Rc::ptr_eq(&state, &same));
    }
}
