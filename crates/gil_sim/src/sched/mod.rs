//! The scheduler: the threads of the program's processes on one virtual clock, under the GIL
//! of the modelled version (docs/cpython.md §1–§3, §6), without one (free-threaded, §5), and
//! processes with their own memory and GIL running in parallel on the cores (§7).
//!
//! The VM runs one thread at a time until that thread blocks, ends, or reaches a switch point
//! after the deadline the scheduler gave it; the scheduler owns every decision about who runs
//! next. Each thread has its own clock: the runner furthest behind goes next, so threads of
//! different processes (or, without a GIL, of one process) interleave as if in parallel. Time
//! jumps to the next timed event (a sleeper waking, I/O completing, a GIL waiter timing out)
//! when nobody can run.
//!
//! Layout: `threads` (one process's threads: blocking, waking, the GIL protocol), `processes`
//! (starting, joining and ending processes; queues between them), `gil` (state and calibrated
//! timings), `deadlock` (wait-for cycles), `rng` (the seeded generator), `trace` (changes).

pub mod choose;
pub mod cores;
pub mod deadlock;
pub mod explore;
pub mod footprint;
pub mod gil;
pub mod golden;
pub mod invariants;
pub mod live;
pub mod manual;
pub mod memory_lane;
pub mod narration;
pub mod outcome;
pub mod processes;
pub mod replay;
pub mod rng;
pub mod sample;
pub mod search;
pub mod steer;
pub mod threads;
pub mod trace;

use std::collections::VecDeque;

use crate::vm::frame::ThreadState;
use crate::vm::output::Stream;
use crate::vm::pickle::Pickled;

use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

pub use outcome::{Budget, Ending};

use choose::{Chooser, Next, NextRunner};
use gil::GilWait;
use rng::Rng;
use threads::{Ctx, ProcState};
use trace::{ThreadActivity, Trace, TraceEvent};

/// How threads share the interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GilMode {
    /// The GIL of the chosen version.
    On,
    /// No GIL (3.13t/3.14t): threads run in parallel on the cores.
    FreeThreaded,
    /// A labelled thought experiment: no GIL and plain, non-atomic reference counting.
    Naive,
}

/// The operating system the program runs on: it decides `multiprocessing`'s default start
/// method (docs/cpython.md §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

/// How the program was started: as a script file, or typed into a notebook or REPL (then a
/// spawned child cannot import its `__main__`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RunAs {
    Script,
    Notebook,
}

/// A settings word: how a setting is written in links, on the command line and in the
/// tutorial's scenarios, and read back.
pub trait Word: Sized + Copy + 'static {
    /// Every value, in the order menus list them.
    const ALL: &'static [Self];
    /// Its word.
    fn word(self) -> &'static str;
    /// The value a word names (also the older spellings), if any.
    fn parse(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.word() == word)
    }
    /// The words, listed for an error message: "on, off or naive".
    fn choices() -> String {
        let words: Vec<&str> = Self::ALL.iter().map(|v| v.word()).collect();
        match words.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

impl Word for GilMode {
    const ALL: &'static [GilMode] = &[GilMode::On, GilMode::FreeThreaded, GilMode::Naive];

    fn word(self) -> &'static str {
        match self {
            GilMode::On => "on",
            GilMode::FreeThreaded => "off",
            GilMode::Naive => "naive",
        }
    }

    fn parse(word: &str) -> Option<GilMode> {
        match word {
            "free-threaded" => Some(GilMode::FreeThreaded),
            _ => Self::ALL.iter().copied().find(|v| v.word() == word),
        }
    }
}

impl Word for Os {
    const ALL: &'static [Os] = &[Os::Linux, Os::MacOs, Os::Windows];

    fn word(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::MacOs => "macos",
            Os::Windows => "windows",
        }
    }
}

impl Word for RunAs {
    const ALL: &'static [RunAs] = &[RunAs::Script, RunAs::Notebook];

    fn word(self) -> &'static str {
        match self {
            RunAs::Script => "script",
            RunAs::Notebook => "notebook",
        }
    }
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
    pub os: Os,
    pub run_as: RunAs,
}

impl Settings {
    /// The cores a machine may have.
    pub const CORES: std::ops::RangeInclusive<u32> = 1..=64;
    /// `sys.setswitchinterval`'s range here, in microseconds.
    pub const SWITCH_INTERVAL_US: std::ops::RangeInclusive<u64> = 1..=10_000_000;
    /// A network request's mean latency, in milliseconds.
    pub const IO_LATENCY_MS: std::ops::RangeInclusive<u64> = 0..=60_000;
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gil: GilMode::On,
            cores: 4,
            switch_interval: VTime::from_nanos(5_000_000),
            seed: 1,
            io_latency: VTime::from_nanos(100_000_000),
            os: Os::Linux,
            run_as: RunAs::Script,
        }
    }
}

/// Where a thread is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Status {
    /// Created, its OS thread not started yet: it becomes runnable at `at` (the thread's
    /// events then come in time order with everyone else's).
    Starting {
        at: VTime,
    },
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
    /// Waiting for a child process to end.
    OnProcess {
        process: usize,
        deadline: Option<VTime>,
    },
    /// Waiting for an item on a multiprocessing queue.
    OnQueue {
        queue: u32,
        deadline: Option<VTime>,
    },
    Done,
}

/// A simulated thread.
#[derive(Clone)]
pub struct SimThread {
    pub state: ThreadState,
    pub status: Status,
    /// The time this thread has reached (it runs from here next).
    pub clock: VTime,
    /// The result of its pending native call, pushed when it resumes (owned).
    pub resume_with: Option<Value>,
    /// With a GIL: since when it waits for it.
    pub gil_wait: Option<GilWait>,
    /// Its state on the timeline.
    pub activity: ThreadActivity,
    /// Woken from a lock wait: the acquire it must try again before running.
    pub retry: Option<Retry>,
}

impl SimThread {
    /// A thread that will run `state` from `clock`.
    pub fn new(state: ThreadState, clock: VTime) -> SimThread {
        SimThread {
            state,
            status: Status::Done,
            clock,
            resume_with: None,
            gil_wait: None,
            activity: ThreadActivity::Done,
            retry: None,
        }
    }
}

/// A lock acquire to try again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Retry {
    pub lock: LockId,
    pub deadline: Option<VTime>,
    pub restore: u32,
}

/// What every process shares: the settings, the generator, the trace, the queues, and who
/// decides the hand-offs.
#[derive(Clone)]
pub struct Shared {
    pub settings: Settings,
    pub rng: Rng,
    pub trace: Trace,
    /// Items waiting in each multiprocessing queue, by queue id.
    pub queues: Vec<(u32, VecDeque<Pickled>)>,
    /// Memory shared between processes (`multiprocessing.Value`, `Array`, shared locks' state),
    /// by block and index, kept sorted by key.
    pub memory: Vec<((i64, i64), Pickled)>,
    pub chooser: Chooser,
    /// The machine's cores and who holds them.
    pub cores: cores::Cores,
    /// What the memory lane last measured ([`memory_lane`]).
    pub memory_watch: memory_lane::MemoryWatch,
}

impl Shared {
    /// Decides a hand-off ([`choose`]).
    pub fn choose<D: choose::Decision>(&mut self, decision: D) -> D::Answer {
        self.chooser.choose(&mut self.rng, decision)
    }
}

impl Shared {
    /// Multiprocessing queue `id`'s items (an empty queue when it has none yet).
    pub fn queue(&mut self, id: u32) -> &mut VecDeque<Pickled> {
        let at = match self.queues.iter().position(|(q, _)| *q == id) {
            Some(at) => at,
            None => {
                self.queues.push((id, VecDeque::new()));
                self.queues.len() - 1
            }
        };
        &mut self.queues[at].1
    }

    /// The shared memory item at `key` (block and index), `None` where nothing was stored.
    pub fn memory_at(&self, key: (i64, i64)) -> Option<&Pickled> {
        let at = self.memory.binary_search_by_key(&key, |(k, _)| *k).ok()?;
        Some(&self.memory[at].1)
    }

    /// Stores `value` in shared memory at `key`.
    pub fn set_memory(&mut self, key: (i64, i64), value: Pickled) {
        match self.memory.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(at) => self.memory[at].1 = value,
            Err(at) => self.memory.insert(at, (key, value)),
        }
    }
}

/// A finding about the run that the page explains.
#[derive(Clone, Debug, PartialEq)]
pub enum Finding {
    /// Every remaining thread waits for something that can never happen.
    Deadlock(deadlock::Deadlock),
    /// Naive no-GIL mode: what racy reference counts did, in words.
    Refcount(NaiveFinding),
}

/// A naive-mode refcount finding with the thread, object and line it concerns.
#[derive(Clone, Debug, PartialEq)]
pub struct NaiveFinding {
    pub process: u32,
    pub kind: crate::vm::naive::RefcountFinding,
    pub thread: Option<u32>,
    pub line: u32,
    pub object: String,
    pub text: String,
    pub time: VTime,
}

/// The outcome of a simulated run.
pub struct SimReport {
    pub ending: Ending,
    pub trace: Trace,
    pub findings: Vec<Finding>,
    pub threads: usize,
    pub processes: usize,
    pub virtual_time: VTime,
    pub instructions: u64,
    /// Lost updates in all processes: how many, and the first ones in detail.
    pub lost_updates: u64,
    /// What the lost updates erased in all ([`crate::vm::races::RaceWatch::erased`]).
    pub erased: Option<i128>,
    pub lost_update_details: Vec<crate::vm::races::LostUpdate>,
    /// When all the lost updates happened, thinned ([`crate::vm::races::LostTimes`]).
    pub lost_update_times: Vec<crate::vm::races::LostTime>,
    /// Each process's name (`MainProcess`, `Process-1`, `ForkPoolWorker-2`), by process index.
    pub process_names: Vec<String>,
}

/// Where a resumable run stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// Once this many instructions ran in all.
    Instructions(u64),
    /// Once the trace holds this many events.
    Events(usize),
}

/// Longest stretch a thread runs before the scheduler checks the budgets.
const SLICE: VTime = VTime(2_000_000_000);

/// Longest lead a thread of one process gets over a thread of another before they swap.
const PROCESS_QUANTUM: VTime = VTime(50_000_000);

/// A simulated process: its VM (the program's own is borrowed), threads and GIL.
#[derive(Clone)]
pub struct Process {
    pub vm: Option<Box<Vm>>,
    pub st: ProcState,
    /// The process that started it.
    pub parent: Option<usize>,
    pub daemon: bool,
    /// Its exit code once it ended.
    pub exitcode: Option<i32>,
    /// When it ended.
    pub ended: Option<VTime>,
}

/// The program's own VM: borrowed from the caller, or owned by a run that outlives the call
/// that started it (the page runs a program in slices, see [`live`]).
enum MainVm<'a> {
    Borrowed(&'a mut Vm),
    Owned(Box<Vm>),
}

impl MainVm<'_> {
    /// The VM itself (a copy of a borrowed one), for the caller to keep.
    fn into_owned(self) -> Box<Vm> {
        match self {
            MainVm::Owned(vm) => vm,
            MainVm::Borrowed(vm) => Box::new(vm.clone()),
        }
    }
}

impl std::ops::Deref for MainVm<'_> {
    type Target = Vm;

    fn deref(&self) -> &Vm {
        match self {
            MainVm::Borrowed(vm) => vm,
            MainVm::Owned(vm) => vm,
        }
    }
}

impl std::ops::DerefMut for MainVm<'_> {
    fn deref_mut(&mut self) -> &mut Vm {
        match self {
            MainVm::Borrowed(vm) => vm,
            MainVm::Owned(vm) => vm,
        }
    }
}

/// Runs a compiled module as `__main__` with default settings (one thread unless the program
/// starts more) to its end, a deadlock or a budget.
pub fn run_main(
    vm: &mut Vm,
    code: &std::rc::Rc<crate::bytecode::CodeObject>,
    budget: Budget,
) -> Ending {
    run_scheduled(vm, code, Settings::default(), budget).ending
}

/// Runs a compiled module as `__main__`'s main thread under the scheduler.
pub fn run_scheduled(
    vm: &mut Vm,
    code: &std::rc::Rc<crate::bytecode::CodeObject>,
    settings: Settings,
    budget: Budget,
) -> SimReport {
    let main = vm.main_thread(code);
    Scheduler::new(vm, main, settings, budget).run()
}

/// Runs a program's processes and threads to the end.
pub struct Scheduler<'a> {
    main_vm: MainVm<'a>,
    processes: Vec<Process>,
    sh: Shared,
    budget: Budget,
    /// Runs so far (naive mode tells concurrent refcount changes by it).
    runs: u64,
}

impl<'a> Scheduler<'a> {
    /// A scheduler whose main thread is about to run `main` (already set up on it).
    pub fn new(vm: &'a mut Vm, main: ThreadState, settings: Settings, budget: Budget) -> Self {
        Scheduler::with_main(MainVm::Borrowed(vm), main, settings, budget)
    }

    /// A scheduler that owns the program's VM (a run driven in slices).
    fn new_owned(vm: Box<Vm>, main: ThreadState, settings: Settings, budget: Budget) -> Self {
        Scheduler::with_main(MainVm::Owned(vm), main, settings, budget)
    }

    fn with_main(
        mut main_vm: MainVm<'a>,
        main: ThreadState,
        settings: Settings,
        budget: Budget,
    ) -> Self {
        let vm = &mut *main_vm;
        vm.switch_interval_us = (settings.switch_interval.0 / 1_000_000).max(1);
        vm.switch_anywhere = settings.gil != GilMode::On;
        vm.cores = settings.cores;
        vm.instruction_limit = budget.max_instructions;
        vm.start_method = processes::default_start_method(vm.version, settings.os).into();
        vm.entropy = settings.seed ^ 0x0E47_C0DE_5EED_0001;
        let mut st = ProcState::default();
        let mut thread = SimThread::new(main, VTime(0));
        thread.status = Status::Runnable;
        st.threads.push(thread);
        Scheduler {
            main_vm,
            processes: vec![Process {
                vm: None,
                st,
                parent: None,
                daemon: false,
                exitcode: None,
                ended: None,
            }],
            sh: Shared {
                rng: Rng::new(settings.seed),
                settings,
                trace: Trace::default(),
                queues: Default::default(),
                memory: Default::default(),
                chooser: Chooser::Rules,
                cores: cores::Cores::new(settings.cores),
                memory_watch: Default::default(),
            },
            budget,
            runs: 0,
        }
    }

    /// Process `p`'s VM, state and the shared state, borrowed together.
    pub fn ctx(&mut self, p: usize) -> Ctx<'_> {
        let process = &mut self.processes[p];
        let vm: &mut Vm = match process.vm.as_mut() {
            Some(vm) => vm,
            None => &mut self.main_vm,
        };
        Ctx {
            vm,
            st: &mut process.st,
            sh: &mut self.sh,
            process: p as u32,
        }
    }

    /// Runs until every process has ended, a deadlock, or a budget.
    pub fn run(mut self) -> SimReport {
        self.start();
        let ending = loop {
            if let Some(ending) = self.step_until(None) {
                break ending;
            }
        };
        self.finish_report(ending)
    }

    /// The whole state, to resume from later.
    fn checkpoint(&self) -> replay::Checkpoint {
        replay::Checkpoint {
            main: (*self.main_vm).clone(),
            processes: self.processes.clone(),
            sh: self.sh.clone(),
            runs: self.runs,
        }
    }

    /// About how many bytes a copy of the whole state takes: every process's objects and
    /// output, and the trace (a copy holds exactly its events).
    fn state_bytes(&self) -> usize {
        let vms = std::iter::once(&*self.main_vm)
            .chain(self.processes.iter().filter_map(|p| p.vm.as_deref()));
        vms.map(|vm| vm.heap.memory() + vm.output.footprint())
            .sum::<usize>()
            + self.sh.trace.events.len() * std::mem::size_of::<(VTime, u32, trace::TraceEvent)>()
    }

    /// Every process's instructions so far.
    fn instructions(&self) -> u64 {
        self.main_vm.instructions
            + self
                .processes
                .iter()
                .filter_map(|p| p.vm.as_ref().map(|vm| vm.instructions))
                .sum::<u64>()
    }

    fn finish_report(&mut self, ending: Ending) -> SimReport {
        let end = self
            .processes
            .iter()
            .flat_map(|p| p.st.threads.iter().map(|t| t.clock))
            .max()
            .unwrap_or(VTime(0));
        let mut findings = match &ending {
            Ending::Deadlock(found) => vec![Finding::Deadlock(found.clone())],
            _ => Vec::new(),
        };
        for p in 0..self.processes.len() {
            self.ctx(p).collect_naive_drift();
            let naive = std::mem::take(&mut self.processes[p].st.naive_findings);
            findings.extend(naive.into_iter().map(Finding::Refcount));
        }
        let threads = self.processes.iter().map(|p| p.st.threads.len()).sum();
        let instructions = self.instructions();
        let mut lost_updates = self.main_vm.races.count;
        let mut erased = self.main_vm.races.erased;
        let mut lost_update_details = std::mem::take(&mut self.main_vm.races.details);
        let mut lost_update_times: Vec<_> = self.main_vm.races.times.kept().collect();
        for (index, process) in self.processes.iter_mut().enumerate().skip(1) {
            if let Some(vm) = process.vm.as_mut() {
                lost_updates += vm.races.count;
                lost_update_times.extend(vm.races.times.kept());
                erased = erased
                    .zip(vm.races.erased)
                    .map(|(a, b)| a.saturating_add(b));
                lost_update_details.append(&mut vm.races.details);
                let output = std::mem::take(&mut vm.output);
                self.main_vm.output.merge(output, index as u32);
            }
        }
        self.main_vm.clock = end;
        let process_names = self
            .processes
            .iter()
            .enumerate()
            .map(|(index, process)| match (index, &process.vm) {
                (0, _) | (_, None) => std::rc::Rc::clone(&self.main_vm.process_name),
                (_, Some(vm)) => std::rc::Rc::clone(&vm.process_name),
            })
            .map(|name| name.to_string())
            .collect();
        SimReport {
            process_names,
            ending,
            trace: std::mem::take(&mut self.sh.trace),
            findings,
            threads,
            processes: self.processes.len(),
            virtual_time: end,
            instructions,
            lost_updates,
            erased,
            lost_update_details,
            lost_update_times,
        }
    }

    fn gil_on(&self) -> bool {
        self.sh.settings.gil == GilMode::On
    }

    /// The main thread starts running.
    fn start(&mut self) {
        if self.gil_on() {
            self.ctx(0).take_gil(ThreadIndex(0), VTime(0), None, false);
        } else {
            self.ctx(0)
                .set_activity(ThreadIndex(0), VTime(0), ThreadActivity::Running);
        }
    }

    /// Runs until the program ends (Some) or `pause` is reached (None).
    fn step_until(&mut self, pause: Option<Pause>) -> Option<Ending> {
        loop {
            match pause {
                Some(Pause::Instructions(n)) if self.instructions() >= n => return None,
                Some(Pause::Events(n)) if self.sh.trace.events.len() >= n => return None,
                _ => {}
            }
            if let Some(stop) = self.check_budget() {
                return Some(stop);
            }
            let (next, runners) = self.next_runner();
            let (process, who, deadline) = match next {
                Next::Run {
                    process,
                    who,
                    deadline,
                } => (process, who, deadline),
                Next::Event(time, p) => {
                    self.ctx(p).process_event(time);
                    self.after_change();
                    continue;
                }
                Next::Rotate(time) => {
                    let changes = {
                        let processes = &self.processes;
                        self.sh.cores.rotate(time, |r| {
                            processes[r.process].st.threads[r.thread.0 as usize].clock
                        })
                    };
                    self.apply_core_changes(&changes);
                    continue;
                }
                Next::Nothing | Next::Pause => return Some(self.finish()),
            };
            if self.ctx(process).retry_lock(who) {
                self.after_change();
                continue;
            }
            if let Some(stop) = self.run_runner(process, who, deadline, runners) {
                return Some(stop);
            }
            self.after_change();
        }
    }

    /// The one function that chooses the next runner: the chooser decides among the
    /// runners that can go and the next timed event. Also says how many runners there were.
    fn next_runner(&mut self) -> (Next, usize) {
        let runners = self.seated_runners();
        let next_event = self.next_event();
        let old_gil_period = match runners.first() {
            Some((_, p, _))
                if self.gil_on()
                    && self.ctx(*p).vm.version == crate::PyVersion::Py27
                    && self.ctx(*p).has_gil_waiters() =>
            {
                Some(gil::OLD_GIL_CHECK_PERIOD)
            }
            _ => None,
        };
        let next = self.sh.choose(NextRunner {
            runners: &runners,
            next_event,
            thread_quantum: gil::FREE_THREADED_QUANTUM,
            process_quantum: PROCESS_QUANTUM,
            slice: SLICE,
            old_gil_period,
            rotation: self.sh.cores.next_rotation(),
        });
        (next, self.sh.cores.busy())
    }

    /// The runners that want to run, brought onto the cores (see [`cores`]): those that hold
    /// one, furthest behind first.
    fn seated_runners(&mut self) -> Vec<(VTime, usize, ThreadIndex)> {
        let wanting = self.runners();
        let as_runners: Vec<(VTime, cores::Runner)> = wanting
            .iter()
            .map(|(clock, p, who)| {
                (
                    *clock,
                    cores::Runner {
                        process: *p,
                        thread: *who,
                    },
                )
            })
            .collect();
        let changes = {
            let processes = &self.processes;
            self.sh.cores.sync(&as_runners, |r| {
                processes[r.process].st.threads[r.thread.0 as usize].clock
            })
        };
        if !changes.is_empty() {
            self.apply_core_changes(&changes);
        }
        let mut seated = Vec::with_capacity(wanting.len());
        for (_, runner) in as_runners {
            let thread = &self.processes[runner.process].st.threads[runner.thread.0 as usize];
            if self.sh.cores.core_of(runner).is_some() {
                seated.push((thread.clock, runner.process, runner.thread));
            } else if thread.activity != ThreadActivity::WaitingForCore {
                let clock = thread.clock;
                self.ctx(runner.process).set_activity(
                    runner.thread,
                    clock,
                    ThreadActivity::WaitingForCore,
                );
            }
        }
        crate::small_sort::sort(&mut seated);
        seated
    }

    /// Records who took and left which core, and moves a runner that got a core later than
    /// its clock on to then.
    fn apply_core_changes(&mut self, changes: &[cores::Change]) {
        for change in changes {
            match change.runner {
                Some(runner) => {
                    let mut ctx = self.ctx(runner.process);
                    let thread = &mut ctx.st.threads[runner.thread.0 as usize];
                    thread.clock = thread.clock.max(change.at);
                    let activity = if ctx.gil_on() {
                        ThreadActivity::RunningWithGil
                    } else {
                        ThreadActivity::Running
                    };
                    ctx.set_activity(runner.thread, change.at, activity);
                    self.sh.trace.push_core(trace::CoreEvent {
                        time: change.at,
                        process: runner.process as u32,
                        core: change.core,
                        thread: Some(runner.thread),
                    });
                    if let Some(left) = change.left {
                        self.ctx(left.process).set_activity(
                            left.thread,
                            change.at,
                            ThreadActivity::WaitingForCore,
                        );
                    }
                }
                None => {
                    self.sh.trace.push_core(trace::CoreEvent {
                        time: change.at,
                        process: change.left.map_or(0, |l| l.process as u32),
                        core: change.core,
                        thread: None,
                    });
                }
            }
        }
    }

    /// Runs thread `who` of process `p` until `deadline` (with `runners` cores busy in all)
    /// and acts on why it stopped; Some(ending) when a cap stops the run.
    fn run_runner(
        &mut self,
        p: usize,
        who: ThreadIndex,
        deadline: VTime,
        runners: usize,
    ) -> Option<Ending> {
        let busy = runners as u64;
        self.runs += 1;
        let runs = self.runs;
        let mut ctx = self.ctx(p);
        if let Some(naive) = ctx.vm.heap.naive.as_mut() {
            naive.thread = who.0;
            naive.run = runs;
        }
        let exit = ctx.run_one(who, deadline, busy);
        ctx.collect_naive_findings(who);
        match exit {
            crate::vm::eval::Exit::Request(request) if processes::is_cross_process(&request) => {
                let now = self.processes[p].st.threads[who.0 as usize].clock;
                self.cross_process(p, who, now, request);
            }
            other => {
                if let Some(reason) = self.ctx(p).handle_exit(who, other) {
                    return Some(self.stopped(reason));
                }
            }
        }
        self.watch_memory(p, who);
        None
    }

    /// Threads that can run now, furthest behind first: (clock, process, thread).
    fn runners(&self) -> Vec<(VTime, usize, ThreadIndex)> {
        let mut out = Vec::new();
        for (p, process) in self.processes.iter().enumerate() {
            if process.ended.is_some() {
                continue;
            }
            if self.gil_on() {
                if let Some(holder) = process.st.gil.holder {
                    let thread = &process.st.threads[holder.0 as usize];
                    if thread.status == Status::Runnable {
                        out.push((thread.clock, p, holder));
                    }
                }
            } else {
                for (i, thread) in process.st.threads.iter().enumerate() {
                    if thread.status == Status::Runnable {
                        out.push((thread.clock, p, ThreadIndex(i as u32)));
                    }
                }
            }
        }
        crate::small_sort::sort(&mut out);
        out
    }

    /// The earliest timed event of any process.
    fn next_event(&mut self) -> Option<(VTime, usize)> {
        let mut best = None;
        for p in 0..self.processes.len() {
            if self.processes[p].ended.is_some() {
                continue;
            }
            if let Some(time) = self.ctx(p).next_event()
                && best.is_none_or(|b| (time, p) < b)
            {
                best = Some((time, p));
            }
        }
        best
    }

    /// Ends processes whose threads have all finished, and reacts to that.
    fn after_change(&mut self) {
        for p in 0..self.processes.len() {
            let process = &self.processes[p];
            if process.ended.is_some()
                || !process.st.threads.iter().all(|t| t.status == Status::Done)
            {
                continue;
            }
            self.end_process(p);
        }
    }

    /// No thread can run and no event is pending: the program ended, or deadlocked.
    fn finish(&mut self) -> Ending {
        if self.processes.iter().all(|p| p.ended.is_some()) {
            return self.processes[0]
                .st
                .main_status
                .clone()
                .unwrap_or(Ending::Exited(0));
        }
        let found = self.describe_deadlock();
        let message = format!("\n[GIL Lab: deadlock detected. {}]\n", found.text);
        self.main_vm.write_output(Stream::Stderr, &message);
        Ending::Deadlock(found)
    }

    /// The clock of the thread furthest ahead.
    fn latest_clock(&self) -> VTime {
        self.processes
            .iter()
            .flat_map(|p| p.st.threads.iter().map(|t| t.clock))
            .max()
            .unwrap_or(VTime(0))
    }

    fn check_budget(&mut self) -> Option<Ending> {
        let now = self.latest_clock();
        let instructions = self.instructions();
        let objects: usize = self.main_vm.heap.live()
            + self
                .processes
                .iter()
                .filter_map(|p| p.vm.as_ref().map(|vm| vm.heap.live()))
                .sum::<usize>();
        if instructions >= self.budget.max_instructions {
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
        if objects > self.budget.max_objects {
            return Some(self.stopped(format!(
                "the object budget ({} live objects)",
                self.budget.max_objects
            )));
        }
        None
    }

    /// Ends the run at a cap, with a last trace event there (the main thread's segment ends),
    /// so the state after its last event is the state it stopped in: stepping to the end shows
    /// everything it ran and printed.
    fn stopped(&mut self, what: String) -> Ending {
        let message = format!("\n[GIL Lab stopped the program: it reached {what}]\n");
        self.main_vm.write_output(Stream::Stderr, &message);
        if let Some(main) = self.processes[0].st.threads.first() {
            let now = self.latest_clock();
            let event = TraceEvent::State {
                thread: ThreadIndex(0),
                activity: main.activity,
            };
            self.sh.trace.push(now, 0, event);
        }
        Ending::Stopped(what)
    }
}
