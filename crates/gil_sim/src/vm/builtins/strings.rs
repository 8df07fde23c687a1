//! Methods of `str`.

use std::rc::Rc;

use crate::vm::builtins::Builtin;
use crate::vm::builtins::args;
use crate::vm::intern::Symbol;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Calls a `str` method; `a[0]` is the string.
pub fn call(vm: &mut Vm, b: Builtin, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    let name = b.name();
    if b == Builtin::StrMaketrans {
        args::only_kwargs(vm, name, kw, &[])?;
        return maketrans(vm, a);
    }
    let Some(this) = a.first().and_then(|v| vm.as_str(*v)).map(Rc::clone) else {
        return Err(args::wrong_receiver(vm, b, a.first().copied()));
    };
    let rest = &a[1..];
    if !matches!(
        b,
        Builtin::StrFormat
            | Builtin::StrSplit
            | Builtin::StrRsplit
            | Builtin::StrSplitlines
            | Builtin::StrEncode
    ) {
        args::only_kwargs(vm, name, kw, &[])?;
    }
    let s: &str = &this;
    let text = |vm: &mut Vm, t: String| Ok(vm.str_value(&t));
    match b {
        Builtin::StrTranslate => {
            args::count(vm, name, rest, 1, 1)?;
            translate(vm, s, rest[0])
        }
        Builtin::StrUpper => text(vm, s.to_uppercase()),
        Builtin::StrLower | Builtin::StrCasefold => text(vm, s.to_lowercase()),
        Builtin::StrSwapcase => text(
            vm,
            s.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect(),
        ),
        Builtin::StrTitle => text(vm, title(s)),
        Builtin::StrCapitalize => {
            let mut chars = s.chars();
            let out = match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.as_str().to_lowercase().chars())
                    .collect(),
                None => String::new(),
            };
            text(vm, out)
        }
        Builtin::StrStrip | Builtin::StrLstrip | Builtin::StrRstrip => {
            args::count(vm, name, rest, 0, 1)?;
            let chars: Option<Rc<str>> = match rest.first() {
                Some(v) if !v.is_none() => Some(args::string(vm, name, "arg", *v)?),
                _ => None,
            };
            let pred = |c: char| match &chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            let out = match b {
                Builtin::StrStrip => s.trim_matches(pred),
                Builtin::StrLstrip => s.trim_start_matches(pred),
                _ => s.trim_end_matches(pred),
            };
            text(vm, out.to_string())
        }
        Builtin::StrSplit | Builtin::StrRsplit => {
            args::only_kwargs(vm, name, kw, &["sep", "maxsplit"])?;
            args::count(vm, name, rest, 0, 2)?;
            let sep = rest.first().copied().or_else(|| args::kwarg(vm, kw, "sep"));
            let maxsplit = match rest
                .get(1)
                .copied()
                .or_else(|| args::kwarg(vm, kw, "maxsplit"))
            {
                Some(v) => args::int(vm, v)?,
                None => -1,
            };
            let sep = match sep {
                Some(v) if !v.is_none() => Some(args::string(vm, name, "argument 1", v)?),
                _ => None,
            };
            if sep.as_deref() == Some("") {
                return Err(vm.raise_msg(ExcKind::ValueError, "empty separator"));
            }
            let parts = split(s, sep.as_deref(), maxsplit, b == Builtin::StrRsplit);
            let items: Vec<Value> = parts.into_iter().map(|p| vm.str_value(&p)).collect();
            Ok(vm.list_value(items))
        }
        Builtin::StrSplitlines => {
            let keep = match rest
                .first()
                .copied()
                .or_else(|| args::kwarg(vm, kw, "keepends"))
            {
                Some(v) => vm.truthy(v)?,
                None => false,
            };
            let mut items = Vec::new();
            let mut start = 0;
            let bytes: Vec<(usize, char)> = s.char_indices().collect();
            let mut i = 0;
            while i < bytes.len() {
                let (at, c) = bytes[i];
                if matches!(
                    c,
                    '\n' | '\r'
                        | '\x0b'
                        | '\x0c'
                        | '\x1c'
                        | '\x1d'
                        | '\x1e'
                        | '\u{85}'
                        | '\u{2028}'
                        | '\u{2029}'
                ) {
                    let mut end = at + c.len_utf8();
                    if c == '\r' && bytes.get(i + 1).map(|(_, n)| *n) == Some('\n') {
                        end += 1;
                        i += 1;
                    }
                    let piece = if keep { &s[start..end] } else { &s[start..at] };
                    items.push(vm.str_value(piece));
                    start = end;
                }
                i += 1;
            }
            if start < s.len() {
                items.push(vm.str_value(&s[start..]));
            }
            Ok(vm.list_value(items))
        }
        Builtin::StrJoin => {
            args::count(vm, name, rest, 1, 1)?;
            let items = vm.collect_iterable(rest[0])?;
            let mut out = String::new();
            for (i, item) in items.iter().enumerate() {
                let Some(piece) = vm.as_str(*item).map(Rc::clone) else {
                    let message = format!(
                        "sequence item {i}: expected str instance, {} found",
                        vm.type_name(*item)
                    );
                    vm.heap.decref_all(items);
                    return Err(vm.type_error(&message));
                };
                if i > 0 {
                    out.push_str(s);
                }
                out.push_str(&piece);
            }
            vm.heap.decref_all(items);
            text(vm, out)
        }
        Builtin::StrReplace => {
            args::count(vm, name, rest, 2, 3)?;
            let old = args::string(vm, name, "argument 1", rest[0])?;
            let new = args::string(vm, name, "argument 2", rest[1])?;
            let count = match rest.get(2) {
                Some(v) => args::int(vm, *v)?,
                None => -1,
            };
            let out = if count < 0 {
                s.replace(&*old, &new)
            } else {
                s.replacen(&*old, &new, count as usize)
            };
            text(vm, out)
        }
        Builtin::StrStartswith | Builtin::StrEndswith => {
            args::count(vm, name, rest, 1, 3)?;
            let (start, end) = bounds(vm, s, &rest[1..])?;
            let window: String = s
                .chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect();
            let prefixes: Vec<Value> = vm.as_tuple_items(rest[0]).unwrap_or_else(|| vec![rest[0]]);
            let mut found = false;
            for p in prefixes {
                let Some(p) = vm.as_str(p).map(Rc::clone) else {
                    let message = format!(
                        "{name} first arg must be str or a tuple of str, not {}",
                        vm.type_name(p)
                    );
                    return Err(vm.type_error(&message));
                };
                let hit = if b == Builtin::StrStartswith {
                    window.starts_with(&*p)
                } else {
                    window.ends_with(&*p)
                };
                found |= hit;
            }
            Ok(Value::bool(found))
        }
        Builtin::StrFind
        | Builtin::StrRfind
        | Builtin::StrIndex
        | Builtin::StrRindex
        | Builtin::StrCount => {
            args::count(vm, name, rest, 1, 3)?;
            let needle = args::string(vm, name, "argument 1", rest[0])?;
            let (start, end) = bounds(vm, s, &rest[1..])?;
            let chars: Vec<char> = s.chars().collect();
            let window: String = chars
                [start.min(chars.len())..end.min(chars.len()).max(start.min(chars.len()))]
                .iter()
                .collect();
            if b == Builtin::StrCount {
                let n = if needle.is_empty() {
                    window.chars().count() + 1
                } else {
                    window.matches(&*needle).count()
                };
                return Ok(Value::small_int(n as i64));
            }
            let found = if matches!(b, Builtin::StrFind | Builtin::StrIndex) {
                window.find(&*needle)
            } else {
                window.rfind(&*needle)
            };
            match found {
                Some(byte) => Ok(Value::small_int(
                    (start + window[..byte].chars().count()) as i64,
                )),
                None if matches!(b, Builtin::StrIndex | Builtin::StrRindex) => {
                    Err(vm.raise_msg(ExcKind::ValueError, "substring not found"))
                }
                None => Ok(Value::small_int(-1)),
            }
        }
        Builtin::StrFormat => {
            let out = str_format(vm, s, rest, kw)?;
            text(vm, out)
        }
        Builtin::StrCenter | Builtin::StrLjust | Builtin::StrRjust => {
            args::count(vm, name, rest, 1, 2)?;
            let width = args::int(vm, rest[0])?.max(0) as usize;
            let fill = match rest.get(1) {
                Some(v) => {
                    let f = args::string(vm, name, "argument 2", *v)?;
                    let mut chars = f.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) => c,
                        _ => {
                            return Err(vm.type_error(
                                "The fill character must be exactly one character long",
                            ));
                        }
                    }
                }
                None => ' ',
            };
            let len = s.chars().count();
            if len >= width {
                return text(vm, s.to_string());
            }
            let pad = width - len;
            if pad.saturating_mul(fill.len_utf8()) + s.len() > crate::vm::MAX_STR_BYTES {
                return Err(vm.string_too_large());
            }
            let (left, right) = match b {
                Builtin::StrLjust => (0, pad),
                Builtin::StrRjust => (pad, 0),
                _ => {
                    // CPython centres with the extra space on the left when the width is odd.
                    let left = pad / 2 + (pad & width & 1);
                    (left, pad - left)
                }
            };
            let f = fill.to_string();
            text(vm, format!("{}{s}{}", f.repeat(left), f.repeat(right)))
        }
        Builtin::StrZfill => {
            args::count(vm, name, rest, 1, 1)?;
            let width = args::int(vm, rest[0])?.max(0) as usize;
            let len = s.chars().count();
            if len >= width {
                return text(vm, s.to_string());
            }
            if width - len + s.len() > crate::vm::MAX_STR_BYTES {
                return Err(vm.string_too_large());
            }
            let zeros = "0".repeat(width - len);
            let out = match s.chars().next() {
                Some(sign @ ('+' | '-')) => format!("{sign}{zeros}{}", &s[1..]),
                _ => format!("{zeros}{s}"),
            };
            text(vm, out)
        }
        Builtin::StrIsdigit | Builtin::StrIsdecimal | Builtin::StrIsnumeric => Ok(Value::bool(
            !s.is_empty() && s.chars().all(|c| c.is_numeric()),
        )),
        Builtin::StrIsalpha => Ok(Value::bool(
            !s.is_empty() && s.chars().all(char::is_alphabetic),
        )),
        Builtin::StrIsalnum => Ok(Value::bool(
            !s.is_empty() && s.chars().all(char::is_alphanumeric),
        )),
        Builtin::StrIsspace => Ok(Value::bool(
            !s.is_empty() && s.chars().all(char::is_whitespace),
        )),
        Builtin::StrIsupper => Ok(Value::bool(
            s.chars().any(char::is_uppercase) && !s.chars().any(char::is_lowercase),
        )),
        Builtin::StrIslower => Ok(Value::bool(
            s.chars().any(char::is_lowercase) && !s.chars().any(char::is_uppercase),
        )),
        Builtin::StrIsidentifier => Ok(Value::bool(
            s.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && s.chars().all(|c| c.is_alphanumeric() || c == '_'),
        )),
        Builtin::StrPartition | Builtin::StrRpartition => {
            args::count(vm, name, rest, 1, 1)?;
            let sep = args::string(vm, name, "argument", rest[0])?;
            if sep.is_empty() {
                return Err(vm.raise_msg(ExcKind::ValueError, "empty separator"));
            }
            let found = if b == Builtin::StrPartition {
                s.find(&*sep)
            } else {
                s.rfind(&*sep)
            };
            let (x, y, z) = match found {
                Some(i) => (&s[..i], &*sep, &s[i + sep.len()..]),
                None if b == Builtin::StrPartition => (s, "", ""),
                None => ("", "", s),
            };
            let parts = vec![vm.str_value(x), vm.str_value(y), vm.str_value(z)];
            Ok(vm.tuple_value(parts))
        }
        Builtin::StrRemoveprefix | Builtin::StrRemovesuffix => {
            args::count(vm, name, rest, 1, 1)?;
            let affix = args::string(vm, name, "argument", rest[0])?;
            let out = if b == Builtin::StrRemoveprefix {
                s.strip_prefix(&*affix).unwrap_or(s)
            } else {
                s.strip_suffix(&*affix).unwrap_or(s)
            };
            text(vm, out.to_string())
        }
        Builtin::StrEncode => Ok(vm.bytes_value(s.as_bytes())),
        _ => unreachable!("internal error: {} is not a str method", b.name()),
    }
}

/// `str.title()`: the first letter of each run of letters upper-cased.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for c in s.chars() {
        if previous_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        previous_cased = c.is_alphabetic();
    }
    out
}

/// Optional `start`/`end` arguments as character positions, clamped.
fn bounds(vm: &mut Vm, s: &str, rest: &[Value]) -> PyResult<(usize, usize)> {
    let len = s.chars().count() as i64;
    let resolve = |vm: &mut Vm, v: Option<&Value>, default: i64| -> PyResult<i64> {
        match v {
            Some(v) if !v.is_none() => {
                let i = args::int(vm, *v)?;
                Ok(if i < 0 { (i + len).max(0) } else { i.min(len) })
            }
            _ => Ok(default),
        }
    };
    let start = resolve(vm, rest.first(), 0)?;
    let end = resolve(vm, rest.get(1), len)?;
    Ok((start as usize, end.max(start) as usize))
}

/// `str.split`/`rsplit` with Python's whitespace and separator rules.
fn split(s: &str, sep: Option<&str>, maxsplit: i64, from_right: bool) -> Vec<String> {
    let limit = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    match sep {
        Some(sep) => {
            if from_right {
                let mut parts: Vec<String> = s
                    .rsplitn(limit.saturating_add(1), sep)
                    .map(String::from)
                    .collect();
                parts.reverse();
                parts
            } else {
                s.splitn(limit.saturating_add(1), sep)
                    .map(String::from)
                    .collect()
            }
        }
        None => {
            let words: Vec<&str> = s.split_whitespace().collect();
            if words.len() <= limit.saturating_add(1) || limit == usize::MAX {
                return words.into_iter().map(String::from).collect();
            }
            if from_right {
                // Keep the leading remainder intact (after stripping its right whitespace).
                let mut parts = Vec::new();
                let mut rest = s.trim_end();
                for _ in 0..limit {
                    let trimmed = rest.trim_end();
                    match trimmed.rfind(char::is_whitespace) {
                        Some(i) => {
                            parts.push(trimmed[i..].trim_start().to_string());
                            rest = trimmed[..i].trim_end();
                        }
                        None => break,
                    }
                }
                if !rest.trim().is_empty() {
                    parts.push(rest.trim_start().to_string());
                }
                parts.reverse();
                parts
            } else {
                let mut parts = Vec::new();
                let mut rest = s.trim_start();
                for _ in 0..limit {
                    match rest.find(char::is_whitespace) {
                        Some(i) => {
                            parts.push(rest[..i].to_string());
                            rest = rest[i..].trim_start();
                        }
                        None => break,
                    }
                }
                if !rest.is_empty() {
                    parts.push(rest.to_string());
                }
                parts
            }
        }
    }
}

/// `str.format(*args, **kwargs)`.
pub fn str_format(
    vm: &mut Vm,
    fmt: &str,
    args: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '}' {
            if chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            return Err(vm.raise_msg(
                ExcKind::ValueError,
                "Single '}' encountered in format string",
            ));
        }
        if c != '{' {
            out.push(c);
            i += 1;
            continue;
        }
        if chars.get(i + 1) == Some(&'{') {
            out.push('{');
            i += 2;
            continue;
        }
        // Find the matching close brace (specs may nest one level).
        let mut depth = 1;
        let mut j = i + 1;
        while j < chars.len() && depth > 0 {
            match chars[j] {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            j += 1;
        }
        if depth > 0 {
            return Err(vm.raise_msg(ExcKind::ValueError, "expected '}' before end of string"));
        }
        let field: String = chars[i + 1..j - 1].iter().collect();
        i = j;
        let (head, spec) = match field.find(':') {
            Some(p) => (field[..p].to_string(), field[p + 1..].to_string()),
            None => (field.clone(), String::new()),
        };
        let (name, conversion) = match head.find('!') {
            Some(p) => (head[..p].to_string(), head[p + 1..].chars().next()),
            None => (head.clone(), None),
        };
        let spec = if spec.contains('{') {
            str_format(vm, &spec, args, kw)?
        } else {
            spec
        };
        let value = resolve_field(vm, &name, &mut auto, args, kw)?;
        let piece = match conversion {
            Some('r') => {
                let text = vm.repr(value);
                vm.heap.decref(value);
                let text = text?;
                let v = vm.str_value(&text);
                let result = vm.format_value(v, &spec);
                vm.heap.decref(v);
                result?
            }
            Some('s') => {
                let text = vm.str_text(value);
                vm.heap.decref(value);
                let v = vm.str_value(&text?);
                let result = vm.format_value(v, &spec);
                vm.heap.decref(v);
                result?
            }
            Some(other) => {
                vm.heap.decref(value);
                let message = format!("Unknown conversion specifier {other}");
                return Err(vm.raise_msg(ExcKind::ValueError, &message));
            }
            None => {
                let result = vm.format_value(value, &spec);
                vm.heap.decref(value);
                result?
            }
        };
        out.push_str(&piece);
    }
    Ok(out)
}

/// The value of a `str.format` field name (`0`, `name`, `0.attr`, `name[key]`), owned.
fn resolve_field(
    vm: &mut Vm,
    name: &str,
    auto: &mut usize,
    args: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Value> {
    let first_end = name.find(['.', '[']).unwrap_or(name.len());
    let first = &name[..first_end];
    let mut value = if first.is_empty() {
        let index = *auto;
        *auto += 1;
        match args.get(index) {
            Some(v) => *v,
            None => {
                let message =
                    format!("Replacement index {index} out of range for positional args tuple");
                return Err(vm.raise_msg(ExcKind::IndexError, &message));
            }
        }
    } else if let Ok(index) = first.parse::<usize>() {
        match args.get(index) {
            Some(v) => *v,
            None => {
                let message =
                    format!("Replacement index {index} out of range for positional args tuple");
                return Err(vm.raise_msg(ExcKind::IndexError, &message));
            }
        }
    } else {
        match args::kwarg(vm, kw, first) {
            Some(v) => v,
            None => {
                let key = vm.str_value(first);
                return Err(vm.raise_args(ExcKind::KeyError, vec![key]));
            }
        }
    };
    vm.heap.incref(value);
    let mut rest = &name[first_end..];
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            let attr = vm.sym(&after[..end]);
            let next = vm.get_attr_sync(value, attr);
            vm.heap.decref(value);
            value = next?;
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            let key_text = &after[..end];
            let key = match key_text.parse::<i64>() {
                Ok(i) => vm.int_value(i),
                Err(_) => vm.str_value(key_text),
            };
            let next = vm.get_item(value, key);
            vm.heap.decref_all([value, key]);
            value = next?;
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            break;
        }
    }
    Ok(value)
}

/// `str.maketrans(mapping)` or `str.maketrans(from, to[, delete])`: a dict from code points
/// to code points, strings or None.
fn maketrans(vm: &mut Vm, a: &[Value]) -> PyResult<Value> {
    let dict = vm
        .heap
        .alloc(crate::vm::object::Obj::Dict(crate::vm::dict::Dict::new()));
    let result = Value::obj(dict);
    let fail = |vm: &mut Vm, message: &str| {
        vm.heap.decref(result);
        Err(vm.type_error(message))
    };
    match a {
        [mapping] => {
            let Some(pairs) = dict_pairs(vm, *mapping) else {
                return fail(
                    vm,
                    "if you give only one argument to maketrans it must be a dict",
                );
            };
            for (key, value) in pairs {
                let code = match vm.as_str(key).map(|s| s.chars().collect::<Vec<char>>()) {
                    Some(chars) if chars.len() == 1 => {
                        Value::small_int(i64::from(u32::from(chars[0])))
                    }
                    Some(_) => {
                        vm.heap.decref(result);
                        return Err(vm.raise_msg(
                            ExcKind::ValueError,
                            "string keys in translate table must be of length 1",
                        ));
                    }
                    None if vm.is_int(key) => key,
                    None => return fail(vm, "keys in translate table must be strings or integers"),
                };
                vm.heap.incref(value);
                vm.dict_set(dict, code, value)?;
            }
        }
        [from, to, rest @ ..] if rest.len() <= 1 => {
            let (Some(from), Some(to)) = (vm.as_str(*from).cloned(), vm.as_str(*to).cloned())
            else {
                return fail(vm, "maketrans() argument 1 must be str");
            };
            if from.chars().count() != to.chars().count() {
                vm.heap.decref(result);
                return Err(vm.raise_msg(
                    ExcKind::ValueError,
                    "the first two maketrans arguments must have equal length",
                ));
            }
            for (x, y) in from.chars().zip(to.chars()) {
                let key = Value::small_int(i64::from(u32::from(x)));
                vm.dict_set(dict, key, Value::small_int(i64::from(u32::from(y))))?;
            }
            if let Some(delete) = rest.first().and_then(|d| vm.as_str(*d).cloned()) {
                for x in delete.chars() {
                    vm.dict_set(dict, Value::small_int(i64::from(u32::from(x))), Value::NONE)?;
                }
            }
        }
        _ => return fail(vm, "maketrans() takes 1 to 3 arguments"),
    }
    Ok(result)
}

/// `s.translate(table)` with a dict table: a code point maps to a code point, a string or
/// None (deleted); one not in the table stays.
fn translate(vm: &mut Vm, s: &str, table: Value) -> PyResult<Value> {
    let Some(id) = table.as_obj().filter(|_| dict_pairs(vm, table).is_some()) else {
        return Err(
            vm.type_error("translate() with a table that is not a dict is not modelled in GIL Lab")
        );
    };
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match vm.dict_get(id, Value::small_int(i64::from(u32::from(ch))))? {
            None => out.push(ch),
            Some(v) if v.is_none() => {}
            Some(v) => {
                if let Some(text) = vm.as_str(v) {
                    out.push_str(text);
                } else if let Some(code) = vm
                    .as_i64(v)
                    .and_then(|c| u32::try_from(c).ok())
                    .and_then(char::from_u32)
                {
                    out.push(code);
                } else {
                    return Err(vm.type_error("character mapping must return integer, None or str"));
                }
            }
        }
    }
    Ok(vm.str_value(&out))
}

/// The pairs of a dict, or None for anything else.
fn dict_pairs(vm: &Vm, value: Value) -> Option<Vec<(Value, Value)>> {
    match vm.heap.obj(value) {
        Some(crate::vm::object::Obj::Dict(d)) => Some(d.iter().collect()),
        _ => None,
    }
}
