//! Raising exceptions from native code, matching them in `except` clauses, and printing
//! tracebacks the way CPython's `traceback` module does for the version being modelled.

use std::rc::Rc;

use crate::version::PyVersion;
use crate::vm::object::{ExcData, Instance, Obj, TracebackEntry};
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{Raised, Shapes, Vm};

impl Vm {
    /// A new exception instance of `class` with these constructor arguments (owned).
    pub fn new_exception_of(&mut self, class: ObjId, args: Vec<Value>) -> Value {
        let args = self.tuple_value(args);
        let instance = Instance {
            class,
            shape: Shapes::EMPTY,
            slots: Vec::new(),
            exc: Some(Box::new(ExcData {
                args,
                traceback: Vec::new(),
                cause: Value::NONE,
                context: Value::NONE,
                suppress_context: false,
            })),
        };
        self.heap.incref(Value::obj(class));
        Value::obj(self.heap.alloc(Obj::Instance(Box::new(instance))))
    }

    /// A builtin exception with one message argument.
    #[cold]
    #[inline(never)]
    pub fn raise_msg(&mut self, kind: ExcKind, message: &str) -> Raised {
        let text = self.str_value(message);
        let class = self.types.exc(kind);
        Raised(self.new_exception_of(class, vec![text]))
    }

    /// `MemoryError` for a string longer than [`crate::vm::MAX_STR_BYTES`].
    #[cold]
    #[inline(never)]
    pub fn string_too_large(&mut self) -> Raised {
        self.raise_msg(ExcKind::MemoryError, "string too large for this simulator")
    }

    /// A builtin exception with these arguments.
    #[cold]
    #[inline(never)]
    pub fn raise_args(&mut self, kind: ExcKind, args: Vec<Value>) -> Raised {
        let class = self.types.exc(kind);
        Raised(self.new_exception_of(class, args))
    }

    /// `TypeError` with a message.
    #[cold]
    #[inline(never)]
    pub fn type_error(&mut self, message: &str) -> Raised {
        self.raise_msg(ExcKind::TypeError, message)
    }

    /// The exception data of an exception instance.
    pub fn exc_data(&self, exc: Value) -> Option<&ExcData> {
        match self.heap.obj(exc)? {
            Obj::Instance(instance) => instance.exc.as_deref(),
            _ => None,
        }
    }

    pub fn exc_data_mut(&mut self, exc: Value) -> Option<&mut ExcData> {
        let id = exc.as_obj()?;
        match self.heap.get_mut(id) {
            Obj::Instance(instance) => instance.exc.as_deref_mut(),
            _ => None,
        }
    }

    /// Records that `exc` passed through the instruction `instr` of `code`.
    pub fn add_traceback(&mut self, exc: Value, code: crate::vm::object::CodeId, instr: u32) {
        if let Some(data) = self.exc_data_mut(exc) {
            data.traceback.push(TracebackEntry { code, instr });
        }
    }

    /// True if `value` is an exception class (a subclass of BaseException).
    pub fn is_exception_class(&self, value: Value) -> bool {
        match self.heap.obj(value) {
            Some(Obj::Class(class)) => class.is_exception,
            _ => false,
        }
    }

    /// `except <target>` test: target is a class or a tuple of classes.
    pub fn exception_matches(&mut self, exc: Value, target: Value) -> Result<bool, Raised> {
        if let Some(Obj::Tuple(items)) = self.heap.obj(target) {
            let items: Vec<Value> = items.to_vec();
            for item in items {
                if self.exception_matches(exc, item)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if !self.is_exception_class(target) {
            return Err(self.type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        let class = target
            .as_obj()
            .expect("internal error: a class is an object");
        // 3.9/3.10 match the exception's type (the handler's stack holds the type on top).
        if let Some(Obj::Class(_)) = self.heap.obj(exc) {
            let exc_class = exc.as_obj().expect("internal error: a class is an object");
            return Ok(self.is_subclass(exc_class, class));
        }
        Ok(self.isinstance(exc, class))
    }

    /// `str(exc)` for an exception (message text).
    pub fn exception_message(&mut self, exc: Value) -> String {
        let Some(data) = self.exc_data(exc) else {
            return String::new();
        };
        let args = data.args;
        let items: Vec<Value> = match self.heap.obj(args) {
            Some(Obj::Tuple(items)) => items.to_vec(),
            _ => Vec::new(),
        };
        let is_key_error = self.isinstance(exc, self.types.exc(ExcKind::KeyError));
        match items.as_slice() {
            [] => String::new(),
            [one] if is_key_error => self.repr_string(*one),
            [one] => self.str_string(*one),
            _ => self.repr_string(args),
        }
    }

    /// The name a traceback prints for an exception's class.
    pub fn exception_type_name(&self, exc: Value) -> String {
        let class = self.class(self.type_of(exc));
        // Up to 3.10 the `__main__.` prefix is printed too.
        let hide_main = self.version.is_311_plus() && &*class.module == "__main__";
        if &*class.module == "builtins" || hide_main {
            class.qualname.to_string()
        } else {
            format!("{}.{}", class.module, class.qualname)
        }
    }

    /// The full text CPython prints for an uncaught exception, chained causes first.
    pub fn format_exception(&mut self, exc: Value) -> String {
        let mut out = String::new();
        self.format_chain(exc, &mut out, 0);
        out
    }

    fn format_chain(&mut self, exc: Value, out: &mut String, depth: usize) {
        let (cause, context, suppress) = match self.exc_data(exc) {
            Some(data) => (data.cause, data.context, data.suppress_context),
            None => (Value::NONE, Value::NONE, false),
        };
        if depth < 20 {
            if !cause.is_none() && self.exc_data(cause).is_some() {
                self.format_chain(cause, out, depth + 1);
                out.push_str(
                    "\nThe above exception was the direct cause of the following exception:\n\n",
                );
            } else if !suppress && !context.is_none() && self.exc_data(context).is_some() {
                self.format_chain(context, out, depth + 1);
                out.push_str(
                    "\nDuring handling of the above exception, another exception occurred:\n\n",
                );
            }
        }
        let entries: Vec<TracebackEntry> = self
            .exc_data(exc)
            .map(|d| d.traceback.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|entry| !self.code(entry.code).native)
            .collect();
        if !entries.is_empty() {
            out.push_str("Traceback (most recent call last):\n");
            for entry in entries.iter().rev() {
                out.push_str(&self.format_frame_line(*entry));
            }
        }
        let name = self.exception_type_name(exc);
        let message = self.exception_message(exc);
        if message.is_empty() {
            out.push_str(&name);
        } else {
            out.push_str(&format!("{name}: {message}"));
        }
        out.push('\n');
    }

    /// The file name tracebacks show for `code`, and its source: the program's, or a library
    /// module's.
    pub fn file_and_source(&self, code: &crate::vm::code::Code) -> (Rc<str>, Rc<str>) {
        match &code.library {
            Some((file, source)) => (Rc::clone(file), Rc::clone(source)),
            None => (Rc::clone(&self.file_name), Rc::clone(&self.source)),
        }
    }

    /// `  File "...", line N, in name` plus the source line and, from 3.11, the carets.
    pub fn format_frame_line(&self, entry: TracebackEntry) -> String {
        let code = self.code(entry.code);
        let index = entry.instr as usize;
        let line = code
            .lines
            .get(index)
            .copied()
            .unwrap_or(code.source.first_line);
        let name = if self.version.is_311_plus() {
            // 3.11+ tracebacks show co_name too (co_qualname only appears from 3.13 in some
            // contexts); CPython prints the code object's name.
            code.source.name.to_string()
        } else {
            code.source.name.to_string()
        };
        let (file, source) = self.file_and_source(code);
        let mut out = format!("  File \"{file}\", line {line}, in {name}\n");
        let source_line = source.lines().nth(line.saturating_sub(1) as usize);
        if let Some(text) = source_line {
            let stripped = text.trim();
            if !stripped.is_empty() {
                out.push_str(&format!("    {stripped}\n"));
                if self.version.bytecode() >= PyVersion::Py311
                    && let Some(range) = code.source.instrs.get(index).and_then(|i| i.range)
                {
                    out.push_str(&crate::vm::exc::carets(&source, line, range, self.version));
                }
            }
        }
        out
    }
}

/// The `^^^`/`~~^~~` line under a traceback source line (3.11+, `traceback.py`'s
/// `format_frame_summary`), or nothing when the span covers the whole line.
pub fn carets(source: &str, line: u32, range: (u32, u32), version: PyVersion) -> String {
    crate::vm::exc_carets::carets(source, line, range, version)
}
