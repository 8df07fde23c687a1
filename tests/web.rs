//! Browser tests: the simulator and the page, compiled to wasm and run in headless Chromium by
//! `wasm-bindgen-test-runner` (`cargo test -p gil_lab --target wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gil_sim::PyVersion;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, Event, EventInit, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_compiler_runs_in_wasm() {
    let text = gil_sim::disassemble("x = 1 + 2\n", PyVersion::Py311).expect("compiles");
    assert!(text.contains("1 LOAD_CONST 3"), "{text}");
    assert!(text.contains("1 STORE_NAME x"), "{text}");
}

#[wasm_bindgen_test]
fn seed_programs_compile_in_wasm() {
    let source = include_str!("../crates/gil_sim/test_data/seeds/002_counter_race.py");
    for version in [PyVersion::Py39, PyVersion::Py311, PyVersion::Py313] {
        let text = gil_sim::disassemble(source, version).expect("the seed compiles");
        assert!(text.contains("STORE_ATTR count"), "{version}: {text}");
    }
}

#[wasm_bindgen_test]
fn trace_hashes_in_wasm_equal_the_native_ones() {
    let pinned = include_str!("../crates/gil_sim/test_data/determinism/hashes.txt");
    assert_eq!(gil_sim::golden_hashes(), pinned);
}

fn mount() -> Element {
    let document = web_sys::window()
        .expect("window")
        .document()
        .expect("document");
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<gil_lab::App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(20)).await;
}

fn type_into(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = root
        .query_selector("textarea")
        .expect("query")
        .expect("the editor is a textarea")
        .dyn_into()
        .expect("textarea element");
    area.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).expect("event");
    area.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn typing_shows_bytecode_then_errors() {
    let root = mount();
    settle().await;
    type_into(&root, "x = 1 + 2\n");
    settle().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("STORE_NAME x"), "{text}");
    type_into(&root, "def f(:\n");
    settle().await;
    let problems = root
        .query_selector("#diagnostics")
        .expect("query")
        .expect("a syntax error shows the diagnostics list");
    let text = problems.text_content().unwrap_or_default();
    assert!(text.starts_with("1:"), "{text}");
}

/// The explorer in wasm: two threads of three `counter += 1` under 3.9 reach every value from
/// 2 to 6; the time it took in this browser is printed.
#[wasm_bindgen_test]
fn the_explorer_finds_every_value_in_wasm() {
    use gil_sim::Granularity;
    use gil_sim::Limits;
    let source = "import threading\n\ncounter = 0\n\ndef work():\n    global counter\n    for _ in range(3):\n        counter += 1\n\nts = [threading.Thread(target=work) for _ in range(2)]\nfor t in ts:\n    t.start()\nfor t in ts:\n    t.join()\nprint(counter)\n";
    let performance = web_sys::window()
        .expect("window")
        .performance()
        .expect("performance");
    let started = performance.now();
    let found = gil_sim::Steered {
        source,
        version: PyVersion::Py39,
        file_name: "explore.py",
        settings: gil_sim::Settings::default(),
        granularity: Granularity::SwitchPoints,
    }
    .explore(Limits::default())
    .expect("compiles");
    let elapsed = performance.now() - started;
    let mut values: Vec<String> = found
        .outcomes
        .iter()
        .map(|o| o.stdout.trim().to_string())
        .collect();
    values.sort();
    assert!(found.complete);
    assert_eq!(values, ["2", "3", "4", "5", "6"]);
    wasm_bindgen_test::console_log!(
        "explorer in wasm: {} schedules, {} steps in {elapsed:.0} ms",
        found.schedules,
        found.steps
    );
}
