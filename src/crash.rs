//! What a panic leaves instead of a dead page: a banner that says the page stopped, the details
//! to copy into a report, and a way to start again. It is built with the DOM directly (the app
//! that panicked draws nothing more) and holds text nodes only.

use std::panic::PanicHookInfo;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element};

/// Makes every panic show the banner before the module stops (through Yew, which would
/// otherwise put its own hook in place when the app is rendered).
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let details = details(info);
        web_sys::console::error_1(&details.as_str().into());
        show(&details);
    }));
}

/// Panics on purpose, so that the browser tests can check the banner a real panic leaves.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn panic_for_test() {
    panic!("a panic asked for by panic_for_test");
}

/// The report: the page's version, the panic with its place in the source, and the link and
/// browser it happened in.
fn details(info: &PanicHookInfo) -> String {
    let window = web_sys::window();
    let href = window
        .as_ref()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let agent = window
        .as_ref()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    format!(
        "GIL Lab {}\n{info}\npage: {href}\nbrowser: {agent}",
        env!("CARGO_PKG_VERSION")
    )
}

/// Adds the banner to the page, once.
fn show(details: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id("crash").is_some() {
        return;
    }
    let _ = build(&document, details);
}

fn element(document: &Document, tag: &str, text: &str) -> Result<Element, wasm_bindgen::JsValue> {
    let element = document.create_element(tag)?;
    element.set_text_content(Some(text));
    Ok(element)
}

fn build(document: &Document, details: &str) -> Result<(), wasm_bindgen::JsValue> {
    let banner = document.create_element("section")?;
    banner.set_id("crash");
    banner.set_class_name("crash");
    banner.set_attribute("role", "alert")?;
    banner.set_attribute("aria-labelledby", "crash-title")?;
    let title = element(
        document,
        "h2",
        "GIL Lab stopped because of an internal error",
    )?;
    title.set_id("crash-title");
    banner.append_child(&title)?;
    let words = element(
        document,
        "p",
        "Your program is kept in this browser: reload the page to go on. \
         The details below say where the error happened; copy them into a report.",
    )?;
    banner.append_child(&words)?;
    let text = element(document, "textarea", "")?;
    text.set_id("crash-details");
    text.set_attribute("readonly", "")?;
    text.set_attribute("rows", "6")?;
    text.set_attribute("aria-label", "Error details")?;
    if let Some(area) = text.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        area.set_value(details);
    }
    banner.append_child(&text)?;
    let copy = element(document, "button", "Copy details")?;
    copy.set_id("crash-copy");
    copy.set_attribute("type", "button")?;
    let copied = details.to_owned();
    let button = copy.clone();
    let on_copy = Closure::<dyn FnMut()>::new(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&copied);
        }
        button.set_text_content(Some("Copied"));
    });
    copy.add_event_listener_with_callback("click", on_copy.as_ref().unchecked_ref())?;
    on_copy.forget();
    banner.append_child(&copy)?;
    let reload = element(document, "button", "Reload the page")?;
    reload.set_attribute("type", "button")?;
    let on_reload = Closure::<dyn FnMut()>::new(|| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    reload.add_event_listener_with_callback("click", on_reload.as_ref().unchecked_ref())?;
    on_reload.forget();
    banner.append_child(&reload)?;
    let body = document
        .body()
        .ok_or_else(|| wasm_bindgen::JsValue::from_str("no body"))?;
    body.prepend_with_node_1(&banner)?;
    if let Some(button) = copy.dyn_ref::<web_sys::HtmlElement>() {
        let _ = button.focus();
    }
    Ok(())
}
