//! Methods of `bytes`, and `int.to_bytes`/`int.from_bytes`: what programs do with the bytes
//! a download or a pipe hands them (decode, hex, split, join, search, case, strip).

use std::rc::Rc;

use crate::vm::builtins::Builtin;
use crate::vm::builtins::args;
use crate::vm::intern::Symbol;
use crate::vm::object::Obj;
use crate::vm::types::ExcKind;
use crate::vm::value::Value;
use crate::vm::{PyResult, Vm};

/// Calls a `bytes` method; `a[0]` is the bytes (or the class, for `fromhex`).
pub fn call(vm: &mut Vm, b: Builtin, a: &[Value], kw: &[(Symbol, Value)]) -> PyResult<Value> {
    let name = b.name();
    if b == Builtin::BytesFromhex {
        args::only_kwargs(vm, name, kw, &[])?;
        let rest = without_class(vm, a);
        args::count(vm, name, rest, 1, 1)?;
        let text = args::string(vm, name, "argument", rest[0])?;
        return fromhex(vm, &text);
    }
    let Some(this) = a.first().and_then(|v| bytes_of(vm, *v)) else {
        return Err(args::wrong_receiver(vm, b, a.first().copied()));
    };
    let rest = &a[1..];
    let allowed: &[&str] = match b {
        Builtin::BytesDecode => &["encoding", "errors"],
        Builtin::BytesSplit => &["sep", "maxsplit"],
        _ => &[],
    };
    args::only_kwargs(vm, name, kw, allowed)?;
    let out = |vm: &mut Vm, bytes: Vec<u8>| Ok(vm.bytes_value(&bytes));
    match b {
        Builtin::BytesDecode => {
            args::count(vm, name, rest, 0, 2)?;
            let encoding = match rest.first().copied().or(args::kwarg(vm, kw, "encoding")) {
                Some(value) => args::string(vm, name, "argument 'encoding'", value)?,
                None => Rc::from("utf-8"),
            };
            decode(vm, &this, &encoding)
        }
        Builtin::BytesHex => {
            args::count(vm, name, rest, 0, 2)?;
            let sep = match rest.first() {
                Some(value) => Some(args::string(vm, name, "argument", *value)?),
                None => None,
            };
            let group = match rest.get(1) {
                Some(value) => args::int(vm, *value)?,
                None => 1,
            };
            let text = hex(&this, sep.as_deref(), group);
            Ok(vm.str_value(&text))
        }
        Builtin::BytesLower => out(vm, this.to_ascii_lowercase()),
        Builtin::BytesUpper => out(vm, this.to_ascii_uppercase()),
        Builtin::BytesStrip | Builtin::BytesLstrip | Builtin::BytesRstrip => {
            args::count(vm, name, rest, 0, 1)?;
            let chars = match rest.first().filter(|v| !v.is_none()) {
                Some(value) => argument(vm, *value)?.to_vec(),
                None => b" \t\n\r\x0b\x0c".to_vec(),
            };
            let keep = |c: &u8| !chars.contains(c);
            let start = match b {
                Builtin::BytesRstrip => 0,
                _ => this.iter().position(keep).unwrap_or(this.len()),
            };
            let end = match b {
                Builtin::BytesLstrip => this.len(),
                _ => this.iter().rposition(keep).map_or(start, |i| i + 1),
            };
            out(vm, this[start..end.max(start)].to_vec())
        }
        Builtin::BytesCount | Builtin::BytesFind | Builtin::BytesIndex => {
            args::count(vm, name, rest, 1, 1)?;
            let needle = needle(vm, rest[0])?;
            let value = match b {
                Builtin::BytesCount => occurrences(&this, &needle) as i64,
                _ => match find(&this, &needle) {
                    Some(at) => at as i64,
                    None if b == Builtin::BytesFind => -1,
                    None => return Err(vm.raise_msg(ExcKind::ValueError, "subsection not found")),
                },
            };
            Ok(Value::small_int(value))
        }
        Builtin::BytesStartswith | Builtin::BytesEndswith => {
            args::count(vm, name, rest, 1, 1)?;
            let affixes = match vm.heap.obj(rest[0]) {
                Some(Obj::Tuple(items)) => items.to_vec(),
                _ => vec![rest[0]],
            };
            let mut found = false;
            for affix in affixes {
                let affix = argument(vm, affix)?;
                found |= if b == Builtin::BytesStartswith {
                    this.starts_with(&affix)
                } else {
                    this.ends_with(&affix)
                };
            }
            Ok(Value::bool(found))
        }
        Builtin::BytesSplit => {
            args::count(vm, name, rest, 0, 2)?;
            let sep = rest.first().copied().or(args::kwarg(vm, kw, "sep"));
            let sep = match sep.filter(|v| !v.is_none()) {
                Some(value) => Some(argument(vm, value)?),
                None => None,
            };
            let limit = match rest.get(1).copied().or(args::kwarg(vm, kw, "maxsplit")) {
                Some(value) => args::int(vm, value)?,
                None => -1,
            };
            let limit = usize::try_from(limit).unwrap_or(usize::MAX);
            let parts = match &sep {
                Some(sep) if sep.is_empty() => {
                    return Err(vm.raise_msg(ExcKind::ValueError, "empty separator"));
                }
                Some(sep) => split_on(&this, sep, limit),
                None => split_whitespace(&this, limit),
            };
            let items = parts.into_iter().map(|p| vm.bytes_value(&p)).collect();
            Ok(vm.list_value(items))
        }
        Builtin::BytesJoin => {
            args::count(vm, name, rest, 1, 1)?;
            let items = vm.collect_iterable(rest[0])?;
            let mut joined = Vec::new();
            let mut failed = None;
            for (i, item) in items.iter().enumerate() {
                match bytes_of(vm, *item) {
                    Some(part) if failed.is_none() => {
                        if i > 0 {
                            joined.extend_from_slice(&this);
                        }
                        joined.extend_from_slice(&part);
                    }
                    Some(_) => {}
                    None if failed.is_none() => {
                        failed = Some(format!(
                            "sequence item {i}: expected a bytes-like object, {} found",
                            vm.type_name(*item)
                        ));
                    }
                    None => {}
                }
            }
            vm.heap.decref_all(items);
            match failed {
                Some(message) => Err(vm.type_error(&message)),
                None => out(vm, joined),
            }
        }
        Builtin::BytesReplace => {
            args::count(vm, name, rest, 2, 3)?;
            let old = argument(vm, rest[0])?;
            let new = argument(vm, rest[1])?;
            let limit = match rest.get(2) {
                Some(value) => usize::try_from(args::int(vm, *value)?).unwrap_or(usize::MAX),
                None => usize::MAX,
            };
            out(vm, replace(&this, &old, &new, limit))
        }
        _ => unreachable!("internal error: {} is not a bytes method", b.name()),
    }
}

/// `int.to_bytes(length, byteorder, *, signed=False)` and the class method
/// `int.from_bytes(bytes, byteorder, *, signed=False)`.
pub fn int_conversion(
    vm: &mut Vm,
    b: Builtin,
    a: &[Value],
    kw: &[(Symbol, Value)],
) -> PyResult<Value> {
    let name = b.name();
    args::only_kwargs(vm, name, kw, &["length", "byteorder", "signed"])?;
    let signed = match args::kwarg(vm, kw, "signed") {
        Some(value) => vm.truthy(value)?,
        None => false,
    };
    let order = |vm: &mut Vm, value: Option<Value>| -> PyResult<bool> {
        let Some(value) = value else {
            return Ok(true);
        };
        match &*args::string(vm, name, "argument 'byteorder'", value)? {
            "big" => Ok(true),
            "little" => Ok(false),
            _ => Err(vm.raise_msg(
                ExcKind::ValueError,
                "byteorder must be either 'little' or 'big'",
            )),
        }
    };
    if b == Builtin::IntFromBytes {
        let rest = without_class(vm, a);
        args::count(vm, name, rest, 1, 2)?;
        let data = argument(vm, rest[0])?;
        let big = order(
            vm,
            rest.get(1).copied().or(args::kwarg(vm, kw, "byteorder")),
        )?;
        let mut digits = data.to_vec();
        if !big {
            digits.reverse();
        }
        let mut value: i128 = 0;
        for byte in digits.iter().take(15) {
            value = (value << 8) | i128::from(*byte);
        }
        if digits.len() > 15 {
            return Err(vm.raise_msg(
                ExcKind::OverflowError,
                "int.from_bytes of more than 15 bytes is not modelled in GIL Lab",
            ));
        }
        if signed && digits.first().is_some_and(|d| d & 0x80 != 0) {
            value -= 1i128 << (8 * digits.len());
        }
        return Ok(vm.big_value(crate::bigint::BigInt::from_i128(value)));
    }
    args::count(vm, name, a, 1, 3)?;
    let value = args::int(vm, a[0])?;
    let length = match a.get(1).copied().or(args::kwarg(vm, kw, "length")) {
        Some(value) => args::int(vm, value)?,
        None => 1,
    };
    let big = order(vm, a.get(2).copied().or(args::kwarg(vm, kw, "byteorder")))?;
    let length = usize::try_from(length)
        .map_err(|_| vm.raise_msg(ExcKind::ValueError, "length argument must be non-negative"))?;
    if value < 0 && !signed {
        return Err(vm.raise_msg(
            ExcKind::OverflowError,
            "can't convert negative int to unsigned",
        ));
    }
    let bits = 8 * length.min(16) as u32;
    let fits = if signed {
        bits > 0
            && i128::from(value) >= -(1i128 << (bits - 1))
            && i128::from(value) < 1i128 << (bits - 1)
    } else {
        bits >= 128 || i128::from(value) < 1i128 << bits
    };
    if !fits && value != 0 {
        return Err(vm.raise_msg(ExcKind::OverflowError, "int too big to convert"));
    }
    let mut out: Vec<u8> = (0..length)
        .map(|i| {
            if i < 16 {
                (i128::from(value) >> (8 * i)) as u8
            } else if value < 0 {
                0xff
            } else {
                0
            }
        })
        .collect();
    if big {
        out.reverse();
    }
    Ok(vm.bytes_value(&out))
}

/// The arguments after the class, for a class method called on the class.
fn without_class<'a>(vm: &Vm, a: &'a [Value]) -> &'a [Value] {
    match a.first().and_then(|v| vm.heap.obj(*v)) {
        Some(Obj::Class(_)) => &a[1..],
        _ => a,
    }
}

/// The bytes of `value`, if it is `bytes`.
fn bytes_of(vm: &Vm, value: Value) -> Option<Rc<[u8]>> {
    match vm.heap.obj(value) {
        Some(Obj::Bytes(bytes)) => Some(Rc::clone(bytes)),
        _ => None,
    }
}

/// A bytes-like argument, or CPython's TypeError.
fn argument(vm: &mut Vm, value: Value) -> PyResult<Rc<[u8]>> {
    bytes_of(vm, value).ok_or_else(|| {
        let message = format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(value)
        );
        vm.type_error(&message)
    })
}

/// What `count`, `find` and `index` look for: bytes, or one byte given as an int.
fn needle(vm: &mut Vm, value: Value) -> PyResult<Rc<[u8]>> {
    if vm.is_int(value) && !value.is_float() {
        let byte = args::int(vm, value)?;
        return match u8::try_from(byte) {
            Ok(byte) => Ok(Rc::from([byte])),
            Err(_) => Err(vm.raise_msg(ExcKind::ValueError, "byte must be in range(0, 256)")),
        };
    }
    argument(vm, value)
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Non-overlapping occurrences of `needle` (an empty needle occurs between every byte).
fn occurrences(hay: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return hay.len() + 1;
    }
    split_on(hay, needle, usize::MAX).len() - 1
}

/// `hay` split at each `sep`, at most `limit` times.
fn split_on(hay: &[u8], sep: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    let mut rest = hay;
    while parts.len() < limit
        && let Some(at) = find(rest, sep)
    {
        parts.push(rest[..at].to_vec());
        rest = &rest[at + sep.len()..];
    }
    parts.push(rest.to_vec());
    parts
}

/// `hay` split at runs of ASCII whitespace, at most `limit` times, no empty parts.
fn split_whitespace(hay: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let mut parts = Vec::new();
    let mut rest = hay.trim_ascii_start();
    while !rest.is_empty() {
        if parts.len() == limit {
            parts.push(rest.to_vec());
            break;
        }
        let end = rest
            .iter()
            .position(u8::is_ascii_whitespace)
            .unwrap_or(rest.len());
        parts.push(rest[..end].to_vec());
        rest = rest[end..].trim_ascii_start();
    }
    parts
}

/// `hay` with `old` replaced by `new`, at most `limit` times.
fn replace(hay: &[u8], old: &[u8], new: &[u8], limit: usize) -> Vec<u8> {
    if old.is_empty() {
        let mut out = Vec::new();
        for (i, byte) in hay.iter().enumerate() {
            if i < limit {
                out.extend_from_slice(new);
            }
            out.push(*byte);
        }
        if hay.len() < limit {
            out.extend_from_slice(new);
        }
        return out;
    }
    split_on(hay, old, limit).join(new)
}

/// `bytes.hex(sep, bytes_per_sep)`: groups counted from the right, or from the left when
/// `group` is negative.
fn hex(bytes: &[u8], sep: Option<&str>, group: i64) -> String {
    let digits: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let (Some(sep), Ok(size)) = (sep, usize::try_from(group.unsigned_abs())) else {
        return digits.concat();
    };
    if size == 0 {
        return digits.concat();
    }
    let chunks: Vec<String> = if group > 0 {
        let first = digits.len() % size;
        let mut chunks = Vec::new();
        if first > 0 {
            chunks.push(digits[..first].concat());
        }
        chunks.extend(digits[first..].chunks(size).map(<[String]>::concat));
        chunks
    } else {
        digits.chunks(size).map(<[String]>::concat).collect()
    };
    chunks.join(sep)
}

/// `bytes.fromhex(text)`: pairs of hex digits, whitespace between pairs.
fn fromhex(vm: &mut Vm, text: &str) -> PyResult<Value> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let high = chars[i].to_digit(16);
        let low = chars.get(i + 1).and_then(|c| c.to_digit(16));
        match (high, low) {
            (Some(high), Some(low)) => out.push((high * 16 + low) as u8),
            (Some(_), None) => {
                let message = format!(
                    "non-hexadecimal number found in fromhex() arg at position {}",
                    i + 1
                );
                return Err(vm.raise_msg(ExcKind::ValueError, &message));
            }
            (None, _) => {
                let message =
                    format!("non-hexadecimal number found in fromhex() arg at position {i}");
                return Err(vm.raise_msg(ExcKind::ValueError, &message));
            }
        }
        i += 2;
    }
    Ok(vm.bytes_value(&out))
}

/// `bytes.decode(encoding)` for UTF-8, ASCII and Latin-1, with CPython's error text.
fn decode(vm: &mut Vm, bytes: &[u8], encoding: &str) -> PyResult<Value> {
    let normal = encoding.to_ascii_lowercase().replace('_', "-");
    let text = match normal.as_str() {
        "utf-8" | "utf8" => match std::str::from_utf8(bytes) {
            Ok(text) => text.to_string(),
            Err(error) => {
                let at = error.valid_up_to();
                let reason = match error.error_len() {
                    None => "unexpected end of data",
                    Some(_) if matches!(bytes[at], 0x80..=0xbf | 0xf8..) => "invalid start byte",
                    Some(_) => "invalid continuation byte",
                };
                let message = format!(
                    "'utf-8' codec can't decode byte 0x{:02x} in position {at}: {reason}",
                    bytes[at]
                );
                return Err(vm.raise_msg(ExcKind::UnicodeDecodeError, &message));
            }
        },
        "ascii" => match bytes.iter().position(|b| !b.is_ascii()) {
            None => bytes.iter().map(|b| char::from(*b)).collect(),
            Some(at) => {
                let message = format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {at}: ordinal not in range(128)",
                    bytes[at]
                );
                return Err(vm.raise_msg(ExcKind::UnicodeDecodeError, &message));
            }
        },
        "latin-1" | "latin1" | "iso-8859-1" => bytes.iter().map(|b| char::from(*b)).collect(),
        _ => {
            let message = format!("the '{encoding}' codec is not modelled in GIL Lab");
            return Err(vm.raise_msg(ExcKind::LookupError, &message));
        }
    };
    Ok(vm.str_value(&text))
}
