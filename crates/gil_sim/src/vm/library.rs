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

/// Each library module's name and the file name its tracebacks show (its source is
/// `library/<name>.py`).
pub const FILES: &[(&str, &str)] = &[
    ("threading", "threading.py"),
    ("queue", "queue.py"),
    ("requests", "requests/api.py"),
    ("multiprocessing", "multiprocessing/process.py"),
    ("multiprocessing.pool", "multiprocessing/pool.py"),
    ("multiprocessing.managers", "multiprocessing/managers.py"),
    ("multiprocessing.queues", "multiprocessing/queues.py"),
    (
        "multiprocessing.synchronize",
        "multiprocessing/synchronize.py",
    ),
    (
        "multiprocessing.connection",
        "multiprocessing/connection.py",
    ),
    (
        "multiprocessing.sharedctypes",
        "multiprocessing/sharedctypes.py",
    ),
    ("signal", "signal.py"),
    ("operator", OPERATOR_FILE),
    ("multiprocessing.dummy", "multiprocessing/dummy/__init__.py"),
    ("multiprocessing.reduction", "multiprocessing/reduction.py"),
    ("_pickle", "<_pickle>"),
    ("pickle", "pickle.py"),
    ("_multiprocessing", "<_multiprocessing>"),
    ("_ctypes", "<_ctypes>"),
    ("json", "json/__init__.py"),
    ("json.decoder", "json/decoder.py"),
    ("json.encoder", "json/encoder.py"),
    ("_json", JSON_FILE),
    ("datetime", DATETIME_FILE),
    ("string", "string.py"),
    ("copy", "copy.py"),
    ("_mp_spawn", "multiprocessing/spawn.py"),
    ("concurrent.futures", "concurrent/futures/_base.py"),
    ("concurrent.futures.thread", "concurrent/futures/thread.py"),
    (
        "concurrent.futures.process",
        "concurrent/futures/process.py",
    ),
    ("urllib.request", "urllib/request.py"),
    ("urllib.error", "urllib/error.py"),
    ("zlib", NATIVE_FILES[9]),
    ("io", NATIVE_FILES[8]),
    ("traceback", "traceback.py"),
    ("random", "random.py"),
    ("functools", "functools.py"),
    ("itertools", NATIVE_FILES[2]),
    ("collections", "collections/__init__.py"),
    ("heapq", NATIVE_FILES[3]),
    ("bisect", NATIVE_FILES[4]),
    ("contextlib", "contextlib.py"),
    ("dataclasses", "dataclasses.py"),
    ("statistics", "statistics.py"),
    ("atexit", NATIVE_FILES[0]),
    ("warnings", NATIVE_FILES[5]),
    ("_threading_local", NATIVE_FILES[6]),
    ("_queue", NATIVE_FILES[7]),
    ("_native", NATIVE_FILES[1]),
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

mod index {
    use super::Indexed;
    include!(concat!(env!("OUT_DIR"), "/library_index.rs"));
}

/// A library module in the index the build writes (`build.rs`).
pub struct Indexed {
    pub name: &'static str,
    /// The file the page fetches it from, beside its WebAssembly.
    pub path: &'static str,
    /// Every library module its imports reach, itself included.
    pub reach: &'static [&'static str],
    /// What its module-level `__getattr__` imports when asked for a name: (name, module).
    pub lazy: &'static [(&'static str, &'static str)],
}

/// The index entry of library module `name`.
fn indexed(name: &str) -> Option<&'static Indexed> {
    index::INDEX.iter().find(|m| m.name == name)
}

/// A library module's source as the page fetches it: beside its WebAssembly, at `path`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LibraryFile {
    pub name: &'static str,
    pub path: &'static str,
}

/// The file name and source of library module `name`, if it is one and its source is here
/// (built in, or provided by [`provide_source`]).
pub fn source(name: &str) -> Option<(&'static str, &'static str, &'static str)> {
    let (name, file) = FILES.iter().find(|(n, _)| *n == name).copied()?;
    let replaced = REPLACED
        .get()
        .and_then(|r| r.iter().find(|(n, _)| *n == name).map(|(_, t)| *t));
    let text = replaced
        .or_else(|| built_in(name))
        .or_else(|| provided(name))?;
    Some((name, file, text))
}

/// The built-in source of `name`.
#[cfg(feature = "embedded-library")]
fn built_in(name: &str) -> Option<&'static str> {
    let at = index::INDEX.iter().position(|m| m.name == name)?;
    Some(index::TEXTS[at])
}

/// Without the built-in sources, none is built in.
#[cfg(not(feature = "embedded-library"))]
fn built_in(_name: &str) -> Option<&'static str> {
    None
}

thread_local! {
    /// Library sources provided at run time (the page fetches them), by module name.
    static PROVIDED: RefCell<Vec<(&'static str, &'static str)>> =
        const { RefCell::new(Vec::new()) };
}

/// The source of `name` provided at run time.
fn provided(name: &str) -> Option<&'static str> {
    PROVIDED.with_borrow(|p| p.iter().find(|(n, _)| *n == name).map(|(_, t)| *t))
}

/// Takes the source of library module `name` (fetched from its [`LibraryFile`]) for this
/// thread's runs. Kept for the life of the page: a module's source arrives once. A name that
/// is not a library module is ignored.
pub fn provide_source(name: &str, text: String) {
    if let Some((name, _)) = FILES.iter().find(|(n, _)| *n == name).copied()
        && provided(name).is_none()
    {
        let text: &'static str = Box::leak(text.into_boxed_str());
        PROVIDED.with_borrow_mut(|p| p.push((name, text)));
    }
}

/// Every library module a run of `program` may import: those its import statements (and
/// string constants, for `__import__`) name, what they import in turn (a package's
/// `__getattr__` import only where the program uses the name it answers for), the helpers
/// builtins call (`_native`) and, where `open` is named, `io`.
pub fn needs(program: &str) -> Vec<&'static str> {
    let named = crate::compile::imports::named(program);
    let mut asked: Vec<&str> = named.modules.iter().map(String::as_str).collect();
    asked.push("_native");
    let mut needed: Vec<&'static str> = Vec::new();
    while let Some(name) = asked.pop() {
        let Some(found) = indexed(name) else {
            continue;
        };
        for module in found.reach {
            if needed.contains(module) {
                continue;
            }
            needed.push(module);
            let lazy = indexed(module).map_or(&[][..], |m| m.lazy);
            asked.extend(
                lazy.iter()
                    .filter(|(word, _)| named.words.contains(*word))
                    .map(|(_, lazy_module)| *lazy_module),
            );
        }
    }
    crate::small_sort::sort(&mut needed);
    needed
}

/// The files of the library modules `program` may import whose sources are not here yet.
pub fn files_missing(program: &str) -> Vec<LibraryFile> {
    needs(program)
        .into_iter()
        .filter(|name| source(name).is_none())
        .filter_map(|name| {
            let path = indexed(name)?.path;
            Some(LibraryFile { name, path })
        })
        .collect()
}

/// True when `name` is a library module (whether or not its source is here).
pub fn is_library(name: &str) -> bool {
    FILES.iter().any(|(n, _)| *n == name)
}

/// Library sources read from a folder instead of the built-in ones (see [`replace_sources`]).
static REPLACED: std::sync::OnceLock<Vec<(&'static str, &'static str)>> =
    std::sync::OnceLock::new();

/// Reads each library module from `folder/<name>.py` where that file exists, in place of the
/// built-in source, for this thread's runs: the command line offers it to develop the library
/// without rebuilding. Call it once, before the first run. Returns the names replaced.
pub fn replace_sources(folder: &std::path::Path) -> Vec<&'static str> {
    let mut replaced = Vec::new();
    for (name, _) in FILES {
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
        let Some((name, file, text)) = source(name) else {
            if !is_library(name) {
                return None;
            }
            let message = format!(
                "GIL Lab's model of the module '{name}' is not loaded: the page fetches the \
                 modules a program's imports name before it runs, and this one was not fetched \
                 (named only while running, or the network failed: run again to retry)"
            );
            return Some(Err(self.raise_msg(ExcKind::ImportError, &message)));
        };
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
    fn the_index_reaches_every_library_module_an_import_names() {
        assert_eq!(index::INDEX.len(), FILES.len());
        for module in index::INDEX {
            let name = module.name;
            assert!(is_library(name), "{name} has no traceback file name");
            let (_, _, text) = source(name).expect("built in");
            for import in crate::compile::imports::imported(text) {
                let lazily = module.lazy.iter().any(|(_, m)| *m == import);
                if is_library(&import) && !lazily {
                    let reached = module.reach.contains(&import.as_str());
                    assert!(reached, "{name} imports {import}");
                }
            }
        }
    }

    #[test]
    fn a_program_needs_what_its_imports_reach_and_the_builtins_helpers() {
        let needed = needs("from concurrent.futures import ThreadPoolExecutor\nopen('f')\n");
        for name in [
            "concurrent.futures",
            "concurrent.futures.thread",
            "threading",
            "io",
            "_native",
        ] {
            assert!(needed.contains(&name), "{name} in {needed:?}");
        }
        assert!(!needed.contains(&"multiprocessing"), "{needed:?}");
        let process = needs("import concurrent.futures as cf\ncf.ProcessPoolExecutor()\n");
        assert!(process.contains(&"multiprocessing"), "{process:?}");
        assert_eq!(needs("x = 1\n"), vec!["_native"]);
        assert!(files_missing("import threading\n").is_empty(), "built in");
    }

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
