//! The narration and the deadlock text speak the program's language: no step names a lock by
//! number or a line of the modelled library; waits inside the library are told by the
//! program's own call, which is text of the program.

use gil_sim::Budget;
use gil_sim::narrate;
use gil_sim::{Finding, Settings};
use gil_sim::{PyVersion, simulate};

const PRODUCER_CONSUMER: &str = "import queue\nimport threading\nimport time\n\nq = queue.Queue(maxsize=2)\ndone = threading.Event()\ncond = threading.Condition()\n\n\ndef producer():\n    for item in range(5):\n        q.put(item)\n        time.sleep(0.001)\n    q.put(None)\n\n\ndef consumer():\n    while True:\n        item = q.get()\n        if item is None:\n            break\n        with cond:\n            cond.notify_all()\n    done.set()\n\n\ndef watcher():\n    with cond:\n        cond.wait(0.01)\n    done.wait()\n\n\nthreads = [threading.Thread(target=f) for f in (producer, consumer, watcher)]\nfor t in threads:\n    t.start()\nfor t in threads:\n    t.join()\nprint('done')\n";

const STUCK: &str = "import queue\nimport threading\n\nq = queue.Queue()\n\n\ndef worker():\n    while True:\n        item = q.get()\n        print('worker got', item)\n\n\nt = threading.Thread(target=worker)\nt.start()\nq.put(1)\nt.join()\n";

/// Every `line N` a sentence mentions is a line of the program, and every `call` quoted is
/// text of the program.
fn speaks_the_programs_language(text: &str, source: &str) {
    assert!(!text.contains("lock #"), "{text}");
    let lines = source.lines().count() as u32;
    for part in text.split("line ").skip(1) {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        let line: u32 = digits.parse().expect("a line number");
        assert!(
            line >= 1 && line <= lines,
            "line {line} is not the program's: {text}"
        );
    }
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let call = part.trim_start_matches("with ").trim_end_matches(':');
            assert!(
                source.contains(call),
                "`{call}` is not the program's text: {text}"
            );
        }
    }
}

#[test]
fn narration_names_the_programs_calls_and_lines() {
    for version in [PyVersion::Py39, PyVersion::Py311, PyVersion::Py313] {
        let sim = simulate(
            PRODUCER_CONSUMER,
            version,
            "pc.py",
            Settings::default(),
            Budget::default(),
        )
        .expect("compiles");
        let told = narrate(&sim.trace, Settings::default().gil, &sim.lock_names);
        assert_eq!(told.len(), sim.trace.events.len());
        for step in &told {
            speaks_the_programs_language(&step.text, PRODUCER_CONSUMER);
        }
        let all: Vec<&str> = told.iter().map(|s| s.text.as_str()).collect();
        assert!(
            all.iter()
                .any(|t| t.contains("waits in `q.get()` at line 19")),
            "{all:#?}"
        );
        assert!(
            all.iter()
                .any(|t| t.contains("waits in `t.join()` at line 37")),
            "{all:#?}"
        );
    }
}

#[test]
fn a_deadlock_is_told_in_the_programs_terms() {
    let sim = simulate(
        STUCK,
        PyVersion::Py311,
        "stuck.py",
        Settings::default(),
        Budget::default(),
    )
    .expect("compiles");
    let Some(Finding::Deadlock(found)) = sim.findings.first() else {
        panic!("a deadlock: {:?}", sim.findings);
    };
    speaks_the_programs_language(&found.text, STUCK);
    assert_eq!(
        found.text,
        "No thread can go on: MainThread waits in `t.join()` at line 16 for Thread-1 (worker) to finish; Thread-1 (worker) waits in `q.get()` at line 9"
    );
}
