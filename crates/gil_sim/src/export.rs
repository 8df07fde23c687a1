//! A run as JSON, for readers to take away and for other tools: its settings, threads and
//! processes, every trace event, who held which core, the memory lane, the lost updates, the
//! findings and the output. The page's "Save trace" and `gilsim run --trace` write the same
//! text; times are in picoseconds of simulated time.

use std::fmt::Write as _;

use crate::Simulation;
use crate::sched::trace::{ThreadActivity, TraceEvent};
use crate::sched::{Finding, Settings, Word};
use crate::version::PyVersion;
use crate::vm::output::Stream;

/// The format's name, the text's first field, with its revision.
pub const TRACE_FORMAT: &str = "gil-lab-trace/1";

/// One value of the text. Every object is written by [`object`] from a list of these, so
/// that the writer is a few small loops rather than a format string per record (it is part
/// of the page's WebAssembly).
enum Field<'a> {
    Num(u64),
    Int(i64),
    Text(&'a str),
    Bool(bool),
    Null,
    /// Already written JSON.
    Json(String),
}

impl Simulation {
    /// The run as JSON (see the module's comment); `version` and `settings` are what it ran
    /// under.
    #[inline(never)]
    pub fn to_json(&self, version: PyVersion, settings: &Settings) -> String {
        use Field::{Bool, Int, Json, Null, Num, Text};
        let (major, minor) = version.major_minor();
        let python = format!("{major}.{minor}");
        let settings = object(&[
            ("gil", Text(settings.gil.word())),
            ("cores", Num(settings.cores.into())),
            ("switch_interval_ps", Num(settings.switch_interval.0)),
            ("seed", Num(settings.seed)),
            ("io_latency_ps", Num(settings.io_latency.0)),
            ("os", Text(settings.os.word())),
            ("run_as", Text(settings.run_as.word())),
        ]);
        let names = |names: &[String]| list(names, |name| json_string(name));
        let locks = list(&self.lock_names, |(id, name)| {
            object(&[("id", Num(id.0.into())), ("name", Text(name))])
        });
        let events = list(&self.trace.events, |(time, process, event)| {
            let mut fields = vec![("t_ps", Num(time.0)), ("process", Num((*process).into()))];
            match event {
                TraceEvent::State { thread, activity } => {
                    fields.push(("kind", Text("state")));
                    fields.push(("thread", Num(thread.0.into())));
                    fields.push(("activity", Text(activity_word(*activity))));
                    match activity {
                        ThreadActivity::BlockedOnLock(lock) => {
                            fields.push(("lock", Num(lock.0.into())));
                        }
                        ThreadActivity::BlockedOnJoin(target) => {
                            fields.push(("joins", Num(target.0.into())));
                        }
                        ThreadActivity::BlockedOnProcess(process) => {
                            fields.push(("joins_process", Num((*process).into())));
                        }
                        _ => {}
                    }
                }
                TraceEvent::GilHandoff { from, to, forced } => {
                    fields.push(("kind", Text("gil_handoff")));
                    fields.push(("from", from.map_or(Null, |f| Num(f.0.into()))));
                    fields.push(("to", Num(to.0.into())));
                    fields.push(("forced", Bool(*forced)));
                }
                TraceEvent::DropRequest { by } => {
                    fields.push(("kind", Text("drop_request")));
                    fields.push(("by", Num(by.0.into())));
                }
                TraceEvent::Lock {
                    thread,
                    lock,
                    taken,
                } => {
                    fields.push(("kind", Text("lock")));
                    fields.push(("thread", Num(thread.0.into())));
                    fields.push(("lock", Num(lock.0.into())));
                    fields.push(("taken", Bool(*taken)));
                }
            }
            object(&fields)
        });
        let cores = list(&self.trace.cores, |change| {
            object(&[
                ("t_ps", Num(change.time.0)),
                ("process", Num(change.process.into())),
                ("core", Num(change.core.into())),
                ("thread", change.thread.map_or(Null, |t| Num(t.0.into()))),
            ])
        });
        let memory = list(&self.trace.memory, |sample| {
            let held = list(&sample.threads, |(thread, bytes)| {
                format!("[{},{bytes}]", thread.0)
            });
            object(&[
                ("t_ps", Num(sample.time.0)),
                ("process", Num(sample.process.into())),
                ("total_bytes", Num(sample.total)),
                ("held_by_thread", Json(held)),
            ])
        });
        let lost = list(&self.lost_update_details, |lost| {
            object(&[
                ("t_ps", Num(lost.time.0)),
                ("thread", Num(lost.thread.into())),
                ("text", Text(&lost.describe())),
            ])
        });
        let findings = list(&self.findings, |finding| {
            let (kind, text) = match finding {
                Finding::Deadlock(found) => ("deadlock", &found.text),
                Finding::Refcount(found) => ("refcount", &found.text),
            };
            object(&[("kind", Text(kind)), ("text", Text(text))])
        });
        let output = list(&self.output.writes, |write| {
            let stream = match write.stream {
                Stream::Stdout => "stdout",
                Stream::Stderr => "stderr",
            };
            object(&[
                ("t_ps", Num(write.time.0)),
                ("process", Num(write.process.into())),
                ("thread", Num(write.thread.into())),
                ("stream", Text(stream)),
                ("text", Text(&write.text)),
            ])
        });
        object(&[
            ("format", Text(TRACE_FORMAT)),
            ("python", Text(&python)),
            ("settings", Json(settings)),
            ("exit_status", Int(self.ending.status().into())),
            ("virtual_time_ps", Num(self.virtual_time.0)),
            ("instructions", Num(self.instructions)),
            ("threads", Json(names(&self.thread_names))),
            ("processes", Json(names(&self.process_names))),
            ("locks", Json(locks)),
            ("events", Json(events)),
            ("cores", Json(cores)),
            ("memory", Json(memory)),
            (
                "lost_updates",
                Json(object(&[
                    ("count", Num(self.lost_updates)),
                    ("first", Json(lost)),
                ])),
            ),
            ("findings", Json(findings)),
            ("output", Json(output)),
        ])
    }
}

/// A JSON object of `fields`, in order.
fn object(fields: &[(&str, Field)]) -> String {
    let mut out = String::from("{");
    for (index, (key, value)) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        string(&mut out, key);
        out.push(':');
        match value {
            Field::Num(n) => out.push_str(&n.to_string()),
            Field::Int(n) => out.push_str(&n.to_string()),
            Field::Text(text) => string(&mut out, text),
            Field::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Field::Null => out.push_str("null"),
            Field::Json(json) => out.push_str(json),
        }
    }
    out.push('}');
    out
}

/// A thread's activity as one word of the format.
fn activity_word(activity: ThreadActivity) -> &'static str {
    match activity {
        ThreadActivity::RunningWithGil => "running_with_gil",
        ThreadActivity::Running => "running",
        ThreadActivity::WaitingForGil => "waiting_for_gil",
        ThreadActivity::WaitingForCore => "waiting_for_core",
        ThreadActivity::BlockedOnLock(_) => "blocked_on_lock",
        ThreadActivity::BlockedOnJoin(_) => "blocked_on_join",
        ThreadActivity::BlockedOnProcess(_) => "blocked_on_process",
        ThreadActivity::BlockedOnQueue => "blocked_on_queue",
        ThreadActivity::Sleeping => "sleeping",
        ThreadActivity::InIo => "in_io",
        ThreadActivity::Starting => "starting",
        ThreadActivity::Done => "done",
    }
}

/// `items` as a JSON array, each written by `item`.
fn list<T>(items: &[T], item: impl Fn(&T) -> String) -> String {
    let parts: Vec<String> = items.iter().map(item).collect();
    format!("[{}]", parts.join(","))
}

/// `text` as a JSON string literal.
pub fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    string(&mut out, text);
    out
}

/// Writes `text` as a JSON string literal.
fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Budget;

    #[test]
    fn text_is_escaped_as_json_wants() {
        assert_eq!(
            json_string("a \"b\"\\\n\t\u{1}é"),
            "\"a \\\"b\\\"\\\\\\n\\t\\u0001é\""
        );
    }

    #[test]
    fn every_event_sample_and_write_of_the_run_is_in_the_text() {
        let source = "import threading, time\n\
                      lock = threading.Lock()\n\
                      def work():\n    data = list(range(50_000))\n    with lock:\n        time.sleep(0.01)\n    print('done \"', len(data))\n\
                      ts = [threading.Thread(target=work) for _ in range(2)]\n\
                      for t in ts:\n    t.start()\n\
                      for t in ts:\n    t.join()\n";
        let settings = Settings::default();
        let sim = crate::simulate(
            source,
            PyVersion::Py311,
            "t.py",
            settings,
            Budget::default(),
        )
        .unwrap_or_else(|_| panic!("compiles"));
        let text = sim.to_json(PyVersion::Py311, &settings);
        assert!(text.starts_with("{\"format\":\"gil-lab-trace/1\",\"python\":\"3.11\""));
        let count = |needle: &str| text.matches(needle).count();
        let states = sim
            .trace
            .events
            .iter()
            .filter(|(_, _, e)| matches!(e, TraceEvent::State { .. }))
            .count();
        assert_eq!(count("\"kind\":\"state\""), states);
        assert_eq!(count("\"total_bytes\":"), sim.trace.memory.len());
        assert!(!sim.trace.memory.is_empty());
        assert_eq!(count("\"stream\":"), sim.output.writes.len());
        assert_eq!(
            count("\"t_ps\":"),
            states
                + count("\"kind\":\"gil_handoff\"")
                + count("\"kind\":\"lock\"")
                + count("\"kind\":\"drop_request\"")
                + sim.trace.cores.len()
                + sim.trace.memory.len()
                + sim.output.writes.len()
                + sim.lost_update_details.len()
        );
        assert!(
            text.contains("\"threads\":[\"MainThread\",\"Thread-1 (work)\",\"Thread-2 (work)\"]")
        );
        assert!(text.contains("\"text\":\"done \\\"\""));
        assert_eq!(count("{"), count("}"));
        assert_eq!(count("["), count("]"));
    }
}
