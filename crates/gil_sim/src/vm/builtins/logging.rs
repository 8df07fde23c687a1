//! The `logging` module: `basicConfig`, the module-level functions and named loggers, with
//! `%`-style record formats (`%(asctime)s - %(levelname)s - %(message)s`) on the virtual clock.

use std::rc::Rc;

use crate::vm::builtins::args;
use crate::vm::builtins::native::stream_of;
use crate::vm::builtins::{Builtin, native_value};
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{NativeObj, Obj};
use crate::vm::output::Stream;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// The root configuration `basicConfig` sets.
#[derive(Clone, Debug)]
pub struct LoggingConfig {
    /// True once `basicConfig` (or a first log call) installed a handler.
    pub configured: bool,
    pub level: i64,
    pub format: Rc<str>,
    pub datefmt: Option<Rc<str>>,
    pub stream: Stream,
    /// Levels set on named loggers with `setLevel`.
    pub logger_levels: Vec<(Rc<str>, i64)>,
}

impl Default for LoggingConfig {
    fn default() -> Self {
        LoggingConfig {
            configured: false,
            level: 30,
            format: Rc::from("%(levelname)s:%(name)s:%(message)s"),
            datefmt: None,
            stream: Stream::Stderr,
            logger_levels: Vec::new(),
        }
    }
}

/// The level names `logging` prints.
pub fn level_name(level: i64) -> String {
    match level {
        50 => "CRITICAL".to_string(),
        40 => "ERROR".to_string(),
        30 => "WARNING".to_string(),
        20 => "INFO".to_string(),
        10 => "DEBUG".to_string(),
        0 => "NOTSET".to_string(),
        other => format!("Level {other}"),
    }
}

/// The virtual clock's zero, as a Unix time (2023-11-14 22:13:20 UTC).
pub const EPOCH_SECONDS: f64 = 1_700_000_000.0;

/// Calls a `logging` function or a `Logger` method.
pub fn call(
    vm: &mut Vm,
    t: &ThreadState,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Value> {
    match b {
        // A level's name, or a name's level ("Level N" for anything else), as CPython's.
        Builtin::LoggingGetLevelName => {
            args::count(vm, b.name(), a, 1, 1)?;
            if let Some(level) = vm.as_i64(a[0]) {
                return Ok(vm.str_value(&level_name(level)));
            }
            let text = vm.as_str(a[0]).map(|s| s.to_string());
            let level = match text.as_deref() {
                Some("CRITICAL" | "FATAL") => Some(50),
                Some("ERROR") => Some(40),
                Some("WARNING" | "WARN") => Some(30),
                Some("INFO") => Some(20),
                Some("DEBUG") => Some(10),
                Some("NOTSET") => Some(0),
                _ => None,
            };
            Ok(match level {
                Some(level) => Value::small_int(level),
                None => {
                    let shown = text.unwrap_or_else(|| vm.plain_repr(a[0]));
                    vm.str_value(&format!("Level {shown}"))
                }
            })
        }
        Builtin::LoggingBasicConfig => {
            args::only_kwargs(
                vm,
                "basicConfig",
                kw,
                &[
                    "level", "format", "datefmt", "stream", "force", "style", "filename",
                    "filemode", "handlers", "encoding", "errors",
                ],
            )?;
            if !a.is_empty() {
                return Err(vm.type_error("basicConfig() takes 0 positional arguments"));
            }
            let force = match args::kwarg(vm, kw, "force") {
                Some(v) => vm.truthy(v)?,
                None => false,
            };
            if vm.logging.configured && !force {
                return Ok(Value::NONE);
            }
            if args::kwarg(vm, kw, "filename").is_some() {
                return Err(vm.raise_msg(
                    ExcKind::NotImplementedError,
                    "logging to a file is not modelled: programs here cannot write files",
                ));
            }
            if let Some(style) = args::kwarg(vm, kw, "style")
                && vm.as_str(style).is_some_and(|s| &**s != "%")
            {
                return Err(vm.raise_msg(
                    ExcKind::NotImplementedError,
                    "only %-style logging formats are modelled",
                ));
            }
            let mut config = vm.logging.clone();
            config.configured = true;
            if let Some(level) = args::kwarg(vm, kw, "level") {
                config.level = level_value(vm, level)?;
            }
            if let Some(format) = args::kwarg(vm, kw, "format") {
                config.format = args::string(vm, "basicConfig", "format", format)?;
            }
            if let Some(datefmt) = args::kwarg(vm, kw, "datefmt")
                && !datefmt.is_none()
            {
                config.datefmt = Some(args::string(vm, "basicConfig", "datefmt", datefmt)?);
            }
            if let Some(stream) = args::kwarg(vm, kw, "stream")
                && !stream.is_none()
            {
                config.stream = stream_of(vm, stream).unwrap_or(Stream::Stderr);
            }
            vm.logging = config;
            Ok(Value::NONE)
        }
        Builtin::LoggingGetLogger => {
            args::count(vm, "getLogger", a, 0, 1)?;
            let name: Rc<str> = match a.first() {
                Some(v) if !v.is_none() => args::string(vm, "getLogger", "name", *v)?,
                _ => Rc::from("root"),
            };
            Ok(native_value(vm, NativeObj::Logger(name)))
        }
        Builtin::LoggerSetLevel => {
            args::count(vm, "setLevel", a, 2, 2)?;
            let name = logger_name(vm, a[0]);
            let level = level_value(vm, a[1])?;
            if &*name == "root" {
                vm.logging.level = level;
            } else {
                vm.logging.logger_levels.retain(|(n, _)| *n != name);
                vm.logging.logger_levels.push((name, level));
            }
            Ok(Value::NONE)
        }
        _ => {
            let (logger, rest) = if b.owner() == "Logger" {
                (logger_name(vm, a[0]), &a[1..])
            } else {
                (Rc::from("root"), a)
            };
            let (level, rest) = match b {
                Builtin::LoggingDebug | Builtin::LoggerDebug => (10, rest),
                Builtin::LoggingInfo | Builtin::LoggerInfo => (20, rest),
                Builtin::LoggingWarning | Builtin::LoggerWarning => (30, rest),
                Builtin::LoggingError
                | Builtin::LoggerError
                | Builtin::LoggingException
                | Builtin::LoggerException => (40, rest),
                Builtin::LoggingCritical | Builtin::LoggerCritical => (50, rest),
                _ => {
                    args::count(vm, "log", rest, 2, usize::MAX)?;
                    (level_value(vm, rest[0])?, &rest[1..])
                }
            };
            if rest.is_empty() {
                return Err(vm.type_error("missing 1 required positional argument: 'msg'"));
            }
            let exc_info = match args::kwarg(vm, kw, "exc_info") {
                Some(flag) => Some(flag),
                None if matches!(b, Builtin::LoggingException | Builtin::LoggerException) => {
                    Some(Value::bool(true))
                }
                None => None,
            };
            let traceback = exception_text(vm, t, exc_info)?;
            let unconfigured_logger = b.owner() == "Logger" && !vm.logging.configured;
            if unconfigured_logger {
                last_resort(vm, &logger, level, rest[0], &rest[1..], traceback)?;
            } else {
                emit(vm, t, &logger, level, rest[0], &rest[1..], traceback)?;
            }
            Ok(Value::NONE)
        }
    }
}

fn logger_name(vm: &Vm, logger: Value) -> Rc<str> {
    match vm.heap.obj(logger) {
        Some(Obj::Native(NativeObj::Logger(name))) => Rc::clone(name),
        _ => Rc::from("root"),
    }
}

fn level_value(vm: &mut Vm, level: Value) -> PyResult<i64> {
    if let Some(i) = vm.as_i64(level).filter(|_| !level.is_float()) {
        return Ok(i);
    }
    if let Some(text) = vm.as_str(level).map(Rc::clone) {
        return match &*text {
            "CRITICAL" | "FATAL" => Ok(50),
            "ERROR" => Ok(40),
            "WARNING" | "WARN" => Ok(30),
            "INFO" => Ok(20),
            "DEBUG" => Ok(10),
            "NOTSET" => Ok(0),
            _ => {
                let message = format!("Unknown level: {}", crate::pytext::repr_str(&text));
                Err(vm.raise_msg(ExcKind::ValueError, &message))
            }
        };
    }
    let message = format!(
        "Level not an integer or a valid string: {}",
        vm.repr_string(level)
    );
    Err(vm.type_error(&message))
}

/// The traceback text an `exc_info` argument asks for: the exception being handled for a
/// true flag (`NoneType: None` when there is none), or the exception given.
fn exception_text(
    vm: &mut Vm,
    t: &ThreadState,
    exc_info: Option<Value>,
) -> PyResult<Option<String>> {
    let Some(flag) = exc_info else {
        return Ok(None);
    };
    let exc = if vm.exc_data(flag).is_some() {
        flag
    } else if vm.truthy(flag)? {
        t.handled
    } else {
        return Ok(None);
    };
    if exc.is_none() || exc.is_null() || vm.exc_data(exc).is_none() {
        return Ok(Some("NoneType: None\n".to_string()));
    }
    Ok(Some(vm.format_exception(exc)))
}

/// The level a logger passes: its own from `setLevel`, else the root's.
fn threshold_of(vm: &Vm, logger: &Rc<str>) -> i64 {
    vm.logging
        .logger_levels
        .iter()
        .find(|(n, _)| n == logger)
        .map_or(vm.logging.level, |(_, l)| *l)
}

/// A logger's record while no handler is configured: `logging.lastResort` writes the bare
/// message to stderr for WARNING and above, and the root stays unconfigured.
fn last_resort(
    vm: &mut Vm,
    logger: &Rc<str>,
    level: i64,
    msg: Value,
    msg_args: &[Value],
    traceback: Option<String>,
) -> PyResult<()> {
    if level < threshold_of(vm, logger) || level < 30 {
        return Ok(());
    }
    let mut text = message_text(vm, msg, msg_args)?;
    text.push('\n');
    if let Some(traceback) = traceback {
        text.push_str(&traceback);
    }
    vm.write_output(Stream::Stderr, &text);
    Ok(())
}

/// `record.getMessage()`: the message `%`-formatted with its arguments.
fn message_text(vm: &mut Vm, msg: Value, msg_args: &[Value]) -> PyResult<String> {
    let message = vm.str_text(msg)?;
    if msg_args.is_empty() {
        return Ok(message);
    }
    let args_value =
        if msg_args.len() == 1 && matches!(vm.heap.obj(msg_args[0]), Some(Obj::Dict(_))) {
            vm.heap.incref(msg_args[0]);
            msg_args[0]
        } else {
            for v in msg_args {
                vm.heap.incref(*v);
            }
            vm.tuple_value(msg_args.to_vec())
        };
    let formatted = vm.percent_format(&message, args_value);
    vm.heap.decref(args_value);
    formatted
}

/// Formats and writes one record if the level passes.
fn emit(
    vm: &mut Vm,
    t: &ThreadState,
    logger: &Rc<str>,
    level: i64,
    msg: Value,
    msg_args: &[Value],
    traceback: Option<String>,
) -> PyResult<()> {
    let threshold = threshold_of(vm, logger);
    if !vm.logging.configured {
        vm.logging.configured = true;
    }
    if level < threshold {
        return Ok(());
    }
    let message = message_text(vm, msg, msg_args)?;
    let seconds = vm.clock.as_secs_f64();
    let created = EPOCH_SECONDS + seconds;
    let msecs = ((created.fract()) * 1000.0).floor();
    let asctime = match &vm.logging.datefmt {
        Some(fmt) => strftime(fmt, created),
        None => format!(
            "{},{:03}",
            strftime("%Y-%m-%d %H:%M:%S", created),
            msecs as i64
        ),
    };
    let (func_name, line) = match t.frames.last() {
        Some(frame) => {
            let code = vm.code(frame.code);
            let at = (frame.ip as usize).saturating_sub(1);
            let line = code.lines.get(at).copied().unwrap_or(0);
            let name = Rc::clone(&code.source.name);
            (name, line)
        }
        None => (Rc::from("<module>"), 0),
    };
    let file = Rc::clone(&vm.file_name);
    let base_name: String = file.rsplit('/').next().unwrap_or(&file).to_string();
    let module = base_name
        .strip_suffix(".py")
        .unwrap_or(&base_name)
        .to_string();
    let record = vm.new_dict();
    let id = record
        .as_obj()
        .expect("internal error: a dict is an object");
    let fields: Vec<(&str, Value)> = vec![
        ("name", vm.str_value(logger)),
        ("levelname", vm.str_value(&level_name(level))),
        ("levelno", Value::small_int(level)),
        ("message", vm.str_value(&message)),
        ("asctime", vm.str_value(&asctime)),
        ("msecs", Value::float(msecs)),
        ("created", Value::float(created)),
        ("relativeCreated", Value::float(seconds * 1000.0)),
        (
            "thread",
            vm.int_value(
                crate::vm::builtins::threads::ident_of(crate::vm::sync::ThreadIndex(
                    vm.thread_index,
                )) as i64,
            ),
        ),
        ("threadName", vm.str_from_rc(vm.thread_name())),
        ("process", Value::small_int(i64::from(vm.pid))),
        ("processName", vm.str_from_rc(Rc::clone(&vm.process_name))),
        ("funcName", vm.str_from_rc(func_name)),
        ("lineno", Value::small_int(i64::from(line))),
        ("module", vm.str_value(&module)),
        ("filename", vm.str_value(&base_name)),
        ("pathname", vm.str_from_rc(file)),
    ];
    for (key, value) in fields {
        vm.dict_set_name(id, key, value);
    }
    let format = Rc::clone(&vm.logging.format);
    let text = vm.percent_format(&format, record);
    vm.heap.decref(record);
    let mut text = text?;
    text.push('\n');
    if let Some(traceback) = traceback {
        text.push_str(&traceback);
    }
    let stream = vm.logging.stream;
    vm.write_output(stream, &text);
    Ok(())
}

/// `time.strftime` for the directives logging formats use, in UTC.
pub fn strftime(format: &str, unix_seconds: f64) -> String {
    let total = unix_seconds.floor() as i64;
    let days = total.div_euclid(86_400);
    let secs = total.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let weekday = (days + 4).rem_euclid(7) as usize;
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&format!("{year:04}")),
            Some('y') => out.push_str(&format!("{:02}", year % 100)),
            Some('m') => out.push_str(&format!("{month:02}")),
            Some('d') => out.push_str(&format!("{day:02}")),
            Some('H') => out.push_str(&format!("{hour:02}")),
            Some('I') => out.push_str(&format!(
                "{:02}",
                if hour % 12 == 0 { 12 } else { hour % 12 }
            )),
            Some('p') => out.push_str(if hour < 12 { "AM" } else { "PM" }),
            Some('M') => out.push_str(&format!("{minute:02}")),
            Some('S') => out.push_str(&format!("{second:02}")),
            Some('a') => out.push_str(&DAYS[weekday][..3]),
            Some('A') => out.push_str(DAYS[weekday]),
            Some('b') => out.push_str(&MONTHS[(month - 1) as usize][..3]),
            Some('B') => out.push_str(MONTHS[(month - 1) as usize]),
            Some('%') => out.push('%'),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::strftime;

    #[test]
    fn formats_the_virtual_epoch() {
        assert_eq!(
            strftime("%Y-%m-%d %H:%M:%S", 1_700_000_000.0),
            "2023-11-14 22:13:20"
        );
        assert_eq!(strftime("%a %b %d", 0.0), "Thu Jan 01");
    }
}
