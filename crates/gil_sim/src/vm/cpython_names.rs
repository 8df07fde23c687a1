//! The names CPython has (its standard library's modules, its builtins, the attributes of its
//! builtin types and of the modules GIL Lab models), so that a missing one is reported as part
//! of Python but not modelled here, never as the reader's mistake. `cpython_names.txt` is the
//! union over CPython 3.10 and later (`scripts/cpython-names.sh` rewrites it).

/// One line per group: `modules …`, `builtins …`, `type T …`, `module M …`.
const NAMES: &str = include_str!("cpython_names.txt");

/// True when the line for `group` lists `name`. A scan of the text, not a table: it is asked
/// only on the way to an error, and a table would cost the page its code.
fn has(group: &str, name: &str) -> bool {
    NAMES.lines().any(|line| {
        line.strip_prefix(group)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|words| words.split(' ').any(|word| word == name))
    })
}

/// True when `name` (`socket`, `xml.dom`) is a module of CPython's standard library.
pub fn is_module(name: &str) -> bool {
    has("modules", name.split('.').next().unwrap_or(name))
}

/// True when `name` is one of CPython's builtins.
pub fn is_builtin(name: &str) -> bool {
    has("builtins", name)
}

/// True when CPython's builtin type `type_name` has attribute `attr`.
pub fn type_has(type_name: &str, attr: &str) -> bool {
    has(&format!("type {type_name}"), attr)
}

/// True when CPython's module `module` (one GIL Lab models) has attribute `attr`.
pub fn module_has(module: &str, attr: &str) -> bool {
    has(&format!("module {module}"), attr)
}

/// The sentence for a name that CPython has and GIL Lab does not model.
pub fn not_modelled(what: &str) -> String {
    format!("{what} is part of Python but not modelled in GIL Lab")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpythons_names_are_known_and_others_are_not() {
        assert!(is_module("socket") && is_module("xml.dom") && !is_module("numpy"));
        assert!(is_builtin("memoryview") && !is_builtin("frobnicate"));
        assert!(type_has("list", "__setitem__") && !type_has("list", "push"));
        assert!(module_has("time", "monotonic_ns") && !module_has("time", "warp"));
        assert_eq!(
            not_modelled("the module 'socket'"),
            "the module 'socket' is part of Python but not modelled in GIL Lab"
        );
    }
}
