//! The modules a program names: in its `import` statements (anywhere, with every package on
//! the way to a submodule, and `a.b` for `from a import b`), in string constants (a module
//! named for `__import__`), and `io` where `open` is called; and the words it uses (names,
//! attributes, imported names), which a package's `__getattr__` may import a module for. The
//! page fetches the library modules among them before a run.

use std::collections::HashSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};

/// What a program names.
#[derive(Debug, Default)]
pub struct Named {
    /// Module names it may import, in the order met (with repeats).
    pub modules: Vec<String>,
    /// Every name, attribute and imported name it uses.
    pub words: HashSet<String>,
    /// Whether string constants and `open` count, not only import statements.
    everything: bool,
}

/// What `source` names. A program that does not parse names what its parsed part names.
pub fn named(source: &str) -> Named {
    scan(source, true)
}

/// The modules `source`'s import statements name.
#[cfg(test)]
pub fn imported(source: &str) -> Vec<String> {
    scan(source, false).modules
}

fn scan(source: &str, everything: bool) -> Named {
    let parsed = ruff_python_parser::parse_unchecked_source(source, ast::PySourceType::Python);
    let mut named = Named {
        everything,
        ..Named::default()
    };
    for stmt in parsed.suite() {
        named.visit_stmt(stmt);
    }
    named
}

impl Named {
    /// `a.b.c` and the packages on the way to it.
    fn dotted(&mut self, module: &str) {
        for (at, _) in module.match_indices('.') {
            self.modules.push(module[..at].to_string());
        }
        self.modules.push(module.to_string());
    }
}

impl<'a> Visitor<'a> for Named {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::Import(import) => {
                for alias in &import.names {
                    self.dotted(alias.name.as_str());
                }
            }
            Stmt::ImportFrom(import) if import.level == 0 => {
                if let Some(module) = &import.module {
                    self.dotted(module.as_str());
                    for alias in &import.names {
                        let name = alias.name.as_str();
                        self.modules.push(format!("{}.{name}", module.as_str()));
                        self.words.insert(name.to_string());
                    }
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            _ if !self.everything => visitor::walk_expr(self, expr),
            Expr::StringLiteral(text) => self.dotted(text.value.to_str()),
            Expr::Name(name) => {
                if name.id.as_str() == "open" {
                    self.modules.push("io".to_string());
                }
                self.words.insert(name.id.to_string());
            }
            Expr::Attribute(attribute) => {
                self.words.insert(attribute.attr.to_string());
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::named;

    #[test]
    fn imports_anywhere_submodules_strings_and_open_are_named() {
        let found = named(
            "import concurrent.futures as cf, queue\n\
             def f():\n    from multiprocessing import pool, Queue\n\
             m = __import__('random')\n\
             with open('x') as fh: pass\n\
             from . import sibling\n\
             cf.ProcessPoolExecutor\n",
        );
        let names = &found.modules;
        for word in ["Queue", "ProcessPoolExecutor", "open", "cf"] {
            assert!(found.words.contains(word), "{word}");
        }
        for name in [
            "concurrent",
            "concurrent.futures",
            "queue",
            "multiprocessing",
            "multiprocessing.pool",
            "multiprocessing.Queue",
            "random",
            "io",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("sibling")), "{names:?}");
    }

    #[test]
    fn a_program_that_does_not_parse_names_what_it_parsed() {
        let found = named("import threading\ndef (:\n");
        assert!(found.modules.contains(&"threading".to_string()));
    }
}
