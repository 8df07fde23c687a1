//! The page's address: the tutorial's page in its path, a share link in its fragment,
//! `?embed`; moving between the tutorial's pages, building links to this page and copying them.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::state::tutorial::{Route, path_of, route_at, split_path};

/// The fragment of the page's address, without `#`.
pub fn location_fragment() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|hash| hash.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// The path of the page's location.
fn location_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The path of the site's root (the playground), ending in `/`: the tutorial's pages sit below
/// it, and so do the files the page fetches.
pub fn site_root() -> String {
    split_path(&location_path()).0.to_string()
}

/// The route the page's address names, and whether it names it in the older form (a
/// `#learn/...` fragment).
pub fn location_route() -> (Route, bool) {
    let path = location_path();
    let by_path = split_path(&path).1.is_some();
    let route = route_at(&path, &location_fragment());
    (route, !by_path && route != Route::Playground)
}

/// The address of `route`'s page, as a path from the host.
pub fn href_of(route: Route) -> String {
    format!("{}{}", site_root(), path_of(route))
}

/// Puts `route`'s address in the address bar: a new history entry, or (`replace`) in place of
/// this one.
pub fn show_route(route: Route, replace: bool) {
    let Some(history) = web_sys::window().and_then(|w| w.history().ok()) else {
        return;
    };
    pin_icon();
    let href = href_of(route);
    let _ = if replace {
        history.replace_state_with_url(&JsValue::NULL, "", Some(&href))
    } else {
        history.push_state_with_url(&JsValue::NULL, "", Some(&href))
    };
}

/// Makes the icon's link (fetched late) absolute, so that it still reaches its file once the
/// address's path has changed.
fn pin_icon() {
    let icon = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("link[rel~=icon]").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlLinkElement>().ok());
    if let Some(icon) = icon {
        icon.set_href(&icon.href());
    }
}

/// Opens `route`'s page afresh (the playground restores the reader's program that way).
pub fn open(route: Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(&href_of(route));
    }
}

/// Removes the static page the build wrote for a tutorial page (`[data-static]`): the page
/// has drawn its own in its place.
pub fn remove_static_page() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    while let Ok(Some(element)) = document.query_selector("[data-static]") {
        element.remove();
    }
}

/// Sets the document's title.
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Moves the focus to the element `selector` finds: the page's main part (the skip link), or
/// its heading (after a move between pages).
pub fn focus(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// The site root's address without its fragment; with `embed`, as it is, else without `?embed`.
pub fn page_address(embed: bool) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let origin = location.origin().unwrap_or_default();
    let path = site_root();
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

/// Follows the address as it changes. A plain click on a link to one of the tutorial's pages
/// moves the page in place (a new history entry); back and forward between those pages, and a
/// `#learn/...` link, do the same. Each goes to `on_tutorial`. A share link pasted into the
/// address bar changes only the fragment: the page reloads, so that it opens it. Returns the
/// function that stops listening.
pub fn follow_address(on_tutorial: Callback<Route>) -> impl FnOnce() {
    let moved = {
        let on_tutorial = on_tutorial.clone();
        Closure::<dyn Fn()>::new(move || {
            let (next, older) = location_route();
            if next != Route::Playground {
                if older {
                    show_route(next, true);
                }
                on_tutorial.emit(next);
            } else if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        })
    };
    let clicked = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
        if let Some(next) = tutorial_link(&event) {
            event.prevent_default();
            show_route(next, false);
            on_tutorial.emit(next);
        }
    });
    let listeners: [(&str, js_sys::Function); 3] = [
        (
            "hashchange",
            moved.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        ),
        (
            "popstate",
            moved.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        ),
        (
            "click",
            clicked.as_ref().unchecked_ref::<js_sys::Function>().clone(),
        ),
    ];
    let window = web_sys::window();
    if let Some(window) = &window {
        for (event, listener) in &listeners {
            let _ = window.add_event_listener_with_callback(event, listener);
        }
    }
    move || {
        if let Some(window) = window {
            for (event, listener) in &listeners {
                let _ = window.remove_event_listener_with_callback(event, listener);
            }
        }
        drop((moved, clicked));
    }
}

/// The tutorial's page a click goes to: a plain click (not for a new tab or window) on a link
/// of this site to one of the tutorial's pages.
fn tutorial_link(event: &web_sys::MouseEvent) -> Option<Route> {
    let plain = event.button() == 0
        && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key());
    if !plain || event.default_prevented() {
        return None;
    }
    let target: web_sys::Element = event.target()?.dyn_into().ok()?;
    let link = target.closest("a[href]").ok()??;
    if link.has_attribute("target") || link.has_attribute("download") {
        return None;
    }
    let href = link.get_attribute("href")?;
    let path = href.strip_prefix(site_root().as_str())?;
    let next = route_at(&format!("/{path}"), "");
    (next != Route::Playground).then_some(next)
}
