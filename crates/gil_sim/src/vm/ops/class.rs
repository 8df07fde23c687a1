//! Functions and classes as runtime objects: `MAKE_FUNCTION`, `__build_class__` (the class
//! body runs as a frame whose namespace becomes the class), and C3 method resolution order.

use std::rc::Rc;

use crate::vm::frame::{ClassBody, OnReturn, ThreadState};
use crate::vm::intern::sym;
use crate::vm::object::{Class, ClassKind, Function, Namespace, Obj};
use crate::vm::ops::call::Called;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `MAKE_FUNCTION`: a function from a code object (borrowed) in `globals`.
    pub fn make_function(&mut self, code_value: Value, qualname: Value, globals: ObjId) -> Value {
        let Some(Obj::Code(code_id)) = self.heap.obj(code_value) else {
            return Value::NONE;
        };
        let code_id = *code_id;
        let code = self.code(code_id);
        let name: Rc<str> = Rc::clone(&code.source.name);
        let qualname = self
            .as_str(qualname)
            .map(Rc::clone)
            .unwrap_or_else(|| Rc::clone(&self.code(code_id).qualname));
        self.heap.incref(Value::obj(globals));
        let fast_entry = self.code(code_id).fast_entry;
        Value::obj(self.heap.alloc(Obj::Function(Rc::new(Function {
            code: code_id,
            fast_entry,
            globals,
            name,
            qualname,
            defaults: Value::NULL,
            kwdefaults: Value::NULL,
            closure: Value::NULL,
            annotations: Value::NULL,
            attrs: Vec::new(),
        }))))
    }

    /// Sets a `MAKE_FUNCTION` flag's attribute on a function (takes ownership of `attr`).
    pub fn set_function_attribute(&mut self, func: Value, flag: u8, attr: Value) {
        let Some(id) = func.as_obj() else {
            self.heap.decref(attr);
            return;
        };
        let old = match self.heap.get_mut(id) {
            Obj::Function(f) => {
                let f = Rc::make_mut(f);
                let slot = match flag {
                    1 => &mut f.defaults,
                    2 => &mut f.kwdefaults,
                    4 => &mut f.annotations,
                    _ => &mut f.closure,
                };
                std::mem::replace(slot, attr)
            }
            _ => attr,
        };
        self.heap.decref(old);
    }

    /// `__build_class__(func, name, *bases, **keywords)`: runs the class body in a new
    /// namespace; the class is built when the body's frame returns.
    pub fn start_class(
        &mut self,
        t: &mut ThreadState,
        args: &[Value],
        kwargs: &[(crate::vm::intern::Symbol, Value)],
    ) -> PyResult<Called> {
        let [func, name, bases @ ..] = args else {
            return Err(self.type_error("__build_class__: not enough arguments"));
        };
        if !kwargs.is_empty() {
            let keyword = self.sym_name(kwargs[0].0);
            let message = format!("class keyword arguments ({keyword}=...) are not supported yet");
            return Err(self.raise_msg(ExcKind::NotImplementedError, &message));
        }
        let Some(Obj::Function(f)) = self.heap.obj(*func) else {
            return Err(self.type_error("__build_class__: func must be a function"));
        };
        let (code_id, globals) = (f.code, f.globals);
        for base in bases {
            self.check_base(*base)?;
        }
        let namespace = self.new_dict();
        self.heap.incref(namespace);
        self.heap.incref(*name);
        self.heap.incref(*func);
        for base in bases {
            self.heap.incref(*base);
        }
        let bases_tuple = self.tuple_value(bases.to_vec());
        let code = Rc::clone(self.code(code_id));
        let base = t.stack.len();
        t.stack
            .extend(std::iter::repeat_n(Value::NULL, code.localsplus.len()));
        let on_return = OnReturn::ClassBody(Box::new(ClassBody {
            namespace,
            name: *name,
            bases: bases_tuple,
            keywords: Value::NONE,
        }));
        self.enter_frame(
            t, &code, code_id, *func, globals, namespace, base, base, on_return,
        );
        Ok(Called::Frame)
    }

    fn check_base(&mut self, base: Value) -> PyResult<()> {
        let Some(Obj::Class(class)) = self.heap.obj(base) else {
            let message = format!("bases must be types, not {}", self.type_name(base));
            return Err(self.type_error(&message));
        };
        match class.kind {
            ClassKind::User => Ok(()),
            ClassKind::Builtin(crate::vm::object::TypeTag::Object) => Ok(()),
            ClassKind::Builtin(crate::vm::object::TypeTag::Exception) => Ok(()),
            ClassKind::Builtin(crate::vm::object::TypeTag::Dict) => Ok(()),
            ClassKind::Builtin(_) => {
                let message = format!("subclassing '{}' is not supported yet", class.name);
                Err(self.raise_msg(ExcKind::NotImplementedError, &message))
            }
        }
    }

    /// Builds the class once its body returned. Borrows everything.
    pub fn build_class(
        &mut self,
        namespace: Value,
        name: Value,
        bases: Value,
        keywords: Value,
        body_result: Value,
    ) -> PyResult<Value> {
        let _ = keywords;
        let mut base_ids: Vec<ObjId> = self
            .as_tuple_items(bases)
            .unwrap_or_default()
            .iter()
            .filter_map(|b| b.as_obj())
            .collect();
        if base_ids.is_empty() {
            base_ids.push(self.types.object);
        }
        let name_text: Rc<str> = self
            .as_str(name)
            .map(Rc::clone)
            .unwrap_or_else(|| Rc::from("?"));
        let mro_tail = self.c3_merge(&base_ids, &name_text)?;
        let ns_id = namespace
            .as_obj()
            .expect("internal error: a class namespace is a dict");
        let pairs: Vec<(Value, Value)> = self.dict(ns_id).iter().collect();
        let mut attrs = Namespace::default();
        let mut qualname = Rc::clone(&name_text);
        let mut module: Rc<str> = Rc::from("__main__");
        let mut class_cell = Value::NULL;
        for (key, value) in pairs {
            let Some(text) = self.as_str(key).map(Rc::clone) else {
                continue;
            };
            match &*text {
                "__qualname__" => {
                    if let Some(q) = self.as_str(value) {
                        qualname = Rc::clone(q);
                    }
                    continue;
                }
                "__classcell__" => {
                    class_cell = value;
                    continue;
                }
                "__module__" => {
                    if let Some(m) = self.as_str(value) {
                        module = Rc::clone(m);
                    }
                }
                _ => {}
            }
            let symbol = self.sym(&text);
            self.heap.incref(value);
            attrs.set(symbol, value);
        }
        if attrs.get(sym::__doc__).is_none() {
            attrs.set(sym::__doc__, Value::NONE);
        }
        let is_exception = base_ids.iter().any(|b| self.class(*b).is_exception);
        for base in &base_ids {
            self.heap.incref(Value::obj(*base));
        }
        let class = Class {
            name: Rc::clone(&name_text),
            qualname,
            module,
            bases: base_ids,
            mro: Vec::new(),
            attrs,
            version: 0,
            kind: ClassKind::User,
            is_exception,
        };
        let id = self.heap.alloc(Obj::Class(Rc::new(class)));
        let mut mro = vec![id];
        mro.extend(mro_tail);
        if let Obj::Class(c) = self.heap.get_mut(id) {
            Rc::make_mut(c).mro = mro;
        }
        let value = Value::obj(id);
        if !class_cell.is_null() && matches!(self.heap.obj(class_cell), Some(Obj::Cell(_))) {
            self.heap.incref(value);
            self.cell_set(class_cell, value);
        }
        let _ = body_result;
        self.cache_keys.classes_changed();
        let entries = self.class(id).attrs.entries.clone();
        for (attr, item) in entries {
            if let Some(set_name) = self.user_method_of(item, crate::vm::intern::sym::__set_name__)
            {
                let attr_name = self.name_value(attr);
                let result = self.call_sync(set_name, vec![item, value, attr_name]);
                self.heap.decref(attr_name);
                match result {
                    Ok(done) => self.heap.decref(done),
                    Err(raised) => {
                        self.heap.decref(value);
                        return Err(raised);
                    }
                }
            }
        }
        Ok(value)
    }

    /// The C3 linearisation of the bases (without the new class itself).
    fn c3_merge(&mut self, bases: &[ObjId], name: &str) -> PyResult<Vec<ObjId>> {
        let mut sequences: Vec<Vec<ObjId>> =
            bases.iter().map(|b| self.class(*b).mro.clone()).collect();
        sequences.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            sequences.retain(|s| !s.is_empty());
            if sequences.is_empty() {
                return Ok(out);
            }
            let candidate = sequences
                .iter()
                .map(|s| s[0])
                .find(|head| sequences.iter().all(|s| !s[1..].contains(head)));
            let Some(next) = candidate else {
                let names: Vec<String> = bases
                    .iter()
                    .map(|b| self.class(*b).name.to_string())
                    .collect();
                let message = format!(
                    "Cannot create a consistent method resolution order (MRO) for bases {}",
                    names.join(", ")
                );
                let _ = name;
                return Err(self.type_error(&message));
            };
            out.push(next);
            for s in &mut sequences {
                if s[0] == next {
                    s.remove(0);
                }
            }
        }
    }
}
