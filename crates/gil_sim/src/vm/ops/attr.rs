//! Attribute access: `obj.name` loads, stores and deletes, method loading for calls, and the
//! descriptor rules (functions bind, properties call, static and class methods unwrap).

use std::rc::Rc;

use crate::vm::builtins::Builtin;
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{ClassKind, Obj};
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Vm};

/// The result of an attribute load.
pub enum Attr {
    /// The value (owned).
    Value(Value),
    /// A property whose getter is Python code: call `fget(obj)` (both borrowed).
    Getter { fget: Value },
}

/// How a store resolved.
pub enum Store {
    Done,
    /// A property setter to call as `fset(obj, value)` (borrowed).
    Setter {
        fset: Value,
    },
}

impl Vm {
    /// Finds `name` along the MRO of `class` (borrowed).
    pub fn lookup_class(&self, class: ObjId, name: Symbol) -> Option<Value> {
        let mro = &self.class(class).mro;
        for id in mro {
            if let Some(value) = self.class(*id).attrs.get(name) {
                return Some(value);
            }
        }
        None
    }

    /// Like [`Vm::lookup_class`], but only in classes the program defined.
    pub fn lookup_user(&self, class: ObjId, name: Symbol) -> Option<Value> {
        for id in &self.class(class).mro {
            let c = self.class(*id);
            if !matches!(c.kind, ClassKind::User) {
                return None;
            }
            if let Some(value) = c.attrs.get(name) {
                return Some(value);
            }
        }
        None
    }

    /// The builtin method `name` of a builtin value's type, if it has one.
    fn builtin_method(&self, value: Value, name: Symbol) -> Option<Builtin> {
        let class = self.type_of(value);
        let tag = self.builtin_base(class);
        self.method_of(tag, name)
    }

    /// The shared unbound builtin method object (`list.append`), created once.
    pub fn builtin_object(&mut self, builtin: Builtin) -> Value {
        if let Some(id) = self.builtin_objects[builtin as usize] {
            return Value::obj(id);
        }
        let id = self.heap.alloc_immortal(Obj::Builtin(builtin));
        self.builtin_objects[builtin as usize] = Some(id);
        Value::obj(id)
    }

    /// `obj.name` where a property getter may need to run Python code.
    pub fn get_attr(&mut self, obj: Value, name: Symbol) -> PyResult<Attr> {
        let class = self.type_of(obj);
        let Some(id) = obj.as_obj() else {
            return self.get_builtin_attr(obj, class, name).map(Attr::Value);
        };
        match self.heap.get(id) {
            Obj::Instance(instance) => {
                let instance_class = instance.class;
                let shape = instance.shape;
                let found_class = self.lookup_class(instance_class, name);
                // Data descriptors (properties) win over the instance's own attributes.
                if let Some(descr) = found_class
                    && let Some(Obj::Property { fget, .. }) = self.heap.obj(descr)
                {
                    let fget = *fget;
                    if fget.is_none() {
                        let message = format!(
                            "property '{}' of '{}' object has no getter",
                            self.sym_name(name),
                            self.type_name(obj)
                        );
                        return Err(self.raise_msg(ExcKind::AttributeError, &message));
                    }
                    return Ok(Attr::Getter { fget });
                }
                if let Some(slot) = self.shapes.slot(shape, name) {
                    let Obj::Instance(instance) = self.heap.get(id) else {
                        unreachable!("internal error: instance changed kind");
                    };
                    let value = instance.slots[slot];
                    self.heap.incref(value);
                    return Ok(Attr::Value(value));
                }
                if let Some(value) = self.exception_attr(obj, name) {
                    return Ok(Attr::Value(value));
                }
                if let Some(descr) = found_class {
                    if let Some(get) = self.user_method_of(descr, sym::__get__) {
                        let class = Value::obj(instance_class);
                        return self
                            .call_sync(get, vec![descr, obj, class])
                            .map(Attr::Value);
                    }
                    return Ok(Attr::Value(self.bind(descr, obj, instance_class)));
                }
                if name == sym::__dict__ {
                    return Ok(Attr::Value(self.instance_dict(obj)));
                }
                if name == sym::__class__ {
                    let class = Value::obj(instance_class);
                    self.heap.incref(class);
                    return Ok(Attr::Value(class));
                }
                if let Some(getattr) = self.lookup_user(instance_class, sym::__getattr__) {
                    let key = self.name_value(name);
                    let result = self.call_sync(getattr, vec![obj, key]);
                    self.heap.decref(key);
                    return result.map(Attr::Value);
                }
                Err(self.no_attribute(obj, name))
            }
            Obj::Class(_) => self.get_class_attr(id, name).map(Attr::Value),
            Obj::Module(module) => {
                let dict = module.dict;
                let text = self.sym_name(name);
                match self.dict_get_name(dict, &text) {
                    Some(value) => {
                        self.heap.incref(value);
                        Ok(Attr::Value(value))
                    }
                    // A module's own `__getattr__` answers for names it lacks (PEP 562).
                    None => match self.dict_get_name(dict, "__getattr__") {
                        Some(getattr) if text.as_ref() != "__getattr__" => {
                            self.heap.incref(getattr);
                            let key = self.name_value(name);
                            let result = self.call_sync(getattr, vec![key]);
                            self.heap.decref(key);
                            self.heap.decref(getattr);
                            result.map(Attr::Value)
                        }
                        _ => Err(self.no_attribute(obj, name)),
                    },
                }
            }
            Obj::Super { class, this } => {
                let (start, this) = (*class, *this);
                self.super_attr(start, this, name).map(Attr::Value)
            }
            Obj::Dict(d) if d.sub.is_some() => self.dict_sub_attr(obj, class, name),
            _ => self.get_builtin_attr(obj, class, name).map(Attr::Value),
        }
    }

    /// `obj.name` on an instance of a subclass of `dict`: the program's classes, then the
    /// instance's own attributes, then `dict`'s methods.
    fn dict_sub_attr(&mut self, obj: Value, class: ObjId, name: Symbol) -> PyResult<Attr> {
        let found = self.lookup_user(class, name);
        if let Some(descr) = found
            && let Some(Obj::Property { fget, .. }) = self.heap.obj(descr)
            && !fget.is_none()
        {
            return Ok(Attr::Getter { fget: *fget });
        }
        if let Some(value) = self.dict_sub_own(obj, name) {
            self.heap.incref(value);
            return Ok(Attr::Value(value));
        }
        if let Some(descr) = found {
            return Ok(Attr::Value(self.bind(descr, obj, class)));
        }
        if name == sym::__dict__ {
            let pairs = match self.heap.obj(obj) {
                Some(Obj::Dict(d)) => d.sub.as_ref().map(|s| s.attrs.clone()).unwrap_or_default(),
                _ => Vec::new(),
            };
            return Ok(Attr::Value(self.names_dict(pairs)));
        }
        match self.get_builtin_attr(obj, class, name) {
            Err(raised) if self.isinstance(raised.0, self.types.exc(ExcKind::AttributeError)) => {
                let Some(getattr) = self.lookup_user(class, sym::__getattr__) else {
                    return Err(raised);
                };
                self.heap.decref(raised.0);
                let key = self.name_value(name);
                let result = self.call_sync(getattr, vec![obj, key]);
                self.heap.decref(key);
                result.map(Attr::Value)
            }
            other => other.map(Attr::Value),
        }
    }

    /// An attribute stored on an instance of a `dict` subclass (borrowed).
    fn dict_sub_own(&self, obj: Value, name: Symbol) -> Option<Value> {
        let Some(Obj::Dict(d)) = self.heap.obj(obj) else {
            return None;
        };
        let sub = d.sub.as_ref()?;
        sub.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    /// `obj.name`, running a property getter synchronously if needed.
    pub fn get_attr_sync(&mut self, obj: Value, name: Symbol) -> PyResult<Value> {
        match self.get_attr(obj, name)? {
            Attr::Value(value) => Ok(value),
            Attr::Getter { fget } => self.call_sync(fget, vec![obj]),
        }
    }

    /// Attribute lookup through `super()`: the MRO of `this`'s type after `start`.
    pub fn super_attr(&mut self, start: ObjId, this: Value, name: Symbol) -> PyResult<Value> {
        let this_class = if let Some(Obj::Class(_)) = self.heap.obj(this) {
            this.as_obj().expect("internal error: a class is an object")
        } else {
            self.type_of(this)
        };
        let mro = self.class(this_class).mro.clone();
        let after = mro.iter().position(|c| *c == start).map_or(0, |p| p + 1);
        for class in &mro[after..] {
            if let Some(value) = self.class(*class).attrs.get(name) {
                let owner = this_class;
                return Ok(self.bind(value, this, owner));
            }
            if let ClassKind::Builtin(tag) = self.class(*class).kind
                && let Some(b) = self
                    .method_of(tag, name)
                    .or_else(|| self.super_builtin(*class, name))
            {
                let method = self.builtin_object(b);
                return Ok(self.bind(method, this, owner_of(this_class)));
            }
        }
        let message = format!("'super' object has no attribute '{}'", self.sym_name(name));
        Err(self.raise_msg(ExcKind::AttributeError, &message))
    }

    /// Builtin methods reachable through `super()` (`object.__init__`, `Exception.__init__`).
    fn super_builtin(&self, class: ObjId, name: Symbol) -> Option<Builtin> {
        let class = self.class(class);
        match (class.is_exception, name) {
            (true, n) if n == sym::__init__ => Some(Builtin::BaseExceptionInit),
            (true, n) if n == sym::__str__ => Some(Builtin::ObjectStr),
            (false, n) if n == sym::__init__ => Some(Builtin::ObjectInit),
            (false, n) if n == sym::__str__ => Some(Builtin::ObjectStr),
            (false, n) if n == sym::__repr__ => Some(Builtin::ObjectRepr),
            (_, n) if n == sym::__setattr__ => Some(Builtin::ObjectSetattr),
            (false, n) if n == sym::__new__ => Some(Builtin::ObjectNew),
            (_, n) if n == sym::__delattr__ => Some(Builtin::ObjectDelattr),
            _ => None,
        }
    }

    /// Applies the descriptor protocol to a class attribute found for `obj` (owned result).
    pub fn bind(&mut self, descr: Value, obj: Value, class: ObjId) -> Value {
        let bound = match self.heap.obj(descr) {
            Some(Obj::Function(_)) => Some(Obj::Method {
                func: descr,
                this: obj,
            }),
            Some(Obj::Builtin(b)) if b.owner_type().is_some() => Some(Obj::BuiltinMethod {
                method: *b,
                this: obj,
            }),
            Some(Obj::ClassMethod(func)) => {
                let func = *func;
                self.heap.incref(func);
                let cls = Value::obj(class);
                self.heap.incref(cls);
                return Value::obj(self.heap.alloc(Obj::Method { func, this: cls }));
            }
            Some(Obj::StaticMethod(func)) => {
                let func = *func;
                self.heap.incref(func);
                return func;
            }
            _ => None,
        };
        match bound {
            Some(method) => {
                self.heap.incref(descr);
                self.heap.incref(obj);
                Value::obj(self.heap.alloc(method))
            }
            None => {
                self.heap.incref(descr);
                descr
            }
        }
    }

    /// `C.name` for a class object.
    fn get_class_attr(&mut self, class: ObjId, name: Symbol) -> PyResult<Value> {
        if let Some(value) = self.lookup_class(class, name)
            && let Some(get) = self.user_method_of(value, sym::__get__)
        {
            return self.call_sync(get, vec![value, Value::NONE, Value::obj(class)]);
        }
        if let Some(value) = self.lookup_class(class, name) {
            return Ok(match self.heap.obj(value) {
                Some(Obj::ClassMethod(_) | Obj::StaticMethod(_)) => {
                    self.bind(value, Value::obj(class), class)
                }
                _ => {
                    self.heap.incref(value);
                    value
                }
            });
        }
        let c = self.class(class);
        let value = if name == sym::__name__ {
            let text = Rc::clone(&c.name);
            self.str_from_rc(text)
        } else if name == sym::__qualname__ {
            let text = Rc::clone(&c.qualname);
            self.str_from_rc(text)
        } else if name == sym::__module__ {
            let text = Rc::clone(&c.module);
            self.str_from_rc(text)
        } else if name == sym::__mro__ || name == sym::__bases__ {
            let ids = if name == sym::__mro__ {
                c.mro.clone()
            } else {
                c.bases.clone()
            };
            let items: Vec<Value> = ids.into_iter().map(Value::obj).collect();
            for item in &items {
                self.heap.incref(*item);
            }
            self.tuple_value(items)
        } else if name == sym::__doc__ {
            Value::NONE
        } else if name == sym::__dict__ {
            let entries = c.attrs.entries.clone();
            self.names_dict(entries)
        } else if name == sym::__class__ {
            Value::obj(self.types.type_)
        } else if let Some(b) = self.builtin_class_method(class, name) {
            self.builtin_object(b)
        } else {
            return Err(self.no_attribute(Value::obj(class), name));
        };
        Ok(value)
    }

    /// `int.from_bytes`-style methods of builtin classes, reached on the class.
    fn builtin_class_method(&self, class: ObjId, name: Symbol) -> Option<Builtin> {
        let tag = self.builtin_base(class);
        if class == self.types.object {
            return self.super_builtin(class, name);
        }
        self.method_of(tag, name)
    }

    /// Attributes of values whose type is builtin (`"x".upper`, `f.__name__`...).
    fn get_builtin_attr(&mut self, obj: Value, class: ObjId, name: Symbol) -> PyResult<Value> {
        if let Some(b) = self.builtin_method(obj, name) {
            self.heap.incref(obj);
            return Ok(Value::obj(self.heap.alloc(Obj::BuiltinMethod {
                method: b,
                this: obj,
            })));
        }
        if name == sym::__class__ {
            return Ok(Value::obj(class));
        }
        let text = self.sym_name(name);
        let found = match self.heap.obj(obj) {
            Some(Obj::Function(f)) => match &*text {
                "__name__" => Some(self.str_from_rc(Rc::clone(&f.name))),
                "__qualname__" => Some(self.str_from_rc(Rc::clone(&f.qualname))),
                "__module__" | "__doc__"
                    if let Some((_, v)) = f.attrs.iter().find(|(k, _)| *k == name) =>
                {
                    let v = *v;
                    self.heap.incref(v);
                    Some(v)
                }
                "__module__" => Some(self.str_value("__main__")),
                "__doc__" => Some(self.function_doc(obj)),
                "__defaults__" | "__kwdefaults__" | "__closure__" => {
                    let stored = match &*text {
                        "__defaults__" => f.defaults,
                        "__kwdefaults__" => f.kwdefaults,
                        _ => f.closure,
                    };
                    let value = if stored.is_null() {
                        Value::NONE
                    } else {
                        stored
                    };
                    self.heap.incref(value);
                    Some(value)
                }
                "__globals__" => {
                    let globals = Value::obj(f.globals);
                    self.heap.incref(globals);
                    Some(globals)
                }
                "__annotations__" => Some(self.function_annotations(obj)?),
                "__dict__" => {
                    let pairs = f.attrs.clone();
                    Some(self.names_dict(pairs))
                }
                _ => f
                    .attrs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| *v)
                    .inspect(|v| {
                        self.heap.incref(*v);
                    }),
            },
            Some(Obj::Builtin(b)) if text.as_ref() == "__name__" => {
                let name = b.name();
                Some(self.str_value(name))
            }
            Some(Obj::BuiltinMethod { method, .. }) if text.as_ref() == "__name__" => {
                let name = method.name();
                Some(self.str_value(name))
            }
            Some(Obj::Method { func, this }) => {
                let (func, this) = (*func, *this);
                match &*text {
                    "__self__" => {
                        self.heap.incref(this);
                        Some(this)
                    }
                    "__func__" => {
                        self.heap.incref(func);
                        Some(func)
                    }
                    _ => return self.get_attr_sync(func, name),
                }
            }
            Some(Obj::Cell(content)) if &*text == "cell_contents" => {
                let content = *content;
                if content.is_null() {
                    return Err(self.raise_msg(ExcKind::ValueError, "Cell is empty"));
                }
                self.heap.incref(content);
                Some(content)
            }
            Some(Obj::Property { fget, fset, .. }) => match &*text {
                "fget" => Some(*fget),
                "fset" => Some(*fset),
                "setter" | "getter" | "deleter" => {
                    let b = match &*text {
                        "setter" => Builtin::PropertySetter,
                        "getter" => Builtin::PropertyGetter,
                        _ => Builtin::PropertyDeleter,
                    };
                    self.heap.incref(obj);
                    return Ok(Value::obj(self.heap.alloc(Obj::BuiltinMethod {
                        method: b,
                        this: obj,
                    })));
                }
                _ => None,
            }
            .inspect(|v| self.heap.incref(*v)),
            Some(Obj::Native(_)) => crate::vm::builtins::native_attr(self, obj, name)?,
            _ => None,
        };
        match found {
            Some(value) => Ok(value),
            None => match self.float_or_int_attr(obj, &text) {
                Some(value) => Ok(value),
                None => Err(self.no_attribute(obj, name)),
            },
        }
    }

    fn float_or_int_attr(&mut self, obj: Value, name: &str) -> Option<Value> {
        match name {
            "real" if self.is_int(obj) || obj.is_float() => {
                self.heap.incref(obj);
                Some(obj)
            }
            "imag" if self.is_int(obj) => Some(Value::small_int(0)),
            "imag" if obj.is_float() => Some(Value::float(0.0)),
            _ => None,
        }
    }

    /// `f.__annotations__`: a dict, built once from the compiled form (a tuple of name/value
    /// pairs from 3.10) and kept on the function.
    fn function_annotations(&mut self, func: Value) -> PyResult<Value> {
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            return Ok(Value::NONE);
        };
        let stored = f.annotations;
        if matches!(self.heap.obj(stored), Some(Obj::Dict(_))) {
            self.heap.incref(stored);
            return Ok(stored);
        }
        let pairs = self.as_tuple_items(stored).unwrap_or_default();
        let dict = self.new_dict();
        let id = dict.as_obj().expect("internal error: a dict is an object");
        for pair in pairs.chunks(2) {
            if let [key, value] = pair {
                self.heap.incref(*value);
                self.dict_set(id, *key, *value)?;
            }
        }
        self.heap.incref(dict);
        self.set_function_attribute(func, 4, dict);
        Ok(dict)
    }

    fn function_doc(&mut self, func: Value) -> Value {
        let Some(Obj::Function(f)) = self.heap.obj(func) else {
            return Value::NONE;
        };
        let code = self.code(f.code);
        let doc = code.docstring;
        self.heap.incref(doc);
        doc
    }

    /// The special attributes of exception instances.
    fn exception_attr(&mut self, exc: Value, name: Symbol) -> Option<Value> {
        if &*self.sym_name(name) == "value"
            && self.isinstance(exc, self.types.exc(ExcKind::StopIteration))
        {
            // StopIteration.value: its first argument, None without one.
            let args = self.exc_data(exc)?.args;
            let items = self.as_tuple_items(args).unwrap_or_default();
            let value = items.first().copied().unwrap_or(Value::NONE);
            self.heap.incref(value);
            return Some(value);
        }
        if &*self.sym_name(name) == "code"
            && self.isinstance(exc, self.types.exc(ExcKind::SystemExit))
        {
            // SystemExit.code: its one argument, None without one, the tuple with several.
            let args = self.exc_data(exc)?.args;
            let items = self.as_tuple_items(args).unwrap_or_default();
            let value = match items.as_slice() {
                [] => Value::NONE,
                [one] => *one,
                _ => args,
            };
            self.heap.incref(value);
            return Some(value);
        }
        let data = self.exc_data(exc)?;
        let value = if name == sym::args {
            data.args
        } else if name == sym::__cause__ {
            data.cause
        } else if name == sym::__context__ {
            data.context
        } else if name == sym::__suppress_context__ {
            Value::bool(data.suppress_context)
        } else if name == sym::__traceback__ {
            // Kept innermost first; a traceback object starts where the exception is now.
            let entries: Vec<_> = data.traceback.iter().rev().copied().collect();
            return Some(crate::vm::builtins::native::traceback_value(self, &entries));
        } else {
            return None;
        };
        self.heap.incref(value);
        Some(value)
    }

    /// A snapshot of an instance's attributes as a dict (`obj.__dict__`).
    fn instance_dict(&mut self, obj: Value) -> Value {
        let Some(Obj::Instance(instance)) = self.heap.obj(obj) else {
            return Value::NONE;
        };
        let names = self.shapes.keys(instance.shape);
        let values = instance.slots.clone();
        self.names_dict(names.iter().copied().zip(values).collect())
    }

    /// The `AttributeError` for a missing attribute, worded as CPython words it per kind.
    #[cold]
    #[inline(never)]
    pub fn no_attribute(&mut self, obj: Value, name: Symbol) -> crate::vm::Raised {
        let attr = self.sym_name(name);
        use crate::vm::cpython_names::{module_has, not_modelled, type_has};
        let message = match self.heap.obj(obj) {
            Some(Obj::Module(m)) if module_has(&m.name, &attr) => {
                not_modelled(&format!("{}.{attr}", m.name))
            }
            Some(Obj::Module(m)) => format!("module '{}' has no attribute '{attr}'", m.name),
            Some(Obj::Class(c)) if &*c.module == "builtins" && type_has(&c.name, &attr) => {
                not_modelled(&format!("{}.{attr}", c.name))
            }
            Some(Obj::Class(c)) => format!("type object '{}' has no attribute '{attr}'", c.name),
            Some(Obj::Instance(_)) => {
                format!("'{}' object has no attribute '{attr}'", self.type_name(obj))
            }
            _ => {
                let type_name = self.type_name(obj);
                if type_has(&type_name, &attr) {
                    not_modelled(&format!("{type_name}.{attr}"))
                } else {
                    format!("'{type_name}' object has no attribute '{attr}'")
                }
            }
        };
        let exc = self.raise_msg(ExcKind::AttributeError, &message);
        self.set_exception_context_name(exc.0, obj, name);
        exc
    }

    /// Remembers the object and name on an AttributeError/NameError (for suggestions).
    fn set_exception_context_name(&mut self, _exc: Value, _obj: Value, _name: Symbol) {}

    /// `obj.name = value` (value borrowed), through the class's `__setattr__` if it has one
    /// (run to completion).
    pub fn set_attr(&mut self, obj: Value, name: Symbol, value: Value) -> PyResult<Store> {
        if let Some(method) = self.user_method_of(obj, sym::__setattr__) {
            let key = self.name_value(name);
            let result = self.call_sync(method, vec![obj, key, value]);
            self.heap.decref(key);
            self.heap.decref(result?);
            return Ok(Store::Done);
        }
        self.set_attr_plain(obj, name, value)
    }

    /// `object.__setattr__(obj, name, value)` (value borrowed).
    pub fn set_attr_plain(&mut self, obj: Value, name: Symbol, value: Value) -> PyResult<Store> {
        let Some(id) = obj.as_obj() else {
            return Err(self.cannot_set(obj, name));
        };
        match self.heap.get(id) {
            Obj::Instance(instance) => {
                let class = instance.class;
                if let Some(descr) = self.lookup_class(class, name)
                    && let Some(Obj::Property { fset, .. }) = self.heap.obj(descr)
                {
                    let fset = *fset;
                    if fset.is_none() {
                        let message = format!(
                            "property '{}' of '{}' object has no setter",
                            self.sym_name(name),
                            self.type_name(obj)
                        );
                        return Err(self.raise_msg(ExcKind::AttributeError, &message));
                    }
                    return Ok(Store::Setter { fset });
                }
                if let Some(data) = self.exc_data_mut(obj) {
                    if name == sym::__cause__ {
                        let old = std::mem::replace(&mut data.cause, value);
                        data.suppress_context = true;
                        self.heap.incref(value);
                        self.heap.decref(old);
                        return Ok(Store::Done);
                    }
                    if name == sym::__context__ {
                        let old = std::mem::replace(&mut data.context, value);
                        self.heap.incref(value);
                        self.heap.decref(old);
                        return Ok(Store::Done);
                    }
                    if name == sym::args {
                        let args = self.as_tuple_items(value).unwrap_or_else(|| vec![value]);
                        for item in &args {
                            self.heap.incref(*item);
                        }
                        let tuple = self.tuple_value(args);
                        if let Some(data) = self.exc_data_mut(obj) {
                            let old = std::mem::replace(&mut data.args, tuple);
                            self.heap.decref(old);
                        }
                        return Ok(Store::Done);
                    }
                }
                self.heap.incref(value);
                self.store_slot(id, name, value);
                Ok(Store::Done)
            }
            Obj::Class(class) => {
                if matches!(class.kind, ClassKind::Builtin(_)) {
                    let message = format!(
                        "cannot set '{}' attribute of immutable type '{}'",
                        self.sym_name(name),
                        class.name
                    );
                    return Err(self.type_error(&message));
                }
                self.heap.incref(value);
                self.set_class_attr(id, name, value);
                Ok(Store::Done)
            }
            Obj::Module(module) => {
                let dict = module.dict;
                self.heap.incref(value);
                let text = self.sym_name(name);
                self.dict_set_name(dict, &text, value);
                Ok(Store::Done)
            }
            Obj::Dict(d) if d.sub.is_some() => {
                let class = self.type_of(obj);
                if let Some(descr) = self.lookup_user(class, name)
                    && let Some(Obj::Property { fset, .. }) = self.heap.obj(descr)
                    && !fset.is_none()
                {
                    return Ok(Store::Setter { fset: *fset });
                }
                self.heap.incref(value);
                let old = match self.heap.get_mut(id) {
                    Obj::Dict(d) => d.sub.as_mut().and_then(|sub| {
                        match sub.attrs.iter_mut().find(|(k, _)| *k == name) {
                            Some((_, slot)) => Some(std::mem::replace(slot, value)),
                            None => {
                                sub.attrs.push((name, value));
                                None
                            }
                        }
                    }),
                    _ => None,
                };
                if let Some(old) = old {
                    self.heap.decref(old);
                }
                Ok(Store::Done)
            }
            Obj::Function(_) if name == sym::__name__ || name == sym::__qualname__ => {
                let Some(text) = self.as_str(value).map(Rc::clone) else {
                    let message = format!("{} must be set to a string object", self.sym_name(name));
                    return Err(self.type_error(&message));
                };
                if let Obj::Function(f) = self.heap.get_mut(id) {
                    let f = Rc::make_mut(f);
                    if name == sym::__name__ {
                        f.name = text;
                    } else {
                        f.qualname = text;
                    }
                }
                Ok(Store::Done)
            }
            Obj::Function(_) => {
                self.heap.incref(value);
                let old = match self.heap.get_mut(id) {
                    Obj::Function(f) => {
                        match Rc::make_mut(f).attrs.iter_mut().find(|(k, _)| *k == name) {
                            Some((_, slot)) => Some(std::mem::replace(slot, value)),
                            None => {
                                Rc::make_mut(f).attrs.push((name, value));
                                None
                            }
                        }
                    }
                    _ => None,
                };
                if let Some(old) = old {
                    self.heap.decref(old);
                }
                Ok(Store::Done)
            }
            _ => Err(self.cannot_set(obj, name)),
        }
    }

    #[cold]
    #[inline(never)]
    fn cannot_set(&mut self, obj: Value, name: Symbol) -> crate::vm::Raised {
        let message = format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            self.sym_name(name)
        );
        self.raise_msg(ExcKind::AttributeError, &message)
    }

    /// Stores an owned value in an instance slot, growing the shape if needed.
    pub fn store_slot(&mut self, id: ObjId, name: Symbol, value: Value) {
        let Obj::Instance(instance) = self.heap.get(id) else {
            return;
        };
        let shape = instance.shape;
        let old = match self.shapes.slot(shape, name) {
            Some(slot) => {
                let Obj::Instance(instance) = self.heap.get_mut(id) else {
                    return;
                };
                Some(std::mem::replace(&mut instance.slots[slot], value))
            }
            None => {
                let next = self.shapes.with(shape, name);
                let Obj::Instance(instance) = self.heap.get_mut(id) else {
                    return;
                };
                instance.shape = next;
                instance.slots.push(value);
                None
            }
        };
        if let Some(old) = old {
            self.heap.decref(old);
        }
    }

    /// Sets a class attribute (owned value) and invalidates attribute caches.
    pub fn set_class_attr(&mut self, class: ObjId, name: Symbol, value: Value) {
        self.cache_keys.classes_changed();
        let old = match self.heap.get_mut(class) {
            Obj::Class(c) => {
                let c = Rc::make_mut(c);
                c.version = c.version.wrapping_add(1);
                c.attrs.set(name, value)
            }
            _ => None,
        };
        if let Some(old) = old {
            self.heap.decref(old);
        }
    }

    /// `del obj.name`, through the class's `__delattr__` if it has one.
    pub fn del_attr(&mut self, obj: Value, name: Symbol) -> PyResult<()> {
        if let Some(method) = self.user_method_of(obj, sym::__delattr__) {
            let key = self.name_value(name);
            let result = self.call_sync(method, vec![obj, key]);
            self.heap.decref(key);
            self.heap.decref(result?);
            return Ok(());
        }
        self.del_attr_plain(obj, name)
    }

    /// `object.__delattr__(obj, name)`.
    pub fn del_attr_plain(&mut self, obj: Value, name: Symbol) -> PyResult<()> {
        let Some(id) = obj.as_obj() else {
            return Err(self.no_attribute(obj, name));
        };
        match self.heap.get(id) {
            Obj::Instance(instance) => {
                let shape = instance.shape;
                let Some(slot) = self.shapes.slot(shape, name) else {
                    return Err(self.no_attribute(obj, name));
                };
                let next = self.shapes.without(shape, name);
                let old = match self.heap.get_mut(id) {
                    Obj::Instance(instance) => {
                        instance.shape = next;
                        Some(instance.slots.remove(slot))
                    }
                    _ => None,
                };
                if let Some(old) = old {
                    self.heap.decref(old);
                }
                Ok(())
            }
            Obj::Class(_) => {
                self.cache_keys.classes_changed();
                let old = match self.heap.get_mut(id) {
                    Obj::Class(c) => Rc::make_mut(c).attrs.remove(name),
                    _ => None,
                };
                match old {
                    Some(old) => {
                        self.heap.decref(old);
                        Ok(())
                    }
                    None => Err(self.no_attribute(obj, name)),
                }
            }
            Obj::Dict(d) if d.sub.is_some() => {
                let old = match self.heap.get_mut(id) {
                    Obj::Dict(d) => d.sub.as_mut().and_then(|sub| {
                        let at = sub.attrs.iter().position(|(k, _)| *k == name)?;
                        Some(sub.attrs.remove(at).1)
                    }),
                    _ => None,
                };
                match old {
                    Some(old) => {
                        self.heap.decref(old);
                        Ok(())
                    }
                    None => Err(self.no_attribute(obj, name)),
                }
            }
            Obj::Module(module) => {
                let dict = module.dict;
                let key = crate::vm::dict::HashKey::Str(self.sym_name(name));
                match self.dict_mut(dict).remove(&key) {
                    Some((k, v)) => {
                        self.heap.decref(k);
                        self.heap.decref(v);
                        Ok(())
                    }
                    None => Err(self.no_attribute(obj, name)),
                }
            }
            _ => Err(self.no_attribute(obj, name)),
        }
    }

    /// `LOAD_METHOD`: the function and `self` when `obj.name` is a plain method (no bound
    /// method object is created, as in CPython); otherwise the attribute and no self.
    pub fn load_method(&mut self, obj: Value, name: Symbol) -> PyResult<Method> {
        let class = self.type_of(obj);
        match self.heap.obj(obj) {
            Some(Obj::Instance(instance)) => {
                let shape = instance.shape;
                if let Some(descr) = self.lookup_class(class, name)
                    && matches!(self.heap.obj(descr), Some(Obj::Function(_)))
                    && self.shapes.slot(shape, name).is_none()
                {
                    self.heap.incref(descr);
                    return Ok(Method::Unbound(descr));
                }
            }
            Some(Obj::Class(_) | Obj::Module(_) | Obj::Super { .. }) => {}
            Some(Obj::Dict(d)) if d.sub.is_some() => {
                if let Some(descr) = self.lookup_user(class, name)
                    && matches!(self.heap.obj(descr), Some(Obj::Function(_)))
                    && self.dict_sub_own(obj, name).is_none()
                {
                    self.heap.incref(descr);
                    return Ok(Method::Unbound(descr));
                }
            }
            _ => {
                if let Some(b) = self.builtin_method(obj, name) {
                    return Ok(Method::Unbound(self.builtin_object(b)));
                }
            }
        }
        Ok(Method::Attr(self.get_attr(obj, name)?))
    }
}

/// The result of `LOAD_METHOD`.
pub enum Method {
    /// An unbound function to call with the object as first argument (owned).
    Unbound(Value),
    /// An ordinary attribute.
    Attr(Attr),
}

fn owner_of(class: ObjId) -> ObjId {
    class
}
