//! GIL Lab's simulator: CPython's execution model, from source text to a trace of threads.
//!
//! The pipeline: [`compile`] turns Python source into CPython's own bytecode for a chosen
//! [`PyVersion`]; the VM runs it with real reference counts; the scheduler decides where threads
//! switch, as each version's GIL does; the trace records what happened.
//!
//! Source code layout:
//! - `version` — the modelled Python versions.
//! - `bytecode` — opcodes, constants, code objects and their `dis` text (a leaf module).
//! - `compile` — ruff AST → bytecode; the only module that names ruff's types.
//! - `bigint`, `pytext` — Python's integers beyond 64 bits and its text forms of values.
//! - `vm` — CPython's object model, reference counts and instruction semantics.
//! - `export` — a run as JSON.
//!
//! Architecture invariant: this crate has no web dependency, no I/O, no wall clock and no OS
//! threads. The same code runs natively (tests, `gilsim`) and in the page's wasm.

pub(crate) mod bigint;
pub(crate) mod bytecode;
pub(crate) mod compile;
pub(crate) mod export;
pub(crate) mod ids;
pub(crate) mod pytext;
pub(crate) mod sched;
pub(crate) mod small_sort;
pub(crate) mod version;
pub(crate) mod vm;

// The façade: the page, the command line and the tests use these names, and nothing else.
pub use compile::highlight::{Colored, TokenClass, highlight};
pub use compile::scale::scaled_down;
pub use compile::{Compiled, Diagnostic, DiagnosticKind, SourcePos, compile};
pub use export::{TRACE_FORMAT, json_string};
pub use ids::{LockId, ThreadIndex, VTime};
pub use sched::deadlock::{CycleStep, Deadlock};
pub use sched::explore::{EndKind, Exploration, Explorer, Limits, Outcome};
pub use sched::golden::{hashes as golden_hashes, scenarios as golden_scenarios};
pub use sched::invariants::check as check_invariants;
pub use sched::live::LiveRun;
pub use sched::manual::{Goal, ManualRun};
pub use sched::memory_lane::{MemorySample, MemorySummary};
pub use sched::narration::{Step, steps as narrate, thread_words};
pub use sched::replay::{CHECKPOINT_EVERY, Checkpoints, Snapshot, ThreadView};
pub use sched::sample::Sampler;
pub use sched::search::{EXPLORE_CAP, SAMPLES, Search, default_limits as search_limits};
pub use sched::steer::{Granularity, Next, Point};
pub use sched::trace::{CoreEvent, ThreadActivity, Trace, TraceEvent};
pub use sched::{Budget, Ending, Finding, GilMode, NaiveFinding, Os, RunAs, Settings, Word};
pub use small_sort::sort as sort_small;
pub use version::PyVersion;
pub use vm::ProgramPlace;
pub use vm::library::{
    LibraryFile, files_missing as library_files_missing, needs as library_needs, precompile,
    provide_source as provide_library_source, replace_sources as replace_library_sources,
};
pub use vm::memory::{MAX_MEMORY_BYTES, MEMORY_BUDGET};
pub use vm::naive::RefcountFinding;
pub use vm::output::{Output, Stream};
pub use vm::races::{LostTime, LostUpdate};

/// The disassembly of a program for `version`, in the plain form `gilsim dis` prints, or the
/// problems that stop it from compiling.
///
/// ```
/// let text = gil_sim::disassemble("x = 1 + 2\n", gil_sim::PyVersion::Py311).unwrap();
/// assert!(text.contains("STORE_NAME x"));
/// ```
pub fn disassemble(source: &str, version: PyVersion) -> Result<String, Vec<Diagnostic>> {
    let compiled = compile(source, version);
    match compiled.code {
        Some(code) => Ok(bytecode::dis(&code)),
        None => Err(compiled.diagnostics),
    }
}

/// A fresh VM for `source` and its compiled module, or the problems that stop it compiling.
fn machine_for(
    source: &str,
    version: PyVersion,
    file_name: &str,
) -> Result<(vm::Vm, std::rc::Rc<bytecode::CodeObject>), Vec<Diagnostic>> {
    let compiled = compile(source, version);
    let Some(code) = compiled.code else {
        return Err(compiled.diagnostics);
    };
    Ok((vm::Vm::new(version, file_name, source), code))
}

/// The result of running a program: its output and how it ended.
pub struct RunReport {
    pub output: vm::output::Output,
    pub ending: sched::Ending,
    pub instructions: u64,
    pub virtual_time: vm::VTime,
}

/// The result of a simulation with threads: the run's output and ending, and what the
/// scheduler recorded.
pub struct Simulation {
    pub output: vm::output::Output,
    pub ending: sched::Ending,
    pub instructions: u64,
    pub virtual_time: vm::VTime,
    pub threads: usize,
    pub processes: usize,
    pub lost_updates: u64,
    /// The change the lost updates erased, summed (`None` when a value was not an int): for a
    /// counter it is how many increments were lost.
    pub lost_change: Option<i128>,
    pub lost_update_details: Vec<vm::races::LostUpdate>,
    /// When all the lost updates happened, thinned to at most a few thousand times, each
    /// standing for as many as its weight says.
    pub lost_update_times: Vec<vm::races::LostTime>,
    pub trace: sched::trace::Trace,
    pub findings: Vec<sched::Finding>,
    /// The names of the program's own threads (process 0), by thread index.
    pub thread_names: Vec<String>,
    /// Each process's name as `multiprocessing` gives it, by process index.
    pub process_names: Vec<String>,
    /// The program's locks (process 0) by the name it reaches them with at the end
    /// (`account1.lock`), for telling lock events in words.
    pub lock_names: Vec<(vm::sync::LockId, String)>,
    /// What is wrong with the program's reference counts at the end, if anything (see
    /// [`sched::invariants`]).
    pub count_problems: Vec<String>,
}

/// Compiles and runs a program as `__main__` with its threads under `settings` (GIL mode,
/// cores, switch interval, seed). `file_name` is what tracebacks show.
pub fn simulate(
    source: &str,
    version: PyVersion,
    file_name: &str,
    settings: sched::Settings,
    budget: sched::Budget,
) -> Result<Simulation, Vec<Diagnostic>> {
    let (mut machine, code) = machine_for(source, version, file_name)?;
    let report = sched::run_scheduled(&mut machine, &code, settings, budget);
    Ok(Simulation::new(&mut machine, report))
}

/// [`simulate`], also keeping a copy of the run's state about every `every` instructions
/// ([`sched::replay::CHECKPOINT_EVERY`] suits the page) so that the state at any trace event
/// can be rebuilt quickly ([`sched::replay::Checkpoints::state_at`]).
pub fn simulate_with_checkpoints(
    source: &str,
    version: PyVersion,
    file_name: &str,
    settings: sched::Settings,
    budget: sched::Budget,
    every: u64,
) -> Result<(Simulation, sched::replay::Checkpoints), Vec<Diagnostic>> {
    let mut run = start_simulation(source, version, file_name, settings, budget, every)?;
    run.advance(u64::MAX);
    Ok(finish_live(run))
}

/// A VM for a steered run of `source` (its code loaded without superinstructions) and its
/// main thread.
fn steered_machine(
    source: &str,
    version: PyVersion,
    file_name: &str,
) -> Result<(vm::Vm, vm::frame::ThreadState), Vec<Diagnostic>> {
    let (mut machine, code) = machine_for(source, version, file_name)?;
    machine.steered = true;
    let main = machine.main_thread(&code);
    Ok((machine, main))
}

/// A program run with its threads chosen step by step (by the explorer, a sampler or the
/// reader): what every steered run needs besides its limits.
#[derive(Clone, Copy, Debug)]
pub struct Steered<'a> {
    pub source: &'a str,
    pub version: PyVersion,
    /// What tracebacks show.
    pub file_name: &'a str,
    pub settings: sched::Settings,
    pub granularity: sched::steer::Granularity,
}

impl Steered<'_> {
    fn machine(&self) -> Result<(vm::Vm, vm::frame::ThreadState), Vec<Diagnostic>> {
        steered_machine(self.source, self.version, self.file_name)
    }

    /// Runs the program under every schedule that can end differently
    /// ([`sched::explore`]): its distinct outcomes, each with a schedule that gives it.
    pub fn explore(
        &self,
        limits: sched::explore::Limits,
    ) -> Result<sched::explore::Exploration, Vec<Diagnostic>> {
        let mut explorer = self.explorer(limits)?;
        while !explorer.advance(u64::MAX) {}
        Ok(explorer.into_found())
    }

    /// [`Steered::explore`] in slices: an [`sched::explore::Explorer`] to advance a bounded
    /// number of steps at a time (the page explores this way so it never freezes).
    pub fn explorer(
        &self,
        limits: sched::explore::Limits,
    ) -> Result<sched::explore::Explorer, Vec<Diagnostic>> {
        let (machine, main) = self.machine()?;
        Ok(sched::explore::Explorer::new(
            machine,
            main,
            self.settings,
            self.granularity,
            limits,
        ))
    }

    /// Runs `runs` seeded PCT schedules of a program too big to explore every schedule of
    /// ([`sched::sample`]): the outcomes seen, each with a schedule that gives it.
    pub fn sample(
        &self,
        limits: sched::explore::Limits,
        runs: u64,
    ) -> Result<sched::explore::Exploration, Vec<Diagnostic>> {
        let mut sampler = self.sampler(limits, runs)?;
        while !sampler.advance(u64::MAX) {}
        Ok(sampler.into_found())
    }

    /// [`Steered::sample`] in slices: a [`sched::sample::Sampler`] to advance a few runs at
    /// a time.
    pub fn sampler(
        &self,
        limits: sched::explore::Limits,
        runs: u64,
    ) -> Result<sched::sample::Sampler, Vec<Diagnostic>> {
        let (machine, main) = self.machine()?;
        Ok(sched::sample::Sampler::new(
            machine,
            main,
            self.settings,
            self.granularity,
            limits,
            runs,
        ))
    }

    /// A run whose threads the caller chooses one point at a time
    /// ([`sched::manual::ManualRun`]: "you are the scheduler").
    pub fn steer(
        &self,
        budget: sched::Budget,
    ) -> Result<sched::manual::ManualRun, Vec<Diagnostic>> {
        let (machine, main) = self.machine()?;
        Ok(sched::manual::ManualRun::new(
            machine,
            main,
            self.settings,
            self.granularity,
            budget,
        ))
    }

    /// Runs the program with the threads chosen by `schedule` (as [`Steered::explore`]
    /// reports them), for the timeline.
    pub fn simulate_schedule(
        &self,
        budget: sched::Budget,
        schedule: &[u32],
    ) -> Result<Simulation, Vec<Diagnostic>> {
        let (machine, main) = self.machine()?;
        let (report, mut vm) = sched::explore::run_schedule(
            machine,
            main,
            self.settings,
            self.granularity,
            budget,
            schedule,
        );
        Ok(Simulation::new(&mut vm, report))
    }
}

/// Starts a simulation the caller advances in slices ([`sched::live::LiveRun::advance`]),
/// keeping a copy of the state about every `every` instructions for stepping back; the page
/// runs programs this way so it never freezes. [`finish_live`] turns it into a
/// [`Simulation`].
pub fn start_simulation(
    source: &str,
    version: PyVersion,
    file_name: &str,
    settings: sched::Settings,
    budget: sched::Budget,
    every: u64,
) -> Result<sched::live::LiveRun, Vec<Diagnostic>> {
    let (mut machine, code) = machine_for(source, version, file_name)?;
    let main = machine.main_thread(&code);
    Ok(sched::live::LiveRun::new(
        machine, main, settings, budget, every,
    ))
}

/// Ends a run started by [`start_simulation`] where it is (a run that has not ended counts
/// as cancelled) and returns what happened, with the copies for stepping back.
pub fn finish_live(run: sched::live::LiveRun) -> (Simulation, sched::replay::Checkpoints) {
    let (report, checkpoints, mut machine) = run.finish();
    (Simulation::new(&mut machine, report), checkpoints)
}

impl Simulation {
    /// What the memory lane of the program's own process shows.
    pub fn memory(&self) -> MemorySummary {
        MemorySummary::of(&self.trace.memory, 0)
    }

    /// How many times a thread of the program's own process found a lock taken and blocked
    /// on it (the library's own locks included: a `Queue.get` that waits blocks on one).
    pub fn lock_waits(&self) -> u64 {
        self.trace
            .events
            .iter()
            .filter(|(_, process, event)| {
                *process == 0
                    && matches!(
                        event,
                        TraceEvent::State {
                            activity: ThreadActivity::BlockedOnLock(_),
                            ..
                        }
                    )
            })
            .count() as u64
    }

    /// A 64-bit hash of the run: its trace and its findings (the naive mode's refcount
    /// findings included). Equal runs give equal hashes.
    pub fn hash(&self) -> u64 {
        self.findings
            .iter()
            .fold(self.trace.hash(), |hash, finding| {
                let key = match finding {
                    // A finding counts by what it says, not by the object's heap id: ids shift
                    // whenever the builtins gain an object.
                    sched::Finding::Refcount(f) => format!(
                        "{};{:?};{};{};{};{:?};",
                        f.process, f.thread, f.line, f.object, f.text, f.time
                    ),
                    sched::Finding::Deadlock(_) => format!("{finding:?};"),
                };
                sched::trace::fnv(hash, &key)
            })
    }

    fn new(machine: &mut vm::Vm, report: sched::SimReport) -> Simulation {
        Simulation {
            output: std::mem::take(&mut machine.output),
            ending: report.ending,
            instructions: report.instructions,
            virtual_time: report.virtual_time,
            threads: report.threads,
            processes: report.processes,
            lost_updates: report.lost_updates,
            lost_change: report.erased,
            lost_update_details: report.lost_update_details,
            lost_update_times: report.lost_update_times,
            trace: report.trace,
            findings: report.findings,
            thread_names: machine.thread_names.iter().map(|n| n.to_string()).collect(),
            process_names: report.process_names,
            lock_names: sched::deadlock::lock_names(machine),
            count_problems: machine.count_problems(),
        }
    }
}

/// Compiles and runs a single-threaded program as `__main__` under `version`'s semantics.
/// `file_name` is what tracebacks show.
///
/// ```
/// let report = gil_sim::run_program("print(6 * 7)\n", gil_sim::PyVersion::Py311, "main.py",
///     gil_sim::Budget::default()).unwrap();
/// assert_eq!(report.output.text(gil_sim::Stream::Stdout), "42\n");
/// ```
pub fn run_program(
    source: &str,
    version: PyVersion,
    file_name: &str,
    budget: sched::Budget,
) -> Result<RunReport, Vec<Diagnostic>> {
    let (mut machine, code) = machine_for(source, version, file_name)?;
    let ending = sched::run_main(&mut machine, &code, budget);
    Ok(RunReport {
        output: std::mem::take(&mut machine.output),
        ending,
        instructions: machine.instructions,
        virtual_time: machine.clock,
    })
}
