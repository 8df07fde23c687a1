//! Copying values between processes, as `pickle` does for multiprocessing: data is copied,
//! functions and classes travel by name and are looked up again on the other side (which is
//! how a spawned child from a notebook fails to find `cpu_bound_task`, docs/cpython.md §7).

use std::rc::Rc;

use crate::bigint::BigInt;
use crate::vm::object::{NativeObj, Obj};
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// A value outside any heap.
#[derive(Clone, Debug, PartialEq)]
pub enum Pickled {
    None,
    Bool(bool),
    Int(i64),
    Big(Rc<BigInt>),
    Float(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    /// A range: start, stop and step.
    Range(i64, i64, i64),
    Tuple(Vec<Pickled>),
    List(Vec<Pickled>),
    Dict(Vec<(Pickled, Pickled)>),
    /// A module-level function or class, by module and qualified name.
    Global {
        module: Rc<str>,
        name: Rc<str>,
    },
    /// An instance: its class and its attributes.
    Object {
        class: Box<Pickled>,
        attrs: Vec<(Rc<str>, Pickled)>,
    },
    /// An exception: its class and arguments.
    Exception {
        class: Box<Pickled>,
        args: Vec<Pickled>,
    },
    /// A multiprocessing queue (shared by the scheduler).
    Queue(u32),
    /// A builtin function, by name (`abs`, `operator.mul` stand-ins).
    Builtin(crate::vm::builtins::Builtin),
    /// A bound method: its object and the method's name, looked up again on arrival
    /// (CPython pickles it as `getattr(obj, name)`).
    Method {
        this: Box<Pickled>,
        name: Rc<str>,
    },
}

/// How deep nested data may go before pickling gives up.
const MAX_DEPTH: usize = 200;

impl Vm {
    /// Pickles `value`, or raises what CPython's pickler raises for it.
    pub fn pickle(&mut self, value: Value) -> PyResult<Pickled> {
        self.pickle_at(value, 0)
    }

    fn pickle_at(&mut self, value: Value, depth: usize) -> PyResult<Pickled> {
        if depth > MAX_DEPTH {
            return Err(self.raise_msg(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while pickling an object",
            ));
        }
        if value.is_none() {
            return Ok(Pickled::None);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Pickled::Bool(b));
        }
        if let Some(i) = value.as_small_int() {
            return Ok(Pickled::Int(i));
        }
        if let Some(f) = value.as_float() {
            return Ok(Pickled::Float(f));
        }
        let Some(id) = value.as_obj() else {
            return Err(self.cannot_pickle(value));
        };
        let items = |vm: &mut Vm, values: Vec<Value>| -> PyResult<Vec<Pickled>> {
            values
                .into_iter()
                .map(|v| vm.pickle_at(v, depth + 1))
                .collect()
        };
        Ok(match self.heap.get(id) {
            Obj::Int(big) => Pickled::Big(Rc::clone(big)),
            Obj::Str(s) => Pickled::Str(Rc::clone(&s.text)),
            Obj::Bytes(b) => Pickled::Bytes(Rc::clone(b)),
            Obj::Range { start, stop, step } => Pickled::Range(*start, *stop, *step),
            Obj::Tuple(values) => {
                let values = values.to_vec();
                Pickled::Tuple(items(self, values)?)
            }
            Obj::List(values) => {
                let values = values.clone();
                Pickled::List(items(self, values)?)
            }
            Obj::Dict(dict) => {
                let pairs: Vec<(Value, Value)> = dict.iter().collect();
                let mut out = Vec::with_capacity(pairs.len());
                for (key, item) in pairs {
                    out.push((
                        self.pickle_at(key, depth + 1)?,
                        self.pickle_at(item, depth + 1)?,
                    ));
                }
                Pickled::Dict(out)
            }
            Obj::Function(f) => {
                let (globals, qualname) = (f.globals, Rc::clone(&f.qualname));
                if qualname.contains("<lambda>") && !qualname.contains("<locals>") {
                    return Err(self.pickling_error(value, &qualname, globals));
                }
                if qualname.contains("<locals>") || qualname.contains("<lambda>") {
                    let verb = if self.version.bytecode() >= crate::PyVersion::Py313 {
                        "get"
                    } else {
                        "pickle"
                    };
                    let message = format!("Can't {verb} local object '{qualname}'");
                    return Err(self.raise_msg(ExcKind::AttributeError, &message));
                }
                Pickled::Global {
                    module: self.module_name_of(globals),
                    name: qualname,
                }
            }
            Obj::Class(class) => Pickled::Global {
                module: Rc::clone(&class.module),
                name: Rc::clone(&class.qualname),
            },
            Obj::Instance(instance) => {
                let class = instance.class;
                if let Some(data) = &instance.exc {
                    let args = data.args;
                    let args = self.as_tuple_items(args).unwrap_or_default();
                    let class = self.pickle_at(Value::obj(class), depth + 1)?;
                    return Ok(Pickled::Exception {
                        class: Box::new(class),
                        args: items(self, args)?,
                    });
                }
                let attrs = self.instance_attributes(instance);
                let class = self.pickle_at(Value::obj(class), depth + 1)?;
                let mut out = Vec::with_capacity(attrs.len());
                for (name, item) in attrs {
                    out.push((name, self.pickle_at(item, depth + 1)?));
                }
                Pickled::Object {
                    class: Box::new(class),
                    attrs: out,
                }
            }
            Obj::Native(NativeObj::Queue(queue)) => Pickled::Queue(*queue),
            Obj::Builtin(b) => Pickled::Builtin(*b),
            // Data pickled already (`ForkingPickler.dumps`) travels as it is.
            Obj::Native(NativeObj::Pickled(data)) => (**data).clone(),
            Obj::Method { func, this } => {
                let (func, this) = (*func, *this);
                let name = match self.heap.obj(func) {
                    Some(Obj::Function(f)) => Rc::clone(&f.name),
                    _ => return Err(self.cannot_pickle(value)),
                };
                Pickled::Method {
                    this: Box::new(self.pickle_at(this, depth + 1)?),
                    name,
                }
            }
            _ => return Err(self.cannot_pickle(value)),
        })
    }

    /// `_pickle.PicklingError` for a function its module cannot give back by name.
    fn pickling_error(
        &mut self,
        value: Value,
        qualname: &str,
        globals: crate::vm::value::ObjId,
    ) -> crate::vm::Raised {
        let module = self.module_name_of(globals);
        let message = format!(
            "Can't pickle {}: attribute lookup {qualname} on {module} failed",
            self.repr_string(value)
        );
        let symbol = self.sym("_pickle");
        let class = self.import_name(symbol, Value::NONE).ok().and_then(|m| {
            let dict = match self.heap.obj(m) {
                Some(Obj::Module(module)) => Some(module.dict),
                _ => None,
            };
            self.heap.decref(m);
            dict.and_then(|d| self.dict_get_name(d, "PicklingError"))
        });
        match class.and_then(|c| c.as_obj()) {
            Some(class) => {
                let text = self.str_value(&message);
                crate::vm::Raised(self.new_exception_of(class, vec![text]))
            }
            None => self.raise_msg(ExcKind::TypeError, &message),
        }
    }

    #[cold]
    #[inline(never)]
    fn cannot_pickle(&mut self, value: Value) -> crate::vm::Raised {
        let message = format!("cannot pickle '{}' object", self.type_name(value));
        self.raise_msg(ExcKind::TypeError, &message)
    }

    /// The `__name__` of a module dict; `__mp_main__` travels as `__main__`, as in CPython.
    fn module_name_of(&mut self, globals: crate::vm::value::ObjId) -> Rc<str> {
        let name = self
            .dict_get_name(globals, "__name__")
            .and_then(|v| self.as_str(v).cloned())
            .unwrap_or_else(|| Rc::from("__main__"));
        if &*name == "__mp_main__" {
            Rc::from("__main__")
        } else {
            name
        }
    }

    /// Rebuilds a pickled value in this process (owned), looking functions and classes up
    /// by name as the unpickler does.
    pub fn unpickle(&mut self, data: &Pickled) -> PyResult<Value> {
        Ok(match data {
            Pickled::None => Value::NONE,
            Pickled::Bool(b) => Value::bool(*b),
            Pickled::Int(i) => self.int_value(*i),
            Pickled::Big(b) => self.big_value((**b).clone()),
            Pickled::Float(f) => Value::float(*f),
            Pickled::Str(s) => self.str_from_rc(Rc::clone(s)),
            Pickled::Bytes(b) => Value::obj(self.heap.alloc(Obj::Bytes(Rc::clone(b)))),
            Pickled::Range(start, stop, step) => Value::obj(self.heap.alloc(Obj::Range {
                start: *start,
                stop: *stop,
                step: *step,
            })),
            Pickled::Tuple(items) => {
                let values = self.unpickle_all(items)?;
                self.tuple_value(values)
            }
            Pickled::List(items) => {
                let values = self.unpickle_all(items)?;
                self.list_value(values)
            }
            Pickled::Dict(pairs) => {
                let dict = self.heap.alloc(Obj::Dict(crate::vm::dict::Dict::new()));
                for (key, item) in pairs {
                    let key = self.unpickle(key)?;
                    let item = self.unpickle(item)?;
                    self.dict_set(dict, key, item)?;
                    self.heap.decref(key);
                }
                Value::obj(dict)
            }
            Pickled::Global { module, name } => self.find_global(module, name)?,
            Pickled::Object { class, attrs } => {
                let class = self.unpickle(class)?;
                let Some(class_id) = class.as_obj() else {
                    return Err(self.type_error("pickled class is not a class"));
                };
                // The class reference the instance holds is the one unpickling returned.
                let instance =
                    self.heap
                        .alloc(Obj::Instance(Box::new(crate::vm::object::Instance {
                            class: class_id,
                            shape: crate::vm::Shapes::EMPTY,
                            slots: Vec::new(),
                            exc: None,
                        })));
                for (name, item) in attrs {
                    let item = match self.unpickle(item) {
                        Ok(item) => item,
                        Err(raised) => {
                            self.heap.decref(Value::obj(instance));
                            return Err(raised);
                        }
                    };
                    let symbol = self.sym(name);
                    self.store_slot(instance, symbol, item);
                }
                Value::obj(instance)
            }
            Pickled::Exception { class, args } => {
                let class = self.unpickle(class)?;
                let values = self.unpickle_all(args)?;
                let result = self.call_sync(class, values.clone());
                self.heap.decref_all(values);
                self.heap.decref(class);
                result?
            }
            Pickled::Queue(queue) => {
                crate::vm::builtins::native_value(self, NativeObj::Queue(*queue))
            }
            Pickled::Builtin(b) => Value::obj(self.heap.alloc(Obj::Builtin(*b))),
            Pickled::Method { this, name } => {
                let this = self.unpickle(this)?;
                let symbol = self.sym(name);
                let found = self.get_attr_sync(this, symbol);
                self.heap.decref(this);
                found?
            }
        })
    }

    fn unpickle_all(&mut self, items: &[Pickled]) -> PyResult<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            match self.unpickle(item) {
                Ok(value) => out.push(value),
                Err(raised) => {
                    self.heap.decref_all(out);
                    return Err(raised);
                }
            }
        }
        Ok(out)
    }

    /// `module.qualname` in this process, or the unpickler's AttributeError.
    fn find_global(&mut self, module: &str, name: &str) -> PyResult<Value> {
        let (dict, shown) = if module == "__main__" {
            let shown = match &self.main_origin {
                MainOrigin::Program => "<module '__main__'>".to_string(),
                MainOrigin::ReImported(path) => format!("<module '__mp_main__' from '{path}'>"),
                MainOrigin::BuiltIn => {
                    if self.version.bytecode() >= crate::PyVersion::Py312 {
                        "<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>"
                            .to_string()
                    } else {
                        "<module '__main__' (built-in)>".to_string()
                    }
                }
            };
            (Some(self.main_globals), shown)
        } else {
            let symbol = self.sym(module);
            let found = self.import_name(symbol, Value::NONE).ok();
            if let Some(m) = found {
                self.heap.decref(m);
            }
            // `import a.b` gives the package `a`; the name lives in the module `a.b` itself.
            let dict = self
                .module_value(module)
                .and_then(|m| match self.heap.obj(m) {
                    Some(Obj::Module(m)) => Some(m.dict),
                    _ => None,
                });
            (dict, format!("<module '{module}'>"))
        };
        let mut parts = name.split('.');
        let first = parts.next().unwrap_or(name);
        let mut current = dict.and_then(|d| self.dict_get_name(d, first));
        for part in parts {
            current = match current {
                Some(value) => {
                    let symbol = self.sym(part);
                    match self.get_attr_sync(value, symbol) {
                        Ok(found) => {
                            self.heap.decref(found);
                            Some(found)
                        }
                        Err(raised) => {
                            self.heap.decref(raised.0);
                            None
                        }
                    }
                }
                None => None,
            };
        }
        match current {
            Some(value) => {
                self.heap.incref(value);
                Ok(value)
            }
            None => {
                let message = format!("Can't get attribute '{name}' on {shown}");
                Err(self.raise_msg(ExcKind::AttributeError, &message))
            }
        }
    }
}

/// Where this process's `__main__` came from: the reader's program, a spawned child's
/// re-import of it (`__mp_main__`), or nothing (a spawned child of a notebook or REPL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MainOrigin {
    Program,
    ReImported(Rc<str>),
    BuiltIn,
}
