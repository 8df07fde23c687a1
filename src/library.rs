//! The library modules a program imports (`threading`, `queue`, ...) are not inside the page's
//! WebAssembly: they sit beside it, one file each, and the page fetches those a program needs
//! before its first run that needs them. Each arrives once per page.

use std::future::Future;

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// Calls `work` once every library module `source` may import is here: at once when they all
/// are, otherwise when the missing ones have been fetched. A module that could not be fetched
/// stays missing, and the run's import of it says so in the program's output.
pub fn when_ready(source: &str, work: impl FnOnce() + 'static) {
    when_ready_boxed(source, Box::new(work));
}

/// [`when_ready`] for one type of work, so that its fetching code is in the page once.
fn when_ready_boxed(source: &str, work: Box<dyn FnOnce()>) {
    let missing = gil_sim::library_files_missing(source);
    if missing.is_empty() {
        work();
        return;
    }
    // Every request starts now; the answers are read in turn.
    let fetches: Vec<_> = missing
        .iter()
        .map(|file| {
            let path = format!("{}{}", crate::address::site_root(), file.path);
            (file.name, fetch_text(&path))
        })
        .collect();
    wasm_bindgen_futures::spawn_local(async move {
        for (name, text) in fetches {
            if let Ok(text) = text.await {
                gil_sim::provide_library_source(name, text);
            }
        }
        work();
    });
}

/// The text at `path`, fetched.
fn fetch_text(path: &str) -> impl Future<Output = Result<String, JsValue>> + use<> {
    let request = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))
        .map(|window| JsFuture::from(window.fetch_with_str(path)));
    async move {
        let response: web_sys::Response = request?.await?.dyn_into()?;
        if !response.ok() {
            return Err(JsValue::from(response.status()));
        }
        let text = JsFuture::from(response.text()?).await?;
        text.as_string()
            .ok_or_else(|| JsValue::from_str("not text"))
    }
}
