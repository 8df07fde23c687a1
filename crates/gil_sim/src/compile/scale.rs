//! A copy of a program with its loop counts scaled down, for exploring every schedule: the
//! integer literals and powers (`10**6`) in `range(...)` calls, and in the assignments of the
//! names those calls use, become 3. A program of two threads adding a million times shows the
//! same interleavings adding three times, and three are few enough to explore.

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextRange};

/// The count a scaled-down loop runs.
const SCALED: &str = "3";

/// Counts above this are scaled down.
const SMALL: i64 = 3;

/// What the program's `range(...)` calls count with.
#[derive(Default)]
struct Counts {
    /// Whether the walk is inside a `range(...)` call's arguments.
    in_range: bool,
    /// Names used inside `range(...)` arguments.
    names: Vec<String>,
    /// Big counts written inside `range(...)` arguments.
    literals: Vec<TextRange>,
}

/// A big count: an int literal above [`SMALL`], or a power of two int literals (`10**6`).
fn big_count(expr: &Expr) -> bool {
    match expr {
        Expr::NumberLiteral(number) => number
            .value
            .as_int()
            .is_some_and(|int| int.as_i64().is_none_or(|n| n > SMALL)),
        Expr::BinOp(power) => {
            power.op == Operator::Pow
                && matches!(&*power.left, Expr::NumberLiteral(_))
                && matches!(&*power.right, Expr::NumberLiteral(_))
        }
        _ => false,
    }
}

impl<'a> Visitor<'a> for Counts {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if self.in_range && big_count(expr) {
            self.literals.push(expr.range());
            return;
        }
        match expr {
            Expr::Name(name) if self.in_range => self.names.push(name.id.to_string()),
            Expr::Call(call) if matches!(&*call.func, Expr::Name(f) if f.id.as_str() == "range") => {
                let outer = std::mem::replace(&mut self.in_range, true);
                for arg in &call.arguments.args {
                    self.visit_expr(arg);
                }
                self.in_range = outer;
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// Big counts assigned to `names` (`total_iterations = 10**6`), anywhere in the program.
struct Assigned<'n> {
    names: &'n [String],
    values: Vec<TextRange>,
}

impl<'a> Visitor<'a> for Assigned<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if let Stmt::Assign(assign) = stmt
            && big_count(&assign.value)
            && assign.targets.iter().any(
                |t| matches!(t, Expr::Name(n) if self.names.iter().any(|m| m == n.id.as_str())),
            )
        {
            self.values.push(assign.value.range());
        }
        visitor::walk_stmt(self, stmt);
    }
}

/// `source` with its loop counts scaled down to 3, or `None` when it has none above 3 (or
/// does not parse).
pub fn scaled_down(source: &str) -> Option<String> {
    let parsed = ruff_python_parser::parse_module(source).ok()?;
    let mut counts = Counts::default();
    for stmt in parsed.suite() {
        counts.visit_stmt(stmt);
    }
    let mut assigned = Assigned {
        names: &counts.names,
        values: Vec::new(),
    };
    for stmt in parsed.suite() {
        assigned.visit_stmt(stmt);
    }
    let mut ranges = counts.literals;
    ranges.extend(assigned.values);
    if ranges.is_empty() {
        return None;
    }
    crate::small_sort::sort_by_key(&mut ranges, |r| r.start());
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for range in ranges {
        let (start, end) = (range.start().to_usize(), range.end().to_usize());
        if start < at {
            continue;
        }
        out.push_str(&source[at..start]);
        out.push_str(SCALED);
        at = end;
    }
    out.push_str(&source[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loop_counts_become_three_and_nothing_else_changes() {
        let source = "import threading\ntotal = 10**6\nN = 5\nbalance = 1000\ndef work():\n    for _ in range(total // N):\n        pass\n    for i in range(2, 1_000_000, 2):\n        pass\n";
        assert_eq!(
            scaled_down(source).as_deref(),
            Some(
                "import threading\ntotal = 3\nN = 3\nbalance = 1000\ndef work():\n    for _ in range(total // N):\n        pass\n    for i in range(2, 3, 2):\n        pass\n"
            )
        );
        assert_eq!(scaled_down("for i in range(3):\n    pass\n"), None);
        assert_eq!(scaled_down("def f(:\n"), None);
    }
}
