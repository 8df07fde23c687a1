//! The threads of one process: blocking and waking them, the GIL's protocol between them
//! (docs/cpython.md §1–§3), lock waits (§6), and the timed events that wake them. The scheduler
//! (`mod.rs`) decides which process's thread runs; everything inside one process is here.

use std::rc::Rc;

use crate::sched::Ending;
use crate::sched::choose::{Barge, ForcedSwitch, GilTaker, GilTimeouts, LockWaiters, OldGilCheck};
use crate::sched::gil::{self, Gil, GilWait};
use crate::sched::trace::{ThreadActivity, TraceEvent};
use crate::sched::{Retry, Shared, SimThread, Status};
use crate::vm::builtins::Request;
use crate::vm::builtins::threads::ident_of;
use crate::vm::eval::Exit;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

/// When a thread's timed wait ends, if it is in one: its OS thread starts, a sleep or I/O is
/// over, or a wait with a timeout times out.
pub fn wait_ends(status: Status) -> Option<VTime> {
    match status {
        Status::Sleeping { until } | Status::Io { until } => Some(until),
        Status::Starting { at } => Some(at),
        Status::OnLock { deadline, .. }
        | Status::OnJoin { deadline, .. }
        | Status::OnProcess { deadline, .. }
        | Status::OnQueue { deadline, .. } => deadline,
        Status::Runnable | Status::Done => None,
    }
}

/// How far a process is in exiting (CPython's `Py_FinalizeEx`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shutdown {
    /// The main thread runs the program.
    #[default]
    Running,
    /// The main thread finished: it joins every non-daemon thread (`threading._shutdown`).
    JoiningThreads,
    /// It runs the `atexit` callbacks.
    AtExit,
    /// The interpreter is finalized: daemon threads never run again.
    Finalized,
}

/// The per-process state the scheduler keeps beside the process's VM.
#[derive(Clone)]
pub struct ProcState {
    pub threads: Vec<SimThread>,
    /// Where the process is in exiting.
    pub shutdown: Shutdown,
    /// Whether its exit runs the `atexit` callbacks (not in a forked child, which leaves with
    /// `os._exit`).
    pub runs_atexit: bool,
    pub gil: Gil,
    /// How the main thread ended, when it ended with an uncaught exception or `sys.exit`.
    pub main_status: Option<Ending>,
    /// Naive no-GIL mode: what the racy refcounts did.
    pub naive_findings: Vec<crate::sched::NaiveFinding>,
}

impl Default for ProcState {
    fn default() -> Self {
        ProcState {
            threads: Vec::new(),
            shutdown: Shutdown::Running,
            runs_atexit: true,
            gil: Gil::default(),
            main_status: None,
            naive_findings: Vec::new(),
        }
    }
}

/// One process's VM and state, with what all processes share, borrowed together.
pub struct Ctx<'a> {
    pub vm: &'a mut Vm,
    pub st: &'a mut ProcState,
    pub sh: &'a mut Shared,
    pub process: u32,
}

impl Ctx<'_> {
    pub fn gil_on(&self) -> bool {
        self.sh.settings.gil == crate::sched::GilMode::On
    }

    /// Runs `who` until `deadline` (at a switch point), a block or its end, while `busy`
    /// cores run.
    pub fn run_one(&mut self, who: ThreadIndex, deadline: VTime, busy: u64) -> Exit {
        let start = self.thread(who).clock;
        self.vm.clock = start;
        self.vm.thread_index = who.0;
        let thread = &mut self.st.threads[who.0 as usize];
        if let Some(value) = thread.resume_with.take() {
            thread.state.push(value);
        }
        let exit = self.vm.run_thread(&mut thread.state, deadline);
        let mut elapsed = self.vm.clock.0 - start.0;
        // Every busy core slows the others a little (shared caches, memory, clock boost).
        if busy > 1 {
            let factor = 1.0 + gil::PARALLEL_SLOWDOWN * (busy - 1) as f64;
            elapsed = (elapsed as f64 * factor) as u64;
        }
        self.vm.cpu_time.0 += self.vm.clock.0 - start.0;
        self.st.threads[who.0 as usize].clock = VTime(start.0 + elapsed);
        exit
    }

    /// Turns what the naive refcounts found during `who`'s run into findings with names,
    /// lines and words.
    pub fn collect_naive_findings(&mut self, who: ThreadIndex) {
        let Some(naive) = self.vm.heap.naive.as_mut() else {
            return;
        };
        let found = std::mem::take(&mut naive.findings);
        self.describe_naive(who, found);
    }

    /// At the end of a run: the live objects whose racy counts drifted.
    pub fn collect_naive_drift(&mut self) {
        let Some(naive) = self.vm.heap.naive.as_ref() else {
            return;
        };
        let found = naive.drift();
        self.describe_naive(ThreadIndex(0), found);
    }

    fn describe_naive(&mut self, who: ThreadIndex, found: Vec<crate::vm::naive::RefcountFinding>) {
        if found.is_empty() || self.st.naive_findings.len() >= 100 {
            return;
        }
        let line = self.vm.current_line(&self.st.threads[who.0 as usize].state);
        let time = self.st.threads[who.0 as usize].clock;
        let place = if line == 0 {
            "as it finished".to_string()
        } else {
            format!("near line {line}")
        };
        for kind in found {
            use crate::vm::naive::RefcountFinding;
            let (object, thread) = match &kind {
                RefcountFinding::FreedEarly { object, thread, .. }
                | RefcountFinding::UseAfterFree { object, thread } => (*object, Some(*thread)),
                RefcountFinding::Leak { object, .. } | RefcountFinding::Drift { object, .. } => {
                    (*object, None)
                }
            };
            let description = if self.vm.heap.is_freed(object) {
                "an object".to_string()
            } else {
                format!("a '{}' object", self.vm.type_name(Value::obj(object)))
            };
            let who_name = thread
                .and_then(|t| self.vm.thread_names.get(t as usize).map(|n| n.to_string()))
                .unwrap_or_else(|| "a thread".to_string());
            let text = match &kind {
                RefcountFinding::FreedEarly { remaining, .. } => format!(
                    "lost increment: {who_name} dropped the refcount of {description} to 0 {place} while {remaining} references remained; a naive interpreter frees it here"
                ),
                RefcountFinding::UseAfterFree { .. } => format!(
                    "use after free: {who_name} used {description} {place} after a naive interpreter freed it"
                ),
                RefcountFinding::Leak { stuck_at, .. } => format!(
                    "leak (lost decrement): {description} lost its last reference but its refcount is stuck at {stuck_at}; it is never freed"
                ),
                RefcountFinding::Drift {
                    true_count,
                    racy_count,
                    ..
                } if i64::from(*true_count) > *racy_count => format!(
                    "lost increments: {description} has {true_count} references but its refcount says {racy_count}; it would be freed while still in use"
                ),
                RefcountFinding::Drift {
                    true_count,
                    racy_count,
                    ..
                } => format!(
                    "lost decrements: {description} has {true_count} references but its refcount says {racy_count}; it would never be freed (leak)"
                ),
            };
            self.st.naive_findings.push(crate::sched::NaiveFinding {
                process: self.process,
                kind,
                thread,
                line,
                object: description,
                text,
                time,
            });
        }
    }

    /// Records a trace event of this process; a wait or a contended lock is recorded with its
    /// place in the program.
    fn record(&mut self, time: VTime, event: TraceEvent) {
        let who = match &event {
            TraceEvent::State { thread, activity } if activity.is_wait() => Some(*thread),
            TraceEvent::Lock { thread, .. } => Some(*thread),
            _ => None,
        };
        let place = who.map(|who| {
            self.vm
                .program_place(&self.st.threads[who.0 as usize].state)
        });
        self.sh.trace.push_at(time, self.process, event, place);
    }

    pub fn has_gil_waiters(&self) -> bool {
        self.st.threads.iter().enumerate().any(|(i, t)| {
            t.status == Status::Runnable && Some(ThreadIndex(i as u32)) != self.st.gil.holder
        })
    }

    pub fn handle_request(&mut self, who: ThreadIndex, now: VTime, request: Request) {
        match request {
            Request::Sleep(duration) => {
                // Linux wakes a sleeper up to its timer slack late, plus the wake-up itself:
                // `time.sleep(0.0001)` took 155–177 µs on this machine kind (docs/cpython.md §1).
                let until = VTime(
                    now.0
                        .saturating_add(duration.0)
                        .saturating_add(gil::SLEEP_OVERHEAD.0),
                );
                self.block(
                    who,
                    now,
                    Status::Sleeping { until },
                    ThreadActivity::Sleeping,
                );
            }
            Request::NetworkIo => {
                let mean = self.sh.settings.io_latency.0;
                let jitter = self.sh.rng.below(mean / 5 + 1);
                let until = VTime(now.0 + mean - mean / 10 + jitter);
                self.block(who, now, Status::Io { until }, ThreadActivity::InIo);
            }
            Request::StartThread { func, args, kwargs } => {
                self.vm.races.enabled = true;
                if self.sh.settings.gil == crate::sched::GilMode::Naive {
                    self.vm.heap.start_naive(self.sh.settings.seed);
                }
                if self.sh.settings.gil == crate::sched::GilMode::FreeThreaded
                    && self.vm.version.bytecode() >= crate::PyVersion::Py313
                {
                    // 3.13t: objects that would use deferred reference counting become
                    // immortal once the first thread starts (gh-117783).
                    self.vm.heap.immortalize(|obj| {
                        matches!(
                            obj,
                            crate::vm::object::Obj::Class(_)
                                | crate::vm::object::Obj::Module(_)
                                | crate::vm::object::Obj::Code(_)
                        ) || matches!(obj, crate::vm::object::Obj::Function(f) if !f.qualname.contains("<locals>"))
                    });
                    let globals = self.vm.main_globals;
                    self.vm
                        .heap
                        .set_refcount(globals, crate::vm::heap::IMMORTAL);
                }
                let index = self.start_thread(func, args, kwargs, now);
                let ident = self.vm.int_value(ident_of(index) as i64);
                self.st.threads[who.0 as usize].resume_with = Some(ident);
            }
            Request::Join { thread, timeout } => {
                let done = self
                    .st
                    .threads
                    .get(thread.0 as usize)
                    .is_none_or(|t| t.status == Status::Done);
                if done || timeout == Some(VTime(0)) {
                    self.st.threads[who.0 as usize].resume_with = Some(Value::NONE);
                } else {
                    let deadline = timeout.map(|t| VTime(now.0.saturating_add(t.0)));
                    self.block(
                        who,
                        now,
                        Status::OnJoin {
                            target: thread,
                            deadline,
                        },
                        ThreadActivity::BlockedOnJoin(thread),
                    );
                }
            }
            Request::Acquire {
                lock,
                timeout,
                restore,
            } => {
                self.vm.locks.get_mut(lock).waiters += 1;
                let deadline = timeout.map(|t| VTime(now.0.saturating_add(t.0)));
                self.block(
                    who,
                    now,
                    Status::OnLock {
                        lock,
                        deadline,
                        restore,
                    },
                    ThreadActivity::BlockedOnLock(lock),
                );
            }
            Request::StartProcess { .. }
            | Request::ProcessJoin { .. }
            | Request::QueuePut { .. }
            | Request::QueueGet { .. }
            | Request::QueueSize { .. }
            | Request::MemGet { .. }
            | Request::MemSet { .. }
            | Request::MemAdd { .. }
            | Request::ProcessKill { .. } => {
                unreachable!("internal error: the scheduler answers cross-process requests")
            }
            Request::Released { lock, result } => {
                self.record(
                    now,
                    TraceEvent::Lock {
                        thread: who,
                        lock,
                        taken: false,
                    },
                );
                self.st.threads[who.0 as usize].resume_with = Some(result);
                self.wake_lock_waiter(lock, now);
            }
        }
    }

    /// Wakes one waiter of a just-freed lock (any of them: not FIFO, docs/cpython.md §6). Like a
    /// semaphore post, this does not hand the lock over: the woken thread tries again when it
    /// next runs, and the releasing thread may well have taken the lock back by then.
    pub fn wake_lock_waiter(&mut self, lock: LockId, now: VTime) {
        if self.vm.locks.get(lock).holder.is_some() {
            return;
        }
        let waiters: Vec<usize> = self
            .st
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.status, Status::OnLock { lock: l, .. } if l == lock))
            .map(|(i, _)| i)
            .collect();
        if waiters.is_empty() {
            return;
        }
        for chosen in self.sh.choose(LockWaiters { waiters }) {
            self.wake_to_retry(chosen, lock, now);
        }
    }

    /// Lock waiter `chosen` becomes runnable and tries `lock` again before it runs.
    fn wake_to_retry(&mut self, chosen: usize, lock: LockId, now: VTime) {
        let Status::OnLock {
            deadline, restore, ..
        } = self.st.threads[chosen].status
        else {
            return;
        };
        let state = self.vm.locks.get_mut(lock);
        state.waiters = state.waiters.saturating_sub(1);
        let who = ThreadIndex(chosen as u32);
        self.st.threads[chosen].retry = Some(Retry {
            lock,
            deadline,
            restore,
        });
        self.st.threads[chosen].status = Status::Runnable;
        self.make_runnable(who, now);
    }

    /// A thread woken from a lock wait tries the lock again before it runs: it takes it, or
    /// (past its timeout) gives up with False, or blocks again. True when it blocked again.
    pub fn retry_lock(&mut self, who: ThreadIndex) -> bool {
        let Some(retry) = self.st.threads[who.0 as usize].retry.take() else {
            return false;
        };
        let now = self.thread(who).clock;
        let at = crate::vm::builtins::threads::taken_at(self.vm, &self.thread(who).state);
        match self.vm.locks.try_acquire(retry.lock, who, at) {
            crate::vm::sync::TryAcquire::Taken => {
                self.vm.locks.get_mut(retry.lock).count = retry.restore;
                self.record(
                    now,
                    TraceEvent::Lock {
                        thread: who,
                        lock: retry.lock,
                        taken: true,
                    },
                );
                self.st.threads[who.0 as usize].resume_with = Some(Value::TRUE);
                false
            }
            crate::vm::sync::TryAcquire::Busy if retry.deadline.is_some_and(|d| d <= now) => {
                self.st.threads[who.0 as usize].resume_with = Some(Value::FALSE);
                false
            }
            crate::vm::sync::TryAcquire::Busy => {
                self.vm.locks.get_mut(retry.lock).waiters += 1;
                self.block(
                    who,
                    now,
                    Status::OnLock {
                        lock: retry.lock,
                        deadline: retry.deadline,
                        restore: retry.restore,
                    },
                    ThreadActivity::BlockedOnLock(retry.lock),
                );
                true
            }
        }
    }

    /// A new thread that will call `func(*args, **kwargs)`; it wants to run from `now` plus
    /// the cost of creating an OS thread.
    pub fn start_thread(
        &mut self,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(crate::vm::intern::Symbol, Value)>,
        now: VTime,
    ) -> ThreadIndex {
        let index = ThreadIndex(self.st.threads.len() as u32);
        self.vm
            .set_thread_name(index, Rc::from(format!("Thread-{}", index.0)));
        let mut state = ThreadState::new();
        let previous = self.vm.thread_index;
        self.vm.thread_index = index.0;
        let called = self
            .vm
            .call_object(&mut state, func, args, kwargs, OnReturn::ThreadExit);
        self.vm.thread_index = previous;
        let start = VTime(now.0 + gil::THREAD_START_COST.0);
        let status = match called {
            Ok(Called::Frame) => Status::Runnable,
            Ok(Called::Value(value)) => {
                self.vm.heap.decref(value);
                Status::Done
            }
            Ok(Called::Request(_) | Called::Generator { .. }) => Status::Done,
            Err(raised) => {
                let text = self.vm.format_exception(raised.0);
                self.vm.heap.decref(raised.0);
                self.vm.write_output(Stream::Stderr, &text);
                Status::Done
            }
        };
        self.st.threads.push(SimThread::new(state, start));
        if status == Status::Runnable {
            let thread = &mut self.st.threads[index.0 as usize];
            thread.status = Status::Starting { at: start };
            thread.activity = ThreadActivity::Starting;
        } else {
            self.set_activity(index, start, ThreadActivity::Done);
        }
        index
    }

    /// `who` blocks (releasing the GIL: every blocking call does, docs/cpython.md §3).
    pub fn block(
        &mut self,
        who: ThreadIndex,
        now: VTime,
        status: Status,
        activity: ThreadActivity,
    ) {
        self.st.threads[who.0 as usize].status = status;
        self.set_activity(who, now, activity);
        if self.gil_on() && self.st.gil.holder == Some(who) {
            self.release_gil(who, now);
        }
    }

    pub fn thread_done(&mut self, who: ThreadIndex, now: VTime) {
        self.st.threads[who.0 as usize].status = Status::Done;
        self.set_activity(who, now, ThreadActivity::Done);
        let joiners: Vec<usize> = self
            .st
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.status, Status::OnJoin { target, .. } if target == who))
            .map(|(i, _)| i)
            .collect();
        for joiner in joiners {
            if joiner == 0 && self.st.shutdown == Shutdown::JoiningThreads {
                self.st.threads[0].status = Status::Runnable;
                self.main_finished(now);
            } else {
                self.wake(ThreadIndex(joiner as u32), now, Value::NONE);
            }
        }
        if self.gil_on() && self.st.gil.holder == Some(who) {
            self.release_gil(who, now);
        }
    }

    /// The main thread has run its last Python code (the program, or the atexit callbacks):
    /// it goes on exiting as CPython does. First it joins every non-daemon thread, one at a
    /// time in the order they started; then it runs the atexit callbacks; then the interpreter
    /// is finalized and daemon threads stop where they are, printing nothing more.
    pub fn main_finished(&mut self, now: VTime) {
        let main = ThreadIndex(0);
        if self.st.shutdown == Shutdown::Running {
            self.st.shutdown = Shutdown::JoiningThreads;
        }
        if self.st.shutdown == Shutdown::JoiningThreads {
            let running: Vec<ThreadIndex> = (1..self.st.threads.len())
                .filter(|i| self.st.threads[*i].status != Status::Done)
                .map(|i| ThreadIndex(i as u32))
                .collect();
            let waited = running.into_iter().find(|who| !self.is_daemon(*who));
            if let Some(target) = waited {
                let status = Status::OnJoin {
                    target,
                    deadline: None,
                };
                self.block(main, now, status, ThreadActivity::BlockedOnJoin(target));
                return;
            }
            self.st.shutdown = Shutdown::AtExit;
            if self.st.runs_atexit && self.enter_atexit(now) {
                return;
            }
        }
        self.finalize(now);
    }

    /// True for a thread the exit does not wait for: a `threading.Thread` made a daemon, or
    /// one started with `_thread.start_new_thread` (CPython's `threading._shutdown` joins only
    /// the non-daemon `Thread` objects in `threading._active`).
    pub fn is_daemon(&mut self, who: ThreadIndex) -> bool {
        let Some(module) = self.vm.module_value("threading") else {
            return true;
        };
        let active = self.vm.sym("_active");
        let Ok(active) = self.vm.get_attr_sync(module, active) else {
            return true;
        };
        let key = Value::small_int(ident_of(who) as i64);
        let thread = match (self.vm.heap.obj(active), active.as_obj()) {
            (Some(crate::vm::object::Obj::Dict(_)), Some(id)) => {
                self.vm.dict_get(id, key).ok().flatten()
            }
            _ => None,
        };
        self.vm.heap.decref(active);
        let Some(thread) = thread else {
            return true;
        };
        let daemonic = self.vm.sym("_daemonic");
        match self.vm.get_attr_sync(thread, daemonic) {
            Ok(flag) => {
                let daemon = flag.as_bool().unwrap_or(true);
                self.vm.heap.decref(flag);
                daemon
            }
            Err(raised) => {
                self.vm.heap.decref(raised.0);
                true
            }
        }
    }

    /// Starts `atexit._run_exitfuncs()` on the main thread, if the program imported atexit;
    /// true when it did.
    fn enter_atexit(&mut self, now: VTime) -> bool {
        let Some(module) = self.vm.module_value("atexit") else {
            return false;
        };
        let name = self.vm.sym("_run_exitfuncs");
        let Ok(run) = self.vm.get_attr_sync(module, name) else {
            return false;
        };
        let previous = self.vm.thread_index;
        self.vm.thread_index = 0;
        let state = &mut self.st.threads[0].state;
        let called = self
            .vm
            .call_object(state, run, Vec::new(), Vec::new(), OnReturn::ThreadExit);
        self.vm.thread_index = previous;
        if !matches!(called, Ok(Called::Frame)) {
            return false;
        }
        if self.st.threads[0].status != Status::Runnable {
            self.make_runnable(ThreadIndex(0), now);
        }
        true
    }

    /// The interpreter is finalized: every thread left (daemons) stops for good, and then the
    /// main thread is done.
    fn finalize(&mut self, now: VTime) {
        self.st.shutdown = Shutdown::Finalized;
        for index in 1..self.st.threads.len() {
            let thread = &mut self.st.threads[index];
            if thread.status == Status::Done {
                continue;
            }
            if let Status::OnLock { lock, .. } = thread.status {
                let state = self.vm.locks.get_mut(lock);
                state.waiters = state.waiters.saturating_sub(1);
            }
            thread.status = Status::Done;
            thread.gil_wait = None;
            thread.retry = None;
            let who = ThreadIndex(index as u32);
            self.set_activity(who, now, ThreadActivity::Done);
            if self.st.gil.holder == Some(who) {
                self.st.gil.holder = None;
            }
        }
        self.st.threads[0].status = Status::Runnable;
        self.thread_done(ThreadIndex(0), now);
    }

    /// A blocked thread can run again from `now`, with `result` as its call's result.
    pub fn wake(&mut self, who: ThreadIndex, now: VTime, result: Value) {
        let thread = &mut self.st.threads[who.0 as usize];
        if let Some(old) = thread.resume_with.replace(result) {
            self.vm.heap.decref(old);
        }
        self.make_runnable(who, now);
    }

    /// `who` wants to run from `now`: with a GIL, it takes a free GIL at once (a thread coming
    /// back from a blocking call barges in, docs/cpython.md §1) or starts waiting for it.
    pub fn make_runnable(&mut self, who: ThreadIndex, now: VTime) {
        let thread = &mut self.st.threads[who.0 as usize];
        thread.status = Status::Runnable;
        thread.clock = thread.clock.max(now);
        if !self.gil_on() {
            self.set_activity(who, now, ThreadActivity::Running);
            return;
        }
        if self.st.gil.holder.is_none() && self.sh.choose(Barge) {
            let at = now.max(self.st.gil.free_since);
            let thread = &mut self.st.threads[who.0 as usize];
            thread.clock = thread.clock.max(at);
            self.take_gil(who, at, None, false);
        } else {
            self.st.threads[who.0 as usize].gil_wait = Some(GilWait {
                since: now,
                switch_number: self.st.gil.switch_number,
            });
            self.set_activity(who, now, ThreadActivity::WaitingForGil);
        }
    }

    /// `who` becomes the GIL holder at `time`.
    pub fn take_gil(
        &mut self,
        who: ThreadIndex,
        time: VTime,
        from: Option<ThreadIndex>,
        forced: bool,
    ) {
        self.st.gil.holder = Some(who);
        self.st.gil.drop_request = false;
        self.st.gil.switch_number += 1;
        let thread = &mut self.st.threads[who.0 as usize];
        thread.gil_wait = None;
        thread.clock = thread.clock.max(time);
        self.record(
            time,
            TraceEvent::GilHandoff {
                from,
                to: who,
                forced,
            },
        );
        self.set_activity(who, time, ThreadActivity::RunningWithGil);
    }

    /// A voluntary release: one waiter (any) is woken and takes the GIL.
    pub fn release_gil(&mut self, who: ThreadIndex, now: VTime) {
        self.st.gil.holder = None;
        self.st.gil.free_since = now;
        self.st.gil.drop_request = false;
        let waiters = self.gil_waiters(None);
        if let Some(next) = self.sh.choose(GilTaker { waiters: &waiters }) {
            let taken = self.wake_latency(now);
            self.take_gil(next, taken, Some(who), false);
        }
    }

    /// The holder reached a check site with a drop request pending: it drops the GIL, one
    /// waiter (never itself) takes it, and it waits like the others (docs/cpython.md §1).
    pub fn forced_switch(&mut self, holder: ThreadIndex, now: VTime) {
        if !self.st.gil.drop_request {
            return;
        }
        let waiters = self.gil_waiters(Some(holder));
        let Some(next) = self.sh.choose(ForcedSwitch { waiters: &waiters }) else {
            self.st.gil.drop_request = false;
            return;
        };
        let taken = self.wake_latency(now);
        self.take_gil(next, taken, Some(holder), true);
        // The old holder starts its timed wait once it sees the new holder (FORCE_SWITCHING).
        let since = self.wake_latency(taken);
        let thread = &mut self.st.threads[holder.0 as usize];
        thread.clock = now;
        thread.gil_wait = Some(GilWait {
            since,
            switch_number: self.st.gil.switch_number,
        });
        self.set_activity(holder, now, ThreadActivity::WaitingForGil);
    }

    /// The old GIL (2.x): every check period the holder releases and re-acquires at once; a
    /// waiter wins only sometimes (the OS decides; docs/cpython.md §1).
    pub fn old_gil_check(&mut self, holder: ThreadIndex, now: VTime) {
        if !self.has_gil_waiters() {
            return;
        }
        let waiters = self.gil_waiters(Some(holder));
        let decision = OldGilCheck {
            waiters: &waiters,
            waiter_wins: gil::OLD_GIL_WAITER_WINS,
        };
        if let Some(next) = self.sh.choose(decision) {
            let taken = VTime(now.0 + gil::OLD_GIL_HANDOFF.0);
            self.take_gil(next, taken, Some(holder), false);
            let thread = &mut self.st.threads[holder.0 as usize];
            thread.clock = now;
            thread.gil_wait = Some(GilWait {
                since: now,
                switch_number: self.st.gil.switch_number,
            });
            self.set_activity(holder, now, ThreadActivity::WaitingForGil);
        }
    }

    /// When a thread signalled at `now` gets on a core (seeded jitter).
    pub fn wake_latency(&mut self, now: VTime) -> VTime {
        let spread = gil::WAKE_LATENCY_MAX.0 - gil::WAKE_LATENCY_MIN.0;
        VTime(now.0 + gil::WAKE_LATENCY_MIN.0 + self.sh.rng.below(spread))
    }

    /// The threads waiting for the GIL (all that can run but the holder), but `except`.
    pub fn gil_waiters(&self, except: Option<ThreadIndex>) -> Vec<ThreadIndex> {
        self.st
            .threads
            .iter()
            .enumerate()
            .map(|(i, t)| (ThreadIndex(i as u32), t))
            .filter(|(i, t)| {
                t.status == Status::Runnable && Some(*i) != except && Some(*i) != self.st.gil.holder
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The earliest timed event: a sleep or I/O ending, a timeout, a GIL waiter's interval.
    pub fn next_event(&mut self) -> Option<VTime> {
        let interval = VTime::from_nanos(self.vm.switch_interval_us * 1000);
        let timeouts = self.vm.version != crate::PyVersion::Py27 && self.sh.choose(GilTimeouts);
        self.st
            .threads
            .iter()
            .filter_map(|t| match t.status {
                Status::Runnable if timeouts => t
                    .gil_wait
                    .map(|wait| VTime(wait.since.0.saturating_add(interval.0))),
                status => wait_ends(status),
            })
            .min()
    }

    /// Ends `who`'s timed wait at `time` (see [`wait_ends`]): a new thread becomes runnable,
    /// a sleep or I/O is over, a timed-out acquire returns False and other timed-out waits
    /// None.
    pub fn end_timed_wait(&mut self, who: ThreadIndex, time: VTime) {
        match self.st.threads[who.0 as usize].status {
            Status::Starting { .. } => self.make_runnable(who, time),
            Status::OnLock { lock, .. } => {
                let state = self.vm.locks.get_mut(lock);
                state.waiters = state.waiters.saturating_sub(1);
                self.st.threads[who.0 as usize].status = Status::Runnable;
                self.wake(who, time, Value::FALSE);
            }
            Status::Sleeping { .. }
            | Status::Io { .. }
            | Status::OnJoin { .. }
            | Status::OnProcess { .. }
            | Status::OnQueue { .. } => self.wake(who, time, Value::NONE),
            Status::Runnable | Status::Done => {}
        }
    }

    /// Processes every timed event up to `now`, in time order.
    pub fn process_until(&mut self, now: VTime) {
        while let Some(time) = self.next_event() {
            if time > now {
                break;
            }
            self.process_event(time);
        }
    }

    /// Processes the events due at exactly `time`.
    pub fn process_event(&mut self, time: VTime) {
        let interval = VTime::from_nanos(self.vm.switch_interval_us * 1000);
        for index in 0..self.st.threads.len() {
            let who = ThreadIndex(index as u32);
            match self.st.threads[index].status {
                status if wait_ends(status) == Some(time) => self.end_timed_wait(who, time),
                Status::Runnable => {
                    let Some(wait) = self.st.threads[index].gil_wait else {
                        continue;
                    };
                    if VTime(wait.since.0.saturating_add(interval.0)) != time {
                        continue;
                    }
                    // A timed-out wait asks for a drop only if no hand-off happened meanwhile;
                    // either way the waiter starts a new interval.
                    if self.st.gil.holder.is_some()
                        && wait.switch_number == self.st.gil.switch_number
                        && !self.st.gil.drop_request
                    {
                        self.st.gil.drop_request = true;
                        self.record(time, TraceEvent::DropRequest { by: who });
                    }
                    self.st.threads[index].gil_wait = Some(GilWait {
                        since: time,
                        switch_number: self.st.gil.switch_number,
                    });
                }
                _ => {}
            }
        }
        if self.gil_on() && self.st.gil.holder.is_none() {
            let waiters = self.gil_waiters(None);
            if let Some(next) = self.sh.choose(GilTaker { waiters: &waiters }) {
                self.take_gil(next, time, None, false);
            }
        }
    }

    pub fn set_activity(&mut self, who: ThreadIndex, time: VTime, activity: ThreadActivity) {
        let thread = &mut self.st.threads[who.0 as usize];
        if thread.activity != activity {
            thread.activity = activity;
            self.record(
                time,
                TraceEvent::State {
                    thread: who,
                    activity,
                },
            );
        }
    }

    pub fn thread(&self, who: ThreadIndex) -> &SimThread {
        &self.st.threads[who.0 as usize]
    }

    /// Acts on why a thread stopped; Some(reason) when a cap stops the whole run.
    pub fn handle_exit(&mut self, who: ThreadIndex, exit: Exit) -> Option<String> {
        let now = self.thread(who).clock;
        if let Some(reason) = self.vm.stop.take() {
            return Some(reason.to_string());
        }
        match exit {
            Exit::Switch | Exit::SyncReturn(_) => {
                self.process_until(now);
                if self.gil_on() && self.st.gil.holder == Some(who) {
                    if self.vm.version == crate::PyVersion::Py27 {
                        self.old_gil_check(who, now);
                    } else {
                        self.forced_switch(who, now);
                    }
                }
            }
            Exit::Finished(value) => {
                self.vm.heap.decref(value);
                if who.0 == 0 {
                    self.main_finished(now);
                } else {
                    self.thread_done(who, now);
                }
            }
            Exit::Uncaught(exc) => {
                if who.0 == 0 {
                    let ending = Ending::of_main(self.vm.report_uncaught(exc));
                    if self.st.shutdown == Shutdown::Running {
                        self.st.main_status = Some(ending);
                    }
                    self.main_finished(now);
                    return None;
                } else {
                    let text = self.vm.format_exception(exc);
                    self.vm.heap.decref(exc);
                    let name = self.vm.thread_names[who.0 as usize].clone();
                    self.vm.write_output(
                        Stream::Stderr,
                        &format!("Exception in thread {name}:\n{text}"),
                    );
                }
                self.thread_done(who, now);
            }
            Exit::Limit(reason) => return Some(reason.to_string()),
            Exit::Request(request) => self.handle_request(who, now, request),
        }
        None
    }
}
