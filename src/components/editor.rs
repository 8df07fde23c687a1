//! The code editor: a plain textarea, so it works on phones and with screen readers.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: AttrValue,
    pub on_input: Callback<String>,
}

/// A monospace textarea that reports every edit.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    html! {
        <textarea
            id="editor"
            class="editor"
            aria-label="Python source code"
            spellcheck="false"
            autocapitalize="off"
            autocomplete="off"
            value={props.source.clone()}
            {oninput}
        />
    }
}
