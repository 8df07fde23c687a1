//! Library modules written in Python (`threading`, `queue`, `requests`): GIL Lab's models of
//! CPython's pure-Python modules, compiled for the program's version on first import and run
//! by the VM like the reader's code, so their bytecode switches and waits as CPython's does.

use std::cell::RefCell;
use std::rc::Rc;

use crate::PyVersion;
use crate::bytecode::CodeObject;
use crate::compile::Compiled;

use crate::vm::eval::Exit;
use crate::vm::frame::OnReturn;
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Raised, Vm};

/// Each library module's name, the file name its tracebacks show, and its source (in
/// `library/<name>.py`).
pub const SOURCES: &[(&str, &str, &str)] = &[
    (
        "threading",
        "threading.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/threading.py")),
    ),
    (
        "queue",
        "queue.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/queue.py")),
    ),
    (
        "requests",
        "requests/api.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/requests.py")),
    ),
    (
        "multiprocessing",
        "multiprocessing/process.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/multiprocessing.py")),
    ),
    (
        "multiprocessing.pool",
        "multiprocessing/pool.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/multiprocessing.pool.py")),
    ),
    (
        "multiprocessing.managers",
        "multiprocessing/managers.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.managers.py"
        )),
    ),
    (
        "multiprocessing.queues",
        "multiprocessing/queues.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.queues.py"
        )),
    ),
    (
        "multiprocessing.synchronize",
        "multiprocessing/synchronize.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.synchronize.py"
        )),
    ),
    (
        "multiprocessing.connection",
        "multiprocessing/connection.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.connection.py"
        )),
    ),
    (
        "multiprocessing.sharedctypes",
        "multiprocessing/sharedctypes.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.sharedctypes.py"
        )),
    ),
    (
        "signal",
        "signal.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/signal.py")),
    ),
    (
        "operator",
        OPERATOR_FILE,
        include_str!(concat!(env!("OUT_DIR"), "/library/operator.py")),
    ),
    (
        "multiprocessing.dummy",
        "multiprocessing/dummy/__init__.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.dummy.py"
        )),
    ),
    (
        "multiprocessing.reduction",
        "multiprocessing/reduction.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/multiprocessing.reduction.py"
        )),
    ),
    (
        "_pickle",
        "<_pickle>",
        include_str!(concat!(env!("OUT_DIR"), "/library/_pickle.py")),
    ),
    (
        "pickle",
        "pickle.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/pickle.py")),
    ),
    (
        "_multiprocessing",
        "<_multiprocessing>",
        include_str!(concat!(env!("OUT_DIR"), "/library/_multiprocessing.py")),
    ),
    (
        "_ctypes",
        "<_ctypes>",
        include_str!(concat!(env!("OUT_DIR"), "/library/_ctypes.py")),
    ),
    (
        "json",
        "json/__init__.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/json.py")),
    ),
    (
        "json.decoder",
        "json/decoder.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/json.decoder.py")),
    ),
    (
        "json.encoder",
        "json/encoder.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/json.encoder.py")),
    ),
    (
        "_json",
        JSON_FILE,
        include_str!(concat!(env!("OUT_DIR"), "/library/_json.py")),
    ),
    (
        "datetime",
        DATETIME_FILE,
        include_str!(concat!(env!("OUT_DIR"), "/library/datetime.py")),
    ),
    (
        "string",
        "string.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/string.py")),
    ),
    (
        "copy",
        "copy.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/copy.py")),
    ),
    (
        "_mp_spawn",
        "multiprocessing/spawn.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/_mp_spawn.py")),
    ),
    (
        "concurrent.futures",
        "concurrent/futures/_base.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/concurrent.futures.py")),
    ),
    (
        "concurrent.futures.thread",
        "concurrent/futures/thread.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/concurrent.futures.thread.py"
        )),
    ),
    (
        "concurrent.futures.process",
        "concurrent/futures/process.py",
        include_str!(concat!(
            env!("OUT_DIR"),
            "/library/concurrent.futures.process.py"
        )),
    ),
    (
        "urllib.request",
        "urllib/request.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/urllib.request.py")),
    ),
    (
        "urllib.error",
        "urllib/error.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/urllib.error.py")),
    ),
    (
        "zlib",
        NATIVE_FILES[9],
        include_str!(concat!(env!("OUT_DIR"), "/library/zlib.py")),
    ),
    (
        "io",
        NATIVE_FILES[8],
        include_str!(concat!(env!("OUT_DIR"), "/library/io.py")),
    ),
    (
        "traceback",
        "traceback.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/traceback.py")),
    ),
    (
        "random",
        "random.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/random.py")),
    ),
    (
        "functools",
        "functools.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/functools.py")),
    ),
    (
        "itertools",
        NATIVE_FILES[2],
        include_str!(concat!(env!("OUT_DIR"), "/library/itertools.py")),
    ),
    (
        "collections",
        "collections/__init__.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/collections.py")),
    ),
    (
        "heapq",
        NATIVE_FILES[3],
        include_str!(concat!(env!("OUT_DIR"), "/library/heapq.py")),
    ),
    (
        "bisect",
        NATIVE_FILES[4],
        include_str!(concat!(env!("OUT_DIR"), "/library/bisect.py")),
    ),
    (
        "contextlib",
        "contextlib.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/contextlib.py")),
    ),
    (
        "dataclasses",
        "dataclasses.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/dataclasses.py")),
    ),
    (
        "statistics",
        "statistics.py",
        include_str!(concat!(env!("OUT_DIR"), "/library/statistics.py")),
    ),
    (
        "atexit",
        NATIVE_FILES[0],
        include_str!(concat!(env!("OUT_DIR"), "/library/atexit.py")),
    ),
    (
        "warnings",
        NATIVE_FILES[5],
        include_str!(concat!(env!("OUT_DIR"), "/library/warnings.py")),
    ),
    (
        "_threading_local",
        NATIVE_FILES[6],
        include_str!(concat!(env!("OUT_DIR"), "/library/_threading_local.py")),
    ),
    (
        "_queue",
        NATIVE_FILES[7],
        include_str!(concat!(env!("OUT_DIR"), "/library/_queue.py")),
    ),
    (
        "_native",
        NATIVE_FILES[1],
        include_str!(concat!(env!("OUT_DIR"), "/library/_native.py")),
    ),
];

/// The file names of library modules that stand in for C code: their frames are never a
/// place to switch threads, cost what C code costs, and never show in tracebacks.
const NATIVE_FILES: [&str; 10] = [
    "<atexit>",
    "<native>",
    "<itertools>",
    "<heapq>",
    "<bisect>",
    "<warnings>",
    "<thread-local>",
    "<_queue>",
    "<io>",
    "<zlib>",
];

/// The file name of `operator`, which stands in for the C module `_operator`.
const OPERATOR_FILE: &str = "<operator>";

/// The file name of `datetime`, which stands in for the C module `_datetime`.
const DATETIME_FILE: &str = "<datetime>";

/// The file name of `_json`, json's C accelerator (its scanner and encoder loop).
const JSON_FILE: &str = "<_json>";

/// True for the file name of a library module that stands in for a C module.
pub fn is_native(file: &str) -> bool {
    NATIVE_FILES.contains(&file)
        || matches!(
            file,
            OPERATOR_FILE | "<_pickle>" | "<_multiprocessing>" | "<_ctypes>"
        )
        || file == DATETIME_FILE
        || file == JSON_FILE
}

/// The file name and source of library module `name`, if it is one.
pub fn source(name: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let (name, file, text) = SOURCES.iter().find(|(n, _, _)| *n == name).copied()?;
    let replaced = REPLACED
        .get()
        .and_then(|r| r.iter().find(|(n, _)| *n == name).map(|(_, t)| *t));
    Some((name, file, replaced.unwrap_or(text)))
}

/// Library sources read from a folder instead of the built-in ones (see [`replace_sources`]).
static REPLACED: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
    std::sync::OnceLock::new();

/// Reads each library module from `folder/<name>.py` where that file exists, in place of the
/// built-in source, for this thread's runs: the command line offers it to develop the library
/// without rebuilding. Call it once, before the first run. Returns the names replaced.
pub fn replace_sources(folder: &std::path::Path) -> Vec<&'static str> {
    let mut replaced = Vec::new();
    for (name, _, _) in SOURCES {
        if let Ok(text) = std::fs::read_to_string(folder.join(format!("{name}.py"))) {
            replaced.push((*name, &*Box::leak(text.into_boxed_str())));
        }
    }
    let names = replaced.iter().map(|(n, _)| *n).collect();
    let _ = REPLACED.set(replaced);
    names
}

thread_local! {
    /// Library modules already compiled on this thread, by name and version: every run of a
    /// program that imports `threading` runs the same code, compiled once.
    static COMPILED: RefCell<Vec<(&'static str, PyVersion, Rc<CodeObject>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Library module `name` (source `text`) compiled for `version`, from the cache when it has
/// been compiled before.
fn compile_library(name: &'static str, text: &str, version: PyVersion) -> Compiled {
    let cached = COMPILED.with_borrow(|cache| {
        cache
            .iter()
            .find(|(n, v, _)| *n == name && *v == version)
            .map(|(_, _, code)| Rc::clone(code))
    });
    if let Some(code) = cached {
        return Compiled {
            code: Some(code),
            diagnostics: Vec::new(),
        };
    }
    let compiled = crate::compile(text, version);
    if let Some(code) = &compiled.code {
        COMPILED.with_borrow_mut(|cache| cache.push((name, version, Rc::clone(code))));
    }
    compiled
}

/// The library functions that start, run and join a thread: a steered run goes through them
/// in one go, and what they touch is the thread's own bookkeeping, already ordered by the
/// start and the join themselves.
pub const THREAD_MACHINERY: [&str; 4] = [
    "Thread.start",
    "Thread._bootstrap_inner",
    "Thread.run",
    "Thread.join",
];

/// Compiles library module `name` for `version` ahead of the first import that needs it (the
/// page does this while it is idle, so the first run starts at once).
pub fn precompile(name: &str, version: PyVersion) {
    if let Some((name, _, text)) = source(name) {
        compile_library(name, text, version);
    }
}

impl Vm {
    /// Imports library module `name`: compiles it, registers the module (so imports inside
    /// it can see it) and runs its body to completion. None if `name` is not a library module.
    pub fn import_library(&mut self, name: &str) -> Option<PyResult<Value>> {
        let (name, file, text) = source(name)?;
        let compiled = compile_library(name, text, self.version);
        let Some(code) = compiled.code else {
            let problems: Vec<String> =
                compiled.diagnostics.iter().map(|d| d.to_string()).collect();
            let message = format!("{name} failed to compile: {}", problems.join("; "));
            return Some(Err(self.raise_msg(ExcKind::ImportError, &message)));
        };
        let file_name = file;
        let file: Rc<str> = Rc::from(file);
        self.loading_library = Some((file, Rc::from(text)));
        let code_id = self.load_code(&code);
        self.loading_library = None;
        let dict = self.heap.alloc(Obj::Dict(crate::vm::dict::Dict::new()));
        let name_value = self.str_value(name);
        self.dict_set_name(dict, "__name__", name_value);
        let module = crate::vm::builtins::modules::new_module(self, name, dict);
        self.heap.decref(Value::obj(dict));
        self.modules.push((Rc::from(name), module));
        // A module standing in for a C module is built into CPython: importing it takes no
        // time, and its setup is not the program's instructions.
        let (clock, instructions) = (self.clock, self.instructions);
        let result = self.run_module_code(code_id, dict).map(|()| module);
        if is_native(file_name) {
            self.clock = clock;
            self.instructions = instructions;
        }
        Some(result)
    }

    /// Runs a module's code object with `dict` as its namespace, to completion (a module body
    /// that blocks is refused: it runs inside the instruction that imports it).
    pub fn run_module_code(
        &mut self,
        code_id: crate::vm::object::CodeId,
        dict: crate::vm::value::ObjId,
    ) -> PyResult<()> {
        let mut t = self.module_thread(code_id, dict, OnReturn::Sync);
        self.sync_nesting += 1;
        let exit = self.run_nested(&mut t);
        self.sync_nesting -= 1;
        match exit {
            Exit::SyncReturn(value) | Exit::Finished(value) => {
                self.heap.decref(value);
                Ok(())
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_modules_compile_once_per_version() {
        precompile("threading", PyVersion::Py311);
        let (name, _, text) = source("threading").expect("threading is a library module");
        let first = compile_library(name, text, PyVersion::Py311).code;
        let again = compile_library(name, text, PyVersion::Py311).code;
        let other = compile_library(name, text, PyVersion::Py39).code;
        let (first, again, other) = (first.unwrap(), again.unwrap(), other.unwrap());
        assert!(Rc::ptr_eq(&first, &again));
        assert!(!Rc::ptr_eq(&first, &other));
        let fresh = crate::compile(text, PyVersion::Py311).code.unwrap();
        assert_eq!(crate::bytecode::dis(&first), crate::bytecode::dis(&fresh));
    }
}
