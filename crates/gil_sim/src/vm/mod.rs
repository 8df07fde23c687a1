//! The VM: CPython's object model and instruction semantics, one thread at a time.
//!
//! It is deliberately not a scheduler. [`Vm::run_thread`] runs one thread's frames until the
//! thread ends, raises, or reaches a switch point after its deadline; the scheduler (`sched`)
//! decides what happens next. Reference counts are changed by the instructions that change them
//! in CPython, through [`Heap::incref`]/[`Heap::decref`] only.
//!
//! Layout: `value` (8-byte values), `heap` and `object` (objects and refcounts), `intern`
//! (names), `dict` and `set` (hash tables), `types` (builtin classes), `code` and `op`
//! (decoded instructions), `frame` (frames, threads), `eval` (the instruction loop), `ops/*`
//! (semantics of attribute access, calls, arithmetic, comparison, iteration, subscripts,
//! formatting), `builtins/*` (builtin functions, methods and modules), `exc` (raising and
//! tracebacks; `exc_carets` draws 3.11+ caret lines), `output` (stdout/stderr), `run` (running
//! a program on one thread).

pub mod builtins;
pub mod cache;
pub mod code;
pub mod cpython_names;
pub mod decode;
pub mod dict;
pub mod eval;
pub mod exc;
pub mod exc_carets;
pub mod frame;
pub mod fuse;
pub mod generator;
pub mod heap;
pub mod holdings;
pub mod intern;
pub mod library;
pub mod memory;
pub mod naive;
pub mod object;
pub mod op;
pub mod ops;
pub mod output;
pub mod pickle;
pub mod races;
pub mod run;
pub mod set;
pub mod switch;
pub mod sync;
pub mod types;
pub mod unwind;
pub mod value;

use std::collections::HashMap;
use std::rc::Rc;

use crate::bigint::BigInt;
use crate::bytecode::{CodeObject, Const};
use crate::version::PyVersion;

use code::Code;
use dict::{Dict, HashKey};
use heap::Heap;
use intern::{Interner, Symbol};
use object::{Class, CodeId, Obj, PyStr, ShapeId, TypeTag};
use output::{Output, Stream};
use types::{ExcKind, TypeTable};
use value::{ObjId, Value};

/// An exception being raised: an owned reference to the exception instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raised(pub Value);

/// Results of operations that may raise a Python exception.
pub type PyResult<T> = Result<T, Raised>;

pub use crate::ids::VTime;

/// Instance layouts ("hidden classes"): attribute names in slot order, shared by instances
/// that gained the same attributes in the same order.
///
/// The table only ever grows, and what a shape holds follows from the names added and
/// removed to reach it, so every copy of the VM (the explorer's forks, playback's copies, a
/// forked process) shares one table: a copy costs one reference count, and a shape one fork
/// made is there for the next.
#[derive(Clone, Debug, Default)]
pub struct Shapes {
    table: Rc<std::cell::RefCell<Vec<Shape>>>,
}

#[derive(Clone, Debug, Default)]
struct Shape {
    keys: Rc<[Symbol]>,
    transitions: Vec<(Symbol, ShapeId)>,
    /// The shapes after deleting a name, once asked for.
    deletions: Vec<(Symbol, ShapeId)>,
}

impl Shapes {
    fn new() -> Shapes {
        Shapes {
            table: Rc::new(std::cell::RefCell::new(vec![Shape::default()])),
        }
    }

    /// The shape every instance starts with.
    pub const EMPTY: ShapeId = ShapeId(0);

    /// The slot of `name` in `shape`.
    #[inline]
    pub fn slot(&self, shape: ShapeId, name: Symbol) -> Option<usize> {
        self.table.borrow()[shape.0 as usize]
            .keys
            .iter()
            .position(|k| *k == name)
    }

    /// The shape after adding `name` to `shape`.
    pub fn with(&self, shape: ShapeId, name: Symbol) -> ShapeId {
        let mut table = self.table.borrow_mut();
        if let Some(next) = step(&table[shape.0 as usize].transitions, name) {
            return next;
        }
        let keys: Rc<[Symbol]> = table[shape.0 as usize]
            .keys
            .iter()
            .copied()
            .chain([name])
            .collect();
        let id = ShapeId(table.len() as u32);
        table.push(Shape {
            keys,
            transitions: Vec::new(),
            deletions: Vec::new(),
        });
        table[shape.0 as usize].transitions.push((name, id));
        id
    }

    /// The shape after deleting `name` (a slot of `shape`): the remaining keys in order.
    pub fn without(&self, shape: ShapeId, name: Symbol) -> ShapeId {
        if let Some(next) = step(&self.table.borrow()[shape.0 as usize].deletions, name) {
            return next;
        }
        let mut next = Shapes::EMPTY;
        for key in self.keys(shape).iter().filter(|k| **k != name) {
            next = self.with(next, *key);
        }
        self.table.borrow_mut()[shape.0 as usize]
            .deletions
            .push((name, next));
        next
    }

    /// Attribute names of a shape, in slot order.
    pub fn keys(&self, shape: ShapeId) -> Rc<[Symbol]> {
        Rc::clone(&self.table.borrow()[shape.0 as usize].keys)
    }
}

/// The shape a remembered change by `name` leads to.
fn step(changes: &[(Symbol, ShapeId)], name: Symbol) -> Option<ShapeId> {
    changes
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, next)| *next)
}

/// The longest string the simulator builds (`'x' * n`, a format's width or precision): a
/// longer one raises `MemoryError` instead of exhausting the page's memory.
pub const MAX_STR_BYTES: usize = 50_000_000;

/// Where a thread is in the reader's program ([`Vm::program_place`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramPlace {
    /// The line of its innermost frame in the program's code (0 when it has none).
    pub line: u32,
    /// The program's call into library code that the thread is inside, if it is.
    pub call: Option<String>,
}

/// Limits that stop a runaway program.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_objects: usize,
    pub max_frames: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_objects: 2_000_000,
            max_frames: 1000,
        }
    }
}

/// The interpreter state shared by all threads of one process.
#[derive(Clone)]
pub struct Vm {
    pub version: PyVersion,
    pub heap: Heap,
    pub interner: Interner,
    /// Every decoded code object by [`CodeId`]; all are loaded before the program runs, so
    /// the loop can hold one snapshot instead of touching a refcount per frame.
    pub codes: Rc<Vec<Rc<Code>>>,
    pub shapes: Shapes,
    pub types: TypeTable,
    /// The `builtins` module's dict.
    pub builtins: ObjId,
    /// `__main__`'s dict.
    pub main_globals: ObjId,
    /// Imported modules by name.
    pub modules: Vec<(Rc<str>, Value)>,
    pub output: Output,
    /// The virtual clock of the running thread's core.
    pub clock: VTime,
    /// Instructions executed.
    pub instructions: u64,
    pub limits: Limits,
    /// The file name tracebacks show.
    pub file_name: Rc<str>,
    /// The program's source lines, for tracebacks.
    pub source: Rc<str>,
    /// `sys.getswitchinterval()` in microseconds, as CPython stores it.
    pub switch_interval_us: u64,
    /// logging's configuration (level and format), set by `basicConfig`.
    pub logging: builtins::logging::LoggingConfig,
    /// The process id `os.getpid()` returns, and its parent's.
    pub pid: u32,
    pub parent_pid: u32,
    /// `multiprocessing.current_process().name` of this process.
    pub process_name: Rc<str>,
    /// The running thread's index (the scheduler sets it before running a thread).
    pub thread_index: u32,
    /// Every thread's name by index (`threading.current_thread().name`, logging's
    /// `%(threadName)s`).
    pub thread_names: Vec<Rc<str>>,
    /// The `_thread` locks of this process.
    pub locks: sync::Locks,
    /// The library module whose code is being loaded (its file name and source, for
    /// tracebacks); None while loading the reader's program.
    pub loading_library: Option<(Rc<str>, Rc<str>)>,
    /// Free-threaded mode: a thread may be switched out after any instruction.
    pub switch_anywhere: bool,
    /// A steered run (the reader or the explorer picks who runs): the loop stops after every
    /// instruction, and `at_version_switch` says whether the version could switch there.
    pub steered: bool,
    pub at_version_switch: bool,
    /// Where `__main__` came from (what unpickling by name can find there).
    pub main_origin: pickle::MainOrigin,
    /// `multiprocessing`'s start method for new processes.
    pub start_method: Rc<str>,
    /// The state of the generator `_sim.entropy()` draws from (SplitMix64), seeded from the
    /// scenario's seed: what stands in for `os.urandom`.
    pub entropy: u64,
    /// A spawned child's pickled process object, until `_mp.load_process()` takes it.
    pub spawn_data: Option<pickle::Pickled>,
    /// The exit code the process's bootstrap reported.
    pub exitcode: Option<i32>,
    /// Child processes by pid, with their exit codes once they ended.
    pub children: Vec<(u32, Option<i32>)>,
    /// Multiprocessing queues this process created (their ids combine pid and count).
    pub queues_made: u32,
    /// Lost-update detection (on once a second thread starts).
    pub races: races::RaceWatch,
    /// `Builtin::method` answers by type and name (it searches every builtin), keyed by
    /// [`method_key`].
    method_table: std::cell::RefCell<
        HashMap<
            u64,
            Option<builtins::Builtin>,
            std::hash::BuildHasherDefault<object::SymbolHasher>,
        >,
    >,
    /// Simulated cores (`os.cpu_count()`).
    pub cores: u32,
    /// CPU time consumed by this process (`time.process_time()`).
    pub cpu_time: VTime,
    /// Set when a cap stops the run inside a nested call; the loop stops at once.
    pub stop: Option<&'static str>,
    /// Slow-path instructions left before the memory is measured again (see `memory.rs`).
    memory_countdown: u32,
    /// The run's instruction budget, which a nested synchronous call checks as it goes
    /// ([`Vm::run_nested`]); the scheduler checks it between turns.
    pub instruction_limit: u64,
    /// This copy's inline-cache keys (see `cache.rs`): entries filled by another copy, or
    /// before a class attribute changed, never hit.
    pub cache_keys: cache::CacheKeys,
    /// The unbound builtin method objects (`list.append`), created once each.
    pub builtin_objects: Vec<Option<ObjId>>,
    /// Objects whose `repr` is being computed (to print `[...]` for cycles).
    pub repr_guard: Vec<ObjId>,
    /// Depth of synchronous calls from native code.
    pub sync_nesting: usize,
    /// The empty tuple, shared like CPython's.
    pub empty_tuple: ObjId,
    /// The return value of the generator that just finished under native control.
    pub finished_value: Option<Value>,
    /// Interned `str` objects for names (attribute names as values, `__name__`...).
    name_strings: Vec<Option<ObjId>>,
    /// `threading.local` objects and the attributes of the threads not running.
    pub thread_locals: builtins::threads::ThreadLocals,
}

/// One number for a builtin type and a method name (the method table's key).
fn method_key(tag: TypeTag, name: Symbol) -> u64 {
    ((tag as u64) << 32) | u64::from(name.0)
}

/// The highest recursion limit `sys.setrecursionlimit` accepts here (frames are cheap, but
/// a runaway recursion should stop well before the browser's own stack does).
pub const MAX_RECURSION_LIMIT: usize = 20_000;

impl Vm {
    /// A fresh interpreter for `version`.
    pub fn new(version: PyVersion, file_name: &str, source: &str) -> Vm {
        let mut heap = Heap::default();
        let mut interner = Interner::default();
        let types = TypeTable::create(&mut heap, &mut interner);
        let builtins = heap.alloc_immortal(Obj::Dict(Dict::new()));
        let main_globals = heap.alloc_immortal(Obj::Dict(Dict::new()));
        let empty_tuple = heap.alloc_immortal(Obj::Tuple(Box::new([])));
        let mut vm = Vm {
            version,
            heap,
            interner,
            codes: Rc::new(Vec::new()),
            shapes: Shapes::new(),
            types,
            builtins,
            main_globals,
            modules: Vec::new(),
            output: Output::default(),
            clock: VTime(0),
            instructions: 0,
            limits: Limits::default(),
            file_name: Rc::from(file_name),
            source: Rc::from(source),
            switch_interval_us: 5000,
            logging: builtins::logging::LoggingConfig::default(),
            pid: 4242,
            parent_pid: 4241,
            process_name: Rc::from("MainProcess"),
            thread_index: 0,
            thread_names: vec![Rc::from("MainThread")],
            locks: sync::Locks::default(),
            loading_library: None,
            switch_anywhere: false,
            steered: false,
            at_version_switch: false,
            main_origin: pickle::MainOrigin::Program,
            start_method: Rc::from("fork"),
            entropy: 0,
            spawn_data: None,
            exitcode: None,
            children: Vec::new(),
            queues_made: 0,
            races: races::RaceWatch::default(),
            method_table: std::cell::RefCell::new(HashMap::default()),
            cores: 4,
            cpu_time: VTime(0),
            stop: None,
            memory_countdown: 1,
            instruction_limit: u64::MAX,
            cache_keys: cache::CacheKeys::new(),
            builtin_objects: vec![None; builtins::Builtin::ALL.len()],
            repr_guard: Vec::new(),
            sync_nesting: 0,
            empty_tuple,
            finished_value: None,
            name_strings: Vec::new(),
            thread_locals: builtins::threads::ThreadLocals::default(),
        };
        builtins::install(&mut vm);
        vm.init_main();
        vm
    }

    fn init_main(&mut self) {
        let main = self.main_globals;
        let name = self.str_value("__main__");
        self.dict_set_name(main, "__name__", name);
        self.dict_set_name(main, "__doc__", Value::NONE);
        self.dict_set_name(main, "__package__", Value::NONE);
        self.dict_set_name(main, "__spec__", Value::NONE);
        self.dict_set_name(main, "__loader__", Value::NONE);
        let builtins_module = self.module_value("builtins").unwrap_or(Value::NONE);
        self.heap.incref(builtins_module);
        self.dict_set_name(main, "__builtins__", builtins_module);
        let file = self.str_value(&self.file_name.clone());
        self.dict_set_name(main, "__file__", file);
    }

    /// An instance's attributes by name, in the order they were added.
    pub fn instance_attributes(&self, instance: &object::Instance) -> Vec<(Rc<str>, Value)> {
        self.shapes
            .keys(instance.shape)
            .iter()
            .zip(instance.slots.iter())
            .map(|(key, value)| (Rc::clone(self.interner.name(*key)), *value))
            .collect()
    }

    /// The builtin method `name` of values whose builtin base type is `tag`, remembered.
    pub fn method_of(&self, tag: TypeTag, name: Symbol) -> Option<builtins::Builtin> {
        let key = method_key(tag, name);
        if let Some(found) = self.method_table.borrow().get(&key) {
            return *found;
        }
        let found = builtins::Builtin::method(tag, self.interner.name(name));
        self.method_table.borrow_mut().insert(key, found);
        found
    }

    /// The next 32-bit word of entropy (SplitMix64 over [`Vm::entropy`]).
    pub fn entropy_word(&mut self) -> u32 {
        self.entropy = self.entropy.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.entropy;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 32) as u32
    }

    /// The running thread's name.
    pub fn thread_name(&self) -> Rc<str> {
        self.thread_names
            .get(self.thread_index as usize)
            .map_or_else(|| Rc::from("Thread"), Rc::clone)
    }

    /// Names thread `index` (for the running thread: `threading.Thread` does this).
    pub fn set_thread_name(&mut self, index: sync::ThreadIndex, name: Rc<str>) {
        let at = index.0 as usize;
        if self.thread_names.len() <= at {
            self.thread_names.resize(at + 1, Rc::from(""));
        }
        self.thread_names[at] = name;
    }

    /// The source line `t` is at (of its innermost frame's current instruction).
    pub fn current_line(&self, t: &frame::ThreadState) -> u32 {
        t.frames.last().map_or(0, |frame| self.frame_line(frame))
    }

    /// Where `t` is in the reader's own program: the line of its innermost frame of the
    /// program's code, and, when library code (`queue`, `threading`) runs above it, the call
    /// the program made into the library, in the program's own words (`q.get()`).
    pub fn program_place(&self, t: &frame::ThreadState) -> ProgramPlace {
        let mut library_callee: Option<Rc<str>> = None;
        for frame in t.frames.iter().rev() {
            let code = &self.codes[frame.code.0 as usize];
            if code.library.is_none() {
                let call = library_callee.map(|callee| {
                    self.call_text(code, frame)
                        .unwrap_or_else(|| format!("{callee}()"))
                });
                return ProgramPlace {
                    line: self.frame_line(frame),
                    call,
                };
            }
            library_callee = Some(Rc::clone(&code.qualname));
        }
        ProgramPlace {
            line: 0,
            call: library_callee.map(|callee| format!("{callee}()")),
        }
    }

    /// The program's text of the call (or `with`) that `frame` is in, on one line and short.
    fn call_text(&self, code: &Code, frame: &frame::Frame) -> Option<String> {
        let at = (frame.ip as usize).checked_sub(1)?;
        let (start, end) = code.source.instrs.get(at)?.range?;
        let text = self.source.get(start as usize..end as usize)?;
        let text = text.lines().next()?.trim();
        let text = match text.find('(') {
            Some(open) if text.chars().count() > 40 || !text.ends_with(')') => {
                format!("{}(...)", &text[..open])
            }
            _ => text.to_string(),
        };
        let with = matches!(
            code.plain.get(at),
            Some(op::Op::BeforeWith | op::Op::SetupWith(_))
        );
        Some(if with { format!("with {text}:") } else { text })
    }

    /// The line `frame` is at: its current instruction's, or the call it is in.
    pub fn frame_line(&self, frame: &frame::Frame) -> u32 {
        let code = &self.codes[frame.code.0 as usize];
        let at = (frame.ip as usize).saturating_sub(1);
        code.lines
            .get(at)
            .copied()
            .unwrap_or(code.source.first_line)
    }

    /// Interns a name.
    pub fn sym(&mut self, name: &str) -> Symbol {
        self.interner.intern(name)
    }

    /// The text of a symbol.
    pub fn sym_name(&self, symbol: Symbol) -> Rc<str> {
        Rc::clone(self.interner.name(symbol))
    }

    // ----- values -----

    /// A new `str` object (owned reference).
    pub fn str_value(&mut self, text: &str) -> Value {
        Value::obj(self.heap.alloc(Obj::Str(PyStr::new(Rc::from(text)))))
    }

    /// A new `bytes` object (owned reference).
    pub fn bytes_value(&mut self, bytes: &[u8]) -> Value {
        Value::obj(self.heap.alloc(Obj::Bytes(Rc::from(bytes))))
    }

    /// A new `str` sharing its text.
    pub fn str_from_rc(&mut self, text: Rc<str>) -> Value {
        Value::obj(self.heap.alloc(Obj::Str(PyStr::new(text))))
    }

    /// The shared `str` object for a name (owned reference).
    pub fn name_value(&mut self, symbol: Symbol) -> Value {
        let index = symbol.0 as usize;
        if self.name_strings.len() <= index {
            self.name_strings.resize(index + 1, None);
        }
        let id = match self.name_strings[index] {
            Some(id) => id,
            None => {
                let text = self.sym_name(symbol);
                let immortal = self.version.bytecode() >= PyVersion::Py312;
                let obj = Obj::Str(PyStr::new(text));
                let id = if immortal {
                    self.heap.alloc_immortal(obj)
                } else {
                    self.heap.alloc(obj)
                };
                self.name_strings[index] = Some(id);
                id
            }
        };
        let value = Value::obj(id);
        self.heap.incref(value);
        value
    }

    /// An int value, inline or on the heap (owned reference).
    pub fn int_value(&mut self, i: i64) -> Value {
        if Value::int_fits(i) {
            Value::small_int(i)
        } else {
            Value::obj(self.heap.alloc(Obj::Int(Rc::new(BigInt::from_i64(i)))))
        }
    }

    /// An int from a big integer, on the fast path when it fits.
    pub fn big_value(&mut self, big: BigInt) -> Value {
        if let Some(i) = big.to_i64()
            && Value::int_fits(i)
        {
            return Value::small_int(i);
        }
        Value::obj(self.heap.alloc(Obj::Int(Rc::new(big))))
    }

    /// A new tuple taking ownership of `items` (the shared empty tuple when there are none).
    pub fn tuple_value(&mut self, items: Vec<Value>) -> Value {
        if items.is_empty() {
            return Value::obj(self.empty_tuple);
        }
        Value::obj(self.heap.alloc(Obj::Tuple(items.into_boxed_slice())))
    }

    /// Records a write to stdout or stderr by the running thread at the current time.
    pub fn write_output(&mut self, stream: Stream, text: &str) {
        let (time, thread) = (self.clock, self.thread_index);
        self.output.write(stream, text, time, thread);
    }

    /// A new list taking ownership of `items`.
    pub fn list_value(&mut self, items: Vec<Value>) -> Value {
        Value::obj(self.heap.alloc(Obj::List(items)))
    }

    /// The text of a `str` value.
    pub fn as_str(&self, value: Value) -> Option<&Rc<str>> {
        match self.heap.obj(value)? {
            Obj::Str(s) => Some(&s.text),
            _ => None,
        }
    }

    /// The integer a value holds (ints and bools), as a big integer.
    pub fn as_big(&self, value: Value) -> Option<BigInt> {
        if let Some(i) = value.as_small_int() {
            return Some(BigInt::from_i64(i));
        }
        if let Some(b) = value.as_bool() {
            return Some(BigInt::from_i64(i64::from(b)));
        }
        match self.heap.obj(value)? {
            Obj::Int(b) => Some((**b).clone()),
            _ => None,
        }
    }

    /// The integer a value holds, if it fits 64 bits.
    pub fn as_i64(&self, value: Value) -> Option<i64> {
        if let Some(i) = value.as_small_int() {
            return Some(i);
        }
        if let Some(b) = value.as_bool() {
            return Some(i64::from(b));
        }
        match self.heap.obj(value)? {
            Obj::Int(b) => b.to_i64(),
            _ => None,
        }
    }

    /// True for `int` and `bool` values.
    pub fn is_int(&self, value: Value) -> bool {
        value.is_small_int()
            || value.as_bool().is_some()
            || matches!(self.heap.obj(value), Some(Obj::Int(_)))
    }

    /// The class of a value.
    pub fn type_of(&self, value: Value) -> ObjId {
        let t = &self.types;
        if value.is_small_int() {
            return t.int;
        }
        if value.is_float() {
            return t.float;
        }
        if value.as_bool().is_some() {
            return t.bool_;
        }
        if value.is_none() {
            return t.none;
        }
        if value == Value::NOT_IMPLEMENTED {
            return t.not_implemented;
        }
        if value == Value::ELLIPSIS {
            return t.ellipsis;
        }
        let Some(id) = value.as_obj() else {
            return t.object;
        };
        match self.heap.get(id) {
            Obj::Free => t.object,
            Obj::Int(_) => t.int,
            Obj::Str(_) => t.str_,
            Obj::Bytes(_) => t.bytes,
            Obj::Tuple(_) => t.tuple,
            Obj::List(_) => t.list,
            Obj::Dict(d) => d.sub.as_ref().map_or(t.dict, |sub| sub.class),
            Obj::Set(s) => {
                if s.frozen {
                    t.frozenset
                } else {
                    t.set
                }
            }
            Obj::Function(_) => t.function,
            Obj::Method { .. } => t.method,
            Obj::Builtin(b) => b.type_of(t),
            Obj::BuiltinMethod { .. } => t.builtin_function,
            Obj::Class(_) => t.type_,
            Obj::Instance(i) => i.class,
            Obj::Module(_) => t.module,
            Obj::Code(_) => t.code,
            Obj::Cell(_) => t.cell,
            Obj::Range { .. } => t.range,
            Obj::Iter(iter) => self.iter_type(iter),
            Obj::Slice { .. } => t.slice,
            Obj::Property { .. } => t.property,
            Obj::StaticMethod(_) => t.staticmethod,
            Obj::ClassMethod(_) => t.classmethod,
            Obj::Super { .. } => t.super_,
            Obj::DictView { view, .. } => match view {
                object::DictView::Keys => t.dict_keys,
                object::DictView::Values => t.dict_values,
                object::DictView::Items => t.dict_items,
            },
            Obj::Generator(_) => t.generator,
            Obj::Native(native) => builtins::native_type(self, native),
        }
    }

    fn iter_type(&self, iter: &object::IterObj) -> ObjId {
        use object::{DictView, IterObj};
        let t = &self.types;
        match iter {
            IterObj::Seq { seq, .. } => match self.heap.obj(*seq) {
                Some(Obj::Tuple(_)) => t.tuple_iterator,
                Some(Obj::Str(_)) => t.str_iterator,
                _ => t.list_iterator,
            },
            IterObj::Range { .. } => t.range_iterator,
            IterObj::Dict { view, .. } => match view {
                DictView::Keys => t.dict_keyiterator,
                DictView::Values => t.dict_valueiterator,
                DictView::Items => t.dict_itemiterator,
            },
            IterObj::Set { .. } => t.set_iterator,
            IterObj::Enumerate { .. } => t.enumerate,
            IterObj::Zip { .. } => t.zip,
            IterObj::Reversed { .. } => t.reversed,
            IterObj::Map { .. } => t.map,
            IterObj::Filter { .. } => t.filter,
            IterObj::Done => t.list_iterator,
        }
    }

    /// A class object.
    pub fn class(&self, id: ObjId) -> &Class {
        match self.heap.get(id) {
            Obj::Class(class) => class,
            _ => panic!("internal error: {id} is not a class"),
        }
    }

    /// `type(value).__name__`.
    pub fn type_name(&self, value: Value) -> Rc<str> {
        Rc::clone(&self.class(self.type_of(value)).name)
    }

    /// True if `class` is `base` or a subclass of it.
    pub fn is_subclass(&self, class: ObjId, base: ObjId) -> bool {
        class == base || self.class(class).mro.contains(&base)
    }

    /// `isinstance(value, class)`.
    pub fn isinstance(&self, value: Value, class: ObjId) -> bool {
        self.is_subclass(self.type_of(value), class)
    }

    /// The builtin type tag of a class, following its MRO to the first builtin base.
    pub fn builtin_base(&self, class: ObjId) -> TypeTag {
        for id in &self.class(class).mro {
            if let object::ClassKind::Builtin(tag) = self.class(*id).kind
                && tag != TypeTag::Object
            {
                return tag;
            }
        }
        TypeTag::Object
    }

    // ----- dicts -----

    /// The key image of a value for dict and set lookups.
    pub fn hash_key(&mut self, value: Value) -> PyResult<HashKey> {
        if let Some(Obj::Instance(instance)) = self.heap.obj(value)
            && instance.exc.is_none()
            && self
                .lookup_user(instance.class, intern::sym::__eq__)
                .is_some()
            && let Some(method) = self.lookup_user(instance.class, intern::sym::__hash__)
        {
            if method.is_none() {
                let message = format!("unhashable type: '{}'", self.type_name(value));
                return Err(self.raise_msg(ExcKind::TypeError, &message));
            }
            let result = self.call_sync(method, vec![value])?;
            let h = self.as_i64(result);
            self.heap.decref(result);
            return match h {
                Some(h) => Ok(HashKey::UserHash(if h == -1 { -2 } else { h })),
                None => Err(self.type_error("__hash__ method should return an integer")),
            };
        }
        match self.hash_key_of(value) {
            Some(key) => Ok(key),
            None => {
                let message = format!("unhashable type: '{}'", self.type_name(value));
                Err(self.raise_msg(ExcKind::TypeError, &message))
            }
        }
    }

    /// The key image of a hashable value, None for an unhashable one (no exception raised).
    pub fn hash_key_of(&self, value: Value) -> Option<HashKey> {
        if let Some(i) = value.as_small_int() {
            return Some(HashKey::Int(i));
        }
        if let Some(b) = value.as_bool() {
            return Some(HashKey::Int(i64::from(b)));
        }
        if let Some(f) = value.as_float() {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                return Some(HashKey::Int(f as i64));
            }
            return Some(HashKey::Float(f.to_bits()));
        }
        if value.is_none() {
            return Some(HashKey::None);
        }
        if value == Value::ELLIPSIS {
            return Some(HashKey::Ellipsis);
        }
        let id = value.as_obj()?;
        Some(match self.heap.get(id) {
            Obj::Str(s) => HashKey::Str(Rc::clone(&s.text)),
            Obj::Int(b) => match b.to_i64() {
                Some(i) => HashKey::Int(i),
                None => HashKey::Big(Rc::clone(b)),
            },
            Obj::Bytes(b) => HashKey::Bytes(Rc::clone(b)),
            Obj::Tuple(items) => {
                let keys: Option<Vec<HashKey>> =
                    items.iter().map(|v| self.hash_key_of(*v)).collect();
                HashKey::Tuple(Rc::from(keys?))
            }
            Obj::List(_) | Obj::Dict(_) => return None,
            Obj::Set(s) if !s.frozen => return None,
            Obj::Set(s) => {
                let mut keys: Vec<HashKey> =
                    s.table.iter().filter_map(|v| self.hash_key_of(v)).collect();
                keys.sort_by_key(HashKey::hash);
                HashKey::Tuple(Rc::from(keys))
            }
            Obj::Instance(instance) => {
                let class = self.class(instance.class);
                let eq_defined = class
                    .mro
                    .iter()
                    .take_while(|c| matches!(self.class(**c).kind, object::ClassKind::User))
                    .any(|c| self.class(*c).attrs.get(intern::sym::__eq__).is_some());
                let hash_defined = class
                    .mro
                    .iter()
                    .take_while(|c| matches!(self.class(**c).kind, object::ClassKind::User))
                    .any(|c| self.class(*c).attrs.get(intern::sym::__hash__).is_some());
                if eq_defined && !hash_defined {
                    return None;
                }
                HashKey::Identity(id)
            }
            _ => HashKey::Identity(id),
        })
    }

    /// The dict inside a dict object.
    pub fn dict(&self, id: ObjId) -> &Dict {
        match self.heap.get(id) {
            Obj::Dict(d) => d,
            _ => panic!("internal error: {id} is not a dict"),
        }
    }

    pub fn dict_mut(&mut self, id: ObjId) -> &mut Dict {
        match self.heap.get_mut(id) {
            Obj::Dict(d) => d,
            _ => panic!("internal error: {id} is not a dict"),
        }
    }

    /// `d[key] = value`, taking ownership of `value` and a new reference to `key`.
    pub fn dict_set(&mut self, id: ObjId, key: Value, value: Value) -> PyResult<()> {
        let hash = self.hash_key(key)?;
        self.heap.incref(key);
        match self.dict_mut(id).insert(hash, key, value) {
            Some(old) => {
                self.heap.decref(old);
                self.heap.decref(key);
            }
            None => self.heap.note_stored(2),
        }
        Ok(())
    }

    /// A new dict with a str key per name (`__dict__` of an instance, a class or a function,
    /// keyword arguments); the values are borrowed.
    pub fn names_dict(&mut self, pairs: Vec<(Symbol, Value)>) -> Value {
        let dict = self.heap.alloc(Obj::Dict(Dict::new()));
        for (name, value) in pairs {
            self.heap.incref(value);
            let text = self.sym_name(name);
            self.dict_set_name(dict, &text, value);
        }
        Value::obj(dict)
    }

    /// `d[name] = value` for a str key, taking ownership of `value`.
    pub fn dict_set_name(&mut self, id: ObjId, name: &str, value: Value) {
        let symbol = self.sym(name);
        let key = self.name_value(symbol);
        let hash = HashKey::Str(self.sym_name(symbol));
        if let Some(old) = self.dict_mut(id).insert(hash, key, value) {
            self.heap.decref(old);
            self.heap.decref(key);
        }
    }

    /// `d.get(name)` for a str key (borrowed result).
    pub fn dict_get_name(&self, id: ObjId, name: &str) -> Option<Value> {
        self.dict(id).get_str(name)
    }

    /// A module object by name, if imported (borrowed).
    pub fn module_value(&self, name: &str) -> Option<Value> {
        self.modules
            .iter()
            .find(|(n, _)| &**n == name)
            .map(|(_, v)| *v)
    }

    // ----- code -----

    /// Decodes a compiled code object (and those nested in it) for execution.
    pub fn load_code(&mut self, code: &Rc<CodeObject>) -> CodeId {
        let id = CodeId(self.codes.len() as u32);
        // Reserve the slot so nested code objects get later ids.
        let placeholder = Rc::new(decode::placeholder_code(code));
        Rc::make_mut(&mut self.codes).push(placeholder);
        let consts: Vec<Value> = code.consts.iter().map(|c| self.const_value(c)).collect();
        let decoded = decode::decode(self, code, consts);
        Rc::make_mut(&mut self.codes)[id.0 as usize] = Rc::new(decoded);
        id
    }

    /// The value of a compile-time constant (owned by the code object that holds it).
    pub fn const_value(&mut self, constant: &Const) -> Value {
        match constant {
            Const::None => Value::NONE,
            Const::Bool(b) => Value::bool(*b),
            Const::Ellipsis => Value::ELLIPSIS,
            Const::Int(i) => self.int_value(*i),
            Const::BigInt(b) => self.big_value((**b).clone()),
            Const::Float(f) => Value::float(*f),
            Const::Str(s) => {
                let identifier =
                    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if identifier {
                    let symbol = self.sym(s);
                    self.name_value(symbol)
                } else {
                    self.str_from_rc(Rc::clone(s))
                }
            }
            Const::Bytes(b) => Value::obj(self.heap.alloc(Obj::Bytes(Rc::clone(b)))),
            Const::Tuple(items) => {
                let values: Vec<Value> = items.iter().map(|c| self.const_value(c)).collect();
                self.tuple_value(values)
            }
            Const::FrozenSet(items) => {
                let values: Vec<Value> = items.iter().map(|c| self.const_value(c)).collect();
                let mut set = object::SetObj {
                    frozen: true,
                    ..Default::default()
                };
                for value in values {
                    if let Some(key) = self.hash_key_of(value)
                        && !set.table.add(key, value)
                    {
                        self.heap.decref(value);
                    }
                }
                Value::obj(self.heap.alloc(Obj::Set(set)))
            }
            Const::Code(inner) => {
                let id = self.load_code(inner);
                Value::obj(self.heap.alloc(Obj::Code(id)))
            }
        }
    }

    /// What is wrong with the reference counts (see [`Heap::count_problems`]); the code
    /// objects' constants count as references.
    pub fn count_problems(&self) -> Vec<String> {
        let consts: Vec<Value> = self
            .codes
            .iter()
            .flat_map(|code| code.consts.iter().copied())
            .collect();
        self.heap.count_problems(consts)
    }

    /// The decoded code with this id.
    pub fn code(&self, id: CodeId) -> &Rc<Code> {
        &self.codes[id.0 as usize]
    }
}
