//! The modelled library modules (`sys`, `time`, `os`, `math`, `logging`, `typing`, and the
//! names of the threading modules), `import`, and the builtins that are not functions of
//! `builtins`: module functions and the methods of `object`, exceptions and properties.

use std::rc::Rc;

use crate::version::PyVersion;
use crate::vm::builtins::args;
use crate::vm::builtins::{Builtin, Request, native_value};
use crate::vm::frame::ThreadState;
use crate::vm::heap::IMMORTAL;
use crate::vm::intern::Symbol;
use crate::vm::object::{Module, NativeObj, Obj};
use crate::vm::ops::call::Called;
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, VTime, Vm};

/// A module object around a namespace dict (owned).
pub fn new_module(vm: &mut Vm, name: &str, dict: ObjId) -> Value {
    vm.heap.incref(Value::obj(dict));
    Value::obj(vm.heap.alloc(Obj::Module(Box::new(Module {
        name: Rc::from(name),
        dict,
    }))))
}

/// Builds a modelled module by name.
fn create_module(vm: &mut Vm, name: &str) -> Option<Value> {
    let dict = vm.heap.alloc(Obj::Dict(crate::vm::dict::Dict::new()));
    let name_value = vm.str_value(name);
    vm.dict_set_name(dict, "__name__", name_value);
    let functions = |vm: &mut Vm, owner: &str| {
        for b in Builtin::ALL {
            if b.owner() == owner {
                let value = vm.builtin_object(*b);
                vm.dict_set_name(dict, b.name(), value);
            }
        }
    };
    match name {
        "sys" => {
            functions(vm, "sys");
            let version = match vm.version.bytecode() {
                PyVersion::Py39 => (9, 18),
                PyVersion::Py310 => (10, 13),
                PyVersion::Py311 => (11, 7),
                PyVersion::Py312 => (12, 1),
                _ => (13, 0),
            };
            let text = format!("3.{}.{} (GIL Lab simulation)", version.0, version.1);
            let value = vm.str_value(&text);
            vm.dict_set_name(dict, "version", value);
            let final_ = vm.str_value("final");
            let info = vm.tuple_value(vec![
                Value::small_int(3),
                Value::small_int(version.0),
                Value::small_int(version.1),
                final_,
                Value::small_int(0),
            ]);
            vm.dict_set_name(dict, "version_info", info);
            let platform = vm.str_value("linux");
            vm.dict_set_name(dict, "platform", platform);
            let byteorder = vm.str_value("little");
            vm.dict_set_name(dict, "byteorder", byteorder);
            let maxsize = vm.int_value(i64::MAX);
            vm.dict_set_name(dict, "maxsize", maxsize);
            let file = vm.str_from_rc(Rc::clone(&vm.file_name));
            let argv = vm.list_value(vec![file]);
            vm.dict_set_name(dict, "argv", argv);
            let stdout = native_value(vm, NativeObj::Stream(Stream::Stdout));
            vm.dict_set_name(dict, "stdout", stdout);
            let stderr = native_value(vm, NativeObj::Stream(Stream::Stderr));
            vm.dict_set_name(dict, "stderr", stderr);
        }
        "_thread" | "_sim" | "_mp" => functions(vm, name),
        "time" | "os" | "math" | "logging" => {
            functions(vm, name);
            match name {
                "os" => {
                    let posix = vm.str_value("posix");
                    vm.dict_set_name(dict, "name", posix);
                    let sep = vm.str_value("/");
                    vm.dict_set_name(dict, "sep", sep);
                }
                "math" => {
                    for (key, value) in [
                        ("pi", std::f64::consts::PI),
                        ("e", std::f64::consts::E),
                        ("tau", std::f64::consts::TAU),
                        ("inf", f64::INFINITY),
                        ("nan", f64::NAN),
                    ] {
                        vm.dict_set_name(dict, key, Value::float(value));
                    }
                }
                "logging" => {
                    for (key, level) in [
                        ("CRITICAL", 50),
                        ("FATAL", 50),
                        ("ERROR", 40),
                        ("WARNING", 30),
                        ("WARN", 30),
                        ("INFO", 20),
                        ("DEBUG", 10),
                        ("NOTSET", 0),
                    ] {
                        vm.dict_set_name(dict, key, Value::small_int(level));
                    }
                    let root = native_value(vm, NativeObj::Logger(Rc::from("root")));
                    vm.dict_set_name(dict, "root", root);
                }
                _ => {}
            }
        }
        "typing" => {
            for alias in [
                "List",
                "Dict",
                "Tuple",
                "Set",
                "FrozenSet",
                "Optional",
                "Union",
                "Any",
                "Callable",
                "Iterable",
                "Iterator",
                "Sequence",
                "Mapping",
                "Generator",
                "Type",
                "NoReturn",
                "ClassVar",
                "Final",
            ] {
                let value = native_value(
                    vm,
                    NativeObj::TypingAlias(Rc::from(format!("typing.{alias}"))),
                );
                vm.dict_set_name(dict, alias, value);
            }
        }
        // A package whose modules are library modules: each sets itself on it when imported.
        "concurrent" | "urllib" => {}
        _ => return None,
    }
    let module = new_module(vm, name, dict);
    vm.heap.decref(Value::obj(dict));
    Some(module)
}

/// The module `name` (borrowed), created on first import.
fn import_module(vm: &mut Vm, name: &str) -> Option<Value> {
    if let Some(module) = vm.module_value(name) {
        return Some(module);
    }
    let module = create_module(vm, name)?;
    vm.modules.push((Rc::from(name), module));
    Some(module)
}

impl Vm {
    /// `IMPORT_NAME`: the module (or, for `import a.b` without a from-list, the package `a`).
    pub fn import_name(&mut self, name: Symbol, fromlist: Value) -> PyResult<Value> {
        let text = self.sym_name(name);
        if self.module_value(&text).is_none()
            && let Some(result) = self.import_library(&text)
        {
            result?;
        }
        if let Some((parent, child)) = text.rsplit_once('.')
            && self.module_value(&text).is_some()
            && let Some(package) = import_module(self, parent)
            && let Some(Obj::Module(package)) = self.heap.obj(package)
        {
            let (dict, module) = (
                package.dict,
                self.module_value(&text).unwrap_or(Value::NONE),
            );
            let has = self.dict_get_name(dict, child).is_some();
            if !has {
                self.heap.incref(module);
                self.dict_set_name(dict, child, module);
            }
        }
        let Some(module) = import_module(self, &text) else {
            let missing = text.split('.').next().unwrap_or(&text).to_string();
            let found_top = import_module(self, &missing).is_some();
            let message = if found_top {
                format!("No module named '{text}'; '{missing}' is not a package")
            } else if crate::vm::cpython_names::is_module(&text) {
                let mut message =
                    crate::vm::cpython_names::not_modelled(&format!("the module '{text}'"));
                if ["socket", "select", "selectors", "ssl", "http", "urllib"]
                    .contains(&missing.as_str())
                {
                    message
                        .push_str(": programs here have no network (requests.get simulates one)");
                }
                message
            } else {
                format!("No module named '{text}'")
            };
            return Err(self.raise_msg(ExcKind::ModuleNotFoundError, &message));
        };
        let wants_submodule = !fromlist.is_none() && !fromlist.is_null();
        let result = if text.contains('.') && !wants_submodule {
            let top = text.split('.').next().unwrap_or(&text).to_string();
            import_module(self, &top).unwrap_or(module)
        } else {
            module
        };
        self.heap.incref(result);
        Ok(result)
    }

    /// `IMPORT_FROM`: an attribute of a module, as an `ImportError` when missing.
    pub fn import_from(&mut self, module: Value, name: Symbol) -> PyResult<Value> {
        match self.get_attr_sync(module, name) {
            Ok(value) => Ok(value),
            Err(raised) => {
                self.heap.decref(raised.0);
                // `from package import submodule` imports the submodule.
                if let Some(Obj::Module(m)) = self.heap.obj(module) {
                    let dotted = format!("{}.{}", m.name, self.sym_name(name));
                    if crate::vm::library::is_library(&dotted) {
                        let symbol = self.sym(&dotted);
                        let fromlist = self.tuple_value(vec![]);
                        let imported = self.import_name(symbol, fromlist);
                        self.heap.decref(fromlist);
                        return imported;
                    }
                }
                let module_name = match self.heap.obj(module) {
                    Some(Obj::Module(m)) => Rc::clone(&m.name),
                    _ => Rc::from("?"),
                };
                let message = format!(
                    "cannot import name '{}' from '{module_name}' (unknown location)",
                    self.sym_name(name)
                );
                Err(self.raise_msg(ExcKind::ImportError, &message))
            }
        }
    }

    /// `from m import *` into a namespace dict.
    pub fn import_star(&mut self, namespace: Value, module: Value) -> PyResult<()> {
        let Some(Obj::Module(m)) = self.heap.obj(module) else {
            return Err(self.type_error("import * needs a module"));
        };
        let source = m.dict;
        let Some(target) = namespace.as_obj() else {
            return Err(self.raise_msg(ExcKind::SystemError, "no locals found during 'import *'"));
        };
        // A module's `__all__` (a tuple or list of names) says what `*` imports.
        let listed = self
            .dict_get_name(source, "__all__")
            .and_then(|all| self.as_tuple_items(all).or_else(|| self.as_list_items(all)));
        if let Some(names) = listed {
            for key in names {
                let Some(name) = self.as_str(key).map(Rc::clone) else {
                    continue;
                };
                let Some(value) = self.dict_get_name(source, &name) else {
                    let message = format!(
                        "module '{}' has no attribute '{name}'",
                        self.module_name(module)
                    );
                    return Err(self.raise_msg(ExcKind::AttributeError, &message));
                };
                self.heap.incref(value);
                self.dict_set(target, key, value)?;
            }
            return Ok(());
        }
        let pairs: Vec<(Value, Value)> = self.dict(source).iter().collect();
        for (key, value) in pairs {
            if self.as_str(key).is_some_and(|k| k.starts_with('_')) {
                continue;
            }
            self.heap.incref(value);
            self.dict_set(target, key, value)?;
        }
        Ok(())
    }

    /// The name of a module object.
    fn module_name(&self, module: Value) -> Rc<str> {
        match self.heap.obj(module) {
            Some(Obj::Module(m)) => Rc::clone(&m.name),
            _ => Rc::from("?"),
        }
    }
}

/// Calls a module function or a method of `object`, exceptions, properties, numbers, streams.
pub fn call(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Called> {
    let name = b.name();
    if b.owner() == "math"
        && let Some(result) = crate::vm::builtins::math::call(vm, b, a, kw)
    {
        return result.map(Called::Value);
    }
    if b != Builtin::SysExit {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    let seconds = |vm: &Vm| vm.clock.as_secs_f64();
    let value = match b {
        Builtin::SysGetrefcount => {
            args::count(vm, name, a, 1, 1)?;
            let count = refcount_of(vm, a[0]);
            vm.int_value(count)
        }
        Builtin::SysGetswitchinterval => {
            args::count(vm, name, a, 0, 0)?;
            Value::float(vm.switch_interval_us as f64 / 1e6)
        }
        Builtin::SysSetswitchinterval => {
            args::count(vm, name, a, 1, 1)?;
            let interval = args::float(vm, a[0])?;
            if interval <= 0.0 {
                return Err(vm.raise_msg(
                    ExcKind::ValueError,
                    "switch interval must be strictly positive",
                ));
            }
            vm.switch_interval_us = (interval * 1e6) as u64;
            Value::NONE
        }
        Builtin::SysGetrecursionlimit => Value::small_int(vm.limits.max_frames as i64),
        Builtin::SysExcInfo => {
            args::count(vm, name, a, 0, 0)?;
            let exc = t.handled;
            if exc.is_none() {
                vm.tuple_value(vec![Value::NONE; 3])
            } else {
                let class = Value::obj(vm.type_of(exc));
                let tb = vm
                    .get_attr_sync(exc, crate::vm::intern::sym::__traceback__)
                    .unwrap_or(Value::NONE);
                vm.heap.incref_all([class, exc]);
                vm.tuple_value(vec![class, exc, tb])
            }
        }
        Builtin::SysSetrecursionlimit => {
            args::count(vm, name, a, 1, 1)?;
            let limit = args::int(vm, a[0])?;
            if limit < 1 {
                return Err(vm.raise_msg(
                    ExcKind::ValueError,
                    "recursion limit must be greater or equal than 1",
                ));
            }
            vm.limits.max_frames = (limit as usize).min(crate::vm::MAX_RECURSION_LIMIT);
            Value::NONE
        }
        Builtin::SysExit => {
            args::count(vm, name, a, 0, 1)?;
            let items: Vec<Value> = a.to_vec();
            for item in &items {
                vm.heap.incref(*item);
            }
            return Err(vm.raise_args(ExcKind::SystemExit, items));
        }
        Builtin::SysIntern => {
            args::count(vm, name, a, 1, 1)?;
            vm.heap.incref(a[0]);
            a[0]
        }
        Builtin::StreamWrite => {
            args::count(vm, name, a, 2, 2)?;
            let stream = crate::vm::builtins::native::stream_of(vm, a[0]).unwrap_or(Stream::Stdout);
            let text = args::string(vm, name, "argument", a[1]).map_err(|r| {
                vm.heap.decref(r.0);
                let message = format!("write() argument must be str, not {}", vm.type_name(a[1]));
                vm.type_error(&message)
            })?;
            vm.write_output(stream, &text);
            Value::small_int(text.chars().count() as i64)
        }
        Builtin::StreamFlush => Value::NONE,
        Builtin::TimeSleep => {
            args::count(vm, name, a, 1, 1)?;
            let duration = args::float(vm, a[0])?;
            if duration < 0.0 {
                return Err(vm.raise_msg(ExcKind::ValueError, "sleep length must be non-negative"));
            }
            return Ok(Called::Request(Request::Sleep(VTime::from_secs_f64(
                duration,
            ))));
        }
        Builtin::TimeTime => {
            Value::float(crate::vm::builtins::logging::EPOCH_SECONDS + seconds(vm))
        }
        Builtin::TimeTimeNs => {
            let ns = (crate::vm::builtins::logging::EPOCH_SECONDS * 1e9) as i64
                + (vm.clock.0 / 1000) as i64;
            vm.int_value(ns)
        }
        Builtin::TimePerfCounter | Builtin::TimeMonotonic => Value::float(PERF_BASE + seconds(vm)),
        Builtin::TimePerfCounterNs | Builtin::TimeMonotonicNs => {
            let ns = (PERF_BASE * 1e9) as i64 + (vm.clock.0 / 1000) as i64;
            vm.int_value(ns)
        }
        Builtin::TimeProcessTime | Builtin::TimeThreadTime => {
            Value::float(vm.cpu_time.as_secs_f64())
        }
        Builtin::OsGetpid => Value::small_int(i64::from(vm.pid)),
        Builtin::OsGetppid => Value::small_int(i64::from(vm.parent_pid)),
        Builtin::OsCpuCount => Value::small_int(i64::from(vm.cores)),
        Builtin::MathSqrt
        | Builtin::MathExp
        | Builtin::MathSin
        | Builtin::MathCos
        | Builtin::MathFabs
        | Builtin::MathLog => math_float(vm, b, a)?,
        Builtin::MathFloor | Builtin::MathCeil => {
            args::count(vm, name, a, 1, 1)?;
            if vm.is_int(a[0]) && !a[0].is_float() {
                vm.heap.incref(a[0]);
                a[0]
            } else {
                let x = args::float(vm, a[0])?;
                if !x.is_finite() {
                    return Err(vm.raise_msg(
                        ExcKind::OverflowError,
                        "cannot convert float infinity to integer",
                    ));
                }
                let r = if b == Builtin::MathFloor {
                    x.floor()
                } else {
                    x.ceil()
                };
                vm.big_value(crate::bigint::BigInt::from_i128(r as i128))
            }
        }
        Builtin::MathIsqrt => {
            args::count(vm, name, a, 1, 1)?;
            let n = args::int(vm, a[0])?;
            if n < 0 {
                return Err(
                    vm.raise_msg(ExcKind::ValueError, "isqrt() argument must be nonnegative")
                );
            }
            let (n, mut r) = (i128::from(n), (n as f64).sqrt() as i128);
            while r * r > n {
                r -= 1;
            }
            while (r + 1) * (r + 1) <= n {
                r += 1;
            }
            vm.int_value(r as i64)
        }
        Builtin::MathFactorial => {
            args::count(vm, name, a, 1, 1)?;
            let n = args::int(vm, a[0])?;
            if n < 0 {
                return Err(vm.raise_msg(
                    ExcKind::ValueError,
                    "factorial() not defined for negative values",
                ));
            }
            if n > 5000 {
                return Err(vm.raise_msg(
                    ExcKind::MemoryError,
                    "factorial is too large for this simulator",
                ));
            }
            let mut acc = crate::bigint::BigInt::from_i64(1);
            for i in 2..=n {
                acc = acc.mul(&crate::bigint::BigInt::from_i64(i));
            }
            vm.big_value(acc)
        }
        Builtin::MathGcd => {
            let mut g: i64 = 0;
            for v in a {
                let mut x = args::int(vm, *v)?.abs();
                let mut y = g;
                while y != 0 {
                    (x, y) = (y, x % y);
                }
                g = x;
            }
            vm.int_value(g)
        }
        Builtin::ObjectInit => {
            if a.len() > 1 {
                return Err(vm.type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ));
            }
            Value::NONE
        }
        Builtin::ObjectStr => {
            args::count(vm, name, a, 1, 1)?;
            let text = if vm.exc_data(a[0]).is_some() {
                vm.exception_message(a[0])
            } else {
                vm.repr(a[0])?
            };
            vm.str_value(&text)
        }
        Builtin::ObjectSetattr | Builtin::ObjectDelattr => {
            let setting = b == Builtin::ObjectSetattr;
            args::count(
                vm,
                name,
                a,
                if setting { 3 } else { 2 },
                if setting { 3 } else { 2 },
            )?;
            let attr = args::string(vm, name, "name", a[1])?;
            let attr = vm.sym(&attr);
            if !setting {
                vm.del_attr_plain(a[0], attr)?;
            } else if let crate::vm::ops::attr::Store::Setter { fset } =
                vm.set_attr_plain(a[0], attr, a[2])?
            {
                let result = vm.call_sync(fset, vec![a[0], a[2]])?;
                vm.heap.decref(result);
            }
            Value::NONE
        }
        Builtin::ObjectNew => {
            let class = match a.first().map(|c| vm.heap.obj(*c)) {
                Some(Some(crate::vm::object::Obj::Class(c)))
                    if c.kind == crate::vm::object::ClassKind::User =>
                {
                    a[0].as_obj()
                }
                _ => None,
            };
            let Some(class) = class else {
                return Err(vm.type_error(
                    "object.__new__(X): X is not a type the simulator can create this way",
                ));
            };
            if vm.class(class).is_exception {
                vm.new_exception_of(class, Vec::new())
            } else if vm.builtin_base(class) == crate::vm::object::TypeTag::Dict {
                let mut dict = crate::vm::dict::Dict::new();
                dict.sub = Some(Box::new(crate::vm::dict::DictSub {
                    class,
                    attrs: Vec::new(),
                }));
                vm.heap.incref(Value::obj(class));
                Value::obj(vm.heap.alloc(crate::vm::object::Obj::Dict(dict)))
            } else {
                vm.heap.incref(Value::obj(class));
                Value::obj(vm.heap.alloc(crate::vm::object::Obj::Instance(Box::new(
                    crate::vm::object::Instance {
                        class,
                        shape: crate::vm::Shapes::EMPTY,
                        slots: Vec::new(),
                        exc: None,
                    },
                ))))
            }
        }
        Builtin::ObjectRepr => {
            args::count(vm, name, a, 1, 1)?;
            let class = vm.class(vm.type_of(a[0]));
            let at = a[0].as_obj().map_or(0, crate::vm::ops::format::address);
            let text = format!("<{}.{} object at {at:#x}>", class.module, class.qualname);
            vm.str_value(&text)
        }
        Builtin::BaseExceptionInit => {
            if a.is_empty() {
                return Err(vm.type_error(
                    "descriptor '__init__' of 'BaseException' object needs an argument",
                ));
            }
            let items: Vec<Value> = a[1..].to_vec();
            for item in &items {
                vm.heap.incref(*item);
            }
            let tuple = vm.tuple_value(items);
            match vm.exc_data_mut(a[0]) {
                Some(data) => {
                    let old = std::mem::replace(&mut data.args, tuple);
                    vm.heap.decref(old);
                }
                None => vm.heap.decref(tuple),
            }
            Value::NONE
        }
        Builtin::GenSend => {
            args::count(vm, name, a, 2, 2)?;
            vm.heap.incref_all([a[0], a[1]]);
            return Ok(Called::Generator {
                generator: a[0],
                sent: a[1],
            });
        }
        Builtin::GenThrow => {
            args::count(vm, name, a, 2, 4)?;
            let given = a.get(2).copied().filter(|v| vm.exc_data(*v).is_some());
            let exc = given.unwrap_or(a[1]);
            vm.heap.incref(exc);
            let exc = if vm.is_exception_class(exc) {
                let args = a
                    .get(2)
                    .copied()
                    .filter(|v| !v.is_none())
                    .into_iter()
                    .collect();
                let instance = vm.call_sync(exc, args);
                vm.heap.decref(exc);
                instance?
            } else {
                exc
            };
            match vm.gen_throw_sync(a[0], exc)? {
                Some(value) => value,
                None => return Err(finished_generator(vm)),
            }
        }
        Builtin::GenClose => {
            args::count(vm, name, a, 1, 1)?;
            vm.gen_close(a[0])?;
            Value::NONE
        }
        Builtin::PropertySetter | Builtin::PropertyGetter | Builtin::PropertyDeleter => {
            args::count(vm, name, a, 2, 2)?;
            let Some(Obj::Property { fget, fset, fdel }) = vm.heap.obj(a[0]) else {
                return Err(vm.type_error("descriptor needs a property"));
            };
            let (mut fget, mut fset, mut fdel) = (*fget, *fset, *fdel);
            match b {
                Builtin::PropertySetter => fset = a[1],
                Builtin::PropertyGetter => fget = a[1],
                _ => fdel = a[1],
            }
            vm.heap.incref_all([fget, fset, fdel]);
            Value::obj(vm.heap.alloc(Obj::Property { fget, fset, fdel }))
        }
        Builtin::IntBitLength => {
            args::count(vm, name, a, 1, 1)?;
            let n = vm.as_big(a[0]).map_or(0, |b| b.bit_length());
            Value::small_int(n as i64)
        }
        Builtin::FloatIsInteger => {
            args::count(vm, name, a, 1, 1)?;
            let x = args::float(vm, a[0])?;
            Value::bool(x.is_finite() && x.fract() == 0.0)
        }
        _ => unreachable!("internal error: {} has no module implementation", b.name()),
    };
    Ok(Called::Value(value))
}

/// `perf_counter()` at virtual time zero.
const PERF_BASE: f64 = 1000.0;

fn math_float(vm: &mut Vm, b: Builtin, a: &[Value]) -> PyResult<Value> {
    args::count(
        vm,
        b.name(),
        a,
        1,
        if b == Builtin::MathLog { 2 } else { 1 },
    )?;
    let x = args::float(vm, a[0])?;
    let domain = |vm: &mut Vm| Err(vm.raise_msg(ExcKind::ValueError, "math domain error"));
    let r = match b {
        Builtin::MathSqrt => {
            if x < 0.0 {
                return domain(vm);
            }
            x.sqrt()
        }
        Builtin::MathExp => x.exp(),
        Builtin::MathSin => x.sin(),
        Builtin::MathCos => x.cos(),
        Builtin::MathFabs => x.abs(),
        _ => {
            if x <= 0.0 {
                return domain(vm);
            }
            match a.get(1) {
                Some(base) => {
                    let base = args::float(vm, *base)?;
                    x.ln() / base.ln()
                }
                None => x.ln(),
            }
        }
    };
    Ok(Value::float(r))
}

/// What `sys.getrefcount(value)` returns: the object's count (which includes the argument's
/// own reference), CPython's immortal sentinel from 3.12, and the measured counts of shared
/// singletons before 3.12 (docs/cpython.md §4).
fn refcount_of(vm: &Vm, value: Value) -> i64 {
    let v = vm.version.bytecode();
    let immortal_sentinel = i64::from(u32::MAX);
    if let Some(id) = value.as_obj() {
        let count = vm.heap.refcount(id);
        if count == IMMORTAL {
            return if v >= PyVersion::Py312 {
                immortal_sentinel
            } else {
                shared_count(v, false)
            };
        }
        return i64::from(count);
    }
    if value.is_none() || value.as_bool().is_some() {
        return if v >= PyVersion::Py312 {
            immortal_sentinel
        } else {
            shared_count(v, true)
        };
    }
    if let Some(i) = value.as_small_int()
        && (-5..=256).contains(&i)
    {
        return if v >= PyVersion::Py312 {
            immortal_sentinel
        } else {
            shared_count(v, false)
        };
    }
    // Other ints and floats are plain values here; CPython would count the references to
    // its heap object, typically the name and the argument.
    2
}

/// Measured counts of `None` and of the small int `1` before immortality (docs/cpython.md §4).
fn shared_count(version: PyVersion, none: bool) -> i64 {
    match (version, none) {
        (PyVersion::Py39, true) => 4446,
        (PyVersion::Py39, false) => 239,
        (PyVersion::Py310, true) => 4662,
        (PyVersion::Py310, false) => 236,
        (_, true) => 5633,
        (_, false) => 1_000_000_328,
    }
}

/// The `StopIteration` a generator raises when `send`/`throw` made it return, carrying its
/// return value (none when it returned None).
#[cold]
#[inline(never)]
fn finished_generator(vm: &mut Vm) -> crate::vm::Raised {
    let value = vm.finished_value.take().unwrap_or(Value::NONE);
    let args = if value.is_none() {
        Vec::new()
    } else {
        vec![value]
    };
    vm.raise_args(ExcKind::StopIteration, args)
}
