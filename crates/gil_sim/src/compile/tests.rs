//! Small compiler checks; the differential tests against CPython live in `tests/`.

use crate::compile::{DiagnosticKind, compile};
use crate::version::PyVersion;

fn dis(source: &str, version: PyVersion) -> String {
    crate::disassemble(source, version).unwrap_or_else(|d| panic!("compile failed: {d:?}"))
}

#[test]
fn folds_constants_like_cpython() {
    let text = dis("x = 1 + 2\n", PyVersion::Py311);
    assert_eq!(
        text,
        "code <module>\n0 RESUME\n1 LOAD_CONST 3\n1 STORE_NAME x\n1 LOAD_CONST None\n1 RETURN_VALUE\n"
    );
    let text = dis("x = 1 + 2\n", PyVersion::Py312);
    assert!(
        text.ends_with("1 STORE_NAME x\n1 RETURN_CONST None\n"),
        "{text}"
    );
}

#[test]
fn syntax_errors_have_positions() {
    let compiled = compile("def f(:\n    pass\n", PyVersion::Py311);
    assert!(compiled.code.is_none());
    let first = &compiled.diagnostics[0];
    assert_eq!(first.kind, DiagnosticKind::Syntax);
    assert_eq!(first.start.line, 1);
    assert!(first.start.column >= 6, "{first}");
}

#[test]
fn named_unicode_escapes_are_refused_clearly() {
    let compiled = compile("s = '\\N{BULLET}'\n", PyVersion::Py311);
    assert!(compiled.code.is_none());
    let message = &compiled.diagnostics[0].message;
    assert!(message.contains("\\N{...}"), "{message}");
}

#[test]
fn unsupported_constructs_are_named() {
    let compiled = compile("x = 1\nif x:\n    type Pair = tuple\n", PyVersion::Py312);
    let first = &compiled.diagnostics[0];
    assert_eq!(first.kind, DiagnosticKind::Unsupported);
    assert_eq!(first.message, "type aliases are not supported yet");
    assert_eq!((first.start.line, first.start.column), (3, 5));
}

#[test]
fn assignment_expressions_follow_cpythons_scope_rules() {
    let compiled = compile("a = [x := 1 for x in range(3)]\n", PyVersion::Py311);
    assert_eq!(
        compiled.diagnostics[0].message,
        "assignment expression cannot rebind comprehension iteration variable 'x'"
    );
    let compiled = compile(
        "class C:\n    a = [y := 1 for x in range(3)]\n",
        PyVersion::Py311,
    );
    assert_eq!(compiled.diagnostics.len(), 1);
    assert_eq!(
        compiled.diagnostics[0].message,
        "assignment expression within a comprehension cannot be used in a class body"
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let source = format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
    let compiled = compile(&source, PyVersion::Py311);
    assert_eq!(compiled.diagnostics[0].kind, DiagnosticKind::Limit);
}

#[test]
fn nonlocal_without_binding_is_a_syntax_error() {
    let source =
        "def f():\n    def g():\n        nonlocal missing\n        missing = 1\n    return g\n";
    let compiled = compile(source, PyVersion::Py39);
    let first = &compiled.diagnostics[0];
    assert_eq!(first.kind, DiagnosticKind::Syntax);
    assert_eq!(first.message, "no binding for nonlocal 'missing' found");
    assert_eq!(first.start.line, 3);
}

#[test]
fn a_bare_except_before_another_is_a_syntax_error_on_every_version() {
    let source = "def risky():\n    try:\n        pass\n    except :\n        raise\n    except KeyError:\n        raise\n";
    for version in [
        PyVersion::Py39,
        PyVersion::Py310,
        PyVersion::Py311,
        PyVersion::Py312,
        PyVersion::Py313,
    ] {
        let compiled = compile(source, version);
        assert!(compiled.code.is_none(), "{version:?}");
        let first = &compiled.diagnostics[0];
        assert_eq!(first.kind, DiagnosticKind::Syntax);
        assert_eq!(first.message, "default 'except:' must be last");
        assert_eq!(first.start.line, 4, "{version:?}: {first}");
    }
}

#[test]
fn a_parameter_named_twice_is_a_syntax_error_where_cpython_puts_it() {
    // Positions (line, column from 1) as CPython's compile() reports them: up to 3.9 the start
    // of the `def` (after its decorators) or `lambda`, from 3.10 the second name.
    type Position = (u32, u32);
    let cases: [(&str, &str, Position, Position); 6] = [
        ("def f(a, a):\n    pass\n", "a", (1, 1), (1, 10)),
        ("def f(a, /, a):\n    pass\n", "a", (1, 1), (1, 13)),
        ("f = lambda a, a: 0\n", "a", (1, 5), (1, 15)),
        (
            "class C:\n    def m(self, x, y, x=1): pass\n",
            "x",
            (2, 5),
            (2, 23),
        ),
        ("def f(a, b, *c, d, e, **b): pass\n", "b", (1, 1), (1, 25)),
        (
            "@dec\n# note\n@other(1)\n\n  # c\ndef f(a, a): pass\n",
            "a",
            (6, 1),
            (6, 10),
        ),
    ];
    for (source, name, old, new) in cases {
        for version in PyVersion::ALL {
            let compiled = compile(source, version);
            assert!(compiled.code.is_none(), "{version:?} {source:?}");
            let first = &compiled.diagnostics[0];
            assert_eq!(first.kind, DiagnosticKind::Syntax);
            assert_eq!(
                first.message,
                format!("duplicate argument '{name}' in function definition")
            );
            let expected = if version.bytecode() < PyVersion::Py310 {
                old
            } else {
                new
            };
            assert_eq!(
                (first.start.line, first.start.column),
                expected,
                "{version:?} {source:?}"
            );
        }
    }
}
