//! Writes the tutorial's static pages (`learn/index.html`, `learn/<slug>/index.html`) beside
//! the built page, from its `index.html` and the chapters in `content/`. Run by Trunk after
//! every build: `chapter-pages CONTENT SEEDS [DIR]`, with DIR Trunk's staging folder by default.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(count) => {
            println!("chapter-pages: {count} pages written");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            eprintln!("chapter-pages: {problem}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<usize, String> {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let usage = "usage: chapter-pages CONTENT SEEDS [DIR]";
    let content = args.next().ok_or(usage)?;
    let seeds = args.next().ok_or(usage)?;
    let dir = args
        .next()
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from))
        .ok_or(usage)?;
    let chapters = chapters::markdown::load_dir(&content)?;
    let template = read(&dir.join("index.html"))?;
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&seeds).map_err(|e| format!("{}: {e}", seeds.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(name) = name.filter(|n| n.ends_with(".py")) {
            sources.push((name, read(&path)?));
        }
    }
    let seed = |file: &str| {
        sources
            .iter()
            .find(|(name, _)| name == file)
            .map(|(_, text)| text.as_str())
    };
    for chapter in &chapters {
        for scenario in chapter.scenarios() {
            if scenario.program.source(seed).is_none() {
                return Err(format!(
                    "{}: no program for “{}”",
                    chapter.slug, scenario.title
                ));
            }
        }
    }
    let learn = dir.join("learn");
    write(
        &learn,
        &chapters::page::contents_page(&template, &chapters)?,
    )?;
    for (index, chapter) in chapters.iter().enumerate() {
        let page = chapters::page::chapter_page(&template, &chapters, index, &seed)?;
        write(&learn.join(&chapter.slug), &page)?;
    }
    Ok(chapters.len() + 1)
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes `page` as `dir/index.html`.
fn write(dir: &Path, page: &str) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join("index.html");
    std::fs::write(&path, page).map_err(|e| format!("{}: {e}", path.display()))
}
