//! Steered runs: the reader ("you are the scheduler") or the explorer picks which thread runs
//! at each point where CPython could switch threads: the version's switch points under the
//! GIL, every instruction without it or when asked. Points are offered in the program's own
//! code only: a call into the library (`threading`, `queue`) runs as one step unless it
//! blocks. Everything else (blocking, waking, locks, joins, the GIL changing hands) follows
//! the scheduler's own rules, and time runs on one clock: one thread runs at a time.

use crate::sched::choose::{Chooser, Next as Chosen, Path};
use crate::sched::footprint::{self, Access, Footprint};
use crate::sched::threads::wait_ends;
use crate::sched::trace::ThreadActivity;
use crate::sched::{Budget, Ending};
use crate::sched::{Scheduler, Settings, Status};
use crate::vm::builtins::Request;
use crate::vm::eval::Exit;
use crate::vm::frame::ThreadState;
use crate::vm::sync::ThreadIndex;
use crate::vm::{VTime, Vm};

/// Where a steered run offers a choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Granularity {
    /// Where the version's interpreter may switch threads (every instruction without a GIL).
    SwitchPoints,
    /// After every instruction, even where the GIL would not let go.
    Instructions,
}

/// A point where the next thread is chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    /// The program's threads that can go next (a sleeper wakes, a timed wait times out when
    /// chosen), by index.
    pub candidates: Vec<ThreadIndex>,
    /// The thread that ran last, if it can go on: choosing another preempts it.
    pub running: Option<ThreadIndex>,
}

/// What comes next in a steered run.
#[derive(Clone, Debug, PartialEq)]
pub enum Next {
    Choose(Point),
    Ended(Ending),
}

/// A thread in this state can be chosen: it can run, or its timed wait ends when chosen
/// (a steered run has one process, so none waits for another).
fn choosable(status: Status) -> bool {
    status == Status::Runnable || wait_ends(status).is_some()
}

/// What a request to the scheduler touched.
fn request_access(request: &Request) -> Option<Access> {
    match request {
        Request::StartThread { .. } => Some(Access::Spawn),
        Request::Join { thread, .. } => Some(Access::Join(*thread)),
        Request::Acquire { lock, .. } | Request::Released { lock, .. } => Some(Access::Lock(*lock)),
        Request::Sleep(_) | Request::NetworkIo => None,
        Request::StartProcess { .. }
        | Request::ProcessJoin { .. }
        | Request::QueuePut { .. }
        | Request::QueueGet { .. }
        | Request::QueueSize { .. }
        | Request::MemGet { .. }
        | Request::MemSet { .. }
        | Request::MemAdd { .. }
        | Request::ProcessKill { .. } => None,
    }
}

impl Scheduler<'static> {
    /// A steered run of `vm`'s program whose main thread is `main`.
    pub fn steered(
        vm: Vm,
        main: ThreadState,
        settings: Settings,
        budget: Budget,
        granularity: Granularity,
    ) -> Self {
        let mut scheduler = Scheduler::new_owned(Box::new(vm), main, settings, budget);
        scheduler.main_vm.steered = true;
        scheduler.sh.chooser = Chooser::Path(Path::new(granularity));
        scheduler.start();
        scheduler
    }

    /// A copy of the whole run that goes its own way from here.
    pub fn fork(&self) -> Self {
        Scheduler {
            main_vm: super::MainVm::Owned(Box::new((*self.main_vm).clone())),
            processes: self.processes.clone(),
            sh: self.sh.clone(),
            budget: self.budget,
            runs: self.runs,
        }
    }
}

impl Scheduler<'_> {
    fn steer(&mut self) -> &mut Path {
        self.sh
            .chooser
            .path()
            .expect("internal error: not a steered run")
    }

    fn end_steered(&mut self, ending: Ending) -> Next {
        self.steer().ended = Some(ending.clone());
        Next::Ended(ending)
    }

    /// The next point of choice, or how the run ended.
    pub fn next_point(&mut self) -> Next {
        if let Some(ending) = &self.steer().ended {
            return Next::Ended(ending.clone());
        }
        if let Some(stop) = self.check_budget() {
            return self.end_steered(stop);
        }
        self.after_change();
        let last = self.steer().last;
        let threads = &self.processes[0].st.threads;
        let candidates: Vec<ThreadIndex> = threads
            .iter()
            .enumerate()
            .filter(|(_, t)| choosable(t.status))
            .map(|(i, _)| ThreadIndex(i as u32))
            .collect();
        if candidates.is_empty() {
            let ending = self.finish();
            return self.end_steered(ending);
        }
        let running = last.filter(|w| threads[w.0 as usize].status == Status::Runnable);
        Next::Choose(Point {
            candidates,
            running,
        })
    }

    /// Runs `who` (one of the last point's candidates) to its next point of choice, and says
    /// what it touched on the way: the choice goes on the path, and the one function that
    /// chooses the next runner takes it from there.
    pub fn choose(&mut self, who: ThreadIndex) -> Footprint {
        self.steer().pending = Some(who);
        match self.next_runner().0 {
            Chosen::Run { who, .. } => self.steered_step(who),
            other => unreachable!("internal error: a path chose {other:?}"),
        }
    }

    /// Runs `who` to its next point of choice, and says what it touched on the way.
    fn steered_step(&mut self, who: ThreadIndex) -> Footprint {
        let mut touched = Footprint::default();
        let steer = self.steer();
        if let Some(at) = steer.waits.iter().position(|(t, _)| *t == who) {
            touched.waited = Some(steer.waits.swap_remove(at).1);
        }
        // A thread's first step comes after the start that made it.
        if !steer.started.contains(&who) {
            steer.started.push(who);
            if who.0 > 0 {
                touched.waited = Some(Access::Spawn);
            }
        }
        let now = self.steer().now;
        self.wake_chosen(who, now);
        self.hand_over(who);
        if let Some(retry) = self.processes[0].st.threads[who.0 as usize].retry {
            touched.add(Access::Lock(retry.lock), true);
        }
        if self.ctx(0).retry_lock(who) {
            self.steer().last = Some(who);
            return touched;
        }
        let granularity = self.steer().granularity;
        loop {
            if let Some(stop) = self.check_budget() {
                self.steer().ended = Some(stop);
                break;
            }
            let mut ctx = self.ctx(0);
            let step = footprint::before(ctx.vm, &ctx.st.threads[who.0 as usize].state);
            let machinery = ctx
                .vm
                .in_thread_machinery(&ctx.st.threads[who.0 as usize].state);
            ctx.vm.at_version_switch = false;
            let exit = ctx.run_one(who, VTime(0), 1);
            let access = match &exit {
                Exit::Request(request) => request_access(request),
                _ => None,
            };
            let state = &ctx.st.threads[who.0 as usize].state;
            let ip = state.frames.last().map_or(0, |f| f.ip as usize);
            let mut fp = step.after(state.frames.len(), ip, access);
            if machinery {
                fp.opaque = false;
                fp.accesses
                    .retain(|(a, _)| matches!(a, Access::Spawn | Access::Join(_)));
            }
            touched.opaque |= fp.opaque;
            for (access, write) in fp.accesses {
                touched.add(access, write);
            }
            let switched = matches!(exit, Exit::Switch);
            if let Exit::Request(request) = &exit
                && crate::sched::processes::is_cross_process(request)
            {
                let stop = self.stopped(
                    "a second process (steered runs and the explorer take the threads of one process)"
                        .to_string(),
                );
                self.steer().ended = Some(stop);
                break;
            }
            if let Some(reason) = self.ctx(0).handle_exit(who, exit) {
                let stop = self.stopped(reason);
                self.steer().ended = Some(stop);
                break;
            }
            self.after_change();
            let thread = &self.processes[0].st.threads[who.0 as usize];
            if thread.status == Status::Done {
                // Its end is what a join waits for.
                touched.add(Access::Join(who), true);
            }
            let in_library = thread
                .state
                .frames
                .last()
                .is_some_and(|f| self.main_vm.code(f.code).library.is_some());
            let at_point = !in_library
                && (granularity == Granularity::Instructions
                    || !self.gil_on()
                    || self.main_vm.at_version_switch);
            if !switched || at_point || thread.status != Status::Runnable {
                break;
            }
        }
        let thread = &self.processes[0].st.threads[who.0 as usize];
        let clock = thread.clock;
        let waiting = match thread.status {
            Status::OnJoin { target, .. } => Some(Access::Join(target)),
            Status::OnLock { lock, .. } => Some(Access::Lock(lock)),
            _ => None,
        };
        // A join that blocked changed nothing another thread can see: the joined thread's
        // end comes first either way, and the step after it is ordered after that end.
        if let Some(Access::Join(target)) = waiting {
            touched.accesses.retain(|(a, _)| *a != Access::Join(target));
        }
        let steer = self.steer();
        if let Some(access) = waiting {
            steer.waits.push((who, access));
        }
        steer.now = steer.now.max(clock);
        steer.last = Some(who);
        touched
    }

    /// A chosen thread that waits for a time wakes now: a new thread has started, a sleep or
    /// I/O is over, a timed wait has timed out.
    fn wake_chosen(&mut self, who: ThreadIndex, now: VTime) {
        let mut ctx = self.ctx(0);
        let thread = &mut ctx.st.threads[who.0 as usize];
        thread.clock = thread.clock.max(now);
        if let Some(end) = wait_ends(thread.status) {
            ctx.end_timed_wait(who, end.max(now));
        }
    }

    /// With a GIL, the chosen thread takes it: from its holder (a forced switch when the
    /// holder could have gone on), or free.
    fn hand_over(&mut self, who: ThreadIndex) {
        if !self.gil_on() {
            return;
        }
        let mut ctx = self.ctx(0);
        let holder = ctx.st.gil.holder;
        if holder == Some(who) {
            return;
        }
        let time = ctx.st.threads[who.0 as usize].clock;
        let forced =
            holder.is_some_and(|h| ctx.st.threads[h.0 as usize].status == Status::Runnable);
        if let Some(h) = holder
            && forced
        {
            ctx.set_activity(h, time, ThreadActivity::WaitingForGil);
        }
        ctx.take_gil(who, time, holder, forced);
    }
}
