//! The layers' boundaries, checked: the VM never reaches into the scheduler (it runs one
//! thread and asks; `sched` decides), and the app and the command line use only the names
//! the simulator re-exports at its root.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_vm_does_not_import_the_scheduler() {
    let vm = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/vm");
    let mut files = Vec::new();
    rust_files(&vm, &mut files);
    assert!(files.len() > 20);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("a source file");
            text.contains("crate::sched") || text.contains("super::sched")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "vm imports sched in {offenders:?}");
}

#[test]
fn the_page_and_the_command_line_use_only_the_facade() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("crates/gilsim/src"), &mut files);
    assert!(files.len() > 20);
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("a source file");
            // A path into a module of the simulator: `gil_sim::sched::...`.
            text.match_indices("gil_sim::").any(|(at, _)| {
                let rest = &text[at + "gil_sim::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                rest[name.len()..].starts_with("::")
                    && name.chars().next().is_some_and(|c| c.is_lowercase())
            })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "reaching past the façade: {offenders:?}"
    );
}
