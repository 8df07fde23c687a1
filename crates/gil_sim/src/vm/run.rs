//! Running a whole program on the main thread, in slices, with the budgets that stop a
//! runaway program. Threads and processes are the scheduler's; this is the single-thread path
//! (and the reference the scheduler's results are compared with).

use std::rc::Rc;

use crate::bytecode::CodeObject;
use crate::sched::{Scheduler, Settings, SimReport};
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{VTime, Vm};

/// Caps on a run; reaching one stops it with a message that names it.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    pub max_instructions: u64,
    pub max_virtual_time: VTime,
    pub max_objects: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_instructions: 2_000_000_000,
            max_virtual_time: VTime::from_nanos(3_600 * 1_000_000_000),
            max_objects: 2_000_000,
        }
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The program finished (status 0, or `sys.exit(n)`'s n).
    Exited(i32),
    /// An exception escaped; its traceback is on stderr.
    Uncaught,
    /// A budget stopped the run; the message names it.
    Stopped(String),
    /// Every remaining thread waits forever (status 3).
    Deadlock(crate::sched::deadlock::Deadlock),
}

impl Ending {
    /// The process exit status `gilsim run` reports (DESIGN.md).
    pub fn status(&self) -> i32 {
        match self {
            Ending::Exited(code) => *code,
            Ending::Uncaught => 1,
            Ending::Stopped(_) => 4,
            Ending::Deadlock(_) => 3,
        }
    }
}

impl Vm {
    /// Runs a compiled module as `__main__` with default settings (one thread unless the
    /// program starts more) to its end, a deadlock or a budget.
    pub fn run_main(&mut self, code: &Rc<CodeObject>, budget: Budget) -> Ending {
        self.run_scheduled(code, Settings::default(), budget).ending
    }

    /// Runs a compiled module as `__main__`'s main thread under the scheduler.
    pub fn run_scheduled(
        &mut self,
        code: &Rc<CodeObject>,
        settings: Settings,
        budget: Budget,
    ) -> SimReport {
        let main = self.main_thread(code);
        Scheduler::new(self, main, settings, budget).run()
    }

    /// The main thread, about to run a compiled module as `__main__`.
    pub fn main_thread(&mut self, code: &Rc<CodeObject>) -> ThreadState {
        let code_id = self.load_code(code);
        self.module_thread(code_id, self.main_globals, OnReturn::ThreadExit)
    }

    /// A thread about to run module code `code_id` with `namespace` as its globals and
    /// locals (the frame holds a reference to it).
    pub fn module_thread(
        &mut self,
        code_id: crate::vm::object::CodeId,
        namespace: crate::vm::value::ObjId,
        on_return: OnReturn,
    ) -> ThreadState {
        let mut t = ThreadState::new();
        let decoded = Rc::clone(self.code(code_id));
        t.stack
            .extend(std::iter::repeat_n(Value::NULL, decoded.localsplus.len()));
        self.heap.incref(Value::obj(namespace));
        self.enter_frame(
            &mut t,
            &decoded,
            code_id,
            Value::NULL,
            namespace,
            Value::obj(namespace),
            0,
            0,
            on_return,
        );
        t
    }

    /// Prints an uncaught exception the way CPython's `sys.excepthook` does; `SystemExit`
    /// exits quietly with its code.
    pub fn report_uncaught(&mut self, exc: Value) -> Ending {
        if self.isinstance(exc, self.types.exc(ExcKind::SystemExit)) {
            let args = self.exc_data(exc).map_or(Value::NONE, |d| d.args);
            let code = match self.as_tuple_items(args).unwrap_or_default().as_slice() {
                [] => Ending::Exited(0),
                [one] if one.is_none() => Ending::Exited(0),
                [one] if self.is_int(*one) => Ending::Exited(self.as_i64(*one).unwrap_or(1) as i32),
                [one] => {
                    let text = self.str_string(*one);
                    self.write_output(Stream::Stderr, &format!("{text}\n"));
                    Ending::Exited(1)
                }
                _ => {
                    let text = self.repr_string(args);
                    self.write_output(Stream::Stderr, &format!("{text}\n"));
                    Ending::Exited(1)
                }
            };
            self.heap.decref(exc);
            return code;
        }
        let text = self.format_exception(exc);
        self.write_output(Stream::Stderr, &text);
        self.heap.decref(exc);
        Ending::Uncaught
    }
}
