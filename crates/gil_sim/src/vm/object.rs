//! Heap objects: the Python values that need more than eight bytes.

use std::collections::HashMap;
use std::rc::Rc;

use crate::bigint::BigInt;
use crate::vm::builtins::Builtin;
use crate::vm::dict::Dict;
use crate::vm::intern::Symbol;
use crate::vm::value::{ObjId, Value};

/// Index of a decoded code object in the VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodeId(pub u32);

/// Index of an instance layout ("hidden class") in the VM.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShapeId(pub u32);

/// One heap object.
#[derive(Clone, Debug)]
pub enum Obj {
    /// A free slot.
    Free,
    /// An int outside the inline range.
    Int(Rc<BigInt>),
    Str(PyStr),
    Bytes(Rc<[u8]>),
    Tuple(Box<[Value]>),
    List(Vec<Value>),
    Dict(Dict),
    Set(SetObj),
    Function(Rc<Function>),
    /// A function bound to an instance.
    Method {
        func: Value,
        this: Value,
    },
    Builtin(Builtin),
    /// A builtin method bound to its receiver (`[].append`).
    BuiltinMethod {
        method: Builtin,
        this: Value,
    },
    Class(Rc<Class>),
    Instance(Box<Instance>),
    Module(Box<Module>),
    Code(CodeId),
    Cell(Value),
    Range {
        start: i64,
        stop: i64,
        step: i64,
    },
    Iter(IterObj),
    Slice {
        start: Value,
        stop: Value,
        step: Value,
    },
    Property {
        fget: Value,
        fset: Value,
        fdel: Value,
    },
    StaticMethod(Value),
    ClassMethod(Value),
    Super {
        class: ObjId,
        this: Value,
    },
    /// `d.keys()`, `d.values()`, `d.items()`: a live view of a dict.
    DictView {
        dict: Value,
        view: DictView,
    },
    /// A generator with its suspended frame.
    Generator(Box<crate::vm::generator::GenObj>),
    /// A modelled synchronisation or threading object (threads, locks, barriers...).
    Native(NativeObj),
}

/// Objects of the modelled library modules that are not Python-level classes.
#[derive(Debug, Clone)]
pub enum NativeObj {
    /// `sys.stdout` or `sys.stderr`.
    Stream(crate::vm::output::Stream),
    /// `logging.getLogger(name)`; the configuration is VM state.
    Logger(Rc<str>),
    /// A `typing` name (`typing.List`, `typing.List[int]`), shown by its text.
    TypingAlias(Rc<str>),
    /// A name of a threading module that the thread model implements (`threading.Thread`).
    Unmodelled(Rc<str>),
    /// A `_thread.lock` or `_thread.RLock`; its state is in [`crate::vm::Vm::locks`].
    Lock(crate::vm::sync::LockId),
    /// A multiprocessing queue; its items are kept by the scheduler, shared by processes.
    Queue(u32),
    /// A pickled item that arrived from another process, not yet unpickled.
    Pickled(Rc<crate::vm::pickle::Pickled>),
    /// An exception's `__traceback__` from one frame inward: its entries, outermost first.
    Traceback(Rc<[TracebackEntry]>),
}

/// A `str`: the text, and whether it is ASCII (then char index = byte index).
#[derive(Debug, Clone)]
pub struct PyStr {
    pub text: Rc<str>,
    pub ascii: bool,
    /// Length in characters.
    pub chars: u32,
}

impl PyStr {
    pub fn new(text: Rc<str>) -> PyStr {
        let ascii = text.is_ascii();
        let chars = if ascii {
            text.len()
        } else {
            text.chars().count()
        } as u32;
        PyStr { text, ascii, chars }
    }
}

/// A `set` or `frozenset`, with CPython's table layout so iteration order matches it.
#[derive(Debug, Clone, Default)]
pub struct SetObj {
    pub frozen: bool,
    pub table: crate::vm::set::SetTable,
}

/// A Python function.
#[derive(Clone, Debug)]
pub struct Function {
    pub code: CodeId,
    /// How a call with exactly its positional arguments enters the code on the loop's fast
    /// path, copied from the code so that the call reads it from here; `None` when the code
    /// needs the general entry.
    pub fast_entry: Option<FastEntry>,
    /// The module dict it was defined in.
    pub globals: ObjId,
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    /// Tuple of positional defaults, or NULL.
    pub defaults: Value,
    /// Dict of keyword-only defaults, or NULL.
    pub kwdefaults: Value,
    /// Tuple of cells, or NULL.
    pub closure: Value,
    /// Tuple or dict of annotations, or NULL.
    pub annotations: Value,
    /// Attributes set on the function object (`f.x = 1`).
    pub attrs: Vec<(Symbol, Value)>,
}

/// What the loop's fast call needs to know of a function's code.
#[derive(Clone, Copy, Debug)]
pub struct FastEntry {
    pub arg_count: u32,
    /// Locals, cells and free variables: the frame's slots.
    pub slots: u32,
    /// The `RESUME` the code starts with, which the call runs (3.11+).
    pub resume: Option<crate::vm::code::Resume>,
}

/// What a class is built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassKind {
    /// Defined by the program.
    User,
    /// One of the modelled builtin types.
    Builtin(TypeTag),
}

/// The builtin types whose instances are Values or heap objects the VM knows natively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeTag {
    Object,
    Type,
    NoneType,
    Bool,
    Int,
    Float,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Function,
    Method,
    BuiltinFunction,
    Module,
    Code,
    Cell,
    Range,
    Iterator,
    Slice,
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    NotImplementedType,
    Ellipsis,
    /// `BaseException` and every builtin exception class.
    Exception,
    Generator,
    /// Modelled library classes (streams, loggers, typing aliases).
    Native,
    /// `_thread.lock` and `_thread.RLock`.
    Lock,
    /// A multiprocessing queue.
    MpQueue,
}

/// Hashes a [`Symbol`] (already a small unique number) with one multiplication.
#[derive(Clone, Copy, Default)]
pub struct SymbolHasher(u64);

impl std::hash::Hasher for SymbolHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by symbols.
pub type SymbolMap<V> = HashMap<Symbol, V, std::hash::BuildHasherDefault<SymbolHasher>>;

/// An ordered map from names to values (class namespaces).
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub entries: Vec<(Symbol, Value)>,
    index: SymbolMap<usize>,
}

impl Namespace {
    pub fn get(&self, name: Symbol) -> Option<Value> {
        self.index.get(&name).map(|i| self.entries[*i].1)
    }

    /// Sets a name; returns the previous value for the caller to release.
    pub fn set(&mut self, name: Symbol, value: Value) -> Option<Value> {
        if let Some(i) = self.index.get(&name) {
            return Some(std::mem::replace(&mut self.entries[*i].1, value));
        }
        self.index.insert(name, self.entries.len());
        self.entries.push((name, value));
        None
    }

    /// Removes a name; returns its value.
    pub fn remove(&mut self, name: Symbol) -> Option<Value> {
        let position = self.index.remove(&name)?;
        let (_, value) = self.entries.remove(position);
        for slot in self.index.values_mut() {
            if *slot > position {
                *slot -= 1;
            }
        }
        Some(value)
    }
}

/// A class (`type` instance).
#[derive(Clone, Debug)]
pub struct Class {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
    pub module: Rc<str>,
    pub bases: Vec<ObjId>,
    /// Method resolution order, this class first.
    pub mro: Vec<ObjId>,
    pub attrs: Namespace,
    /// Bumped whenever this class's attributes change; attribute caches check it.
    pub version: u32,
    pub kind: ClassKind,
    /// True for `BaseException` and its subclasses.
    pub is_exception: bool,
}

/// An instance of a user-defined class (or of an exception class).
#[derive(Clone, Debug)]
pub struct Instance {
    pub class: ObjId,
    pub shape: ShapeId,
    pub slots: Vec<Value>,
    pub exc: Option<Box<ExcData>>,
}

/// The extra state of an exception instance.
#[derive(Clone, Debug)]
pub struct ExcData {
    /// Tuple of constructor arguments.
    pub args: Value,
    /// Where it was raised and every frame it passed through, innermost first.
    pub traceback: Vec<TracebackEntry>,
    pub cause: Value,
    pub context: Value,
    pub suppress_context: bool,
}

/// One line of a traceback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TracebackEntry {
    pub code: CodeId,
    /// Index of the instruction that was running.
    pub instr: u32,
}

/// A module.
#[derive(Clone, Debug)]
pub struct Module {
    pub name: Rc<str>,
    /// The module's namespace (a dict object).
    pub dict: ObjId,
}

/// The state of an iterator object.
#[derive(Debug, Clone)]
pub enum IterObj {
    /// Over a list, tuple or str (by index).
    Seq {
        seq: Value,
        index: usize,
    },
    Range {
        next: i64,
        stop: i64,
        step: i64,
    },
    /// Over a dict's keys, values or items, guarded against size changes.
    Dict {
        dict: Value,
        index: usize,
        len: usize,
        view: DictView,
    },
    /// Over a set's table.
    Set {
        set: Value,
        index: usize,
        len: usize,
    },
    Enumerate {
        inner: Value,
        count: i64,
    },
    Zip {
        iters: Vec<Value>,
    },
    Reversed {
        seq: Value,
        index: usize,
    },
    /// `map(func, *iterables)`, lazily.
    Map {
        func: Value,
        iters: Vec<Value>,
    },
    /// `filter(func, iterable)`, lazily.
    Filter {
        func: Value,
        iter: Value,
    },
    /// Exhausted.
    Done,
}

/// Which part of a dict an iterator or view yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictView {
    Keys,
    Values,
    Items,
}

impl Obj {
    /// Bytes the object occupies beyond its fixed part (items, text, digits, tables): what
    /// the memory budget counts. By length, not capacity: a copy of the state has other
    /// capacities, and a replay from it must stop where the run stopped.
    pub fn payload_bytes(&self) -> usize {
        const VALUE: usize = std::mem::size_of::<Value>();
        match self {
            Obj::Int(int) => int.bytes(),
            Obj::Str(s) => s.text.len(),
            Obj::Bytes(bytes) => bytes.len(),
            Obj::Tuple(items) => items.len() * VALUE,
            Obj::List(items) => items.len() * VALUE,
            Obj::Dict(dict) => dict.bytes(),
            Obj::Set(set) => set.table.bytes(),
            Obj::Instance(instance) => instance.slots.len() * VALUE,
            Obj::Generator(generator) => generator.values.len() * VALUE,
            Obj::Free
            | Obj::Function(_)
            | Obj::Method { .. }
            | Obj::Builtin(_)
            | Obj::BuiltinMethod { .. }
            | Obj::Class(_)
            | Obj::Module(_)
            | Obj::Code(_)
            | Obj::Cell(_)
            | Obj::Range { .. }
            | Obj::Iter(_)
            | Obj::Slice { .. }
            | Obj::Property { .. }
            | Obj::StaticMethod(_)
            | Obj::ClassMethod(_)
            | Obj::Super { .. }
            | Obj::DictView { .. }
            | Obj::Native(_) => 0,
        }
    }

    /// The references this object holds (each counted in its target's refcount).
    pub fn children(&self) -> Vec<Value> {
        let mut out = Vec::new();
        self.for_each_child(&mut |child| out.push(child));
        out
    }

    /// Frees the object's slot and hands back the references it held, for freeing it.
    pub fn take_children(&mut self) -> Vec<Value> {
        let out = match self {
            // The large ones give up their storage rather than copy it.
            Obj::List(items) => std::mem::take(items),
            Obj::Tuple(items) => std::mem::take(items).into_vec(),
            _ => self.children(),
        };
        *self = Obj::Free;
        out
    }

    /// Calls `visit` with each reference the object holds, without copying the object (one
    /// copy of the code for every caller: it is the size of a small module).
    #[inline(never)]
    pub fn for_each_child(&self, visit: &mut dyn FnMut(Value)) {
        let all = |values: &[Value], visit: &mut dyn FnMut(Value)| {
            values.iter().for_each(|v| visit(*v));
        };
        match self {
            Obj::Tuple(items) => all(items, visit),
            Obj::List(items) => all(items, visit),
            Obj::Dict(dict) => dict.for_each_value(visit),
            Obj::Set(set) => set.table.iter().for_each(&mut *visit),
            Obj::Function(f) => {
                all(&[f.defaults, f.kwdefaults, f.closure, f.annotations], visit);
                f.attrs.iter().for_each(|(_, v)| visit(*v));
                visit(Value::obj(f.globals));
            }
            Obj::Method { func, this } => all(&[*func, *this], visit),
            Obj::BuiltinMethod { this, .. } => visit(*this),
            Obj::Class(class) => {
                class.attrs.entries.iter().for_each(|(_, v)| visit(*v));
                class.bases.iter().for_each(|b| visit(Value::obj(*b)));
            }
            Obj::Instance(instance) => {
                all(&instance.slots, visit);
                visit(Value::obj(instance.class));
                if let Some(exc) = &instance.exc {
                    all(&[exc.args, exc.cause, exc.context], visit);
                }
            }
            Obj::Module(module) => visit(Value::obj(module.dict)),
            Obj::Cell(value) => visit(*value),
            Obj::Iter(iter) => match iter {
                IterObj::Seq { seq, .. } | IterObj::Reversed { seq, .. } => visit(*seq),
                IterObj::Dict { dict, .. } => visit(*dict),
                IterObj::Set { set, .. } => visit(*set),
                IterObj::Enumerate { inner, .. } => visit(*inner),
                IterObj::Zip { iters } => all(iters, visit),
                IterObj::Map { func, iters } => {
                    all(iters, visit);
                    visit(*func);
                }
                IterObj::Filter { func, iter } => all(&[*func, *iter], visit),
                IterObj::Range { .. } | IterObj::Done => {}
            },
            Obj::Slice { start, stop, step } => all(&[*start, *stop, *step], visit),
            Obj::Property { fget, fset, fdel } => all(&[*fget, *fset, *fdel], visit),
            Obj::StaticMethod(v) | Obj::ClassMethod(v) => visit(*v),
            Obj::Super { class, this } => all(&[Value::obj(*class), *this], visit),
            Obj::DictView { dict, .. } => visit(*dict),
            Obj::Generator(generator) => generator.for_each_child(visit),
            Obj::Free
            | Obj::Int(_)
            | Obj::Str(_)
            | Obj::Bytes(_)
            | Obj::Builtin(_)
            | Obj::Code(_)
            | Obj::Range { .. }
            | Obj::Native(_) => {}
        }
    }
}
