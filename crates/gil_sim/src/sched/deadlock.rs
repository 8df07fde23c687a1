//! Deadlock: the main thread or a non-daemon thread waits for something that can never
//! happen (daemon threads alone never hold a program up: they stop at exit). The description
//! names the wait-for cycle when there is one, in the program's own terms: threads by name,
//! locks by the name the program reaches them with (`account1.lock`, `cond`), and waits inside
//! the library by the program's call (`q.get()` at line 9), never a line of the library.

use crate::vm::builtins::threads::lock_of;
use crate::vm::object::Obj;
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::Value;
use crate::vm::{ProgramPlace, Vm};

/// What a blocked thread waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitsFor {
    Lock(LockId),
    Thread(ThreadIndex),
    /// A child process (by index) to end.
    Process(u32),
    /// An item on a multiprocessing queue.
    Queue,
}

/// A blocked thread, what it waits for, and where in the program it waits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub thread: ThreadIndex,
    pub on: WaitsFor,
    pub place: ProgramPlace,
    /// A daemon thread holds nothing up by itself.
    pub daemon: bool,
}

/// One thread of the deadlock: what it waits for and where, and the locks it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleStep {
    pub thread: ThreadIndex,
    pub thread_name: String,
    /// What it waits for, as a noun phrase ("account2.lock", "Thread-1 (worker) to finish").
    pub waits_for: String,
    /// Where it waits, in the program's terms ("at line 19", "in `q.get()` at line 9", "at
    /// exit").
    pub place: String,
    pub line: u32,
    /// The program's locks it holds, with the line each was taken at.
    pub held: Vec<(String, u32)>,
    /// The whole clause: "Thread-1 holds a (taken at line 5) and waits for b at line 7".
    pub text: String,
}

/// A detected deadlock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    /// The cycle, if the waits form one (otherwise every blocked thread that holds the
    /// program up).
    pub cycle: Vec<CycleStep>,
    /// True when the steps form a wait-for cycle.
    pub is_cycle: bool,
    /// The explanation in words.
    pub text: String,
}

/// The name the program knows `lock` by, if it can reach it from `__main__`.
fn named(names: &[(LockId, String)], lock: LockId) -> Option<&str> {
    names
        .iter()
        .find(|(id, _)| *id == lock)
        .map(|(_, n)| n.as_str())
}

/// Describes the blocked threads: the wait-for cycle among them, or those that hold the
/// program up (the main thread and non-daemon threads).
pub fn describe(vm: &Vm, blocked: &[Blocked]) -> Deadlock {
    let names = lock_names(vm);
    // A lock wait leads to the lock's holder when the program took or named that lock; a
    // condition's private waiter lock, say, is the library's and leads nowhere.
    let next_of = |b: &Blocked| -> Option<ThreadIndex> {
        match b.on {
            WaitsFor::Lock(lock) if b.place.call.is_none() || named(&names, lock).is_some() => {
                vm.locks.get(lock).holder
            }
            WaitsFor::Thread(target) => Some(target),
            WaitsFor::Lock(_) | WaitsFor::Process(_) | WaitsFor::Queue => None,
        }
    };
    let mut cycle_threads: Vec<ThreadIndex> = Vec::new();
    'search: for start in blocked.iter().filter(|b| !b.daemon) {
        let mut path = vec![start.thread];
        let mut current = start;
        while let Some(next) = next_of(current) {
            if let Some(position) = path.iter().position(|t| *t == next) {
                cycle_threads = path[position..].to_vec();
                break 'search;
            }
            let Some(found) = blocked.iter().find(|b| b.thread == next) else {
                break;
            };
            path.push(next);
            current = found;
        }
    }
    let is_cycle = !cycle_threads.is_empty();
    let members: Vec<&Blocked> = if is_cycle {
        cycle_threads
            .iter()
            .filter_map(|t| blocked.iter().find(|b| b.thread == *t))
            .collect()
    } else {
        blocked.iter().filter(|b| !b.daemon).collect()
    };
    let thread_name = |t: ThreadIndex| -> String {
        vm.thread_names
            .get(t.0 as usize)
            .map_or_else(|| format!("thread {}", t.0), |n| n.to_string())
    };
    let cycle: Vec<CycleStep> = members
        .iter()
        .map(|b| {
            let held: Vec<(String, u32)> = vm
                .locks
                .held_by(b.thread)
                .into_iter()
                .filter_map(|lock| {
                    let taken = vm.locks.get(lock).taken_at;
                    let name = match named(&names, lock) {
                        Some(name) => name.to_string(),
                        None if taken.by_program => "a lock".to_string(),
                        None => return None,
                    };
                    Some((name, taken.line))
                })
                .collect();
            let (waits_for, place) = wait_words(vm, &names, b, &thread_name);
            let holds = if held.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = held
                    .iter()
                    .map(|(name, line)| format!("{name} (taken at line {line})"))
                    .collect();
                format!("holds {} and ", list.join(", "))
            };
            let name = thread_name(b.thread);
            let text = match (&b.place.call, b.on) {
                (Some(_), _) if waits_for.is_empty() => format!("{name} {holds}waits {place}"),
                (None, WaitsFor::Lock(_)) => format!("{name} {holds}waits for {waits_for} {place}"),
                _ => format!("{name} {holds}waits {place} for {waits_for}"),
            };
            CycleStep {
                thread: b.thread,
                thread_name: name,
                waits_for,
                place,
                line: b.place.line,
                held,
                text,
            }
        })
        .collect();
    let parts: Vec<&str> = cycle.iter().map(|step| step.text.as_str()).collect();
    let text = if is_cycle {
        format!("Wait-for cycle: {}", parts.join("; "))
    } else {
        format!("No thread can go on: {}", parts.join("; "))
    };
    Deadlock {
        cycle,
        is_cycle,
        text,
    }
}

/// What a blocked thread waits for (a noun phrase, empty for a wait inside the library on
/// nothing the program can name) and where ("at line 19", "in `q.get()` at line 9", "at
/// exit").
fn wait_words(
    vm: &Vm,
    names: &[(LockId, String)],
    b: &Blocked,
    thread_name: &dyn Fn(ThreadIndex) -> String,
) -> (String, String) {
    let place = &b.place;
    let at = match &place.call {
        _ if place.line == 0 => "at exit".to_string(),
        Some(call) => format!("in `{call}` at line {}", place.line),
        None => format!("at line {}", place.line),
    };
    let what = match b.on {
        WaitsFor::Lock(lock) => {
            let holder = vm.locks.get(lock).holder;
            match (named(names, lock), &place.call) {
                (Some(name), Some(_)) => match holder {
                    Some(h) if h != b.thread => format!("{name}, held by {}", thread_name(h)),
                    _ => String::new(),
                },
                (Some(name), None) => name.to_string(),
                (None, None) => "a lock".to_string(),
                (None, Some(_)) => String::new(),
            }
        }
        WaitsFor::Thread(target) => format!("{} to finish", thread_name(target)),
        WaitsFor::Process(index) => format!("child process {index} to end"),
        WaitsFor::Queue => "an item on a queue".to_string(),
    };
    (what, at)
}

/// Names for the locks the program can reach from `__main__`'s globals: `name`, or
/// `name.attribute` for a lock in an instance's attribute. A lock in a private attribute
/// (`cond._lock`, a library object's own) is named after its object (`cond`).
pub fn lock_names(vm: &Vm) -> Vec<(LockId, String)> {
    let mut out = Vec::new();
    let Some(Obj::Dict(globals)) = vm.heap.obj(Value::obj(vm.main_globals)) else {
        return out;
    };
    for (key, value) in globals.iter() {
        let Some(name) = vm.as_str(key) else {
            continue;
        };
        if let Some((lock, _)) = lock_of(vm, value) {
            out.push((lock, name.to_string()));
            continue;
        }
        if let Some(Obj::Instance(instance)) = vm.heap.obj(value) {
            for (attr, slot) in vm.instance_attributes(instance) {
                if let Some((lock, _)) = lock_of(vm, slot)
                    && out.iter().all(|(id, _)| *id != lock)
                {
                    let shown = if attr.starts_with('_') {
                        name.to_string()
                    } else {
                        format!("{name}.{attr}")
                    };
                    out.push((lock, shown));
                }
            }
        }
    }
    out
}
