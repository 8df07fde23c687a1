//! The tutorial's chapters (built from `content/` by `build.rs`) and the page's routes to
//! them: `learn/` below the site's root is the table of contents, `learn/<slug>/` a chapter
//! (static pages the build writes, which the page then takes over). Links from before the
//! chapters had paths say the same in the fragment: `#learn`, `#learn/<slug>`.

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

/// Splits a page's path into the site's root (ending in `/`) and the tutorial's part below
/// it (`learn/`, `learn/<slug>/`), if the path is one of the tutorial's.
pub fn split_path(path: &str) -> (&str, Option<&str>) {
    let trimmed = path.trim_end_matches('/');
    let mut parts = trimmed.rsplit('/');
    let last = parts.next().unwrap_or_default();
    let learn = if last == "learn" {
        Some(trimmed.len() - last.len())
    } else if !last.is_empty() && parts.next() == Some("learn") {
        Some(trimmed.len() - last.len() - "learn/".len())
    } else {
        None
    };
    match learn {
        Some(at) if at > 0 => (&path[..at], Some(&path[at..])),
        _ => (&path[..path.rfind('/').map_or(0, |i| i + 1)], None),
    }
}

/// The route of the page at `path` with `fragment`: the tutorial's part of the path, else the
/// fragment (the older form of the tutorial's links, and share links).
pub fn route_at(path: &str, fragment: &str) -> Route {
    match split_path(path).1 {
        Some(rest) => route(rest.trim_end_matches('/')),
        None => route(fragment),
    }
}

/// The path of `route` below the site's root.
pub fn path_of(route: Route) -> String {
    match route {
        Route::Playground => String::new(),
        Route::Contents | Route::Missing => "learn/".to_string(),
        Route::Chapter(index) => all()
            .get(index)
            .map_or_else(|| "learn/".to_string(), |c| format!("learn/{}/", c.slug)),
    }
}

/// The document title of `route`'s page.
pub fn title_of(route: Route) -> String {
    match route {
        Route::Playground => chapters::page_title(None),
        Route::Contents | Route::Missing => chapters::page_title(Some("Learn")),
        Route::Chapter(index) => chapters::page_title(all().get(index).map(|c| c.title.as_str())),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_splits_into_the_site_root_and_the_tutorial_part() {
        assert_eq!(split_path("/"), ("/", None));
        assert_eq!(split_path("/gil-lab/index.html"), ("/gil-lab/", None));
        assert_eq!(split_path("/gil-lab/learn/"), ("/gil-lab/", Some("learn/")));
        assert_eq!(split_path("/gil-lab/learn"), ("/gil-lab/", Some("learn")));
        assert_eq!(split_path("/learn/locks/"), ("/", Some("learn/locks/")));
        // A site that itself sits under a folder called learn keeps it in its root.
        assert_eq!(split_path("/learn/a/b/c"), ("/learn/a/b/", None));
    }

    #[test]
    fn a_chapter_has_one_route_by_path_or_by_the_older_fragment() {
        let slug = &all()[2].slug;
        let by_path = route_at(&format!("/x/learn/{slug}/"), "");
        assert_eq!(by_path, Route::Chapter(2));
        assert_eq!(route_at("/x/", &format!("learn/{slug}")), Route::Chapter(2));
        assert_eq!(path_of(Route::Chapter(2)), format!("learn/{slug}/"));
        assert_eq!(route_at("/x/learn/", "ignored"), Route::Contents);
        assert_eq!(route_at("/x/learn/nothing/", ""), Route::Missing);
        assert_eq!(route_at("/x/", "v=1&c=abc"), Route::Playground);
        assert_eq!(
            title_of(Route::Chapter(2)),
            format!("{} · GIL Lab", all()[2].title)
        );
    }

    #[test]
    fn every_challenge_a_chapter_names_exists_and_the_race_one_is_in_the_race_chapter_only() {
        fn ids<'a>(blocks: &'a [chapters::Block], out: &mut Vec<&'a str>) {
            for block in blocks {
                match block {
                    chapters::Block::Challenge(id) => out.push(id),
                    chapters::Block::List { items, .. } => items.iter().for_each(|i| ids(i, out)),
                    chapters::Block::Quote(inner) => ids(inner, out),
                    _ => {}
                }
            }
        }
        for chapter in all() {
            let mut found = Vec::new();
            ids(&chapter.blocks, &mut found);
            for id in found {
                assert!(
                    crate::state::challenges::by_id(id).is_some(),
                    "{}: {id}",
                    chapter.slug
                );
                if id == "lost-updates" {
                    assert_eq!(chapter.slug, "race-conditions");
                }
            }
        }
    }
}
