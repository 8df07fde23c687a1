//! Calls: the `CALL` family of instructions, argument binding with CPython's error messages,
//! frames for Python functions (arguments become the callee's locals in place when they
//! can), builtins, classes, bound methods, and synchronous calls from native code.

use std::rc::Rc;

use crate::version::PyVersion;
use crate::vm::builtins::{self, Request};
use crate::vm::eval::{Exit, Flow};
use crate::vm::frame::{Frame, OnReturn, ThreadState};
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{ClassKind, CodeId, Obj};
use crate::vm::op::CallLayout;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Raised, Vm};

/// What a call produced.
pub enum Called {
    /// A value, ready now (owned).
    Value(Value),
    /// A Python frame was pushed; its return delivers the result.
    Frame,
    /// A native call needs the scheduler; the result is pushed when it completes.
    Request(Request),
    /// `next(gen)`, `gen.send(v)`: the generator runs, on the calling thread, with `sent`
    /// (both owned); what it yields is the call's result, and its return raises
    /// `StopIteration` there.
    Generator { generator: Value, sent: Value },
}

/// Nested synchronous calls allowed before `RecursionError`.
const MAX_SYNC_NESTING: usize = 60;

impl Vm {
    /// `CALL`, `CALL_FUNCTION`, `CALL_METHOD`, `CALL_KW`...: `argc` arguments of which the
    /// last `len(kwnames)` are keywords. `kwnames` is a borrowed tuple or NULL.
    pub fn op_call(
        &mut self,
        t: &mut ThreadState,
        argc: usize,
        layout: CallLayout,
        kwnames: Value,
    ) -> PyResult<Flow> {
        let (return_sp, mut func_at, mut args_start) = call_slots(&t.stack, argc, layout);
        // A bound method called without a self slot: unpack it into function and self.
        let self_slot_free = match layout {
            CallLayout::Plain => true,
            CallLayout::NullFirst => t.stack[return_sp].is_null(),
            CallLayout::NullSecond => t.stack[return_sp + 1].is_null(),
        };
        let callable = t.stack[func_at];
        if self_slot_free && let Some(Obj::Method { func, this }) = self.heap.obj(callable) {
            let (func, this) = (*func, *this);
            if layout == CallLayout::Plain {
                // 3.9/3.10: the method object stays in its slot until the call ends; self is
                // passed in front of the arguments.
                if self.is_simple_function(func, t.stack.len() - args_start + 1, kwnames) {
                    self.heap.incref(this);
                    t.stack.insert(args_start, this);
                    return self.enter_in_place(t, func, callable, args_start, return_sp);
                }
                return self.call_general(t, return_sp, func_at, args_start, kwnames);
            }
            // 3.11+: [NULL, method] or [method, NULL] becomes [func, self].
            self.heap.incref(func);
            self.heap.incref(this);
            t.stack[return_sp] = func;
            t.stack[return_sp + 1] = this;
            self.heap.decref(callable);
            func_at = return_sp;
            args_start = return_sp + 1;
        }
        let func = t.stack[func_at];
        let nargs = t.stack.len() - args_start;
        if self.is_simple_function(func, nargs, kwnames) {
            return self.enter_in_place(t, func, func, args_start, return_sp);
        }
        self.call_general(t, return_sp, func_at, args_start, kwnames)
    }

    /// True when a call can use the arguments in place as the callee's locals.
    #[inline]
    fn is_simple_function(&self, func: Value, nargs: usize, kwnames: Value) -> bool {
        if !kwnames.is_null() {
            return false;
        }
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            return false;
        };
        let code = &self.codes[f.code.0 as usize];
        code.simple_args
            && code.arg_count as usize == nargs
            && (!code.generator || code.version.is_311_plus())
    }

    /// Pushes a frame whose locals start at `args_start`, where the arguments already are.
    /// `owner` is the stack value whose reference the frame takes over (the callable).
    fn enter_in_place(
        &mut self,
        t: &mut ThreadState,
        func: Value,
        owner: Value,
        args_start: usize,
        return_sp: usize,
    ) -> PyResult<Flow> {
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            unreachable!("internal error: a simple call targets a function");
        };
        let (code_id, globals) = (f.code, f.globals);
        if t.frames.len() >= self.limits.max_frames {
            return Err(self.recursion_error());
        }
        let code = Rc::clone(&self.codes[code_id.0 as usize]);
        let missing = code.localsplus.len() - code.arg_count as usize;
        t.stack.extend(std::iter::repeat_n(Value::NULL, missing));
        // The callable slot's reference moves to the frame; the rest of the call's slots
        // below the arguments hold NULL or were moved.
        for slot in &mut t.stack[return_sp..args_start] {
            *slot = Value::NULL;
        }
        self.enter_frame(
            t,
            &code,
            code_id,
            owner,
            globals,
            Value::NULL,
            args_start,
            return_sp,
            OnReturn::Push,
        );
        Ok(Flow::Reload)
    }

    /// A call that needs argument binding: takes everything off the stack first.
    fn call_general(
        &mut self,
        t: &mut ThreadState,
        return_sp: usize,
        func_at: usize,
        args_start: usize,
        kwnames: Value,
    ) -> PyResult<Flow> {
        let mut values = t.stack.split_off(args_start);
        let func = t.stack[func_at];
        t.stack[func_at] = Value::NULL;
        // Whatever else sits between return_sp and the arguments (NULL or a method object in
        // 3.9/3.10) is released after the call, as CPython pops it then.
        let extra: Vec<Value> = t
            .stack
            .drain(return_sp..)
            .filter(|v| !v.is_null())
            .collect();
        let kwargs = self.split_kwargs(&mut values, kwnames);
        let result = self.call_object(t, func, values, kwargs, OnReturn::Push);
        self.heap.decref_all(extra);
        self.deliver(t, result?)
    }

    /// Pushes a call's value, or continues in a pushed frame, or asks the scheduler.
    pub fn deliver(&mut self, t: &mut ThreadState, called: Called) -> PyResult<Flow> {
        Ok(match called {
            Called::Value(value) => {
                t.push(value);
                Flow::Next
            }
            Called::Frame => Flow::Reload,
            Called::Request(request) => Flow::Exit(Exit::Request(request)),
            Called::Generator { generator, sent } => {
                return self.resume_for_call(t, generator, sent);
            }
        })
    }

    /// Splits the trailing keyword values off `values` using the names tuple.
    fn split_kwargs(&mut self, values: &mut Vec<Value>, kwnames: Value) -> Vec<(Symbol, Value)> {
        if kwnames.is_null() {
            return Vec::new();
        }
        let names: Vec<Value> = self.as_tuple_items(kwnames).unwrap_or_default();
        let at = values.len() - names.len();
        let kw_values = values.split_off(at);
        names
            .iter()
            .zip(kw_values)
            .map(|(name, value)| {
                let text = self
                    .as_str(*name)
                    .map(Rc::clone)
                    .unwrap_or_else(|| Rc::from(""));
                (self.sym(&text), value)
            })
            .collect()
    }

    /// `CALL_FUNCTION_EX`: positional arguments from an iterable, keywords from a mapping.
    pub fn op_call_ex(
        &mut self,
        t: &mut ThreadState,
        has_kwargs: bool,
        layout: CallLayout,
    ) -> PyResult<Flow> {
        let kwargs_value = if has_kwargs { t.pop() } else { Value::NULL };
        let args_value = t.pop();
        let (func, this) = match layout {
            CallLayout::Plain => (t.pop(), Value::NULL),
            CallLayout::NullFirst => {
                let callable = t.pop();
                let below = t.pop();
                if below.is_null() {
                    (callable, Value::NULL)
                } else {
                    (below, callable)
                }
            }
            CallLayout::NullSecond => {
                let this = t.pop();
                let callable = t.pop();
                (callable, this)
            }
        };
        let mut args = Vec::new();
        if !this.is_null() {
            args.push(this);
        }
        let collected = self.collect_iterable(args_value);
        self.heap.decref(args_value);
        let collected = match collected {
            Ok(items) => items,
            Err(raised) => {
                self.heap.decref_all(args);
                self.heap.decref(func);
                self.heap.decref(kwargs_value);
                return Err(raised);
            }
        };
        args.extend(collected);
        let mut kwargs = Vec::new();
        if !kwargs_value.is_null() {
            if let Some(Obj::Dict(d)) = self.heap.obj(kwargs_value) {
                let pairs: Vec<(Value, Value)> = d.iter().collect();
                for (k, v) in pairs {
                    let text = self
                        .as_str(k)
                        .map(Rc::clone)
                        .unwrap_or_else(|| Rc::from(""));
                    self.heap.incref(v);
                    kwargs.push((self.sym(&text), v));
                }
            }
            self.heap.decref(kwargs_value);
        }
        let result = self.call_object(t, func, args, kwargs, OnReturn::Push)?;
        self.deliver(t, result)
    }

    /// Calls any callable. Takes ownership of `func`, `args` and `kwargs`.
    pub fn call_object(
        &mut self,
        t: &mut ThreadState,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        let Some(id) = func.as_obj() else {
            return self.not_callable(func, args, kwargs, on_return);
        };
        match self.heap.get(id) {
            Obj::Function(_) => self.call_function(t, func, args, kwargs, on_return),
            Obj::Method { func: inner, this } => {
                let (inner, this) = (*inner, *this);
                self.heap.incref(inner);
                self.heap.incref(this);
                self.heap.decref(func);
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(this);
                full.extend(args);
                self.call_object(t, inner, full, kwargs, on_return)
            }
            Obj::Builtin(b) => {
                let b = *b;
                let result = builtins::call(self, t, b, &args, &kwargs);
                self.release_call(func, args, kwargs);
                self.finish_native(t, result, on_return)
            }
            Obj::BuiltinMethod { method, this } => {
                let (b, this) = (*method, *this);
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(this);
                full.extend_from_slice(&args);
                let result = builtins::call(self, t, b, &full, &kwargs);
                self.release_call(func, args, kwargs);
                self.finish_native(t, result, on_return)
            }
            Obj::Class(_) => {
                let result = self.call_class(t, id, args, kwargs, on_return);
                self.heap.decref(func);
                result
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                match self.lookup_user(class, sym::__call__) {
                    Some(call) => {
                        self.heap.incref(call);
                        let mut full = Vec::with_capacity(args.len() + 1);
                        full.push(func);
                        full.extend(args);
                        self.call_object(t, call, full, kwargs, on_return)
                    }
                    None => self.not_callable(func, args, kwargs, on_return),
                }
            }
            Obj::Native(crate::vm::object::NativeObj::Unmodelled(_)) => {
                let result = crate::vm::builtins::native::call(self, t, func, &args, &kwargs);
                self.release_call(func, args, kwargs);
                self.finish_native(t, result, on_return)
            }
            _ => self.not_callable(func, args, kwargs, on_return),
        }
    }

    fn release_call(&mut self, func: Value, args: Vec<Value>, kwargs: Vec<(Symbol, Value)>) {
        self.heap.decref_all(args);
        self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
        self.heap.decref(func);
    }

    /// Delivers a native result to where a frame would have delivered it.
    fn finish_native(
        &mut self,
        t: &mut ThreadState,
        result: PyResult<Called>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        match (result, on_return) {
            (Ok(Called::Value(value)), OnReturn::Push) => Ok(Called::Value(value)),
            // A helper written in Python, standing in for the native code, delivers the
            // result: it returns where the native call would have.
            (Ok(Called::Frame), on_return) => {
                let frame = t.frame_mut();
                if frame.on_return == OnReturn::Push {
                    frame.on_return = on_return;
                } else {
                    self.release_on_return(on_return);
                }
                Ok(Called::Frame)
            }
            (Ok(Called::Generator { generator, sent }), OnReturn::Push) => {
                self.resume_for_call(t, generator, sent)?;
                Ok(Called::Frame)
            }
            (Ok(Called::Generator { generator, sent }), on_return) => {
                let sent = self.gen_send_sync(generator, sent);
                self.heap.decref(generator);
                let result = match sent {
                    Ok(Some(value)) => Ok(Called::Value(value)),
                    Ok(None) => {
                        let value = self.finished_value.take().unwrap_or(Value::NONE);
                        let args = if value.is_none() {
                            Vec::new()
                        } else {
                            vec![value]
                        };
                        Err(self.raise_args(ExcKind::StopIteration, args))
                    }
                    Err(raised) => Err(raised),
                };
                self.finish_native(t, result, on_return)
            }
            (Ok(Called::Value(value)), OnReturn::Sync) => Ok(Called::Value(value)),
            (Ok(Called::Value(value)), other) => {
                // A native standing in for a Python callee (`__init__`, `__exit__`...).
                match self.finish_frame(t, other, value)? {
                    Flow::Exit(Exit::SyncReturn(v)) => Ok(Called::Value(v)),
                    _ => Ok(Called::Value(t.pop())),
                }
            }
            (Ok(other), on_return) => {
                self.release_on_return(on_return);
                Ok(other)
            }
            (Err(raised), on_return) => {
                self.release_on_return(on_return);
                Err(raised)
            }
        }
    }

    fn not_callable(
        &mut self,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        let message = format!("'{}' object is not callable", self.type_name(func));
        self.release_call(func, args, kwargs);
        self.release_on_return(on_return);
        Err(self.type_error(&message))
    }

    /// Calls a Python function: binds the arguments and pushes its frame.
    fn call_function(
        &mut self,
        t: &mut ThreadState,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            unreachable!("internal error: call_function on a non-function");
        };
        let (code_id, globals) = (f.code, f.globals);
        if t.frames.len() >= self.limits.max_frames {
            self.release_call(func, args, kwargs);
            self.release_on_return(on_return);
            return Err(self.recursion_error());
        }
        let locals = match self.bind_arguments(func, args, kwargs) {
            Ok(locals) => locals,
            Err(raised) => {
                self.heap.decref(func);
                self.release_on_return(on_return);
                return Err(raised);
            }
        };
        let code = Rc::clone(&self.codes[code_id.0 as usize]);
        let base = t.stack.len();
        t.stack.extend(locals);
        self.enter_frame(
            t,
            &code,
            code_id,
            func,
            globals,
            Value::NULL,
            base,
            base,
            on_return,
        );
        if code.generator && !code.version.is_311_plus() {
            // Up to 3.10 calling a generator function makes the generator without running it.
            return match self.suspend_new_generator(t)? {
                crate::vm::eval::Flow::Exit(Exit::SyncReturn(value)) => Ok(Called::Value(value)),
                _ => Ok(Called::Value(t.pop())),
            };
        }
        Ok(Called::Frame)
    }

    /// Pushes a frame whose locals are in place at `base`. Up to 3.10 the frame creates its
    /// cells and copies its free variables itself.
    #[allow(clippy::too_many_arguments)]
    pub fn enter_frame(
        &mut self,
        t: &mut ThreadState,
        code: &crate::vm::code::Code,
        code_id: CodeId,
        func: Value,
        globals: ObjId,
        locals_ns: Value,
        base: usize,
        return_sp: usize,
        on_return: OnReturn,
    ) {
        if code.implicit_cells && (!code.cell_slots.is_empty() || code.nfree > 0) {
            for slot in code.cell_slots.iter() {
                let at = base + *slot as usize;
                let initial = std::mem::replace(&mut t.stack[at], Value::NULL);
                t.stack[at] = Value::obj(self.heap.alloc(Obj::Cell(initial)));
            }
            let closure = self.closure_items(func);
            let first_free = base + (code.nlocals + code.ncells) as usize;
            for (i, cell) in closure.into_iter().enumerate() {
                self.heap.incref(cell);
                t.stack[first_free + i] = cell;
            }
        }
        let needed = base + code.frame_size() as usize;
        if t.stack.capacity() < needed {
            t.stack.reserve(needed - t.stack.len());
        }
        t.frames.push(Frame {
            code: code_id,
            ip: 0,
            base: base as u32,
            return_sp: return_sp as u32,
            globals,
            locals: locals_ns,
            func,
            on_return,
            blocks: None,
        });
    }

    /// The cells of a function's closure (borrowed), or none.
    pub fn closure_items(&self, func: Value) -> Vec<Value> {
        let func = match self.heap.obj(func) {
            Some(Obj::Method { func, .. }) => *func,
            _ => func,
        };
        match self.heap.obj(func) {
            Some(Obj::Function(f)) => self.as_tuple_items(f.closure).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    #[cold]
    #[inline(never)]
    fn recursion_error(&mut self) -> Raised {
        self.raise_msg(ExcKind::RecursionError, "maximum recursion depth exceeded")
    }

    /// Binds positional and keyword arguments to a function's parameters (CPython's
    /// `initialize_locals`), returning the full local slots. Consumes the arguments.
    fn bind_arguments(
        &mut self,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
    ) -> PyResult<Vec<Value>> {
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            unreachable!("internal error: binding arguments of a non-function");
        };
        let code = Rc::clone(&self.codes[f.code.0 as usize]);
        let defaults = self.as_tuple_items(f.defaults).unwrap_or_default();
        let kwdefaults = f.kwdefaults;
        let name: Rc<str> = if self.version.bytecode() >= PyVersion::Py310 {
            Rc::clone(&f.qualname)
        } else {
            Rc::clone(&f.name)
        };
        let argcount = code.arg_count as usize;
        let kwonly = code.kwonly_count as usize;
        let total = argcount + kwonly;
        let mut locals = vec![Value::NULL; code.localsplus.len()];
        let given = args.len();
        let mut kw_dict = Value::NULL;
        let varargs_slot = total;
        let varkw_slot = total + usize::from(code.varargs);
        if code.varkeywords {
            kw_dict = Value::obj(self.heap.alloc(Obj::Dict(crate::vm::dict::Dict::new())));
            locals[varkw_slot] = kw_dict;
        }
        let mut args = args.into_iter();
        for slot in locals.iter_mut().take(given.min(argcount)) {
            *slot = args.next().expect("internal error: counted arguments");
        }
        let extra: Vec<Value> = args.collect();
        let extra_count = extra.len();
        if code.varargs {
            locals[varargs_slot] = self.tuple_value(extra);
        } else if !extra.is_empty() {
            self.heap.decref_all(extra);
        }
        let mut error: Option<String> = None;
        let mut posonly_as_kw: Vec<Rc<str>> = Vec::new();
        for (key, value) in kwargs {
            let position = code.localsplus[..total].iter().position(|n| *n == key);
            match position {
                Some(p) if p >= code.posonly_count as usize => {
                    if !locals[p].is_null() {
                        if error.is_none() {
                            error = Some(format!(
                                "{name}() got multiple values for argument '{}'",
                                self.sym_name(key)
                            ));
                        }
                        self.heap.decref(value);
                    } else {
                        locals[p] = value;
                    }
                }
                other => {
                    if !kw_dict.is_null() {
                        let key_value = self.name_value(key);
                        let dict = kw_dict.as_obj().expect("internal error: kwargs is a dict");
                        let _ = self.dict_set(dict, key_value, value);
                        self.heap.decref(key_value);
                    } else {
                        if other.is_some() {
                            posonly_as_kw.push(self.sym_name(key));
                        } else if error.is_none() {
                            error = Some(format!(
                                "{name}() got an unexpected keyword argument '{}'",
                                self.sym_name(key)
                            ));
                        }
                        self.heap.decref(value);
                    }
                }
            }
        }
        if error.is_none() && !posonly_as_kw.is_empty() {
            error = Some(format!(
                "{name}() got some positional-only arguments passed as keyword arguments: '{}'",
                posonly_as_kw.join(", ")
            ));
        }
        if error.is_none() && given > argcount && !code.varargs {
            let kwonly_given = locals[argcount..total]
                .iter()
                .filter(|v| !v.is_null())
                .count();
            let _ = extra_count;
            let sig = if defaults.is_empty() {
                format!(
                    "{argcount} positional argument{}",
                    if argcount == 1 { "" } else { "s" }
                )
            } else {
                format!(
                    "from {} to {argcount} positional arguments",
                    argcount - defaults.len()
                )
            };
            let kwonly_sig = if kwonly_given > 0 {
                format!(
                    " positional argument{} (and {kwonly_given} keyword-only argument{})",
                    if given == 1 { "" } else { "s" },
                    if kwonly_given == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            let verb = if given == 1 && kwonly_given == 0 {
                "was"
            } else {
                "were"
            };
            error = Some(format!(
                "{name}() takes {sig} but {given}{kwonly_sig} {verb} given"
            ));
        }
        if error.is_none() {
            let first_default = argcount - defaults.len().min(argcount);
            let missing: Vec<Rc<str>> = (given.min(argcount)..first_default)
                .filter(|i| locals[*i].is_null())
                .map(|i| self.sym_name(code.localsplus[i]))
                .collect();
            if !missing.is_empty() {
                error = Some(missing_message(&name, "positional", &missing));
            } else {
                for (i, default) in defaults.iter().enumerate() {
                    let slot = first_default + i;
                    if slot < argcount && locals[slot].is_null() {
                        self.heap.incref(*default);
                        locals[slot] = *default;
                    }
                }
            }
        }
        if error.is_none() && kwonly > 0 {
            let mut missing = Vec::new();
            for (slot, key) in code
                .localsplus
                .iter()
                .enumerate()
                .take(total)
                .skip(argcount)
            {
                if !locals[slot].is_null() {
                    continue;
                }
                let key = *key;
                let default = match self.heap.obj(kwdefaults) {
                    Some(Obj::Dict(_)) => {
                        let text = self.sym_name(key);
                        let dict = kwdefaults.as_obj().expect("internal error: a dict");
                        self.dict_get_name(dict, &text)
                    }
                    _ => None,
                };
                match default {
                    Some(value) => {
                        self.heap.incref(value);
                        locals[slot] = value;
                    }
                    None => missing.push(self.sym_name(key)),
                }
            }
            if !missing.is_empty() {
                error = Some(missing_message(&name, "keyword-only", &missing));
            }
        }
        if let Some(message) = error {
            self.heap.decref_all(locals);
            return Err(self.type_error(&message));
        }
        Ok(locals)
    }

    /// Calls a class: builds an instance and runs `__init__`.
    fn call_class(
        &mut self,
        t: &mut ThreadState,
        class: ObjId,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
        on_return: OnReturn,
    ) -> PyResult<Called> {
        let (kind, is_exception) = {
            let c = self.class(class);
            (c.kind, c.is_exception)
        };
        if let ClassKind::Builtin(tag) = kind {
            let delegated =
                match builtins::helpers::delegate_construct(self, t, tag, &args, &kwargs) {
                    Ok(None) => builtins::dunders::delegate_str(self, t, tag, &args, &kwargs),
                    other => other,
                };
            let result = match delegated {
                Ok(Some(called)) => Ok(called),
                Ok(None) => {
                    builtins::construct(self, t, class, tag, &args, &kwargs).map(Called::Value)
                }
                Err(raised) => Err(raised),
            };
            self.heap.decref_all(args);
            self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
            return self.finish_native(t, result, on_return);
        }
        let instance = if is_exception {
            for arg in &args {
                self.heap.incref(*arg);
            }
            self.new_exception_of(class, args.clone())
        } else if self.builtin_base(class) == crate::vm::object::TypeTag::Dict {
            self.heap.incref(Value::obj(class));
            let mut dict = crate::vm::dict::Dict::new();
            dict.sub = Some(Box::new(crate::vm::dict::DictSub {
                class,
                attrs: Vec::new(),
            }));
            let instance = Value::obj(self.heap.alloc(Obj::Dict(dict)));
            if self.lookup_user(class, sym::__init__).is_none() {
                let mut full = vec![instance];
                full.extend_from_slice(&args);
                let result =
                    builtins::dicts::call(self, builtins::Builtin::DictInit, &full, &kwargs);
                self.heap.decref_all(args);
                self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
                let result = result.map(|_| Called::Value(instance));
                if result.is_err() {
                    self.heap.decref(instance);
                }
                return self.finish_native(t, result, on_return);
            }
            instance
        } else {
            self.heap.incref(Value::obj(class));
            Value::obj(
                self.heap
                    .alloc(Obj::Instance(Box::new(crate::vm::object::Instance {
                        class,
                        shape: crate::vm::Shapes::EMPTY,
                        slots: Vec::new(),
                        exc: None,
                    }))),
            )
        };
        if self.thread_locals.base.is_some()
            && let Err(raised) = self.register_thread_local(class, instance, &args, &kwargs)
        {
            self.heap.decref_all(args);
            self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
            self.heap.decref(instance);
            self.release_on_return(on_return);
            return Err(raised);
        }
        match self.lookup_user(class, sym::__init__) {
            Some(init) => {
                self.heap.incref(init);
                self.heap.incref(instance);
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(instance);
                full.extend(args);
                match on_return {
                    OnReturn::Push => {
                        self.call_object(t, init, full, kwargs, OnReturn::Init { instance })
                    }
                    other => {
                        // Nested (synchronous) construction: run __init__ to completion.
                        let result = self.call_sync_owned(t, init, full, kwargs);
                        match result {
                            Ok(value) if value.is_none() => {
                                self.finish_native(t, Ok(Called::Value(instance)), other)
                            }
                            Ok(value) => {
                                self.heap.decref(value);
                                self.heap.decref(instance);
                                self.release_on_return(other);
                                Err(self.type_error("__init__() should return None"))
                            }
                            Err(raised) => {
                                self.heap.decref(instance);
                                self.release_on_return(other);
                                Err(raised)
                            }
                        }
                    }
                }
            }
            None => {
                if !is_exception && (!args.is_empty() || !kwargs.is_empty()) {
                    let message = format!("{}() takes no arguments", self.class(class).name);
                    self.heap.decref_all(args);
                    self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
                    self.heap.decref(instance);
                    self.release_on_return(on_return);
                    return Err(self.type_error(&message));
                }
                self.heap.decref_all(args);
                self.heap.decref_all(kwargs.into_iter().map(|(_, v)| v));
                self.finish_native(t, Ok(Called::Value(instance)), on_return)
            }
        }
    }

    /// Releases what an unfinished frame's continuation held.
    pub fn release_on_return(&mut self, on_return: OnReturn) {
        match on_return {
            OnReturn::Init { instance } => self.heap.decref(instance),
            OnReturn::ClassBody(body) => {
                self.heap
                    .decref_all([body.namespace, body.name, body.bases, body.keywords]);
            }
            OnReturn::Generator { generator, .. } => {
                self.close_generator_object(generator);
                self.heap.decref(generator);
            }
            OnReturn::Push
            | OnReturn::Discard
            | OnReturn::ThreadExit
            | OnReturn::Sync
            | OnReturn::ForIterNext { .. } => {}
        }
    }

    /// Calls `func(*args)` from native code and runs it to completion on a scratch thread
    /// state (atomically: no thread switch can happen inside). Borrows `func` and `args`.
    pub fn call_sync(&mut self, func: Value, args: Vec<Value>) -> PyResult<Value> {
        self.heap.incref(func);
        for arg in &args {
            self.heap.incref(*arg);
        }
        let mut scratch = ThreadState::new();
        self.call_sync_owned(&mut scratch, func, args, Vec::new())
    }

    /// [`Vm::call_sync`] with owned arguments, on `t` (its frames stay below the call's).
    pub fn call_sync_owned(
        &mut self,
        t: &mut ThreadState,
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
    ) -> PyResult<Value> {
        if self.sync_nesting >= MAX_SYNC_NESTING {
            self.release_call(func, args, kwargs);
            return Err(self.recursion_error());
        }
        self.sync_nesting += 1;
        let result = self.call_object(t, func, args, kwargs, OnReturn::Sync);
        let result = match result {
            Ok(Called::Value(value)) => Ok(value),
            Ok(Called::Frame) => match self.run_nested(t) {
                Exit::SyncReturn(value) => Ok(value),
                Exit::Uncaught(exc) => Err(Raised(exc)),
                Exit::Limit(reason) => {
                    self.stop = Some(reason);
                    Err(self.raise_msg(ExcKind::RuntimeError, reason))
                }
                Exit::Finished(value) => Ok(value),
                Exit::Switch | Exit::Request(_) => Err(self.raise_msg(
                    ExcKind::RuntimeError,
                    "a call made from inside a builtin cannot block or wait in this simulator",
                )),
            },
            Ok(Called::Request(_) | Called::Generator { .. }) => Err(self.raise_msg(
                ExcKind::RuntimeError,
                "a call made from inside a builtin cannot block or wait in this simulator",
            )),
            Err(raised) => Err(raised),
        };
        self.sync_nesting -= 1;
        result
    }
}

/// "f() missing 2 required positional arguments: 'a' and 'b'".
fn missing_message(name: &str, kind: &str, missing: &[Rc<str>]) -> String {
    let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let plural = if missing.len() == 1 { "" } else { "s" };
    format!(
        "{name}() missing {} required {kind} argument{plural}: {list}",
        missing.len()
    )
}

/// Where a call's pieces sit on the stack, for `argc` arguments under `layout`: the slot the
/// result goes to, the callable, and the first argument (self, when a method call has one).
#[inline(always)]
pub fn call_slots(stack: &[Value], argc: usize, layout: CallLayout) -> (usize, usize, usize) {
    let len = stack.len();
    match layout {
        CallLayout::Plain => {
            let sp = len - argc - 1;
            (sp, sp, sp + 1)
        }
        CallLayout::NullFirst => {
            let sp = len - argc - 2;
            if stack[sp].is_null() {
                (sp, sp + 1, sp + 2)
            } else {
                (sp, sp, sp + 1)
            }
        }
        CallLayout::NullSecond => {
            let sp = len - argc - 2;
            if stack[sp + 1].is_null() {
                (sp, sp, sp + 2)
            } else {
                (sp, sp, sp + 1)
            }
        }
    }
}
