//! Processes (docs/cpython.md §7): starting one by fork (a copy of the parent's memory) or by spawn
//! and forkserver (a fresh interpreter that re-imports the main module and unpickles the
//! process object), joining, ending, being killed (`terminate()`, `kill()`), and what processes
//! share: queues, and the memory under `multiprocessing.Value`, `Array` and shared locks. Start
//! costs are the medians measured on this machine kind: fork 3–8 ms, forkserver 15–27 ms, spawn
//! 74–81 ms for a start plus join of a process that does nothing.

use std::rc::Rc;

use crate::PyVersion;
use crate::sched::Ending;
use crate::sched::deadlock::{self, Blocked, WaitsFor};
use crate::sched::threads::ProcState;
use crate::sched::trace::ThreadActivity;
use crate::sched::{GilMode, Os, Process, RunAs, Scheduler, SimThread, Status};
use crate::vm::builtins::Request;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::object::NativeObj;
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::pickle::{MainOrigin, Pickled};
use crate::vm::sync::ThreadIndex;
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

/// `multiprocessing`'s default start method for a version and OS.
pub fn default_start_method(version: PyVersion, os: Os) -> &'static str {
    let _ = version;
    match os {
        Os::Linux => "fork",
        Os::MacOs | Os::Windows => "spawn",
    }
}

/// True for the requests only the scheduler (which sees every process) can answer.
pub fn is_cross_process(request: &Request) -> bool {
    matches!(
        request,
        Request::StartProcess { .. }
            | Request::ProcessJoin { .. }
            | Request::QueuePut { .. }
            | Request::QueueGet { .. }
            | Request::QueueSize { .. }
            | Request::MemGet { .. }
            | Request::MemSet { .. }
            | Request::MemAdd { .. }
            | Request::ProcessKill { .. }
    )
}

/// Time the parent spends in `start()`, and until the child runs its first instruction.
fn start_costs(method: &str) -> (VTime, VTime) {
    match method {
        "fork" => (VTime::from_nanos(1_000_000), VTime::from_nanos(2_000_000)),
        "forkserver" => (VTime::from_nanos(2_000_000), VTime::from_nanos(15_000_000)),
        _ => (VTime::from_nanos(2_000_000), VTime::from_nanos(60_000_000)),
    }
}

/// From a child's end until its parent's `join()` returns (exit, `waitpid`).
const EXIT_COST: VTime = VTime(1_000_000_000);

/// The first pid handed out; the program's own process has this one.
const FIRST_PID: u32 = 4242;

/// What a spawned child runs first (its traceback shows `<string>`, as CPython's does).
const SPAWN_BOOTSTRAP: &str = "from _mp_spawn import spawn_main; spawn_main()\n";

impl Scheduler<'_> {
    /// Answers a request that involves more than one process.
    pub(super) fn cross_process(
        &mut self,
        p: usize,
        who: ThreadIndex,
        now: VTime,
        request: Request,
    ) {
        match request {
            Request::StartProcess {
                process,
                daemon,
                pickled,
            } => {
                let pid = self.start_process(p, who, now, process, daemon, pickled);
                let ctx = self.ctx(p);
                let pid_value = Value::small_int(i64::from(pid));
                ctx.st.threads[who.0 as usize].resume_with = Some(pid_value);
            }
            Request::ProcessJoin { pid, timeout } => {
                let target = self.processes.iter().position(|q| self.pid_of(q) == pid);
                let ended = target.is_none_or(|t| self.processes[t].ended.is_some());
                let mut ctx = self.ctx(p);
                if ended || timeout == Some(VTime(0)) {
                    ctx.st.threads[who.0 as usize].resume_with = Some(Value::NONE);
                } else if let Some(target) = target {
                    let deadline = timeout.map(|t| VTime(now.0.saturating_add(t.0)));
                    ctx.block(
                        who,
                        now,
                        Status::OnProcess {
                            process: target,
                            deadline,
                        },
                        ThreadActivity::BlockedOnProcess(target as u32),
                    );
                }
            }
            Request::QueuePut { queue, item } => {
                self.sh.queue(queue).push_back(item);
                self.ctx(p).st.threads[who.0 as usize].resume_with = Some(Value::NONE);
                self.feed_queue_getters(queue, now);
            }
            Request::QueueGet { queue, timeout } => {
                let item = self.sh.queue(queue).pop_front();
                let mut ctx = self.ctx(p);
                match item {
                    Some(item) => {
                        let value = crate::vm::builtins::native_value(
                            ctx.vm,
                            NativeObj::Pickled(Rc::new(item)),
                        );
                        ctx.st.threads[who.0 as usize].resume_with = Some(value);
                    }
                    None if timeout == Some(VTime(0)) => {
                        ctx.st.threads[who.0 as usize].resume_with = Some(Value::NONE);
                    }
                    None => {
                        let deadline = timeout.map(|t| VTime(now.0.saturating_add(t.0)));
                        ctx.block(
                            who,
                            now,
                            Status::OnQueue { queue, deadline },
                            ThreadActivity::BlockedOnQueue,
                        );
                    }
                }
            }
            Request::QueueSize { queue } => {
                let size = self.sh.queue(queue).len() as i64;
                self.ctx(p).st.threads[who.0 as usize].resume_with = Some(Value::small_int(size));
            }
            Request::MemGet { key } => {
                let item = self.sh.memory_at(key).cloned().unwrap_or(Pickled::None);
                let ctx = self.ctx(p);
                let value =
                    crate::vm::builtins::native_value(ctx.vm, NativeObj::Pickled(Rc::new(item)));
                ctx.st.threads[who.0 as usize].resume_with = Some(value);
            }
            Request::MemSet { key, value } => {
                self.sh.set_memory(key, value);
                self.ctx(p).st.threads[who.0 as usize].resume_with = Some(Value::NONE);
            }
            Request::MemAdd { key, delta } => {
                let old = match self.sh.memory_at(key) {
                    Some(Pickled::Int(i)) => *i,
                    _ => 0,
                };
                let new = old.saturating_add(delta);
                self.sh.set_memory(key, Pickled::Int(new));
                let ctx = self.ctx(p);
                let value = ctx.vm.int_value(new);
                ctx.st.threads[who.0 as usize].resume_with = Some(value);
            }
            Request::ProcessKill { pid, signal } => {
                let target = self.processes.iter().position(|q| self.pid_of(q) == pid);
                if let Some(target) = target
                    && target != p
                    && self.processes[target].ended.is_none()
                {
                    self.kill_process(target, now, -signal);
                }
                self.ctx(p).st.threads[who.0 as usize].resume_with = Some(Value::NONE);
            }
            other => {
                let _ = other;
            }
        }
    }

    /// Process `p` receives a fatal signal at `now`: its threads stop where they are and it
    /// ends with exit code `code` (`-signal`).
    fn kill_process(&mut self, p: usize, now: VTime, code: i32) {
        let mut ctx = self.ctx(p);
        for index in 0..ctx.st.threads.len() {
            let thread = &mut ctx.st.threads[index];
            if thread.status == Status::Done {
                continue;
            }
            if let Status::OnLock { lock, .. } = thread.status {
                let state = ctx.vm.locks.get_mut(lock);
                state.waiters = state.waiters.saturating_sub(1);
            }
            let thread = &mut ctx.st.threads[index];
            thread.status = Status::Done;
            thread.gil_wait = None;
            thread.retry = None;
            let at = now.max(thread.clock);
            thread.clock = at;
            let who = ThreadIndex(index as u32);
            ctx.set_activity(who, at, ThreadActivity::Done);
            if ctx.st.gil.holder == Some(who) {
                ctx.st.gil.holder = None;
            }
        }
        self.process_ended(p, code);
    }

    fn pid_of(&self, process: &Process) -> u32 {
        match process.vm.as_ref() {
            Some(vm) => vm.pid,
            None => self.main_vm.pid,
        }
    }

    /// Hands queued items to threads waiting on `queue` (any process; one item each).
    fn feed_queue_getters(&mut self, queue: u32, now: VTime) {
        for p in 0..self.processes.len() {
            for index in 0..self.processes[p].st.threads.len() {
                let waiting = matches!(
                    self.processes[p].st.threads[index].status,
                    Status::OnQueue { queue: q, .. } if q == queue
                );
                if !waiting {
                    continue;
                }
                let Some(item) = self.sh.queue(queue).pop_front() else {
                    return;
                };
                let mut ctx = self.ctx(p);
                let value =
                    crate::vm::builtins::native_value(ctx.vm, NativeObj::Pickled(Rc::new(item)));
                let at = now.max(ctx.st.threads[index].clock);
                ctx.wake(ThreadIndex(index as u32), at, value);
            }
        }
    }

    /// Creates a child of process `p` that runs `process._bootstrap()`; returns its pid.
    fn start_process(
        &mut self,
        p: usize,
        who: ThreadIndex,
        now: VTime,
        process: Value,
        daemon: bool,
        pickled: Option<crate::vm::pickle::Pickled>,
    ) -> u32 {
        let index = self.processes.len();
        let pid = FIRST_PID + index as u32;
        let settings = self.sh.settings;
        let parent = self.ctx(p);
        let method = Rc::clone(&parent.vm.start_method);
        let (parent_cost, child_cost) = start_costs(&method);
        let parent_pid = parent.vm.pid;
        let mut child = match pickled {
            None => {
                let mut child = parent.vm.clone();
                child.output = Default::default();
                child
            }
            Some(data) => {
                let mut child = Vm::new(parent.vm.version, &parent.vm.file_name, &parent.vm.source);
                child.main_origin = match settings.run_as {
                    RunAs::Script => MainOrigin::ReImported(Rc::clone(&parent.vm.file_name)),
                    RunAs::Notebook => MainOrigin::BuiltIn,
                };
                child.spawn_data = Some(data);
                child.instruction_limit = parent.vm.instruction_limit;
                child.start_method = Rc::clone(&method);
                child
            }
        };
        let name_symbol = parent.vm.interner.intern("_name");
        let name = parent
            .vm
            .get_attr_sync(process, name_symbol)
            .ok()
            .and_then(|v| {
                let text = parent.vm.as_str(v).cloned();
                parent.vm.heap.decref(v);
                text
            });
        parent.vm.heap.decref(process);
        parent.vm.children.push((pid, None));
        child.process_name = name.unwrap_or_else(|| Rc::from("Process"));
        child.pid = pid;
        child.parent_pid = parent_pid;
        child.thread_names = vec![Rc::from("MainThread")];
        child.thread_index = 0;
        child.instructions = 0;
        child.cpu_time = VTime(0);
        child.stop = None;
        child.exitcode = None;
        child.children = Vec::new();
        child.switch_anywhere = settings.gil != GilMode::On;
        // The parent pays for the fork or the spawn before start() returns.
        let caller = &mut self.processes[p].st.threads[who.0 as usize];
        caller.clock = VTime(caller.clock.0 + parent_cost.0);
        let start = VTime(now.0 + parent_cost.0 + child_cost.0);
        let mut state = ThreadState::new();
        let entered = match child.spawn_data.is_some() {
            false => enter_bootstrap(&mut child, &mut state, process),
            true => enter_spawn_main(&mut child, &mut state),
        };
        if !entered {
            child.write_output(
                Stream::Stderr,
                "GIL Lab: the child process could not start its bootstrap\n",
            );
        }
        // A forked child leaves with os._exit (no atexit); a spawned one exits as a program.
        let mut st = ProcState {
            runs_atexit: !matches!(&*method, "fork"),
            ..ProcState::default()
        };
        let mut thread = SimThread::new(state, start);
        thread.status = if entered {
            Status::Runnable
        } else {
            Status::Done
        };
        st.threads.push(thread);
        self.processes.push(Process {
            vm: Some(Box::new(child)),
            st,
            parent: Some(p),
            daemon,
            exitcode: None,
            ended: None,
        });
        if entered {
            let mut ctx = self.ctx(index);
            if ctx.gil_on() {
                ctx.take_gil(ThreadIndex(0), start, None, false);
            } else {
                ctx.set_activity(ThreadIndex(0), start, ThreadActivity::Running);
            }
        }
        pid
    }

    /// Process `p`'s threads have all finished: it exits, its parent learns the code, and
    /// whoever joins it wakes. When the program's own process ends, daemon children die.
    pub(super) fn end_process(&mut self, p: usize) {
        let code = {
            let ctx = self.ctx(p);
            match (&ctx.st.main_status, ctx.vm.exitcode) {
                (Some(Ending::Exited(code)), _) => *code,
                (Some(_), _) => 1,
                (None, Some(code)) => code,
                (None, None) => 0,
            }
        };
        self.process_ended(p, code);
    }

    /// Process `p` ended with `code`: its parent learns the code and whoever joins it wakes.
    /// When the program's own process ends, daemon children die.
    fn process_ended(&mut self, p: usize, code: i32) {
        let ended = self.processes[p]
            .st
            .threads
            .iter()
            .map(|t| t.clock)
            .max()
            .unwrap_or(VTime(0));
        self.processes[p].ended = Some(ended);
        self.processes[p].exitcode = Some(code);
        self.memory_released(p, ended);
        let pid = self.pid_of(&self.processes[p]);
        if let Some(parent) = self.processes[p].parent {
            let ctx = self.ctx(parent);
            for entry in ctx.vm.children.iter_mut() {
                if entry.0 == pid {
                    entry.1 = Some(code);
                }
            }
        }
        let joined = VTime(ended.0 + EXIT_COST.0);
        for q in 0..self.processes.len() {
            let waiting: Vec<usize> = self.processes[q]
                .st
                .threads
                .iter()
                .enumerate()
                .filter(
                    |(_, t)| matches!(t.status, Status::OnProcess { process, .. } if process == p),
                )
                .map(|(i, _)| i)
                .collect();
            for index in waiting {
                self.ctx(q)
                    .wake(ThreadIndex(index as u32), joined, Value::NONE);
            }
        }
        if p == 0 {
            for q in 1..self.processes.len() {
                if self.processes[q].daemon && self.processes[q].ended.is_none() {
                    for thread in self.processes[q].st.threads.iter_mut() {
                        thread.status = Status::Done;
                    }
                    self.processes[q].ended = Some(ended);
                    self.processes[q].exitcode = Some(-15);
                }
            }
        }
    }

    /// The deadlock: the blocked threads of the first process that has any.
    pub(super) fn describe_deadlock(&mut self) -> deadlock::Deadlock {
        for p in 0..self.processes.len() {
            let daemons: Vec<usize> = {
                let mut ctx = self.ctx(p);
                (1..ctx.st.threads.len())
                    .filter(|i| ctx.is_daemon(ThreadIndex(*i as u32)))
                    .collect()
            };
            let blocked: Vec<Blocked> = {
                let ctx = self.ctx(p);
                ctx.st
                    .threads
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| {
                        let on = match t.status {
                            Status::OnLock { lock, .. } => WaitsFor::Lock(lock),
                            Status::OnJoin { target, .. } => WaitsFor::Thread(target),
                            Status::OnProcess { process, .. } => WaitsFor::Process(process as u32),
                            Status::OnQueue { .. } => WaitsFor::Queue,
                            _ => return None,
                        };
                        Some(Blocked {
                            thread: ThreadIndex(i as u32),
                            on,
                            place: ctx.vm.program_place(&t.state),
                            daemon: i > 0 && daemons.contains(&i),
                        })
                    })
                    .collect()
            };
            if !blocked.is_empty() {
                let ctx = self.ctx(p);
                return deadlock::describe(ctx.vm, &blocked);
            }
        }
        deadlock::describe(&self.main_vm, &[])
    }
}

/// A forked child's main thread calls `process._bootstrap()` on its copy of the object.
fn enter_bootstrap(child: &mut Vm, state: &mut ThreadState, process: Value) -> bool {
    let name = child.sym("_bootstrap");
    let Ok(method) = child.get_attr_sync(process, name) else {
        return false;
    };
    matches!(
        child.call_object(state, method, Vec::new(), Vec::new(), OnReturn::ThreadExit),
        Ok(Called::Frame)
    )
}

/// A spawned child's main thread runs the spawn bootstrap as `<string>`.
fn enter_spawn_main(child: &mut Vm, state: &mut ThreadState) -> bool {
    let compiled = crate::compile(SPAWN_BOOTSTRAP, child.version);
    let Some(code) = compiled.code else {
        return false;
    };
    // CPython has no source for `<string>`: its traceback shows no line there.
    child.loading_library = Some((Rc::from("<string>"), Rc::from("")));
    let code_id = child.load_code(&code);
    child.loading_library = None;
    *state = child.module_thread(code_id, child.main_globals, OnReturn::ThreadExit);
    true
}
