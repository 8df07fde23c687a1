//! Library modules written in Python (`threading`, `queue`, `requests`): GIL Lab's models of
//! CPython's pure-Python modules, compiled for the program's version on first import and run
//! by the VM like the reader's code, so their bytecode switches and waits as CPython's does.

use std::rc::Rc;

use crate::vm::eval::Exit;
use crate::vm::frame::{OnReturn, ThreadState};
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, VTime, Vm};

/// Each library module's name and source.
pub const SOURCES: &[(&str, &str)] = &[
    ("threading", include_str!("library/threading.py")),
    ("queue", include_str!("library/queue.py")),
    ("requests", include_str!("library/requests.py")),
];

/// The source of library module `name`, if it is one.
pub fn source(name: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

impl Vm {
    /// Imports library module `name`: compiles it, registers the module (so imports inside
    /// it can see it) and runs its body to completion. None if `name` is not a library module.
    pub fn import_library(&mut self, name: &str) -> Option<PyResult<Value>> {
        let text = source(name)?;
        let compiled = crate::compile(text, self.version);
        let Some(code) = compiled.code else {
            let problems: Vec<String> =
                compiled.diagnostics.iter().map(|d| d.to_string()).collect();
            let message = format!("{name} failed to compile: {}", problems.join("; "));
            return Some(Err(self.raise_msg(ExcKind::ImportError, &message)));
        };
        let file: Rc<str> = Rc::from(format!("{name}.py"));
        self.loading_library = Some((file, Rc::from(text)));
        let code_id = self.load_code(&code);
        self.loading_library = None;
        let dict = self.heap.alloc(Obj::Dict(crate::vm::dict::Dict::new()));
        let name_value = self.str_value(name);
        self.dict_set_name(dict, "__name__", name_value);
        let module = crate::vm::builtins::modules::new_module(self, name, dict);
        self.heap.decref(Value::obj(dict));
        self.modules.push((Rc::from(name), module));
        let decoded = Rc::clone(self.code(code_id));
        let mut t = ThreadState::new();
        let base = t.stack.len();
        t.stack
            .extend(std::iter::repeat_n(Value::NULL, decoded.localsplus.len()));
        self.heap.incref(Value::obj(dict));
        self.enter_frame(
            &mut t,
            &decoded,
            code_id,
            Value::NULL,
            dict,
            Value::obj(dict),
            base,
            base,
            OnReturn::Sync,
        );
        self.sync_nesting += 1;
        let exit = self.run_thread(&mut t, VTime::MAX);
        self.sync_nesting -= 1;
        Some(match exit {
            Exit::SyncReturn(value) | Exit::Finished(value) => {
                self.heap.decref(value);
                Ok(module)
            }
            Exit::Uncaught(exc) => Err(Raised(exc)),
            Exit::Limit(reason) => {
                self.stop = Some(reason);
                Err(self.raise_msg(ExcKind::RuntimeError, reason))
            }
            Exit::Switch | Exit::Request(_) => Err(self.raise_msg(
                ExcKind::RuntimeError,
                "importing a module cannot block or wait in this simulator",
            )),
        })
    }
}
