//! Setting up a program's main thread, and how its end reads: the scheduler (`sched`) runs
//! it.

use std::rc::Rc;

use crate::bytecode::CodeObject;
use crate::vm::Vm;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;

/// How the main thread's uncaught exception ends the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MainExit {
    /// `SystemExit` with this status.
    Code(i32),
    /// Any other exception: its traceback was printed.
    Uncaught,
}

impl Vm {
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
    pub fn report_uncaught(&mut self, exc: Value) -> MainExit {
        if self.isinstance(exc, self.types.exc(ExcKind::SystemExit)) {
            let args = self.exc_data(exc).map_or(Value::NONE, |d| d.args);
            let code = match self.as_tuple_items(args).unwrap_or_default().as_slice() {
                [] => MainExit::Code(0),
                [one] if one.is_none() => MainExit::Code(0),
                [one] if self.is_int(*one) => MainExit::Code(self.as_i64(*one).unwrap_or(1) as i32),
                [one] => {
                    let text = self.str_string(*one);
                    self.write_output(Stream::Stderr, &format!("{text}\n"));
                    MainExit::Code(1)
                }
                _ => {
                    let text = self.repr_string(args);
                    self.write_output(Stream::Stderr, &format!("{text}\n"));
                    MainExit::Code(1)
                }
            };
            self.heap.decref(exc);
            return code;
        }
        let text = self.format_exception(exc);
        self.write_output(Stream::Stderr, &text);
        self.heap.decref(exc);
        MainExit::Uncaught
    }
}
