//! The scheduler: threads of one process on a virtual clock, under the GIL of the modelled
//! version (CPYTHON.md §1–§3, §6) or without one (free-threaded, §5).
//!
//! The VM runs one thread at a time until that thread blocks, ends, or reaches a switch point
//! after the deadline the scheduler gave it; the scheduler owns every decision about who runs
//! next. Time advances by the instructions' costs while a thread runs, and jumps to the next
//! timed event (a sleeper waking, an I/O completing, a GIL waiter timing out) when nobody does.
//!
//! Layout: `gil` (the GIL's state and timings), `deadlock` (wait-for cycles), `rng` (the seeded
//! generator), `trace` (the record of changes).

pub mod deadlock;
pub mod gil;
pub mod rng;
pub mod trace;

use std::rc::Rc;

use crate::vm::builtins::Request;
use crate::vm::builtins::threads::ident_of;
use crate::vm::eval::Exit;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::run::{Budget, Ending};
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

use gil::{Gil, GilWait};
use rng::Rng;
use trace::{ThreadActivity, Trace, TraceEvent};

/// How threads share the interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GilMode {
    /// The GIL of the chosen version.
    On,
    /// No GIL (3.13t/3.14t): threads run in parallel on the cores.
    FreeThreaded,
}

/// The knobs of a simulation besides the version.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub gil: GilMode,
    pub cores: u32,
    pub switch_interval: VTime,
    pub seed: u64,
    /// Mean latency of a simulated network request.
    pub io_latency: VTime,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gil: GilMode::On,
            cores: 4,
            switch_interval: VTime::from_nanos(5_000_000),
            seed: 1,
            io_latency: VTime::from_nanos(100_000_000),
        }
    }
}

/// Where a thread is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Status {
    /// Wants to run (with a GIL: waits for it, or holds it).
    Runnable,
    Sleeping {
        until: VTime,
    },
    Io {
        until: VTime,
    },
    OnLock {
        lock: LockId,
        deadline: Option<VTime>,
        restore: u32,
    },
    OnJoin {
        target: ThreadIndex,
        deadline: Option<VTime>,
    },
    Done,
}

/// A simulated thread.
struct SimThread {
    state: ThreadState,
    status: Status,
    /// The time this thread has reached (it runs from here next).
    clock: VTime,
    /// The result of its pending native call, pushed when it resumes (owned).
    resume_with: Option<Value>,
    /// With a GIL: since when it waits for it.
    gil_wait: Option<GilWait>,
    /// Its state on the timeline.
    activity: ThreadActivity,
    /// Woken from a lock wait: the acquire it must try again before running.
    retry: Option<Retry>,
}

/// A lock acquire to try again.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Retry {
    lock: LockId,
    deadline: Option<VTime>,
    restore: u32,
}

/// A finding about the run that the page explains.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// Every remaining thread waits for something that can never happen.
    Deadlock(deadlock::Deadlock),
}

/// The outcome of a simulated run.
pub struct SimReport {
    pub ending: Ending,
    pub trace: Trace,
    pub findings: Vec<Finding>,
    pub threads: usize,
    pub virtual_time: VTime,
    pub instructions: u64,
}

/// Longest stretch a thread runs before the scheduler checks the budgets.
const SLICE: VTime = VTime(2_000_000_000);

/// Runs a program's threads to the end.
pub struct Scheduler<'a> {
    vm: &'a mut Vm,
    threads: Vec<SimThread>,
    gil: Gil,
    settings: Settings,
    rng: Rng,
    trace: Trace,
    budget: Budget,
    /// Exit status of the main thread (1 after an uncaught exception).
    main_status: Option<Ending>,
}

impl<'a> Scheduler<'a> {
    /// A scheduler whose main thread is about to run `main` (already set up on it).
    pub fn new(vm: &'a mut Vm, main: ThreadState, settings: Settings, budget: Budget) -> Self {
        vm.switch_interval_us = (settings.switch_interval.0 / 1_000_000).max(1);
        vm.switch_anywhere = settings.gil == GilMode::FreeThreaded;
        vm.cores = settings.cores;
        let mut scheduler = Scheduler {
            vm,
            threads: Vec::new(),
            gil: Gil::default(),
            rng: Rng::new(settings.seed),
            settings,
            trace: Trace::default(),
            budget,
            main_status: None,
        };
        scheduler.threads.push(SimThread {
            state: main,
            status: Status::Runnable,
            clock: VTime(0),
            resume_with: None,
            gil_wait: None,
            activity: ThreadActivity::WaitingForGil,
            retry: None,
        });
        scheduler
    }

    fn gil_on(&self) -> bool {
        self.settings.gil == GilMode::On
    }

    /// Runs until every thread has finished, a deadlock, or a budget.
    pub fn run(mut self) -> SimReport {
        let ending = self.run_loop();
        let end = self
            .threads
            .iter()
            .map(|t| t.clock)
            .max()
            .unwrap_or(VTime(0));
        let findings = match &ending {
            Ending::Deadlock(found) => vec![Finding::Deadlock(found.clone())],
            _ => Vec::new(),
        };
        self.vm.clock = end;
        SimReport {
            ending,
            trace: self.trace,
            findings,
            threads: self.threads.len(),
            virtual_time: end,
            instructions: self.vm.instructions,
        }
    }

    fn run_loop(&mut self) -> Ending {
        if self.gil_on() {
            self.take_gil(ThreadIndex(0), VTime(0), None, false);
        } else {
            self.set_activity(ThreadIndex(0), VTime(0), ThreadActivity::Running);
        }
        loop {
            if let Some(stop) = self.check_budget() {
                return stop;
            }
            let Some((runner, deadline)) = self.pick() else {
                match self.next_event() {
                    Some(time) => {
                        self.process_until(time);
                        continue;
                    }
                    None => return self.finish(),
                }
            };
            if self.retry_lock(runner) {
                continue;
            }
            let exit = self.run_one(runner, deadline);
            if let Some(ending) = self.handle_exit(runner, exit) {
                return ending;
            }
        }
    }

    /// The thread to run next and its deadline, if one can run before the next event.
    fn pick(&mut self) -> Option<(ThreadIndex, VTime)> {
        let next_event = self.next_event().unwrap_or(VTime::MAX);
        if self.gil_on() {
            let holder = self.gil.holder?;
            let clock = self.thread(holder).clock;
            if clock >= next_event && next_event != VTime::MAX {
                return None;
            }
            let deadline = match self.vm.version {
                crate::PyVersion::Py27 if self.has_gil_waiters() => {
                    let period = self.rng.below(2 * gil::OLD_GIL_CHECK_PERIOD.0);
                    VTime(clock.0 + period).min(next_event)
                }
                _ => next_event,
            };
            return Some((holder, deadline.min(VTime(clock.0.saturating_add(SLICE.0)))));
        }
        // Free-threaded: the runnable thread furthest behind runs until it passes the next
        // one (plus a seeded jitter, so interleavings differ by seed) or the next event.
        let mut runnable: Vec<(VTime, ThreadIndex)> = self
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| t.status == Status::Runnable)
            .map(|(i, t)| (t.clock, ThreadIndex(i as u32)))
            .collect();
        runnable.sort();
        let (clock, first) = *runnable.first()?;
        if clock >= next_event && next_event != VTime::MAX {
            return None;
        }
        let jitter = VTime(self.rng.below(gil::FREE_THREADED_QUANTUM.0));
        let other = runnable
            .get(1)
            .map_or(VTime::MAX, |(c, _)| VTime(c.0.saturating_add(jitter.0)));
        let deadline = other
            .min(next_event)
            .min(VTime(clock.0.saturating_add(SLICE.0)));
        Some((first, deadline))
    }

    fn has_gil_waiters(&self) -> bool {
        self.threads.iter().enumerate().any(|(i, t)| {
            t.status == Status::Runnable && Some(ThreadIndex(i as u32)) != self.gil.holder
        })
    }

    /// Runs `who` until `deadline` (at a switch point), a block or its end.
    fn run_one(&mut self, who: ThreadIndex, deadline: VTime) -> Exit {
        let start = self.thread(who).clock;
        self.vm.clock = start;
        self.vm.thread_index = who.0;
        let thread = &mut self.threads[who.0 as usize];
        if let Some(value) = thread.resume_with.take() {
            thread.state.push(value);
        }
        let mut state = std::mem::take(&mut thread.state);
        let exit = self.vm.run_thread(&mut state, deadline);
        let mut elapsed = self.vm.clock.0 - start.0;
        if !self.gil_on() {
            // More runnable threads than cores share them: each progresses proportionally slower.
            let runnable = self
                .threads
                .iter()
                .filter(|t| t.status == Status::Runnable)
                .count() as u64;
            let cores = u64::from(self.settings.cores.max(1));
            if runnable > cores {
                elapsed = elapsed.saturating_mul(runnable) / cores;
            }
        }
        self.vm.cpu_time.0 += self.vm.clock.0 - start.0;
        let thread = &mut self.threads[who.0 as usize];
        thread.state = state;
        thread.clock = VTime(start.0 + elapsed);
        exit
    }

    /// Acts on why a thread stopped; Some when the run is over.
    fn handle_exit(&mut self, who: ThreadIndex, exit: Exit) -> Option<Ending> {
        let now = self.thread(who).clock;
        if let Some(reason) = self.vm.stop.take() {
            return Some(self.stopped(reason.to_string()));
        }
        match exit {
            Exit::Switch | Exit::SyncReturn(_) => {
                self.process_until(now);
                if self.gil_on() && self.gil.holder == Some(who) {
                    if self.vm.version == crate::PyVersion::Py27 {
                        self.old_gil_check(who, now);
                    } else if self.gil.drop_request {
                        self.forced_switch(who, now);
                    }
                }
            }
            Exit::Finished(value) => {
                self.vm.heap.decref(value);
                self.thread_done(who, now);
            }
            Exit::Uncaught(exc) => {
                if who.0 == 0 {
                    self.main_status = Some(self.vm.report_uncaught(exc));
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
            Exit::Limit(reason) => return Some(self.stopped(reason.to_string())),
            Exit::Request(request) => self.handle_request(who, now, request),
        }
        None
    }

    fn handle_request(&mut self, who: ThreadIndex, now: VTime, request: Request) {
        match request {
            Request::Sleep(duration) => {
                let until = VTime(now.0.saturating_add(duration.0));
                self.block(
                    who,
                    now,
                    Status::Sleeping { until },
                    ThreadActivity::Sleeping,
                );
            }
            Request::NetworkIo => {
                let mean = self.settings.io_latency.0;
                let jitter = self.rng.below(mean / 5 + 1);
                let until = VTime(now.0 + mean - mean / 10 + jitter);
                self.block(who, now, Status::Io { until }, ThreadActivity::InIo);
            }
            Request::StartThread { func, args, kwargs } => {
                let index = self.start_thread(func, args, kwargs, now);
                let ident = self.vm.int_value(ident_of(index) as i64);
                self.threads[who.0 as usize].resume_with = Some(ident);
            }
            Request::Join { thread, timeout } => {
                let done = self
                    .threads
                    .get(thread.0 as usize)
                    .is_none_or(|t| t.status == Status::Done);
                if done || timeout == Some(VTime(0)) {
                    self.threads[who.0 as usize].resume_with = Some(Value::NONE);
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
            Request::Released { lock, result } => {
                self.trace.push(
                    now,
                    TraceEvent::Lock {
                        thread: who,
                        lock,
                        taken: false,
                    },
                );
                self.threads[who.0 as usize].resume_with = Some(result);
                self.wake_lock_waiter(lock, now);
            }
        }
    }

    /// Wakes one waiter of a just-freed lock (any of them: not FIFO, CPYTHON.md §6). Like a
    /// semaphore post, this does not hand the lock over: the woken thread tries again when it
    /// next runs, and the releasing thread may well have taken the lock back by then.
    fn wake_lock_waiter(&mut self, lock: LockId, now: VTime) {
        if self.vm.locks.get(lock).holder.is_some() {
            return;
        }
        let waiters: Vec<usize> = self
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.status, Status::OnLock { lock: l, .. } if l == lock))
            .map(|(i, _)| i)
            .collect();
        if waiters.is_empty() {
            return;
        }
        let chosen = waiters[self.rng.below(waiters.len() as u64) as usize];
        let Status::OnLock {
            deadline, restore, ..
        } = self.threads[chosen].status
        else {
            return;
        };
        let state = self.vm.locks.get_mut(lock);
        state.waiters = state.waiters.saturating_sub(1);
        let who = ThreadIndex(chosen as u32);
        self.threads[chosen].retry = Some(Retry {
            lock,
            deadline,
            restore,
        });
        self.threads[chosen].status = Status::Runnable;
        self.make_runnable(who, now);
    }

    /// A thread woken from a lock wait tries the lock again before it runs: it takes it, or
    /// (past its timeout) gives up with False, or blocks again. True when it blocked again.
    fn retry_lock(&mut self, who: ThreadIndex) -> bool {
        let Some(retry) = self.threads[who.0 as usize].retry.take() else {
            return false;
        };
        let now = self.thread(who).clock;
        let line = self.vm.current_line(&self.thread(who).state);
        match self.vm.locks.try_acquire(retry.lock, who, line) {
            crate::vm::sync::TryAcquire::Taken => {
                self.vm.locks.get_mut(retry.lock).count = retry.restore;
                self.trace.push(
                    now,
                    TraceEvent::Lock {
                        thread: who,
                        lock: retry.lock,
                        taken: true,
                    },
                );
                self.threads[who.0 as usize].resume_with = Some(Value::TRUE);
                false
            }
            crate::vm::sync::TryAcquire::Busy if retry.deadline.is_some_and(|d| d <= now) => {
                self.threads[who.0 as usize].resume_with = Some(Value::FALSE);
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
    fn start_thread(
        &mut self,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(crate::vm::intern::Symbol, Value)>,
        now: VTime,
    ) -> ThreadIndex {
        let index = ThreadIndex(self.threads.len() as u32);
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
            Ok(Called::Request(_)) => Status::Done,
            Err(raised) => {
                let text = self.vm.format_exception(raised.0);
                self.vm.heap.decref(raised.0);
                self.vm.write_output(Stream::Stderr, &text);
                Status::Done
            }
        };
        self.threads.push(SimThread {
            state,
            status: Status::Done,
            clock: start,
            resume_with: None,
            gil_wait: None,
            activity: ThreadActivity::Done,
            retry: None,
        });
        if status == Status::Runnable {
            self.make_runnable(index, start);
        } else {
            self.set_activity(index, start, ThreadActivity::Done);
        }
        index
    }

    /// `who` blocks (releasing the GIL: every blocking call does, CPYTHON.md §3).
    fn block(&mut self, who: ThreadIndex, now: VTime, status: Status, activity: ThreadActivity) {
        self.threads[who.0 as usize].status = status;
        self.set_activity(who, now, activity);
        if self.gil_on() && self.gil.holder == Some(who) {
            self.release_gil(who, now);
        }
    }

    fn thread_done(&mut self, who: ThreadIndex, now: VTime) {
        self.threads[who.0 as usize].status = Status::Done;
        self.set_activity(who, now, ThreadActivity::Done);
        let joiners: Vec<usize> = self
            .threads
            .iter()
            .enumerate()
            .filter(|(_, t)| matches!(t.status, Status::OnJoin { target, .. } if target == who))
            .map(|(i, _)| i)
            .collect();
        for joiner in joiners {
            self.wake(ThreadIndex(joiner as u32), now, Value::NONE);
        }
        if self.gil_on() && self.gil.holder == Some(who) {
            self.release_gil(who, now);
        }
    }

    /// A blocked thread can run again from `now`, with `result` as its call's result.
    fn wake(&mut self, who: ThreadIndex, now: VTime, result: Value) {
        let thread = &mut self.threads[who.0 as usize];
        if let Some(old) = thread.resume_with.replace(result) {
            self.vm.heap.decref(old);
        }
        self.make_runnable(who, now);
    }

    /// `who` wants to run from `now`: with a GIL, it takes a free GIL at once (a thread coming
    /// back from a blocking call barges in, CPYTHON.md §1) or starts waiting for it.
    fn make_runnable(&mut self, who: ThreadIndex, now: VTime) {
        let thread = &mut self.threads[who.0 as usize];
        thread.status = Status::Runnable;
        thread.clock = thread.clock.max(now);
        if !self.gil_on() {
            self.set_activity(who, now, ThreadActivity::Running);
            return;
        }
        if self.gil.holder.is_none() {
            self.take_gil(who, now, None, false);
        } else {
            self.threads[who.0 as usize].gil_wait = Some(GilWait {
                since: now,
                switch_number: self.gil.switch_number,
            });
            self.set_activity(who, now, ThreadActivity::WaitingForGil);
        }
    }

    /// `who` becomes the GIL holder at `time`.
    fn take_gil(&mut self, who: ThreadIndex, time: VTime, from: Option<ThreadIndex>, forced: bool) {
        self.gil.holder = Some(who);
        self.gil.drop_request = false;
        self.gil.switch_number += 1;
        let thread = &mut self.threads[who.0 as usize];
        thread.gil_wait = None;
        thread.clock = thread.clock.max(time);
        self.trace.push(
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
    fn release_gil(&mut self, who: ThreadIndex, now: VTime) {
        self.gil.holder = None;
        self.gil.drop_request = false;
        if let Some(next) = self.random_waiter(None) {
            let taken = self.wake_latency(now);
            self.take_gil(next, taken, Some(who), false);
        }
    }

    /// The holder reached a check site with a drop request pending: it drops the GIL, one
    /// waiter (never itself) takes it, and it waits like the others (CPYTHON.md §1).
    fn forced_switch(&mut self, holder: ThreadIndex, now: VTime) {
        let Some(next) = self.random_waiter(Some(holder)) else {
            self.gil.drop_request = false;
            return;
        };
        let taken = self.wake_latency(now);
        self.take_gil(next, taken, Some(holder), true);
        // The old holder starts its timed wait once it sees the new holder (FORCE_SWITCHING).
        let since = self.wake_latency(taken);
        let thread = &mut self.threads[holder.0 as usize];
        thread.clock = now;
        thread.gil_wait = Some(GilWait {
            since,
            switch_number: self.gil.switch_number,
        });
        self.set_activity(holder, now, ThreadActivity::WaitingForGil);
    }

    /// The old GIL (2.x): every check period the holder releases and re-acquires at once; a
    /// waiter wins only sometimes (the OS decides; CPYTHON.md §1).
    fn old_gil_check(&mut self, holder: ThreadIndex, now: VTime) {
        if !self.has_gil_waiters() || !self.rng.chance(gil::OLD_GIL_WAITER_WINS) {
            return;
        }
        if let Some(next) = self.random_waiter(Some(holder)) {
            let taken = VTime(now.0 + gil::OLD_GIL_HANDOFF.0);
            self.take_gil(next, taken, Some(holder), false);
            let thread = &mut self.threads[holder.0 as usize];
            thread.clock = now;
            thread.gil_wait = Some(GilWait {
                since: now,
                switch_number: self.gil.switch_number,
            });
            self.set_activity(holder, now, ThreadActivity::WaitingForGil);
        }
    }

    /// When a thread signalled at `now` gets on a core (seeded jitter).
    fn wake_latency(&mut self, now: VTime) -> VTime {
        let spread = gil::WAKE_LATENCY_MAX.0 - gil::WAKE_LATENCY_MIN.0;
        VTime(now.0 + gil::WAKE_LATENCY_MIN.0 + self.rng.below(spread))
    }

    fn random_waiter(&mut self, except: Option<ThreadIndex>) -> Option<ThreadIndex> {
        let waiters: Vec<ThreadIndex> = self
            .threads
            .iter()
            .enumerate()
            .map(|(i, t)| (ThreadIndex(i as u32), t))
            .filter(|(i, t)| {
                t.status == Status::Runnable && Some(*i) != except && Some(*i) != self.gil.holder
            })
            .map(|(i, _)| i)
            .collect();
        if waiters.is_empty() {
            return None;
        }
        Some(waiters[self.rng.below(waiters.len() as u64) as usize])
    }

    /// The earliest timed event: a sleep or I/O ending, a timeout, a GIL waiter's interval.
    fn next_event(&self) -> Option<VTime> {
        let interval = VTime::from_nanos(self.vm.switch_interval_us * 1000);
        let old_gil = self.vm.version == crate::PyVersion::Py27;
        self.threads
            .iter()
            .filter_map(|t| match t.status {
                Status::Sleeping { until } | Status::Io { until } => Some(until),
                Status::OnLock { deadline, .. } | Status::OnJoin { deadline, .. } => deadline,
                Status::Runnable if !old_gil => t
                    .gil_wait
                    .map(|wait| VTime(wait.since.0.saturating_add(interval.0))),
                Status::Runnable | Status::Done => None,
            })
            .min()
    }

    /// Processes every timed event up to `now`, in time order.
    fn process_until(&mut self, now: VTime) {
        while let Some(time) = self.next_event() {
            if time > now {
                break;
            }
            self.process_event(time);
        }
    }

    /// Processes the events due at exactly `time`.
    fn process_event(&mut self, time: VTime) {
        let interval = VTime::from_nanos(self.vm.switch_interval_us * 1000);
        for index in 0..self.threads.len() {
            let who = ThreadIndex(index as u32);
            match self.threads[index].status {
                Status::Sleeping { until } | Status::Io { until } if until == time => {
                    self.wake(who, time, Value::NONE);
                }
                Status::OnLock {
                    lock,
                    deadline: Some(deadline),
                    ..
                } if deadline == time => {
                    let state = self.vm.locks.get_mut(lock);
                    state.waiters = state.waiters.saturating_sub(1);
                    self.threads[index].status = Status::Runnable;
                    self.wake(who, time, Value::FALSE);
                }
                Status::OnJoin {
                    deadline: Some(deadline),
                    ..
                } if deadline == time => self.wake(who, time, Value::NONE),
                Status::Runnable => {
                    let Some(wait) = self.threads[index].gil_wait else {
                        continue;
                    };
                    if VTime(wait.since.0.saturating_add(interval.0)) != time {
                        continue;
                    }
                    if self.gil.holder.is_some() && wait.switch_number == self.gil.switch_number {
                        if !self.gil.drop_request {
                            self.gil.drop_request = true;
                            self.trace.push(time, TraceEvent::DropRequest { by: who });
                        }
                        self.threads[index].gil_wait = Some(GilWait {
                            since: time,
                            switch_number: self.gil.switch_number,
                        });
                    } else {
                        self.threads[index].gil_wait = Some(GilWait {
                            since: time,
                            switch_number: self.gil.switch_number,
                        });
                    }
                }
                _ => {}
            }
        }
        if self.gil_on()
            && self.gil.holder.is_none()
            && let Some(next) = self.random_waiter(None)
        {
            self.take_gil(next, time, None, false);
        }
    }

    fn set_activity(&mut self, who: ThreadIndex, time: VTime, activity: ThreadActivity) {
        let thread = &mut self.threads[who.0 as usize];
        if thread.activity != activity {
            thread.activity = activity;
            self.trace.push(
                time,
                TraceEvent::State {
                    thread: who,
                    activity,
                },
            );
        }
    }

    fn thread(&self, who: ThreadIndex) -> &SimThread {
        &self.threads[who.0 as usize]
    }

    /// No thread can run and no event is pending: the program ended, or deadlocked.
    fn finish(&mut self) -> Ending {
        if self.threads.iter().all(|t| t.status == Status::Done) {
            return self.main_status.clone().unwrap_or(Ending::Exited(0));
        }
        let blocked: Vec<deadlock::Blocked> = self
            .threads
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                let on = match t.status {
                    Status::OnLock { lock, .. } => deadlock::WaitsFor::Lock(lock),
                    Status::OnJoin { target, .. } => deadlock::WaitsFor::Thread(target),
                    _ => return None,
                };
                Some(deadlock::Blocked {
                    thread: ThreadIndex(i as u32),
                    on,
                    line: self.vm.current_line(&t.state),
                })
            })
            .collect();
        let found = deadlock::describe(self.vm, &blocked);
        let message = format!("\n[GIL Lab: deadlock detected. {}]\n", found.text);
        self.vm.write_output(Stream::Stderr, &message);
        Ending::Deadlock(found)
    }

    fn check_budget(&mut self) -> Option<Ending> {
        let now = self
            .threads
            .iter()
            .map(|t| t.clock)
            .max()
            .unwrap_or(VTime(0));
        if self.vm.instructions >= self.budget.max_instructions {
            return Some(self.stopped(format!(
                "the instruction budget ({} instructions)",
                self.budget.max_instructions
            )));
        }
        if now >= self.budget.max_virtual_time {
            return Some(self.stopped(format!(
                "the virtual-time budget ({} s)",
                self.budget.max_virtual_time.as_secs_f64()
            )));
        }
        if self.vm.heap.live() > self.budget.max_objects {
            return Some(self.stopped(format!(
                "the object budget ({} live objects)",
                self.budget.max_objects
            )));
        }
        None
    }

    fn stopped(&mut self, what: String) -> Ending {
        let message = format!("\n[GIL Lab stopped the program: it reached {what}]\n");
        self.vm.write_output(Stream::Stderr, &message);
        Ending::Stopped(what)
    }
}
