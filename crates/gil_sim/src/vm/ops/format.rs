//! Text forms of values: `repr`, `str`, `format(x, spec)` and `%`-formatting, as CPython
//! spells them. User `__repr__`/`__str__`/`__format__` run as synchronous calls.

use std::rc::Rc;

use crate::pytext::{repr_float, repr_str};
use crate::vm::intern::{Symbol, sym};
use crate::vm::object::{ClassKind, IterObj, Obj};
use crate::vm::ops::spec;
use crate::vm::types::ExcKind;
use crate::vm::value::{ObjId, Value};
use crate::vm::{PyResult, Vm};

/// The address `id()` and default reprs show for an object (stable within a run).
pub fn address(id: ObjId) -> u64 {
    0x7f3a_1c00_0000 + u64::from(id.0) * 0x30
}

/// Deepest nesting `repr` follows before giving up with `RecursionError`.
const MAX_REPR_DEPTH: usize = 200;

impl Vm {
    /// `repr(value)`.
    pub fn repr(&mut self, value: Value) -> PyResult<String> {
        if let Some(i) = value.as_small_int() {
            return Ok(i.to_string());
        }
        if let Some(f) = value.as_float() {
            return Ok(repr_float(f));
        }
        if let Some(b) = value.as_bool() {
            return Ok(if b { "True" } else { "False" }.to_string());
        }
        if value.is_none() {
            return Ok("None".to_string());
        }
        if value == Value::ELLIPSIS {
            return Ok("Ellipsis".to_string());
        }
        if value == Value::NOT_IMPLEMENTED {
            return Ok("NotImplemented".to_string());
        }
        let Some(id) = value.as_obj() else {
            return Ok("<NULL>".to_string());
        };
        if self.repr_guard.contains(&id) {
            return Ok(match self.heap.get(id) {
                Obj::List(_) => "[...]",
                Obj::Dict(_) => "{...}",
                _ => "...",
            }
            .to_string());
        }
        if self.repr_guard.len() >= MAX_REPR_DEPTH {
            return Err(self.raise_msg(
                ExcKind::RecursionError,
                "maximum recursion depth exceeded while getting the repr of an object",
            ));
        }
        self.repr_guard.push(id);
        let result = self.repr_object(value, id);
        self.repr_guard.pop();
        result
    }

    fn repr_object(&mut self, value: Value, id: ObjId) -> PyResult<String> {
        let at = address(id);
        Ok(match self.heap.get(id) {
            Obj::Free => "<freed object>".to_string(),
            Obj::Int(b) => b.to_decimal(),
            Obj::Str(s) => repr_str(&s.text),
            Obj::Bytes(b) => crate::bytecode::repr_bytes(b),
            Obj::Tuple(items) => {
                let items = items.to_vec();
                let parts = self.repr_all(&items)?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Obj::List(items) => {
                let items = items.clone();
                format!("[{}]", self.repr_all(&items)?.join(", "))
            }
            Obj::Dict(d) => {
                if let Some(class) = d.sub.as_ref().map(|sub| sub.class)
                    && let Some(text) = self.call_text_method(value, class, sym::__repr__)?
                {
                    return Ok(text);
                }
                self.dict_repr(id)?
            }
            Obj::Set(s) => {
                let frozen = s.frozen;
                let items: Vec<Value> = s.table.iter().collect();
                let parts = self.repr_all(&items)?;
                match (frozen, parts.is_empty()) {
                    (false, true) => "set()".to_string(),
                    (false, false) => format!("{{{}}}", parts.join(", ")),
                    (true, true) => "frozenset()".to_string(),
                    (true, false) => format!("frozenset({{{}}})", parts.join(", ")),
                }
            }
            Obj::Function(f) => format!("<function {} at {at:#x}>", f.qualname),
            Obj::Method { func, this } => {
                let (func, this) = (*func, *this);
                let name = self.qualname_of(func);
                format!("<bound method {name} of {}>", self.repr(this)?)
            }
            Obj::Builtin(b) => match b.owner_type() {
                Some(owner) => format!("<method '{}' of '{owner}' objects>", b.name()),
                None => format!("<built-in function {}>", b.name()),
            },
            Obj::BuiltinMethod { method, this } => {
                let name = method.name();
                let this = *this;
                if let Some(module) = self.heap.obj(this).and_then(|o| match o {
                    Obj::Module(m) => Some(Rc::clone(&m.name)),
                    _ => None,
                }) {
                    let _ = module;
                    format!("<built-in function {name}>")
                } else {
                    let owner = self.type_name(this);
                    let this_at = this.as_obj().map_or(0, address);
                    format!("<built-in method {name} of {owner} object at {this_at:#x}>")
                }
            }
            Obj::Class(class) => {
                if matches!(class.kind, ClassKind::Builtin(_)) && &*class.module == "builtins" {
                    format!("<class '{}'>", class.qualname)
                } else {
                    format!("<class '{}.{}'>", class.module, class.qualname)
                }
            }
            Obj::Instance(instance) => {
                let class = instance.class;
                let is_exc = instance.exc.is_some();
                if let Some(text) = self.call_text_method(value, class, sym::__repr__)? {
                    text
                } else if is_exc {
                    self.repr_exception(value)?
                } else {
                    let class = self.class(class);
                    format!("<{}.{} object at {at:#x}>", class.module, class.qualname)
                }
            }
            Obj::Module(m) => {
                if &*m.name == "__main__" {
                    format!("<module '__main__' from '{}'>", self.file_name)
                } else {
                    format!("<module '{}' (built-in)>", m.name)
                }
            }
            Obj::Code(code) => {
                let code = self.code(*code);
                format!(
                    "<code object {} at {at:#x}, file \"{}\", line {}>",
                    code.source.name, self.file_name, code.source.first_line
                )
            }
            Obj::Cell(inner) => {
                let inner = *inner;
                if inner.is_null() {
                    format!("<cell at {at:#x}: empty>")
                } else {
                    let name = self.type_name(inner);
                    let inner_at = inner.as_obj().map_or(0, address);
                    format!("<cell at {at:#x}: {name} object at {inner_at:#x}>")
                }
            }
            Obj::Range { start, stop, step } => {
                if *step == 1 {
                    format!("range({start}, {stop})")
                } else {
                    format!("range({start}, {stop}, {step})")
                }
            }
            Obj::Slice { start, stop, step } => {
                let (a, b, c) = (*start, *stop, *step);
                format!(
                    "slice({}, {}, {})",
                    self.repr(a)?,
                    self.repr(b)?,
                    self.repr(c)?
                )
            }
            Obj::DictView { dict, view } => {
                let (dict, view) = (*dict, *view);
                let items = self.dict_view_items(dict, view);
                let list = self.list_value(items);
                let text = self.repr(list);
                self.heap.decref(list);
                let name = self.type_name(value);
                format!("{name}({})", text?)
            }
            Obj::Iter(IterObj::Done) | Obj::Iter(_) => {
                format!("<{} object at {at:#x}>", self.type_name(value))
            }
            Obj::Generator(g) => format!("<generator object {} at {at:#x}>", g.qualname),
            Obj::Native(native) => {
                let native = native.clone();
                crate::vm::builtins::native_repr(self, value, &native, at)?
            }
            Obj::Property { .. }
            | Obj::StaticMethod(_)
            | Obj::ClassMethod(_)
            | Obj::Super { .. } => {
                format!("<{} object at {at:#x}>", self.type_name(value))
            }
        })
    }

    /// `dict.__repr__`: the items, whatever the class of the dict.
    pub fn dict_repr(&mut self, id: ObjId) -> PyResult<String> {
        let pairs: Vec<(Value, Value)> = self.dict(id).iter().collect();
        let mut parts = Vec::with_capacity(pairs.len());
        for (k, v) in pairs {
            parts.push(format!("{}: {}", self.repr(k)?, self.repr(v)?));
        }
        Ok(format!("{{{}}}", parts.join(", ")))
    }

    fn repr_all(&mut self, items: &[Value]) -> PyResult<Vec<String>> {
        items.iter().map(|v| self.repr(*v)).collect()
    }

    /// `ValueError('message')`: the class name and the repr of the args.
    fn repr_exception(&mut self, exc: Value) -> PyResult<String> {
        let name = Rc::clone(&self.class(self.type_of(exc)).name);
        let args = self.exc_data(exc).map_or(Value::NONE, |d| d.args);
        let items: Vec<Value> = match self.heap.obj(args) {
            Some(Obj::Tuple(items)) => items.to_vec(),
            _ => Vec::new(),
        };
        Ok(match items.as_slice() {
            [] => format!("{name}()"),
            [one] => format!("{name}({})", self.repr(*one)?),
            _ => format!("{name}{}", self.repr(args)?),
        })
    }

    /// The qualified name of a function value (for method reprs).
    fn qualname_of(&self, func: Value) -> Rc<str> {
        match self.heap.obj(func) {
            Some(Obj::Function(f)) => Rc::clone(&f.qualname),
            Some(Obj::Builtin(b)) => Rc::from(b.name()),
            _ => Rc::from("?"),
        }
    }

    /// Calls a user-defined `__repr__`/`__str__` found on `class`, if any.
    fn call_text_method(
        &mut self,
        value: Value,
        class: ObjId,
        name: Symbol,
    ) -> PyResult<Option<String>> {
        let Some(method) = self.lookup_user(class, name) else {
            return Ok(None);
        };
        let result = self.call_sync(method, vec![value])?;
        let text = match self.as_str(result) {
            Some(text) => text.to_string(),
            None => {
                let message = format!(
                    "{}() returned non-string (type {})",
                    self.sym_name(name),
                    self.type_name(result)
                );
                self.heap.decref(result);
                return Err(self.type_error(&message));
            }
        };
        self.heap.decref(result);
        Ok(Some(text))
    }

    /// `str(value)`.
    pub fn str_text(&mut self, value: Value) -> PyResult<String> {
        if let Some(text) = self.as_str(value) {
            return Ok(text.to_string());
        }
        if let Some(Obj::Instance(instance)) = self.heap.obj(value) {
            let class = instance.class;
            let is_exc = instance.exc.is_some();
            if let Some(text) = self.call_text_method(value, class, sym::__str__)? {
                return Ok(text);
            }
            if is_exc {
                return Ok(self.exception_message(value));
            }
        }
        if let Some(Obj::Dict(d)) = self.heap.obj(value)
            && let Some(class) = d.sub.as_ref().map(|sub| sub.class)
            && let Some(text) = self.call_text_method(value, class, sym::__str__)?
        {
            return Ok(text);
        }
        self.repr(value)
    }

    /// `repr` for messages: never fails (an exception in a user `__repr__` is dropped).
    pub fn repr_string(&mut self, value: Value) -> String {
        match self.repr(value) {
            Ok(text) => text,
            Err(raised) => {
                self.heap.decref(raised.0);
                format!("<{} object>", self.type_name(value))
            }
        }
    }

    /// `str` for messages: never fails.
    pub fn str_string(&mut self, value: Value) -> String {
        match self.str_text(value) {
            Ok(text) => text,
            Err(raised) => {
                self.heap.decref(raised.0);
                format!("<{} object>", self.type_name(value))
            }
        }
    }

    /// `format(value, spec)`.
    pub fn format_value(&mut self, value: Value, spec_text: &str) -> PyResult<String> {
        if let Some(Obj::Instance(instance)) = self.heap.obj(value) {
            let class = instance.class;
            if let Some(method) = self.lookup_user(class, sym::__format__) {
                let spec_value = self.str_value(spec_text);
                let result = self.call_sync(method, vec![value, spec_value]);
                self.heap.decref(spec_value);
                let result = result?;
                let text = self.as_str(result).map(|t| t.to_string());
                self.heap.decref(result);
                return text.ok_or_else(|| self.type_error("__format__ must return a str"));
            }
            if spec_text.is_empty() {
                return self.str_text(value);
            }
            let message = format!(
                "unsupported format string passed to {}.__format__",
                self.type_name(value)
            );
            return Err(self.type_error(&message));
        }
        if spec_text.is_empty() {
            return self.str_text(value);
        }
        let parsed = spec::parse(spec_text).map_err(|m| self.raise_msg(ExcKind::ValueError, &m));
        let parsed = parsed?;
        if parsed.too_large() {
            return Err(self.string_too_large());
        }
        let result = if let Some(b) = value.as_bool() {
            spec::format_int(&crate::bigint::BigInt::from_i64(i64::from(b)), &parsed)
        } else if let Some(big) = self.as_big(value) {
            spec::format_int(&big, &parsed)
        } else if let Some(f) = value.as_float() {
            spec::format_float(f, &parsed)
        } else if let Some(text) = self.as_str(value) {
            let text = Rc::clone(text);
            spec::format_str(&text, &parsed)
        } else {
            let message = format!(
                "unsupported format string passed to {}.__format__",
                self.type_name(value)
            );
            return Err(self.type_error(&message));
        };
        result.map_err(|m| self.raise_msg(ExcKind::ValueError, &m))
    }

    /// `fmt % args` for a str `fmt`.
    pub fn percent_format(&mut self, fmt: &str, args: Value) -> PyResult<String> {
        let tuple_args: Option<Vec<Value>> = match self.heap.obj(args) {
            Some(Obj::Tuple(items)) => Some(items.to_vec()),
            _ => None,
        };
        let is_mapping = matches!(self.heap.obj(args), Some(Obj::Dict(_)));
        let items = tuple_args.clone().unwrap_or_else(|| vec![args]);
        let mut next = 0usize;
        let mut out = String::new();
        let chars: Vec<char> = fmt.chars().collect();
        let mut i = 0;
        let mut used_mapping = false;
        while i < chars.len() {
            let c = chars[i];
            i += 1;
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut key_value: Option<Value> = None;
            if chars.get(i) == Some(&'(') {
                let start = i + 1;
                let mut depth = 1;
                let mut j = start;
                while j < chars.len() && depth > 0 {
                    match chars[j] {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth > 0 {
                    return Err(self.raise_msg(ExcKind::ValueError, "incomplete format key"));
                }
                let key: String = chars[start..j - 1].iter().collect();
                i = j;
                if !is_mapping {
                    return Err(self.type_error("format requires a mapping"));
                }
                used_mapping = true;
                let dict = args
                    .as_obj()
                    .expect("internal error: a mapping is an object");
                let key_obj = self.str_value(&key);
                let found = self
                    .dict_get(dict, key_obj)
                    .inspect_err(|_| self.heap.decref(key_obj));
                let found = found?;
                match found {
                    Some(v) => {
                        self.heap.decref(key_obj);
                        key_value = Some(v);
                    }
                    None => return Err(self.raise_args(ExcKind::KeyError, vec![key_obj])),
                }
            }
            let mut flags = String::new();
            while let Some(f) = chars.get(i)
                && matches!(f, '-' | '+' | ' ' | '#' | '0')
            {
                flags.push(*f);
                i += 1;
            }
            let mut width = String::new();
            if chars.get(i) == Some(&'*') {
                i += 1;
                let value = self.percent_arg(&items, &mut next)?;
                width = self.as_i64(value).unwrap_or(0).to_string();
            }
            while let Some(d) = chars.get(i)
                && d.is_ascii_digit()
            {
                width.push(*d);
                i += 1;
            }
            let mut precision: Option<String> = None;
            if chars.get(i) == Some(&'.') {
                i += 1;
                let mut p = String::new();
                while let Some(d) = chars.get(i)
                    && d.is_ascii_digit()
                {
                    p.push(*d);
                    i += 1;
                }
                precision = Some(if p.is_empty() { "0".to_string() } else { p });
            }
            // CPython's limits first (a width past an i64, a precision past an i32), then the
            // longest string the simulator builds.
            let number = |digits: &str| digits.parse::<i64>().map(i64::unsigned_abs).ok();
            let width_n = if width.is_empty() {
                Some(0)
            } else {
                number(&width)
            };
            let precision_n = precision.as_deref().map_or(Some(0), number);
            let (Some(width_n), Some(precision_n)) = (width_n, precision_n) else {
                let what = if width_n.is_none() {
                    "width"
                } else {
                    "precision"
                };
                return Err(self.raise_msg(ExcKind::ValueError, &format!("{what} too big")));
            };
            if precision_n > i32::MAX as u64 {
                return Err(self.raise_msg(ExcKind::ValueError, "precision too big"));
            }
            if width_n.max(precision_n) > crate::vm::MAX_STR_BYTES as u64 {
                return Err(self.string_too_large());
            }
            while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
                i += 1;
            }
            let Some(&kind) = chars.get(i) else {
                return Err(self.raise_msg(ExcKind::ValueError, "incomplete format"));
            };
            i += 1;
            if kind == '%' {
                out.push('%');
                continue;
            }
            let value = match key_value {
                Some(v) => v,
                None => self.percent_arg(&items, &mut next)?,
            };
            let left = flags.contains('-');
            let zero = flags.contains('0') && !left;
            let sign = if flags.contains('+') {
                "+"
            } else if flags.contains(' ') {
                " "
            } else {
                ""
            };
            let mut spec_text = String::new();
            spec_text.push(if left { '<' } else { '>' });
            spec_text.push_str(sign);
            if flags.contains('#') {
                spec_text.push('#');
            }
            if zero {
                spec_text = spec_text.replacen('>', "", 1);
                spec_text.push('0');
            }
            spec_text.push_str(&width);
            let piece = match kind {
                's' | 'r' | 'a' => {
                    let mut text = if kind == 's' {
                        self.str_text(value)?
                    } else {
                        self.repr(value)?
                    };
                    if let Some(p) = &precision {
                        let p: usize = p.parse().unwrap_or(0);
                        text = text.chars().take(p).collect();
                    }
                    let spec_s = format!("{}{}", if left { "<" } else { ">" }, width);
                    let parsed = spec::parse(&spec_s).unwrap_or_default();
                    spec::format_str(&text, &parsed).unwrap_or(text)
                }
                'c' => {
                    let ch = if let Some(text) = self.as_str(value) {
                        let text = Rc::clone(text);
                        let mut it = text.chars();
                        match (it.next(), it.next()) {
                            (Some(ch), None) => ch,
                            _ => {
                                return Err(self.type_error("%c requires int or char"));
                            }
                        }
                    } else if let Some(code) = self.as_i64(value) {
                        match u32::try_from(code).ok().and_then(char::from_u32) {
                            Some(ch) => ch,
                            None => {
                                return Err(self.raise_msg(
                                    ExcKind::OverflowError,
                                    "%c arg not in range(0x110000)",
                                ));
                            }
                        }
                    } else {
                        return Err(self.type_error("%c requires int or char"));
                    };
                    let spec_s = format!("{}{}", if left { "<" } else { ">" }, width);
                    let parsed = spec::parse(&spec_s).unwrap_or_default();
                    spec::format_str(&ch.to_string(), &parsed).unwrap_or_default()
                }
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let number = self.percent_int(value, kind)?;
                    let code = match kind {
                        'd' | 'i' | 'u' => 'd',
                        other => other,
                    };
                    let mut s = format!("{spec_text}{code}");
                    if let Some(p) = &precision {
                        // A precision is a minimum digit count for integers.
                        let p: usize = p.parse().unwrap_or(0);
                        let digits = number.abs().to_decimal();
                        if code == 'd' && digits.len() < p {
                            s = format!("{spec_text}d");
                            let padded = format!("{}{digits}", "0".repeat(p - digits.len()));
                            let signed = if number.is_negative() {
                                format!("-{padded}")
                            } else {
                                format!("{sign}{padded}")
                            };
                            let spec_s = format!("{}{}", if left { "<" } else { ">" }, width);
                            let parsed = spec::parse(&spec_s).unwrap_or_default();
                            out.push_str(&spec::format_str(&signed, &parsed).unwrap_or(signed));
                            continue;
                        }
                    }
                    let parsed = spec::parse(&s).unwrap_or_default();
                    spec::format_int(&number, &parsed)
                        .map_err(|m| self.raise_msg(ExcKind::ValueError, &m))?
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let number = match self.to_float(value) {
                        Some(f) => f,
                        None => {
                            let message =
                                format!("must be real number, not {}", self.type_name(value));
                            return Err(self.type_error(&message));
                        }
                    };
                    let p = precision.clone().unwrap_or_else(|| "6".to_string());
                    let s = format!("{spec_text}.{p}{kind}");
                    let parsed = spec::parse(&s).unwrap_or_default();
                    spec::format_float(number, &parsed)
                        .map_err(|m| self.raise_msg(ExcKind::ValueError, &m))?
                }
                other => {
                    let message = format!(
                        "unsupported format character '{other}' ({:#x}) at index {}",
                        other as u32,
                        i - 1
                    );
                    return Err(self.raise_msg(ExcKind::ValueError, &message));
                }
            };
            out.push_str(&piece);
        }
        let total = if tuple_args.is_some() { items.len() } else { 1 };
        if !used_mapping && !is_mapping && next < total {
            return Err(self.type_error("not all arguments converted during string formatting"));
        }
        Ok(out)
    }

    fn percent_arg(&mut self, items: &[Value], next: &mut usize) -> PyResult<Value> {
        match items.get(*next) {
            Some(value) => {
                *next += 1;
                Ok(*value)
            }
            None => Err(self.type_error("not enough arguments for format string")),
        }
    }

    fn percent_int(&mut self, value: Value, kind: char) -> PyResult<crate::bigint::BigInt> {
        if let Some(big) = self.as_big(value) {
            return Ok(big);
        }
        if let Some(f) = value.as_float()
            && matches!(kind, 'd' | 'i' | 'u')
        {
            if !f.is_finite() {
                return Err(self.raise_msg(
                    ExcKind::OverflowError,
                    "cannot convert float infinity to integer",
                ));
            }
            return Ok(crate::bigint::BigInt::from_i128(f.trunc() as i128));
        }
        let number = if self.version.bytecode() <= crate::version::PyVersion::Py39 {
            "a number"
        } else {
            "a real number"
        };
        let message = if matches!(kind, 'd' | 'i' | 'u') {
            format!(
                "%{kind} format: {number} is required, not {}",
                self.type_name(value)
            )
        } else {
            format!(
                "%{kind} format: an integer is required, not {}",
                self.type_name(value)
            )
        };
        Err(self.type_error(&message))
    }

    /// The value as a float for arithmetic and formatting (ints, bools and floats).
    pub fn to_float(&self, value: Value) -> Option<f64> {
        if let Some(f) = value.as_float() {
            return Some(f);
        }
        if let Some(i) = value.as_small_int() {
            return Some(i as f64);
        }
        self.as_big(value).and_then(|b| b.to_f64())
    }
}
