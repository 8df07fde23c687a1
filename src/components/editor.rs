//! The code editor: a plain textarea, so it works on phones and with screen readers. Tab and
//! Shift-Tab indent and dedent; Escape, then Tab, leaves the editor (keyboard users are never
//! trapped in it).

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::state::indent::indent;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: AttrValue,
    pub on_input: Callback<String>,
}

/// A monospace textarea that reports every edit.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // Set by Escape: the next Tab moves the focus on instead of indenting.
    let leaving = use_mut_ref(|| false);
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let onkeydown = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Escape" {
                *leaving.borrow_mut() = true;
                return;
            }
            let leave = std::mem::replace(&mut *leaving.borrow_mut(), false);
            if key != "Tab" || leave || event.ctrl_key() || event.alt_key() || event.meta_key() {
                return;
            }
            event.prevent_default();
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let (Ok(Some(start)), Ok(Some(end))) = (area.selection_start(), area.selection_end())
            else {
                return;
            };
            let edit = indent(&area.value(), start, end, event.shift_key());
            area.set_value(&edit.text);
            let _ = area.set_selection_range(edit.start, edit.end);
            on_input.emit(edit.text);
        })
    };
    html! {
        <>
            <textarea
                id="editor"
                class="editor"
                aria-label="Python source code"
                aria-describedby="editor-keys"
                spellcheck="false"
                autocapitalize="off"
                autocomplete="off"
                value={props.source.clone()}
                {oninput}
                {onkeydown}
            />
            <p id="editor-keys" class="editor-keys">
                { "Tab indents, Shift-Tab dedents; press Escape then Tab to leave the editor. Your program is saved in this browser." }
            </p>
        </>
    }
}
