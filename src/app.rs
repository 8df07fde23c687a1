//! The page: header, editor and what the compiler made of the reader's code.

use yew::prelude::*;

use crate::components::disassembly::Disassembly;
use crate::components::editor::Editor;
use crate::components::header::Header;
use crate::components::version_picker::VersionPicker;
use crate::state::playground::{PlaygroundAction, PlaygroundState};

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(PlaygroundState::default);
    let on_source = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(PlaygroundAction::SetSource(text)))
    };
    let on_version = {
        let state = state.clone();
        Callback::from(move |version| state.dispatch(PlaygroundAction::SetVersion(version)))
    };
    html! {
        <>
            <Header />
            <main class="playground">
                <section class="pane editor-pane" aria-labelledby="editor-title">
                    <div class="pane-bar">
                        <h2 id="editor-title">{ "Your program" }</h2>
                        <VersionPicker version={state.version} on_change={on_version} />
                    </div>
                    <Editor source={state.source.clone()} on_input={on_source} />
                </section>
                <section class="pane output-pane" aria-labelledby="output-title">
                    <div class="pane-bar">
                        <h2 id="output-title">{ format!("Bytecode for Python {}", state.version) }</h2>
                    </div>
                    <Disassembly output={state.output.clone()} />
                </section>
            </main>
        </>
    }
}
