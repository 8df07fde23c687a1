//! The code editor: a plain textarea (it works on phones and with screen readers) drawn over
//! a coloured copy of the source, with line numbers, the first problem underlined, and the
//! threads' current lines while stepping. Tab and Shift-Tab indent and dedent; Escape, then
//! Tab, leaves the editor, so keyboard users are never trapped in it.

use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

use crate::state::colouring::pieces;
use crate::state::indent::indent;
use crate::state::run::LineMarker;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: AttrValue,
    pub on_input: Callback<String>,
    /// The first problem's line and column, to underline.
    #[prop_or_default]
    pub problem: Option<(u32, u32)>,
    #[prop_or_default]
    pub markers: Vec<LineMarker>,
    /// The page keeps this program in the browser (the playground's own, not a chapter's or
    /// an embedded one): the editor's help says so only then.
    #[prop_or_default]
    pub saved: bool,
}

/// The editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    // Set by Escape: the next Tab moves the focus on instead of indenting.
    let leaving = use_mut_ref(|| false);
    let colours = use_node_ref();
    let gutter = use_node_ref();
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
    let onscroll = {
        let (colours, gutter) = (colours.clone(), gutter.clone());
        Callback::from(move |event: Event| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            if let Some(pre) = colours.cast::<Element>() {
                pre.set_scroll_top(area.scroll_top());
                pre.set_scroll_left(area.scroll_left());
            }
            if let Some(numbers) = gutter.cast::<Element>() {
                numbers.set_scroll_top(area.scroll_top());
            }
        })
    };
    let lines = props.source.split('\n').count() as u32;
    let problem_line = props.problem.map(|(line, _)| line);
    html! {
        <>
            <div class="code-editor">
                <div class="gutter" ref={gutter} aria-hidden="true">
                    { for (1..=lines).map(|line| html! {
                        <div class={classes!("gutter-line", (problem_line == Some(line)).then_some("gutter-error"))} key={line}>
                            { for props.markers.iter().filter(|m| m.line == line).map(|m| html! {
                                <span class={classes!("line-marker", format!("hue-{}", m.hue % 8))}>{ m.label.clone() }</span>
                            }) }
                            { line }
                        </div>
                    }) }
                </div>
                <div class="code-area">
                    <pre class="colours" ref={colours} aria-hidden="true">
                        { for pieces(&props.source, props.problem).into_iter().map(|piece| html! {
                            <span class={classes!(piece.class, piece.error.then_some("tok-error"))}>{ piece.text }</span>
                        }) }
                        { "\n" }
                    </pre>
                    <textarea
                        id="editor"
                        class="editor"
                        aria-label="Python source code"
                        aria-describedby="editor-keys"
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        value={props.source.clone()}
                        {oninput}
                        {onkeydown}
                        {onscroll}
                    />
                </div>
            </div>
            <p id="editor-keys" class="editor-keys">
                { "Tab indents, Shift-Tab dedents; press Escape then Tab to leave the editor." }
                if props.saved {
                    { " Your program is saved in this browser." }
                }
            </p>
        </>
    }
}
