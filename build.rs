//! Reads the tutorial's chapters from `content/` into the compact form the page decodes
//! (`src/state/tutorial.rs`). A mistake in a chapter stops the build with its file and line.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=content");
    let chapters = match chapters::markdown::load_dir(Path::new("content")) {
        Ok(chapters) => chapters,
        Err(problem) => {
            eprintln!("error in the tutorial's chapters: {problem}");
            std::process::exit(1);
        }
    };
    let out = std::env::var_os("OUT_DIR").map(std::path::PathBuf::from);
    let Some(out) = out else {
        eprintln!("OUT_DIR is not set");
        std::process::exit(1);
    };
    if let Err(e) = std::fs::write(out.join("chapters.bin"), chapters::encode(&chapters)) {
        eprintln!("cannot write the chapters: {e}");
        std::process::exit(1);
    }
}
