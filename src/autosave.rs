//! Autosave: the reader's program and settings are kept in `localStorage` (in the share-link
//! format) on every change, and come back when the page is opened again without a link.

/// The `localStorage` key.
const KEY: &str = "gil-lab.scenario";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved scenario, as a link fragment, if there is one.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves `fragment` (storage that is full or switched off is not an error the reader can act
/// on: the page works on without it).
pub fn save(fragment: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, fragment);
    }
}
