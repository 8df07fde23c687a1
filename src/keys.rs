//! Keyboard shortcuts for the whole page: space plays or pauses, ← and → step, Home and End
//! jump to the first and last step, `r` runs, `g` turns the GIL on or off, a digit finds the
//! next step of that thread (`1` for T1), or, while the reader is the scheduler, runs that
//! thread next; `u` takes a choice back. Keys typed into the editor or a form field stay
//! there.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Element, KeyboardEvent};

/// What a shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    StepBack,
    StepForward,
    First,
    Last,
    Run,
    ToggleGil,
    /// A digit: the next step that concerns this thread (or, steering, run it next).
    Thread(u32),
    /// Take back the last choice of a steered run.
    Undo,
}

/// The shortcut `event` stands for, if any.
fn shortcut(event: &KeyboardEvent) -> Option<Shortcut> {
    if event.ctrl_key() || event.alt_key() || event.meta_key() {
        return None;
    }
    let tag = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .map(|e| e.tag_name())
        .unwrap_or_default();
    // HTML documents give tag names in capitals.
    if matches!(tag.as_str(), "TEXTAREA" | "INPUT" | "SELECT") {
        return None;
    }
    match event.key().as_str() {
        // Space on a focused button presses the button.
        " " if tag != "BUTTON" => Some(Shortcut::PlayPause),
        "ArrowLeft" => Some(Shortcut::StepBack),
        "ArrowRight" => Some(Shortcut::StepForward),
        "Home" => Some(Shortcut::First),
        "End" => Some(Shortcut::Last),
        "r" => Some(Shortcut::Run),
        "g" => Some(Shortcut::ToggleGil),
        "u" => Some(Shortcut::Undo),
        digit if digit.len() == 1 => digit.parse().ok().map(Shortcut::Thread),
        _ => None,
    }
}

/// Listens for shortcuts on the document until the returned guard is dropped.
pub fn listen(on_shortcut: impl Fn(Shortcut) + 'static) -> impl FnOnce() {
    let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        if let Some(key) = shortcut(&event) {
            event.prevent_default();
            on_shortcut(key);
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = &document {
        let _ =
            document.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(document) = document {
            let _ = document
                .remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
    }
}
