//! Deadlock: every thread that has not finished waits for a lock or a join that can never
//! complete. The description names the wait-for cycle (threads, locks, lines) when there is
//! one, and the lock by the name the program reaches it with (`account1.lock`).

use crate::vm::Vm;
use crate::vm::builtins::threads::lock_of;
use crate::vm::object::Obj;
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::Value;

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

/// A blocked thread, what it waits for, and the line it waits at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub thread: ThreadIndex,
    pub on: WaitsFor,
    pub line: u32,
}

/// One step of a wait-for cycle: `thread` (at `line`) waits for `lock`, held by the next
/// step's thread, which took it at `held_line`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleStep {
    pub thread: ThreadIndex,
    pub thread_name: String,
    pub waits_for: String,
    pub line: u32,
    pub held: Vec<(String, u32)>,
}

/// A detected deadlock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadlock {
    /// The cycle, if the waits form one (otherwise every blocked thread).
    pub cycle: Vec<CycleStep>,
    /// True when the steps form a wait-for cycle.
    pub is_cycle: bool,
    /// The explanation in words.
    pub text: String,
}

/// Describes the blocked threads: the wait-for cycle among them, or all of them.
pub fn describe(vm: &Vm, blocked: &[Blocked]) -> Deadlock {
    let next_of = |b: &Blocked| -> Option<ThreadIndex> {
        match b.on {
            WaitsFor::Lock(lock) => vm.locks.get(lock).holder,
            WaitsFor::Thread(target) => Some(target),
            WaitsFor::Process(_) | WaitsFor::Queue => None,
        }
    };
    let mut cycle_threads: Vec<ThreadIndex> = Vec::new();
    'search: for start in blocked {
        let mut path = vec![start.thread];
        let mut current = *start;
        while let Some(next) = next_of(&current) {
            if let Some(position) = path.iter().position(|t| *t == next) {
                cycle_threads = path[position..].to_vec();
                break 'search;
            }
            let Some(found) = blocked.iter().find(|b| b.thread == next) else {
                break;
            };
            path.push(next);
            current = *found;
        }
    }
    let is_cycle = !cycle_threads.is_empty();
    let members: Vec<Blocked> = if is_cycle {
        cycle_threads
            .iter()
            .filter_map(|t| blocked.iter().find(|b| b.thread == *t).copied())
            .collect()
    } else {
        blocked.to_vec()
    };
    let names = lock_names(vm);
    let lock_name = |lock: LockId| -> String {
        names
            .iter()
            .find(|(id, _)| *id == lock)
            .map_or_else(|| format!("lock #{}", lock.0 + 1), |(_, n)| n.clone())
    };
    let cycle: Vec<CycleStep> = members
        .iter()
        .map(|b| CycleStep {
            thread: b.thread,
            thread_name: vm.thread_names[b.thread.0 as usize].to_string(),
            waits_for: match b.on {
                WaitsFor::Lock(lock) => lock_name(lock),
                WaitsFor::Thread(target) => {
                    format!("{} to finish", vm.thread_names[target.0 as usize])
                }
                WaitsFor::Process(index) => format!("child process {index} to end"),
                WaitsFor::Queue => "an item on a queue".to_string(),
            },
            line: b.line,
            held: vm
                .locks
                .held_by(b.thread)
                .into_iter()
                .map(|lock| (lock_name(lock), vm.locks.get(lock).line))
                .collect(),
        })
        .collect();
    let parts: Vec<String> = cycle
        .iter()
        .map(|step| {
            let held = if step.held.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = step
                    .held
                    .iter()
                    .map(|(name, line)| format!("{name} (taken at line {line})"))
                    .collect();
                format!("holds {} and ", list.join(", "))
            };
            format!(
                "{} {held}waits for {} at line {}",
                step.thread_name, step.waits_for, step.line
            )
        })
        .collect();
    let text = if is_cycle {
        format!("Wait-for cycle: {}", parts.join("; "))
    } else {
        format!("Every thread is blocked forever: {}", parts.join("; "))
    };
    Deadlock {
        cycle,
        is_cycle,
        text,
    }
}

/// Names for the locks the program can reach from `__main__`'s globals: `name` or
/// `name.attribute`.
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
                if let Some((lock, _)) = lock_of(vm, slot) {
                    out.push((lock, format!("{name}.{attr}")));
                }
            }
        }
    }
    out
}
