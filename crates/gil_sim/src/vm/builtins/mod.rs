//! Builtin functions, methods of the builtin types, and the modelled library modules.
//!
//! Every builtin is one [`Builtin`] variant with its owner (`builtins`, a module, or the type
//! whose method it is) and its name. `call` dispatches by owner to the module that implements
//! it; `construct` builds instances of the builtin classes.

pub mod args;
pub mod bytes;
pub mod constructors;
pub mod core;
pub mod dicts;
pub mod dunders;
pub mod helpers;
pub mod lists;
pub mod logging;
pub mod math;
pub mod modules;
pub mod mp;
pub mod native;
pub mod range_reduce;
pub mod strings;
pub mod threads;

use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{NativeObj, Obj, TypeTag};
use crate::vm::ops::call::Called;
use crate::vm::types::TypeTable;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, VTime, Vm};

pub use native::{native_attr, native_getitem, native_iter, native_next, native_repr, native_type};

macro_rules! builtins {
    ($($variant:ident = $owner:literal . $name:literal,)*) => {
        /// A builtin function or method, by owner and name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Builtin { $($variant),* }

        impl Builtin {
            /// Every builtin.
            pub const ALL: &'static [Builtin] = &[$(Builtin::$variant),*];

            /// The name Python knows it by.
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name),* }
            }

            /// `builtins`, a module name, or the type it is a method of.
            pub fn owner(self) -> &'static str {
                match self { $(Builtin::$variant => $owner),* }
            }
        }
    };
}

builtins! {
    Print = "builtins"."print",
    Len = "builtins"."len",
    Repr = "builtins"."repr",
    Abs = "builtins"."abs",
    Divmod = "builtins"."divmod",
    Pow = "builtins"."pow",
    Round = "builtins"."round",
    Min = "builtins"."min",
    Max = "builtins"."max",
    Sum = "builtins"."sum",
    Sorted = "builtins"."sorted",
    Isinstance = "builtins"."isinstance",
    Issubclass = "builtins"."issubclass",
    Hasattr = "builtins"."hasattr",
    Getattr = "builtins"."getattr",
    Setattr = "builtins"."setattr",
    Delattr = "builtins"."delattr",
    Callable = "builtins"."callable",
    Id = "builtins"."id",
    Hash = "builtins"."hash",
    Iter = "builtins"."iter",
    Next = "builtins"."next",
    Any = "builtins"."any",
    All = "builtins"."all",
    Chr = "builtins"."chr",
    Ord = "builtins"."ord",
    Hex = "builtins"."hex",
    Bin = "builtins"."bin",
    Oct = "builtins"."oct",
    Format = "builtins"."format",
    Map = "builtins"."map",
    Filter = "builtins"."filter",
    Globals = "builtins"."globals",
    Locals = "builtins"."locals",
    Vars = "builtins"."vars",
    Dir = "builtins"."dir",
    Input = "builtins"."input",
    Open = "builtins"."open",
    Exit = "builtins"."exit",
    BuildClass = "builtins"."__build_class__",
    Import = "builtins"."__import__",
    StrUpper = "str"."upper",
    StrLower = "str"."lower",
    StrCasefold = "str"."casefold",
    StrSwapcase = "str"."swapcase",
    StrTitle = "str"."title",
    StrCapitalize = "str"."capitalize",
    StrStrip = "str"."strip",
    StrLstrip = "str"."lstrip",
    StrRstrip = "str"."rstrip",
    StrSplit = "str"."split",
    StrRsplit = "str"."rsplit",
    StrSplitlines = "str"."splitlines",
    StrJoin = "str"."join",
    StrReplace = "str"."replace",
    StrStartswith = "str"."startswith",
    StrEndswith = "str"."endswith",
    StrFind = "str"."find",
    StrRfind = "str"."rfind",
    StrIndex = "str"."index",
    StrRindex = "str"."rindex",
    StrCount = "str"."count",
    StrFormat = "str"."format",
    StrCenter = "str"."center",
    StrLjust = "str"."ljust",
    StrRjust = "str"."rjust",
    StrZfill = "str"."zfill",
    StrIsdigit = "str"."isdigit",
    StrIsdecimal = "str"."isdecimal",
    StrIsnumeric = "str"."isnumeric",
    StrIsalpha = "str"."isalpha",
    StrIsalnum = "str"."isalnum",
    StrIsspace = "str"."isspace",
    StrIsupper = "str"."isupper",
    StrIslower = "str"."islower",
    StrIsidentifier = "str"."isidentifier",
    StrPartition = "str"."partition",
    StrRpartition = "str"."rpartition",
    StrRemoveprefix = "str"."removeprefix",
    StrRemovesuffix = "str"."removesuffix",
    StrEncode = "str"."encode",
    StrMaketrans = "str"."maketrans",
    StrTranslate = "str"."translate",
    ListAppend = "list"."append",
    ListExtend = "list"."extend",
    ListInsert = "list"."insert",
    ListPop = "list"."pop",
    ListRemove = "list"."remove",
    ListIndex = "list"."index",
    ListCount = "list"."count",
    ListSort = "list"."sort",
    ListReverse = "list"."reverse",
    ListClear = "list"."clear",
    ListCopy = "list"."copy",
    TupleIndex = "tuple"."index",
    TupleCount = "tuple"."count",
    DictGet = "dict"."get",
    DictKeys = "dict"."keys",
    DictValues = "dict"."values",
    DictItems = "dict"."items",
    DictPop = "dict"."pop",
    DictPopitem = "dict"."popitem",
    DictSetdefault = "dict"."setdefault",
    DictUpdate = "dict"."update",
    DictClear = "dict"."clear",
    DictCopy = "dict"."copy",
    DictFromkeys = "dict"."fromkeys",
    DictInit = "dict"."__init__",
    DictGetitem = "dict"."__getitem__",
    DictSetitem = "dict"."__setitem__",
    DictDelitem = "dict"."__delitem__",
    DictContains = "dict"."__contains__",
    DictLen = "dict"."__len__",
    DictRepr = "dict"."__repr__",
    DictEq = "dict"."__eq__",
    SetAdd = "set"."add",
    SetRemove = "set"."remove",
    SetDiscard = "set"."discard",
    SetPop = "set"."pop",
    SetClear = "set"."clear",
    SetCopy = "set"."copy",
    SetUnion = "set"."union",
    SetIntersection = "set"."intersection",
    SetDifference = "set"."difference",
    SetSymmetricDifference = "set"."symmetric_difference",
    SetUpdate = "set"."update",
    SetIssubset = "set"."issubset",
    SetIssuperset = "set"."issuperset",
    SetIsdisjoint = "set"."isdisjoint",
    IntBitLength = "int"."bit_length",
    IntToBytes = "int"."to_bytes",
    IntFromBytes = "int"."from_bytes",
    BytesDecode = "bytes"."decode",
    BytesHex = "bytes"."hex",
    BytesFromhex = "bytes"."fromhex",
    BytesLower = "bytes"."lower",
    BytesUpper = "bytes"."upper",
    BytesStrip = "bytes"."strip",
    BytesLstrip = "bytes"."lstrip",
    BytesRstrip = "bytes"."rstrip",
    BytesCount = "bytes"."count",
    BytesFind = "bytes"."find",
    BytesIndex = "bytes"."index",
    BytesStartswith = "bytes"."startswith",
    BytesEndswith = "bytes"."endswith",
    BytesSplit = "bytes"."split",
    BytesJoin = "bytes"."join",
    BytesReplace = "bytes"."replace",
    FloatIsInteger = "float"."is_integer",
    ObjectInit = "object"."__init__",
    ObjectStr = "object"."__str__",
    ObjectRepr = "object"."__repr__",
    ObjectSetattr = "object"."__setattr__",
    ObjectNew = "object"."__new__",
    ObjectDelattr = "object"."__delattr__",
    BaseExceptionInit = "BaseException"."__init__",
    GenSend = "generator"."send",
    GenThrow = "generator"."throw",
    GenClose = "generator"."close",
    PropertySetter = "property"."setter",
    PropertyGetter = "property"."getter",
    PropertyDeleter = "property"."deleter",
    SysGetrefcount = "sys"."getrefcount",
    SysGetswitchinterval = "sys"."getswitchinterval",
    SysSetswitchinterval = "sys"."setswitchinterval",
    SysGetrecursionlimit = "sys"."getrecursionlimit",
    SysExcInfo = "sys"."exc_info",
    SysSetrecursionlimit = "sys"."setrecursionlimit",
    SysExit = "sys"."exit",
    SysIntern = "sys"."intern",
    StreamWrite = "TextIOWrapper"."write",
    StreamFlush = "TextIOWrapper"."flush",
    TimeSleep = "time"."sleep",
    TimeTime = "time"."time",
    TimeTimeNs = "time"."time_ns",
    TimePerfCounter = "time"."perf_counter",
    TimePerfCounterNs = "time"."perf_counter_ns",
    TimeMonotonic = "time"."monotonic",
    TimeMonotonicNs = "time"."monotonic_ns",
    TimeProcessTime = "time"."process_time",
    TimeThreadTime = "time"."thread_time",
    OsGetpid = "os"."getpid",
    OsGetppid = "os"."getppid",
    OsCpuCount = "os"."cpu_count",
    MathSqrt = "math"."sqrt",
    MathFloor = "math"."floor",
    MathCeil = "math"."ceil",
    MathIsqrt = "math"."isqrt",
    MathFactorial = "math"."factorial",
    MathGcd = "math"."gcd",
    MathLog = "math"."log",
    MathExp = "math"."exp",
    MathSin = "math"."sin",
    MathCos = "math"."cos",
    MathFabs = "math"."fabs",
    MathTan = "math"."tan",
    MathAsin = "math"."asin",
    MathAcos = "math"."acos",
    MathAtan = "math"."atan",
    MathAtan2 = "math"."atan2",
    MathSinh = "math"."sinh",
    MathCosh = "math"."cosh",
    MathTanh = "math"."tanh",
    MathAsinh = "math"."asinh",
    MathAcosh = "math"."acosh",
    MathAtanh = "math"."atanh",
    MathLog2 = "math"."log2",
    MathLog10 = "math"."log10",
    MathLog1p = "math"."log1p",
    MathExpm1 = "math"."expm1",
    MathDegrees = "math"."degrees",
    MathRadians = "math"."radians",
    MathIsfinite = "math"."isfinite",
    MathIsinf = "math"."isinf",
    MathIsnan = "math"."isnan",
    MathCopysign = "math"."copysign",
    MathFmod = "math"."fmod",
    MathPow = "math"."pow",
    MathTrunc = "math"."trunc",
    MathModf = "math"."modf",
    MathHypot = "math"."hypot",
    MathFsum = "math"."fsum",
    MathIsclose = "math"."isclose",
    MathLcm = "math"."lcm",
    MathComb = "math"."comb",
    MathPerm = "math"."perm",
    MathProd = "math"."prod",
    MathGamma = "math"."gamma",
    MathLgamma = "math"."lgamma",
    LoggingBasicConfig = "logging"."basicConfig",
    LoggingDebug = "logging"."debug",
    LoggingInfo = "logging"."info",
    LoggingWarning = "logging"."warning",
    LoggingError = "logging"."error",
    LoggingCritical = "logging"."critical",
    LoggingException = "logging"."exception",
    LoggingLog = "logging"."log",
    LoggingGetLogger = "logging"."getLogger",
    LoggingGetLevelName = "logging"."getLevelName",
    LoggerDebug = "Logger"."debug",
    LoggerInfo = "Logger"."info",
    LoggerWarning = "Logger"."warning",
    LoggerError = "Logger"."error",
    LoggerCritical = "Logger"."critical",
    LoggerException = "Logger"."exception",
    LoggerSetLevel = "Logger"."setLevel",
    ThreadStartNewThread = "_thread"."start_new_thread",
    ThreadAllocateLock = "_thread"."allocate_lock",
    ThreadRLock = "_thread"."RLock",
    ThreadGetIdent = "_thread"."get_ident",
    ThreadGetNativeId = "_thread"."get_native_id",
    ThreadJoin = "_thread"."_join",
    ThreadSetName = "_thread"."_set_name",
    ThreadExcepthook = "_thread"."_excepthook",
    SimNetworkIo = "_sim"."network_io",
    SimAtexitFailed = "_sim"."atexit_failed",
    SimEntropy = "_sim"."entropy",
    SimCaller = "_sim"."caller",
    SimPrintException = "_sim"."print_exception",
    SimFormatException = "_sim"."format_exception",
    SimFormatTb = "_sim"."format_tb",
    SimSourceLine = "_sim"."source_line",
    SimThreadLocalClass = "_sim"."thread_local_class",
    SimThreadLocalFresh = "_sim"."thread_local_fresh",
    SimThreadLocalRelease = "_sim"."thread_local_release",
    SimDictAddPair = "_sim"."dict_add_pair",
    SimComparesNatively = "_sim"."compares_natively",
    SimSortBy = "_sim"."sort_by",
    SimIndices = "_sim"."indices",
    SimReorder = "_sim"."reorder",
    SimEnumerateCount = "_sim"."enumerate_count",
    SimSequencePosition = "_sim"."sequence_position",
    SimIteratorDone = "_sim"."iterator_done",
    SimUserMethod = "_sim"."user_method",
    SimBinaryNative = "_sim"."binary_native",
    SimCompareNative = "_sim"."compare_native",
    SimTextMethod = "_sim"."text_method",
    SimCheckedText = "_sim"."checked_text",
    SimTextShape = "_sim"."text_shape",
    SimNativeText = "_sim"."native_text",
    SimReprEnter = "_sim"."repr_enter",
    SimReprLeave = "_sim"."repr_leave",
    SimCheckedFormat = "_sim"."checked_format",
    SimNativeFormat = "_sim"."native_format",
    SimAsciiOf = "_sim"."ascii_of",
    SimCheckedIterator = "_sim"."checked_iterator",
    SimCheckedLen = "_sim"."checked_len",
    MpStart = "_mp"."start",
    MpJoin = "_mp"."join",
    MpExitcode = "_mp"."exitcode",
    MpSetExitcode = "_mp"."set_exitcode",
    MpQueue = "_mp"."queue",
    MpPut = "_mp"."put",
    MpGet = "_mp"."get",
    MpLoads = "_mp"."loads",
    MpLoadProcess = "_mp"."load_process",
    MpPrepare = "_mp"."prepare",
    MpReport = "_mp"."report",
    MpGetStartMethod = "_mp"."get_start_method",
    MpSetStartMethod = "_mp"."set_start_method",
    MpNewId = "_mp"."new_id",
    MpMemGet = "_mp"."mem_get",
    MpMemSet = "_mp"."mem_set",
    MpMemAdd = "_mp"."mem_add",
    MpQsize = "_mp"."qsize",
    MpKill = "_mp"."kill",
    MpFormatExc = "_mp"."format_exc",
    MpDumps = "_mp"."dumps",
    LockAcquire = "lock"."acquire",
    LockRelease = "lock"."release",
    LockLocked = "lock"."locked",
    LockEnter = "lock"."__enter__",
    LockExit = "lock"."__exit__",
    LockIsOwned = "lock"."_is_owned",
    LockReleaseSave = "lock"."_release_save",
    LockAcquireRestore = "lock"."_acquire_restore",
}

/// Owners that are types: their builtins are methods, bound to a receiver.
const TYPE_OWNERS: &[&str] = &[
    "str",
    "bytes",
    "list",
    "tuple",
    "dict",
    "set",
    "int",
    "float",
    "object",
    "BaseException",
    "property",
    "generator",
    "TextIOWrapper",
    "Logger",
    "lock",
];

impl Builtin {
    /// The type this builtin is a method of, if it is a method.
    pub fn owner_type(self) -> Option<&'static str> {
        let owner = self.owner();
        TYPE_OWNERS.contains(&owner).then_some(owner)
    }

    /// The method `name` of values whose builtin base type is `tag`.
    pub fn method(tag: TypeTag, name: &str) -> Option<Builtin> {
        let owners: &[&str] = match tag {
            TypeTag::Str => &["str"],
            TypeTag::Bytes => &["bytes"],
            TypeTag::List => &["list"],
            TypeTag::Tuple => &["tuple"],
            TypeTag::Dict => &["dict"],
            TypeTag::Set => &["set"],
            TypeTag::FrozenSet => &["set"],
            TypeTag::Int | TypeTag::Bool => &["int"],
            TypeTag::Float => &["float"],
            TypeTag::Property => &["property"],
            TypeTag::Generator => &["generator"],
            TypeTag::Lock => &["lock"],
            _ => return None,
        };
        let found = Builtin::ALL
            .iter()
            .copied()
            .find(|b| owners.contains(&b.owner()) && b.name() == name)?;
        let mutates_set = matches!(
            found,
            Builtin::SetAdd
                | Builtin::SetRemove
                | Builtin::SetDiscard
                | Builtin::SetPop
                | Builtin::SetClear
                | Builtin::SetUpdate
        );
        if tag == TypeTag::FrozenSet && mutates_set {
            return None;
        }
        Some(found)
    }

    /// The class of the builtin's function object.
    pub fn type_of(self, t: &TypeTable) -> ObjId {
        if self.owner_type().is_some() {
            t.method_descriptor
        } else {
            t.builtin_function
        }
    }
}

/// What a thread asks the scheduler for when a builtin cannot finish by itself. The scheduler
/// answers by pushing the call's result on the thread's stack when it resumes it.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `time.sleep`: release the GIL and wake after this long; the result is None.
    Sleep(VTime),
    /// `_thread.start_new_thread(func, args, kwargs)` (owned values); the result is the new
    /// thread's ident. The caller keeps running.
    StartThread {
        func: Value,
        args: Vec<Value>,
        kwargs: Vec<(Symbol, Value)>,
    },
    /// Wait until `thread` has finished, or `timeout` passed; the result is None.
    Join {
        thread: crate::vm::sync::ThreadIndex,
        timeout: Option<VTime>,
    },
    /// Block on a held lock (releasing the GIL) until it is handed over, then hold it with
    /// recursion count `restore`; the result is True, or False after `timeout`.
    Acquire {
        lock: crate::vm::sync::LockId,
        timeout: Option<VTime>,
        restore: u32,
    },
    /// The thread freed a lock that others wait for: hand it to one of them. The caller keeps
    /// running; `result` (owned) is the call's result.
    Released {
        lock: crate::vm::sync::LockId,
        result: Value,
    },
    /// A simulated network round trip (`requests.get`) that releases the GIL; the scheduler
    /// picks its latency. The result is None.
    NetworkIo,
    /// `Process.start()`: a new process runs `process._bootstrap()` (owned), as a copy of
    /// this one (fork) or from `pickled` (spawn, forkserver). The result is its pid.
    StartProcess {
        process: Value,
        daemon: bool,
        pickled: Option<crate::vm::pickle::Pickled>,
    },
    /// Wait until the process with this pid ended, or `timeout`; the result is None.
    ProcessJoin { pid: u32, timeout: Option<VTime> },
    /// Put a copied item on a multiprocessing queue; the caller keeps running.
    QueuePut {
        queue: u32,
        item: crate::vm::pickle::Pickled,
    },
    /// Take an item from a multiprocessing queue, waiting up to `timeout`; the result is the
    /// pickled item (unpickled by the caller), or None after the timeout.
    QueueGet { queue: u32, timeout: Option<VTime> },
    /// How many items wait on a multiprocessing queue; the result is an int.
    QueueSize { queue: u32 },
    /// Read a cell of shared memory (`Value`, `Array`, the state of shared locks); the result
    /// is the pickled content (None for a cell never written).
    MemGet { key: (i64, i64) },
    /// Write a cell of shared memory; the result is None.
    MemSet {
        key: (i64, i64),
        value: crate::vm::pickle::Pickled,
    },
    /// Add to an int cell of shared memory at once (no other process in between); the
    /// result is the new value.
    MemAdd { key: (i64, i64), delta: i64 },
    /// `Process.terminate()`/`kill()`: the process with this pid stops where it is, with exit
    /// code `-signal`; the result is None.
    ProcessKill { pid: u32, signal: i32 },
}

/// Calls a builtin with borrowed arguments (for methods, `args[0]` is the receiver).
pub fn call(
    vm: &mut Vm,
    t: &mut ThreadState,
    b: Builtin,
    args: &[Value],
    kwargs: &[(Symbol, Value)],
) -> PyResult<Called> {
    if let Some(called) = helpers::delegate(vm, t, b, args, kwargs)? {
        return Ok(called);
    }
    if let Some(called) = dunders::delegate(vm, t, b, args, kwargs)? {
        return Ok(called);
    }
    match b.owner() {
        "builtins" => core::call(vm, t, b, args, kwargs),
        "str" => strings::call(vm, b, args, kwargs).map(Called::Value),
        "bytes" => bytes::call(vm, b, args, kwargs).map(Called::Value),
        "int" if matches!(b, Builtin::IntToBytes | Builtin::IntFromBytes) => {
            bytes::int_conversion(vm, b, args, kwargs).map(Called::Value)
        }
        "list" | "tuple" => lists::call(vm, b, args, kwargs).map(Called::Value),
        "dict" | "set" => dicts::call(vm, b, args, kwargs).map(Called::Value),
        "logging" | "Logger" => logging::call(vm, t, b, args, kwargs).map(Called::Value),
        "_sim" if helpers::is_support(b) => helpers::support(vm, b, args).map(Called::Value),
        "_thread" | "_sim" | "lock" => threads::call(vm, t, b, args, kwargs),
        "_mp" => mp::call(vm, t, b, args, kwargs),
        _ => modules::call(vm, t, b, args, kwargs),
    }
}

/// Builds an instance of a builtin class (`int("3")`, `list(x)`, `ValueError("m")`...).
pub fn construct(
    vm: &mut Vm,
    t: &mut ThreadState,
    class: ObjId,
    tag: TypeTag,
    args: &[Value],
    kwargs: &[(Symbol, Value)],
) -> PyResult<Value> {
    constructors::construct(vm, t, class, tag, args, kwargs)
}

/// Fills the `builtins` module: functions, classes and exception classes.
pub fn install(vm: &mut Vm) {
    let dict = vm.builtins;
    for b in Builtin::ALL {
        if b.owner() == "builtins" {
            let value = vm.builtin_object(*b);
            vm.dict_set_name(dict, b.name(), value);
        }
    }
    let t = vm.types.clone();
    let classes = [
        ("object", t.object),
        ("type", t.type_),
        ("int", t.int),
        ("float", t.float),
        ("bool", t.bool_),
        ("str", t.str_),
        ("bytes", t.bytes),
        ("tuple", t.tuple),
        ("list", t.list),
        ("dict", t.dict),
        ("set", t.set),
        ("frozenset", t.frozenset),
        ("range", t.range),
        ("slice", t.slice),
        ("property", t.property),
        ("staticmethod", t.staticmethod),
        ("classmethod", t.classmethod),
        ("super", t.super_),
        ("enumerate", t.enumerate),
        ("zip", t.zip),
        ("reversed", t.reversed),
        ("complex", t.complex),
    ];
    for (name, class) in classes {
        vm.dict_set_name(dict, name, Value::obj(class));
    }
    for (kind, class) in crate::vm::types::ExcKind::ALL
        .iter()
        .zip(t.exceptions.iter())
    {
        vm.dict_set_name(dict, kind.name(), Value::obj(*class));
    }
    vm.dict_set_name(dict, "Ellipsis", Value::ELLIPSIS);
    vm.dict_set_name(dict, "NotImplemented", Value::NOT_IMPLEMENTED);
    let name = vm.str_value("builtins");
    vm.dict_set_name(dict, "__name__", name);
    let module = modules::new_module(vm, "builtins", dict);
    vm.modules.push((std::rc::Rc::from("builtins"), module));
}

/// A native object value (owned).
pub fn native_value(vm: &mut Vm, native: NativeObj) -> Value {
    Value::obj(vm.heap.alloc(Obj::Native(native)))
}
