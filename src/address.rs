//! The page's address: the share link or the tutorial's page in its fragment, `?embed`,
//! building links to this page and copying them.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::state::tutorial::{Route, route};

/// The fragment of the page's address, without `#`.
pub fn location_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// This page's address without its fragment; with `embed`, as it is, else without `?embed`.
pub fn page_address(embed: bool) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && (embed || *p != "embed"))
        .collect();
    if kept.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{}", kept.join("&"))
    }
}

/// Builds the link to `fragment` on this page, shows it, and copies it to the clipboard.
pub fn share(fragment: &str, shown: UseStateHandle<Option<(AttrValue, bool)>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let link = AttrValue::from(format!("{}#{fragment}", page_address(false)));
    shown.set(Some((link.clone(), false)));
    let copy = window.navigator().clipboard().write_text(&link);
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(copy).await.is_ok() {
            shown.set(Some((link, true)));
        }
    });
}

/// Whether the page was opened as an embed (`?embed`).
pub fn is_embed() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .any(|p| p == "embed")
        })
}

/// A link pasted into the address bar of an open page changes only the fragment: reload, so
/// the page opens it. A move to a page of the tutorial goes to `on_tutorial` instead. Returns
/// the function that stops listening.
pub fn reload_on_new_link(on_tutorial: Callback<Route>) -> impl FnOnce() {
    let listener = Closure::<dyn Fn()>::new(move || {
        let next = route(&location_fragment());
        if next != Route::Playground {
            on_tutorial.emit(next);
        } else if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    let window = web_sys::window();
    if let Some(window) = &window {
        let _ = window
            .add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(window) = window {
            let _ = window.remove_event_listener_with_callback(
                "hashchange",
                listener.as_ref().unchecked_ref(),
            );
        }
    }
}
