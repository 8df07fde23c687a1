//! The tutorial's chapters (built from `content/` by `build.rs`) and the page's routes to
//! them: `#learn` is the table of contents, `#learn/<slug>` a chapter.

use std::sync::OnceLock;

use chapters::Chapter;
use gil_sim::PyVersion;
use gil_sim::{GilMode, Os, RunAs};

use crate::state::playground::RunSettings;

const ENCODED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/chapters.bin"));

/// Every chapter, in order (empty if the build's encoding could not be read).
pub fn all() -> &'static [Chapter] {
    static CHAPTERS: OnceLock<Vec<Chapter>> = OnceLock::new();
    CHAPTERS.get_or_init(|| chapters::decode(ENCODED).unwrap_or_default())
}

/// Where the page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// The playground (with a share link's scenario, if any).
    Playground,
    /// The tutorial's table of contents.
    Contents,
    /// A chapter, by index.
    Chapter(usize),
    /// `#learn/...` naming no chapter.
    Missing,
}

/// The route of an address fragment (without `#`).
pub fn route(fragment: &str) -> Route {
    match fragment.strip_prefix("learn") {
        Some("") | Some("/") => Route::Contents,
        Some(rest) => match rest.strip_prefix('/') {
            Some(slug) => all()
                .iter()
                .position(|c| c.slug == slug)
                .map_or(Route::Missing, Route::Chapter),
            None => Route::Playground,
        },
        None => Route::Playground,
    }
}

/// The fragment of chapter `index`.
pub fn chapter_fragment(index: usize) -> String {
    all()
        .get(index)
        .map_or_else(|| "learn".to_string(), |c| format!("learn/{}", c.slug))
}

/// The Python version a scenario's settings name (3.11 when they name none).
pub fn version(settings: &chapters::Settings) -> PyVersion {
    settings
        .python
        .as_deref()
        .and_then(PyVersion::parse)
        .unwrap_or(PyVersion::Py311)
}

/// The playground settings for a scenario: the defaults, changed where it says.
pub fn run_settings(settings: &chapters::Settings) -> RunSettings {
    let mut run = RunSettings::default();
    if let Some(gil) = settings.gil {
        run.gil = match gil {
            chapters::GilSetting::On => GilMode::On,
            chapters::GilSetting::Off => GilMode::FreeThreaded,
            chapters::GilSetting::Naive => GilMode::Naive,
        };
    }
    if let Some(cores) = settings.cores {
        run.cores = cores;
    }
    if let Some(us) = settings.switch_interval_us {
        run.switch_interval_us = us;
    }
    if let Some(run_as) = settings.run_as {
        run.run_as = match run_as {
            chapters::RunAs::Script => RunAs::Script,
            chapters::RunAs::Notebook => RunAs::Notebook,
        };
    }
    if let Some(os) = settings.os {
        run.os = match os {
            chapters::Os::Linux => Os::Linux,
            chapters::Os::Macos => Os::MacOs,
            chapters::Os::Windows => Os::Windows,
        };
    }
    run
}

/// The text of a seed program the chapters name.
pub fn seed(file: &str) -> Option<&'static str> {
    crate::components::examples::EXAMPLES
        .iter()
        .find(|(name, _)| *name == file)
        .map(|(_, text)| *text)
}
