//! Code generation for expressions, per version (CPython's `compiler_visit_expr1` and friends).

use std::rc::Rc;

use ruff_python_ast::{self as ast, CmpOp, Expr, ExprContext, Operator, UnaryOp};
use ruff_text_size::Ranged;

use crate::bytecode::{CodeKind, Const, Opcode};
use crate::compile::Compiler;
use crate::compile::comprehension::CompKind;
use crate::compile::fold::{FoldedIterable, fold, fold_iterable};
use crate::compile::symtable::{Resolution, ScopeKind};
use crate::compile::unit::{Label, Loc};
use crate::version::PyVersion;

/// What a name access does, for [`Compiler::name_op`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameCtx {
    Load,
    Store,
    Delete,
}

/// CPython's limit on values pushed for one call before it switches to building a tuple.
const STACK_USE_GUIDELINE: usize = 30;

impl Compiler<'_> {
    pub fn v(&self) -> PyVersion {
        self.version
    }

    /// Compiles an expression that leaves one value on the stack.
    pub fn expr(&mut self, expr: &Expr) {
        let saved = self.set_line(expr);
        self.expr_inner(expr);
        self.unit().loc = saved;
    }

    fn expr_inner(&mut self, expr: &Expr) {
        if let Some(constant) = fold(expr) {
            self.unit().load_const(constant);
            return;
        }
        match expr {
            Expr::Name(name) => self.name_op(name.id.as_str(), NameCtx::Load),
            Expr::BinOp(binop) => {
                if let Some(parts) = self.percent_format_parts(binop) {
                    self.format_parts(&parts);
                    return;
                }
                self.expr(&binop.left);
                self.expr(&binop.right);
                self.binary_op(binop.op, false);
            }
            Expr::UnaryOp(unary) => self.unary(unary),
            Expr::BoolOp(boolop) => self.bool_op(boolop),
            Expr::Compare(compare) => self.compare(compare),
            Expr::If(if_expr) => {
                let end = self.unit().new_label();
                let next = self.unit().new_label();
                self.jump_if(&if_expr.test, next, false);
                self.expr(&if_expr.body);
                self.jump_no_interrupt(end);
                self.unit().bind(next);
                self.expr(&if_expr.orelse);
                self.unit().bind(end);
            }
            Expr::Call(call) => self.call(call),
            Expr::Attribute(attr) => match attr.ctx {
                ExprContext::Load if self.can_optimize_super_call(attr) => {
                    self.load_super_attr(attr, false);
                }
                ExprContext::Load => {
                    self.expr(&attr.value);
                    let saved = self.set_attr_line(attr);
                    let index = self.attr_name(attr.attr.as_str());
                    let arg = if self.v() >= PyVersion::Py312 {
                        index << 1
                    } else {
                        index
                    };
                    self.unit().emit(Opcode::LOAD_ATTR, arg);
                    self.unit().loc = saved;
                }
                _ => self.unsupported(attr.range(), "this use of an attribute"),
            },
            Expr::Subscript(subscript) => {
                if self.is_two_part_slice(&subscript.slice) {
                    self.expr(&subscript.value);
                    self.slice_bounds(&subscript.slice);
                    self.unit().emit(Opcode::BINARY_SLICE, 0);
                } else {
                    self.expr(&subscript.value);
                    self.expr(&subscript.slice);
                    self.unit().emit(Opcode::BINARY_SUBSCR, 0);
                }
            }
            Expr::Slice(slice) => {
                let mut count = 2;
                self.optional_expr(slice.lower.as_deref());
                self.optional_expr(slice.upper.as_deref());
                if let Some(step) = &slice.step {
                    self.expr(step);
                    count = 3;
                }
                self.unit().emit(Opcode::BUILD_SLICE, count);
            }
            Expr::Tuple(tuple) => self.starunpack(&tuple.elts, 0, Opcode::BUILD_LIST, true),
            Expr::List(list) => self.starunpack(&list.elts, 0, Opcode::BUILD_LIST, false),
            Expr::Set(set) => self.starunpack(&set.elts, 0, Opcode::BUILD_SET, false),
            Expr::Dict(dict) => self.dict(dict),
            Expr::FString(fstring) => self.fstring(fstring),
            Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_) => {
                self.unsupported(expr.range(), "this literal (complex numbers)")
            }
            Expr::Lambda(lambda) => self.lambda(lambda),
            Expr::ListComp(comp) => {
                self.comprehension(expr, CompKind::List, &comp.generators, &comp.elt, None)
            }
            Expr::SetComp(comp) => {
                self.comprehension(expr, CompKind::Set, &comp.generators, &comp.elt, None)
            }
            Expr::DictComp(comp) => match &comp.key {
                Some(key) => self.comprehension(
                    expr,
                    CompKind::Dict,
                    &comp.generators,
                    key,
                    Some(&comp.value),
                ),
                None => self.unsupported(expr.range(), "dict unpacking in a comprehension"),
            },
            Expr::Generator(comp) => {
                self.comprehension(expr, CompKind::Generator, &comp.generators, &comp.elt, None)
            }
            Expr::Named(named) => {
                self.expr(&named.value);
                self.dup_top();
                match named.target.as_ref() {
                    Expr::Name(target) => self.name_op(target.id.as_str(), NameCtx::Store),
                    other => self.unsupported(other.range(), "this assignment expression target"),
                }
            }
            Expr::Await(_) => self.unsupported(expr.range(), "await expressions"),
            Expr::Yield(yield_expr) => {
                if !self.in_function() {
                    self.syntax_error(expr.range(), "'yield' outside function");
                    return;
                }
                match &yield_expr.value {
                    Some(value) => self.expr(value),
                    None => self.unit().load_const(Const::None),
                }
                self.emit_yield();
            }
            Expr::YieldFrom(yield_from) => {
                if !self.in_function() {
                    self.syntax_error(expr.range(), "'yield' outside function");
                    return;
                }
                self.expr(&yield_from.value);
                self.unit().emit(Opcode::GET_YIELD_FROM_ITER, 0);
                self.unit().load_const(Const::None);
                self.yield_from();
            }
            Expr::Starred(_) => {
                self.syntax_error(expr.range(), "can't use starred expression here")
            }
            Expr::TString(_) => self.unsupported(expr.range(), "template strings"),
            Expr::IpyEscapeCommand(_) => self.unsupported(expr.range(), "IPython escape commands"),
        }
    }

    fn optional_expr(&mut self, expr: Option<&Expr>) {
        match expr {
            Some(expr) => self.expr(expr),
            None => self.unit().load_const(Const::None),
        }
    }

    /// 3.12+: `a[x:y]` (no step) uses `BINARY_SLICE`/`STORE_SLICE`.
    pub fn is_two_part_slice(&self, slice: &Expr) -> bool {
        self.v() >= PyVersion::Py312 && matches!(slice, Expr::Slice(s) if s.step.is_none())
    }

    pub fn slice_bounds(&mut self, slice: &Expr) {
        if let Expr::Slice(slice) = slice {
            self.optional_expr(slice.lower.as_deref());
            self.optional_expr(slice.upper.as_deref());
        }
    }

    /// The `co_names` index of an attribute, mangled inside a class.
    pub fn attr_name(&mut self, attr: &str) -> u32 {
        let mangled = self.mangle(attr);
        self.unit().add_name(&mangled)
    }

    /// CPython's private-name mangling: `__x` inside `class C` is `_C__x`.
    pub fn mangle(&self, name: &str) -> String {
        let Some(private) = self.units.iter().rev().find_map(|u| u.private.clone()) else {
            return name.to_string();
        };
        if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
            return name.to_string();
        }
        let class = private.trim_start_matches('_');
        if class.is_empty() {
            return name.to_string();
        }
        format!("_{class}{name}")
    }

    /// 3.12+ moves an attribute access to the attribute's own line in a multi-line chain.
    fn set_attr_line(&mut self, attr: &ast::ExprAttribute) -> Loc {
        let line = self.line_of(&attr.attr);
        let current = self.unit().loc;
        if current.line.is_some_and(|l| l != line) && self.version >= PyVersion::Py312 {
            let start = attr.attr.range().start().to_u32();
            let end = current.range.map_or(start, |(_, e)| e);
            let loc = Loc {
                line: Some(line),
                range: Some((start, end)),
            };
            return std::mem::replace(&mut self.unit().loc, loc);
        }
        current
    }

    /// Emits the load, store or delete of a name, choosing the opcode from the symbol table.
    pub fn name_op(&mut self, name: &str, ctx: NameCtx) {
        let mangled = self.mangle(name);
        let scope = self.symtable.scope(self.scope_id());
        let kind = scope.kind;
        let resolution = scope.resolve(&mangled);
        let function_like = matches!(
            kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        );
        let v = self.v();
        if self
            .unit()
            .inlined
            .iter()
            .any(|names| names.contains(&mangled))
        {
            let index = self.unit().add_varname(&mangled);
            let op = match ctx {
                NameCtx::Load => Opcode::LOAD_FAST,
                NameCtx::Store => Opcode::STORE_FAST,
                NameCtx::Delete => Opcode::DELETE_FAST,
            };
            self.unit().emit(op, index);
            return;
        }
        match resolution {
            Resolution::Free | Resolution::Cell => {
                let index = self.unit().deref_index(&mangled);
                let op = match ctx {
                    NameCtx::Load if kind == ScopeKind::Class => {
                        if v >= PyVersion::Py312 {
                            self.unit().emit(Opcode::LOAD_LOCALS, 0);
                            Opcode::LOAD_FROM_DICT_OR_DEREF
                        } else {
                            self.unsupported_name(name, "class-level closures");
                            return;
                        }
                    }
                    NameCtx::Load => Opcode::LOAD_DEREF,
                    NameCtx::Store => Opcode::STORE_DEREF,
                    NameCtx::Delete => {
                        self.unsupported_name(name, "deleting a closure variable");
                        return;
                    }
                };
                self.unit().emit(op, index);
            }
            Resolution::Local if function_like => {
                let index = self.unit().add_varname(&mangled);
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_FAST,
                    NameCtx::Store => Opcode::STORE_FAST,
                    NameCtx::Delete => Opcode::DELETE_FAST,
                };
                self.unit().emit(op, index);
            }
            Resolution::GlobalExplicit | Resolution::GlobalImplicit
                if resolution == Resolution::GlobalExplicit || function_like =>
            {
                let index = self.unit().add_name(&mangled);
                let (op, arg) = match ctx {
                    NameCtx::Load if v.is_311_plus() => (Opcode::LOAD_GLOBAL, index << 1),
                    NameCtx::Load => (Opcode::LOAD_GLOBAL, index),
                    NameCtx::Store => (Opcode::STORE_GLOBAL, index),
                    NameCtx::Delete => (Opcode::DELETE_GLOBAL, index),
                };
                self.unit().emit(op, arg);
            }
            _ => {
                let index = self.unit().add_name(&mangled);
                let op = match ctx {
                    NameCtx::Load => Opcode::LOAD_NAME,
                    NameCtx::Store => Opcode::STORE_NAME,
                    NameCtx::Delete => Opcode::DELETE_NAME,
                };
                self.unit().emit(op, index);
            }
        }
    }

    fn unsupported_name(&mut self, name: &str, what: &str) {
        let range = ruff_text_size::TextRange::default();
        let _ = name;
        self.unsupported(range, what);
    }

    /// Emits the operator of `a op b` (or `a op= b` when `inplace`).
    pub fn binary_op(&mut self, op: Operator, inplace: bool) {
        if self.v().is_311_plus() {
            let base = match op {
                Operator::Add => 0,
                Operator::BitAnd => 1,
                Operator::FloorDiv => 2,
                Operator::LShift => 3,
                Operator::MatMult => 4,
                Operator::Mult => 5,
                Operator::Mod => 6,
                Operator::BitOr => 7,
                Operator::Pow => 8,
                Operator::RShift => 9,
                Operator::Sub => 10,
                Operator::Div => 11,
                Operator::BitXor => 12,
            };
            let arg = if inplace { base + 13 } else { base };
            self.unit().emit(Opcode::BINARY_OP, arg);
            return;
        }
        use Opcode::*;
        let opcode = match (op, inplace) {
            (Operator::Add, false) => BINARY_ADD,
            (Operator::Sub, false) => BINARY_SUBTRACT,
            (Operator::Mult, false) => BINARY_MULTIPLY,
            (Operator::Div, false) => BINARY_TRUE_DIVIDE,
            (Operator::FloorDiv, false) => BINARY_FLOOR_DIVIDE,
            (Operator::Mod, false) => BINARY_MODULO,
            (Operator::Pow, false) => BINARY_POWER,
            (Operator::LShift, false) => BINARY_LSHIFT,
            (Operator::RShift, false) => BINARY_RSHIFT,
            (Operator::BitAnd, false) => BINARY_AND,
            (Operator::BitOr, false) => BINARY_OR,
            (Operator::BitXor, false) => BINARY_XOR,
            (Operator::MatMult, false) => BINARY_MATRIX_MULTIPLY,
            (Operator::Add, true) => INPLACE_ADD,
            (Operator::Sub, true) => INPLACE_SUBTRACT,
            (Operator::Mult, true) => INPLACE_MULTIPLY,
            (Operator::Div, true) => INPLACE_TRUE_DIVIDE,
            (Operator::FloorDiv, true) => INPLACE_FLOOR_DIVIDE,
            (Operator::Mod, true) => INPLACE_MODULO,
            (Operator::Pow, true) => INPLACE_POWER,
            (Operator::LShift, true) => INPLACE_LSHIFT,
            (Operator::RShift, true) => INPLACE_RSHIFT,
            (Operator::BitAnd, true) => INPLACE_AND,
            (Operator::BitOr, true) => INPLACE_OR,
            (Operator::BitXor, true) => INPLACE_XOR,
            (Operator::MatMult, true) => INPLACE_MATRIX_MULTIPLY,
        };
        self.unit().emit(opcode, 0);
    }

    fn unary(&mut self, unary: &ast::ExprUnaryOp) {
        if unary.op == UnaryOp::Not
            && let Expr::Compare(compare) = unary.operand.as_ref()
            && compare.ops.len() == 1
            && matches!(
                compare.ops[0],
                CmpOp::Is | CmpOp::IsNot | CmpOp::In | CmpOp::NotIn
            )
        {
            // ast_opt: `not (a is b)` is `a is not b`.
            let inverted = match compare.ops[0] {
                CmpOp::Is => CmpOp::IsNot,
                CmpOp::IsNot => CmpOp::Is,
                CmpOp::In => CmpOp::NotIn,
                _ => CmpOp::In,
            };
            self.expr(&compare.left);
            self.compare_operand(&compare.comparators[0], inverted);
            self.compare_op(inverted);
            return;
        }
        self.expr(&unary.operand);
        match unary.op {
            UnaryOp::Invert => self.unit().emit(Opcode::UNARY_INVERT, 0),
            UnaryOp::USub => self.unit().emit(Opcode::UNARY_NEGATIVE, 0),
            UnaryOp::Not => {
                if self.v() >= PyVersion::Py313 {
                    self.unit().emit(Opcode::TO_BOOL, 0);
                }
                self.unit().emit(Opcode::UNARY_NOT, 0)
            }
            UnaryOp::UAdd => {
                if self.v() >= PyVersion::Py312 {
                    self.unit().emit(Opcode::CALL_INTRINSIC_1, 5);
                } else {
                    self.unit().emit(Opcode::UNARY_POSITIVE, 0);
                }
            }
        }
    }

    /// The right operand of a comparison; a constant list or set after `in` becomes a tuple or
    /// frozenset constant.
    fn compare_operand(&mut self, expr: &Expr, op: CmpOp) {
        if matches!(op, CmpOp::In | CmpOp::NotIn) {
            self.iterable(expr);
        } else {
            self.expr(expr);
        }
    }

    /// An iterable after `for ... in` or `in`: list and set displays are folded first.
    pub fn iterable(&mut self, expr: &Expr) {
        let saved = self.set_line(expr);
        match fold_iterable(expr) {
            Some(FoldedIterable::Const(constant)) => self.unit().load_const(constant),
            Some(FoldedIterable::Tuple(elts)) => self.starunpack(elts, 0, Opcode::BUILD_LIST, true),
            None => self.expr_inner(expr),
        }
        self.unit().loc = saved;
    }

    /// Emits one comparison operator.
    pub fn compare_op(&mut self, op: CmpOp) {
        let (opcode, arg) = match op {
            CmpOp::Lt => (Opcode::COMPARE_OP, 0),
            CmpOp::LtE => (Opcode::COMPARE_OP, 1),
            CmpOp::Eq => (Opcode::COMPARE_OP, 2),
            CmpOp::NotEq => (Opcode::COMPARE_OP, 3),
            CmpOp::Gt => (Opcode::COMPARE_OP, 4),
            CmpOp::GtE => (Opcode::COMPARE_OP, 5),
            CmpOp::Is => (Opcode::IS_OP, 0),
            CmpOp::IsNot => (Opcode::IS_OP, 1),
            CmpOp::In => (Opcode::CONTAINS_OP, 0),
            CmpOp::NotIn => (Opcode::CONTAINS_OP, 1),
        };
        let arg = if opcode == Opcode::COMPARE_OP {
            match self.v() {
                // 3.12 stores the operator in the high bits and a mask of which
                // comparison results branch in the low four.
                PyVersion::Py312 => (arg << 4) | compare_mask(arg),
                PyVersion::Py313 => (arg << 5) | compare_mask(arg),
                _ => arg,
            }
        } else {
            arg
        };
        self.unit().emit(opcode, arg);
    }

    fn compare(&mut self, compare: &ast::ExprCompare) {
        self.expr(&compare.left);
        let count = compare.ops.len();
        if count == 1 {
            self.compare_operand(&compare.comparators[0], compare.ops[0]);
            self.compare_op(compare.ops[0]);
            return;
        }
        let cleanup = self.unit().new_label();
        for i in 0..count - 1 {
            self.compare_operand(&compare.comparators[i], compare.ops[i]);
            self.swap_copy_for_chain();
            self.compare_op(compare.ops[i]);
            self.jump_if_false_or_pop(cleanup);
        }
        self.compare_operand(&compare.comparators[count - 1], compare.ops[count - 1]);
        self.compare_op(compare.ops[count - 1]);
        let end = self.unit().new_label();
        self.jump_no_interrupt(end);
        self.unit().bind(cleanup);
        self.swap(2);
        self.unit().emit(Opcode::POP_TOP, 0);
        self.unit().bind(end);
    }

    /// `DUP_TOP; ROT_THREE` (≤3.10) or `SWAP 2; COPY 2` (3.11+) before a link of a chain.
    fn swap_copy_for_chain(&mut self) {
        if self.v().is_311_plus() {
            self.unit().emit(Opcode::SWAP, 2);
            self.unit().emit(Opcode::COPY, 2);
        } else {
            self.unit().emit(Opcode::DUP_TOP, 0);
            self.unit().emit(Opcode::ROT_THREE, 0);
        }
    }

    /// `ROT_TWO` / `SWAP 2` and friends.
    pub fn swap(&mut self, depth: u32) {
        if self.v().is_311_plus() {
            self.unit().emit(Opcode::SWAP, depth);
            return;
        }
        match depth {
            2 => self.unit().emit(Opcode::ROT_TWO, 0),
            3 => self.unit().emit(Opcode::ROT_THREE, 0),
            4 => self.unit().emit(Opcode::ROT_FOUR, 0),
            n => self.unit().emit(Opcode::ROT_N, n),
        }
    }

    /// `DUP_TOP` / `COPY 1`.
    pub fn dup_top(&mut self) {
        if self.v().is_311_plus() {
            self.unit().emit(Opcode::COPY, 1);
        } else {
            self.unit().emit(Opcode::DUP_TOP, 0);
        }
    }

    /// Keeps the value and jumps if it is false, else pops it and goes on.
    fn jump_if_false_or_pop(&mut self, target: Label) {
        self.keep_and_jump(target, false);
    }

    /// `JUMP_IF_{FALSE,TRUE}_OR_POP` up to 3.11; `COPY 1; [TO_BOOL;] POP_JUMP_IF_x; POP_TOP` from
    /// 3.12.
    fn keep_and_jump(&mut self, target: Label, on_true: bool) {
        if self.v() >= PyVersion::Py312 {
            self.unit().emit(Opcode::COPY, 1);
            if self.v() >= PyVersion::Py313 {
                self.unit().emit(Opcode::TO_BOOL, 0);
            }
            let op = if on_true {
                Opcode::POP_JUMP_IF_TRUE
            } else {
                Opcode::POP_JUMP_IF_FALSE
            };
            self.unit().emit_jump(op, target);
            self.unit().emit(Opcode::POP_TOP, 0);
            return;
        }
        let op = if on_true {
            Opcode::JUMP_IF_TRUE_OR_POP
        } else {
            Opcode::JUMP_IF_FALSE_OR_POP
        };
        self.unit().emit_jump(op, target);
    }

    fn bool_op(&mut self, boolop: &ast::ExprBoolOp) {
        let end = self.unit().new_label();
        let on_true = boolop.op == ast::BoolOp::Or;
        let (last, rest) = boolop
            .values
            .split_last()
            .expect("internal error: a boolean operation has operands");
        for value in rest {
            self.expr(value);
            self.keep_and_jump(end, on_true);
        }
        self.expr(last);
        self.unit().bind(end);
    }

    /// A forward jump that does not check the eval breaker (`JUMP_FORWARD` once assembled).
    pub fn jump_no_interrupt(&mut self, target: Label) {
        let op = if self.v().is_311_plus() {
            Opcode::JUMP_NO_INTERRUPT
        } else {
            Opcode::JUMP_FORWARD
        };
        self.unit().emit_jump(op, target);
    }

    /// An unconditional jump (`JUMP_ABSOLUTE`/`JUMP_FORWARD` or the 3.11+ pseudo `JUMP`).
    pub fn jump(&mut self, target: Label) {
        let op = if self.v().is_311_plus() {
            Opcode::JUMP
        } else {
            Opcode::JUMP_ABSOLUTE
        };
        self.unit().emit_jump(op, target);
    }

    /// Pops a condition and jumps to `target` when its truth equals `on_true`
    /// (CPython's `compiler_jump_if`).
    pub fn jump_if(&mut self, expr: &Expr, target: Label, on_true: bool) {
        let saved = self.set_line(expr);
        self.jump_if_inner(expr, target, on_true);
        self.unit().loc = saved;
    }

    fn jump_if_inner(&mut self, expr: &Expr, target: Label, on_true: bool) {
        match expr {
            Expr::UnaryOp(unary) if unary.op == UnaryOp::Not && fold(expr).is_none() => {
                return self.jump_if(&unary.operand, target, !on_true);
            }
            Expr::BoolOp(boolop) => {
                let is_or = boolop.op == ast::BoolOp::Or;
                let next2 = if is_or != on_true {
                    self.unit().new_label()
                } else {
                    target
                };
                let (last, rest) = boolop
                    .values
                    .split_last()
                    .expect("internal error: a boolean operation has operands");
                for value in rest {
                    self.jump_if(value, next2, is_or);
                }
                self.jump_if(last, target, on_true);
                if next2 != target {
                    self.unit().bind(next2);
                }
                return;
            }
            Expr::If(if_expr) => {
                let end = self.unit().new_label();
                let next2 = self.unit().new_label();
                self.jump_if(&if_expr.test, next2, false);
                self.jump_if(&if_expr.body, target, on_true);
                self.jump_no_interrupt(end);
                self.unit().bind(next2);
                self.jump_if(&if_expr.orelse, target, on_true);
                self.unit().bind(end);
                return;
            }
            Expr::Compare(compare) if compare.ops.len() > 1 => {
                self.expr(&compare.left);
                let count = compare.ops.len();
                let cleanup = self.unit().new_label();
                for i in 0..count - 1 {
                    self.compare_operand(&compare.comparators[i], compare.ops[i]);
                    self.swap_copy_for_chain();
                    self.compare_op(compare.ops[i]);
                    self.emit_to_bool_before_jump();
                    self.pop_jump(cleanup, false);
                }
                self.compare_operand(&compare.comparators[count - 1], compare.ops[count - 1]);
                self.compare_op(compare.ops[count - 1]);
                self.emit_to_bool_before_jump();
                self.pop_jump(target, on_true);
                let end = self.unit().new_label();
                self.jump_no_interrupt(end);
                self.unit().bind(cleanup);
                self.unit().emit(Opcode::POP_TOP, 0);
                if !on_true {
                    self.jump_no_interrupt(target);
                }
                self.unit().bind(end);
                return;
            }
            _ => {}
        }
        self.expr(expr);
        self.emit_to_bool_before_jump();
        self.pop_jump(target, on_true);
    }

    /// 3.13 converts the condition with `TO_BOOL` (merged into `COMPARE_OP` later).
    fn emit_to_bool_before_jump(&mut self) {
        if self.v() >= PyVersion::Py313 {
            self.unit().emit(Opcode::TO_BOOL, 0);
        }
    }

    /// `POP_JUMP_IF_TRUE/FALSE` (directions are fixed at assembly for 3.11).
    pub fn pop_jump(&mut self, target: Label, on_true: bool) {
        let op = if on_true {
            Opcode::POP_JUMP_IF_TRUE
        } else {
            Opcode::POP_JUMP_IF_FALSE
        };
        self.unit().emit_jump(op, target);
    }

    /// Tuple, list and set displays and positional `*args` (CPython's `starunpack_helper`):
    /// `pushed` items are already on the stack; `tuple` asks for a tuple result.
    fn starunpack(&mut self, elts: &[Expr], pushed: u32, build: Opcode, tuple: bool) {
        let v = self.v();
        let (add, extend) = if build == Opcode::BUILD_SET {
            (Opcode::SET_ADD, Opcode::SET_UPDATE)
        } else {
            (Opcode::LIST_APPEND, Opcode::LIST_EXTEND)
        };
        let n = elts.len();
        let constants: Option<Vec<Const>> = if n > 2 {
            elts.iter().map(fold).collect()
        } else {
            None
        };
        if let Some(constants) = constants {
            if tuple && pushed == 0 {
                self.unit().load_const(Const::Tuple(Rc::from(constants)));
                return;
            }
            let folded = if add == Opcode::SET_ADD {
                frozenset(constants)
            } else {
                Const::Tuple(Rc::from(constants))
            };
            self.unit().emit(build, pushed);
            self.unit().load_const(folded);
            self.unit().emit(extend, 1);
            if tuple {
                self.list_to_tuple();
            }
            return;
        }
        let big = v >= PyVersion::Py310 && n + pushed as usize > STACK_USE_GUIDELINE;
        let seen_star = elts.iter().any(|e| matches!(e, Expr::Starred(_)));
        if !seen_star && !big {
            for elt in elts {
                self.expr(elt);
            }
            let op = if tuple { Opcode::BUILD_TUPLE } else { build };
            self.unit().emit(op, n as u32 + pushed);
            return;
        }
        let mut built = false;
        if big {
            self.unit().emit(build, pushed);
            built = true;
        }
        for (i, elt) in elts.iter().enumerate() {
            if let Expr::Starred(starred) = elt {
                if !built {
                    self.unit().emit(build, i as u32 + pushed);
                    built = true;
                }
                self.expr(&starred.value);
                self.unit().emit(extend, 1);
            } else {
                self.expr(elt);
                if built {
                    self.unit().emit(add, 1);
                }
            }
        }
        if tuple {
            self.list_to_tuple();
        }
    }

    fn list_to_tuple(&mut self) {
        if self.v() >= PyVersion::Py312 {
            self.unit().emit(Opcode::CALL_INTRINSIC_1, 6);
        } else {
            self.unit().emit(Opcode::LIST_TO_TUPLE, 0);
        }
    }

    fn dict(&mut self, dict: &ast::ExprDict) {
        if dict.items.iter().any(|item| item.key.is_none()) {
            self.unsupported(dict.range(), "dict unpacking (**) in a display");
            return;
        }
        let count = dict.items.len();
        let keys: Option<Vec<Const>> = dict
            .items
            .iter()
            .map(|item| item.key.as_ref().and_then(fold))
            .collect();
        if count > 1
            && let Some(keys) = keys
        {
            for item in &dict.items {
                self.expr(&item.value);
            }
            self.unit().load_const(Const::Tuple(Rc::from(keys)));
            self.unit().emit(Opcode::BUILD_CONST_KEY_MAP, count as u32);
            return;
        }
        for item in &dict.items {
            if let Some(key) = &item.key {
                self.expr(key);
            }
            self.expr(&item.value);
        }
        self.unit().emit(Opcode::BUILD_MAP, count as u32);
    }

    /// Calls: the per-version calling sequences (`CALL_FUNCTION`/`CALL_METHOD` up to 3.10,
    /// `PUSH_NULL … PRECALL; CALL` in 3.11, `CALL` in 3.12, `CALL`/`CALL_KW` in 3.13).
    fn call(&mut self, call: &ast::ExprCall) {
        if self.method_call(call) {
            return;
        }
        let v = self.v();
        if v.is_311_plus() && v < PyVersion::Py313 {
            self.unit().emit(Opcode::PUSH_NULL, 0);
        }
        self.expr(&call.func);
        if v >= PyVersion::Py313 {
            self.unit().emit(Opcode::PUSH_NULL, 0);
        }
        self.call_args(&call.arguments, 0, call);
    }

    /// `obj.method(args)`: `LOAD_METHOD`/`CALL_METHOD` and their successors.
    fn method_call(&mut self, call: &ast::ExprCall) -> bool {
        let Expr::Attribute(attr) = call.func.as_ref() else {
            return false;
        };
        let args = &call.arguments;
        let v = self.v();
        let has_star = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        if has_star {
            return false;
        }
        if v < PyVersion::Py311 && !args.keywords.is_empty() {
            return false;
        }
        let keyword_slot = usize::from(!args.keywords.is_empty());
        if v >= PyVersion::Py310
            && args.args.len() + args.keywords.len() + keyword_slot >= STACK_USE_GUIDELINE
        {
            return false;
        }
        if v.is_311_plus() && self.is_import_originated(&attr.value) {
            return false;
        }
        if self.can_optimize_super_call(attr) {
            self.load_super_attr(attr, true);
        } else {
            self.expr(&attr.value);
            let saved = self.set_attr_line(attr);
            let index = self.attr_name(attr.attr.as_str());
            if v >= PyVersion::Py312 {
                self.unit().emit(Opcode::LOAD_ATTR, (index << 1) | 1);
            } else {
                self.unit().emit(Opcode::LOAD_METHOD, index);
            }
            self.unit().loc = saved;
        }
        for arg in args.args.iter() {
            self.expr(arg);
        }
        for keyword in args.keywords.iter() {
            self.expr(&keyword.value);
        }
        let count = (args.args.len() + args.keywords.len()) as u32;
        let saved = self.set_attr_line(attr);
        if v < PyVersion::Py311 {
            self.unit().emit(Opcode::CALL_METHOD, count);
        } else {
            self.emit_call(count, &args.keywords);
        }
        self.unit().loc = saved;
        true
    }

    /// 3.12+: `super().name` and `super(C, x).name` load with `LOAD_SUPER_ATTR` instead of
    /// calling `super` (`can_optimize_super_call`).
    fn can_optimize_super_call(&self, attr: &ast::ExprAttribute) -> bool {
        if self.v() < PyVersion::Py312 || attr.attr.as_str() == "__class__" {
            return false;
        }
        let Expr::Call(call) = attr.value.as_ref() else {
            return false;
        };
        let Expr::Name(func) = call.func.as_ref() else {
            return false;
        };
        if func.id.as_str() != "super" || !call.arguments.keywords.is_empty() {
            return false;
        }
        let scope = self.symtable.scope(self.scope_id());
        if scope.resolve("super") != Resolution::GlobalImplicit
            || self
                .symtable
                .scope(self.symtable.module())
                .has_symbol("super")
        {
            return false;
        }
        match call.arguments.args.len() {
            2 => !call
                .arguments
                .args
                .iter()
                .any(|a| matches!(a, Expr::Starred(_))),
            0 => {
                let unit = self
                    .units
                    .last()
                    .expect("internal error: no code unit is open");
                (unit.arg_count > 0 || unit.posonly_arg_count > 0)
                    && scope.resolve("__class__") == Resolution::Free
            }
            _ => false,
        }
    }

    fn load_super_attr(&mut self, attr: &ast::ExprAttribute, method: bool) {
        let Expr::Call(call) = attr.value.as_ref() else {
            return;
        };
        let saved = self.set_line(attr.value.as_ref());
        let saved_func = self.set_line(call.func.as_ref());
        self.name_op("super", NameCtx::Load);
        self.unit().loc = saved_func;
        let two_args = call.arguments.args.len() == 2;
        if two_args {
            self.expr(&call.arguments.args[0]);
            self.expr(&call.arguments.args[1]);
        } else {
            self.name_op("__class__", NameCtx::Load);
            let first = self.units.last().and_then(|u| u.varnames.first().cloned());
            if let Some(first) = first {
                self.name_op(&first, NameCtx::Load);
            }
        }
        self.unit().loc = saved;
        let index = self.attr_name(attr.attr.as_str());
        let arg = (index << 2) | if two_args { 2 } else { 0 } | u32::from(method);
        self.unit().emit(Opcode::LOAD_SUPER_ATTR, arg);
        let saved = self.set_attr_line(attr);
        self.unit().emit(Opcode::NOP, 0);
        self.unit().loc = saved;
    }

    /// A name bound by an import in the module scope (3.11+ calls its attributes without
    /// `LOAD_METHOD`).
    fn is_import_originated(&mut self, expr: &Expr) -> bool {
        let Expr::Name(name) = expr else {
            return false;
        };
        let name = name.id.as_str();
        // 3.13 compiles a module-level inlined comprehension with the module's symbols
        // temporarily replaced by the comprehension's for names whose scope differs there
        // (all it does not bind), and those carry no import flag.
        let v = self.v();
        let unit = self.unit();
        if v >= PyVersion::Py313
            && unit.kind == CodeKind::Module
            && !unit.inlined.is_empty()
            && !unit
                .inlined
                .iter()
                .any(|bound| bound.iter().any(|b| b == name))
        {
            return false;
        }
        self.symtable.scope(self.symtable.module()).is_import(name)
    }

    /// Pushes the arguments and emits the call, for a callable already on the stack.
    pub fn call_args(&mut self, args: &ast::Arguments, extra_positional: u32, at: &impl Ranged) {
        let v = self.v();
        let has_star = args.args.iter().any(|a| matches!(a, Expr::Starred(_)))
            || args.keywords.iter().any(|k| k.arg.is_none());
        let too_many = v >= PyVersion::Py310
            && args.args.len() + args.keywords.len() + usize::from(!args.keywords.is_empty())
                >= STACK_USE_GUIDELINE;
        if has_star || too_many {
            self.call_ex(args, extra_positional);
            return;
        }
        for arg in args.args.iter() {
            self.expr(arg);
        }
        for keyword in args.keywords.iter() {
            self.expr(&keyword.value);
        }
        let count = args.args.len() as u32 + args.keywords.len() as u32 + extra_positional;
        let saved = self.set_line(at);
        if v.is_311_plus() {
            self.emit_call(count, &args.keywords);
        } else if args.keywords.is_empty() {
            self.unit().emit(Opcode::CALL_FUNCTION, count);
        } else {
            let names = self.keyword_names_const(&args.keywords);
            self.unit().emit(Opcode::LOAD_CONST, names);
            self.unit().emit(Opcode::CALL_FUNCTION_KW, count);
        }
        self.unit().loc = saved;
    }

    fn keyword_names_const(&mut self, keywords: &[ast::Keyword]) -> u32 {
        let names = Const::str_tuple(
            keywords
                .iter()
                .map(|k| k.arg.as_ref().map(|a| a.as_str()).unwrap_or_default()),
        );
        self.unit().add_const(names)
    }

    /// 3.11+: `[KW_NAMES] PRECALL n; CALL n` (3.11), `[KW_NAMES] CALL n` (3.12),
    /// `[LOAD_CONST names; CALL_KW n] | CALL n` (3.13).
    pub fn emit_call(&mut self, count: u32, keywords: &[ast::Keyword]) {
        let v = self.v();
        if !keywords.is_empty() {
            let names = self.keyword_names_const(keywords);
            if v >= PyVersion::Py313 {
                self.unit().emit(Opcode::LOAD_CONST, names);
                self.unit().emit(Opcode::CALL_KW, count);
                return;
            }
            self.unit().emit(Opcode::KW_NAMES, names);
        }
        if v == PyVersion::Py311 {
            self.unit().emit(Opcode::PRECALL, count);
        }
        self.unit().emit(Opcode::CALL, count);
    }

    /// `f(*args, **kwargs)`: `CALL_FUNCTION_EX`. `extra_positional` values (a class's
    /// function and name) are already on the stack.
    fn call_ex(&mut self, args: &ast::Arguments, extra_positional: u32) {
        let only_starred = extra_positional == 0
            && args.args.len() == 1
            && matches!(args.args[0], Expr::Starred(_));
        if only_starred {
            if let Expr::Starred(starred) = &args.args[0] {
                self.expr(&starred.value);
            }
        } else {
            self.starunpack(&args.args, extra_positional, Opcode::BUILD_LIST, true);
        }
        let has_kwargs = !args.keywords.is_empty();
        if has_kwargs {
            let mut pending = 0;
            let mut built = false;
            for keyword in args.keywords.iter() {
                match &keyword.arg {
                    Some(name) => {
                        self.unit().load_const(Const::str(name.as_str()));
                        self.expr(&keyword.value);
                        pending += 1;
                    }
                    None => {
                        if pending > 0 || !built {
                            self.unit().emit(Opcode::BUILD_MAP, pending);
                            if built {
                                self.unit().emit(Opcode::DICT_MERGE, 1);
                            }
                            built = true;
                            pending = 0;
                        }
                        self.expr(&keyword.value);
                        self.unit().emit(Opcode::DICT_MERGE, 1);
                    }
                }
            }
            if pending > 0 {
                self.unit().emit(Opcode::BUILD_MAP, pending);
                if built {
                    self.unit().emit(Opcode::DICT_MERGE, 1);
                }
            }
        }
        self.unit()
            .emit(Opcode::CALL_FUNCTION_EX, u32::from(has_kwargs));
    }

    fn fstring(&mut self, fstring: &ast::ExprFString) {
        let mut parts: Vec<FormatPart<'_>> = Vec::new();
        for part in fstring.value.iter() {
            match part {
                ast::FStringPart::Literal(literal) => {
                    push_literal(&mut parts, literal.value.as_ref());
                }
                ast::FStringPart::FString(inner) => {
                    for element in inner.elements.iter() {
                        match element {
                            ast::InterpolatedStringElement::Literal(literal) => {
                                push_literal(&mut parts, &literal.value);
                            }
                            ast::InterpolatedStringElement::Interpolation(field) => {
                                if let Some(debug) = &field.debug_text {
                                    push_literal(&mut parts, debug.as_str());
                                }
                                parts.push(FormatPart::Field(field));
                            }
                        }
                    }
                }
            }
        }
        self.format_parts(&parts);
    }

    /// Emits an f-string (or a `%`-format rewritten as one) from its parts.
    fn format_parts(&mut self, parts: &[FormatPart<'_>]) {
        if parts.is_empty() {
            self.unit().load_const(Const::str(""));
            return;
        }
        for part in parts {
            match part {
                FormatPart::Literal(text) => self.unit().load_const(Const::str(text)),
                FormatPart::Field(field) => self.format_field(field),
                FormatPart::Percent { value, conversion } => {
                    self.expr(value);
                    if self.v() >= PyVersion::Py313 {
                        self.unit().emit(Opcode::CONVERT_VALUE, *conversion);
                    }
                    self.format_value(*conversion, false);
                }
            }
        }
        if parts.len() > 1 {
            self.unit().emit(Opcode::BUILD_STRING, parts.len() as u32);
        }
    }

    fn format_field(&mut self, field: &ast::InterpolatedElement) {
        self.expr(&field.expression);
        let conversion = match field.conversion {
            ast::ConversionFlag::None => {
                if field.debug_text.is_some() && field.format_spec.is_none() {
                    2
                } else {
                    0
                }
            }
            ast::ConversionFlag::Str => 1,
            ast::ConversionFlag::Repr => 2,
            ast::ConversionFlag::Ascii => 3,
        };
        let has_spec = field.format_spec.is_some();
        if self.v() >= PyVersion::Py313 && conversion != 0 {
            self.unit().emit(Opcode::CONVERT_VALUE, conversion);
        }
        if let Some(spec) = &field.format_spec {
            let mut parts: Vec<FormatPart<'_>> = Vec::new();
            for element in spec.elements.iter() {
                match element {
                    ast::InterpolatedStringElement::Literal(literal) => {
                        push_literal(&mut parts, &literal.value)
                    }
                    ast::InterpolatedStringElement::Interpolation(inner) => {
                        parts.push(FormatPart::Field(inner))
                    }
                }
            }
            // 3.12's parser ends a format spec that ends in a field with an empty literal.
            if self.v() == PyVersion::Py312 && matches!(parts.last(), Some(FormatPart::Field(_))) {
                parts.push(FormatPart::Literal(String::new()));
            }
            self.format_parts(&parts);
        }
        self.format_value(conversion, has_spec);
    }

    /// `FORMAT_VALUE flags` up to 3.12; `[CONVERT_VALUE] FORMAT_SIMPLE | FORMAT_WITH_SPEC` in 3.13
    /// (the conversion was already emitted).
    fn format_value(&mut self, conversion: u32, has_spec: bool) {
        if self.v() >= PyVersion::Py313 {
            let op = if has_spec {
                Opcode::FORMAT_WITH_SPEC
            } else {
                Opcode::FORMAT_SIMPLE
            };
            self.unit().emit(op, 0);
            return;
        }
        let arg = conversion | if has_spec { 4 } else { 0 };
        self.unit().emit(Opcode::FORMAT_VALUE, arg);
    }

    /// 3.11+ (`ast_opt.c`, `optimize_format`): `'%s-%r' % (a, b)` with only `%s`, `%r`, `%a` and
    /// a tuple of plain values compiles as an f-string.
    fn percent_format_parts<'e>(&self, binop: &'e ast::ExprBinOp) -> Option<Vec<FormatPart<'e>>> {
        if !self.v().is_311_plus() || binop.op != Operator::Mod {
            return None;
        }
        let Expr::StringLiteral(format) = binop.left.as_ref() else {
            return None;
        };
        let Expr::Tuple(args) = binop.right.as_ref() else {
            return None;
        };
        if args.elts.iter().any(|e| matches!(e, Expr::Starred(_))) {
            return None;
        }
        let text = format.value.to_str();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut values = args.elts.iter();
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            if ch != '%' {
                literal.push(ch);
                continue;
            }
            match chars.next()? {
                '%' => literal.push('%'),
                code @ ('s' | 'r' | 'a') => {
                    if !literal.is_empty() {
                        parts.push(FormatPart::Literal(std::mem::take(&mut literal)));
                    }
                    let conversion = match code {
                        's' => 1,
                        'r' => 2,
                        _ => 3,
                    };
                    parts.push(FormatPart::Percent {
                        value: values.next()?,
                        conversion,
                    });
                }
                _ => return None,
            }
        }
        if values.next().is_some() {
            return None;
        }
        if !literal.is_empty() {
            parts.push(FormatPart::Literal(literal));
        }
        Some(parts)
    }
}

/// One piece of an f-string being compiled.
pub enum FormatPart<'e> {
    Literal(String),
    Field(&'e ast::InterpolatedElement),
    /// A `%s`/`%r`/`%a` of an optimised `%`-format.
    Percent {
        value: &'e Expr,
        conversion: u32,
    },
}

fn push_literal(parts: &mut Vec<FormatPart<'_>>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(FormatPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
        return;
    }
    parts.push(FormatPart::Literal(text.to_string()));
}

fn frozenset(items: Vec<Const>) -> Const {
    let mut unique: Vec<Const> = Vec::new();
    for item in items {
        if !unique.iter().any(|u| u.same_constant(&item)) {
            unique.push(item);
        }
    }
    Const::FrozenSet(Rc::from(unique))
}

/// 3.12+ `COMPARE_OP` low bits: which of (<, >, ==) make the comparison true.
fn compare_mask(op: u32) -> u32 {
    const LT: u32 = 2;
    const GT: u32 = 4;
    const EQ: u32 = 8;
    match op {
        0 => LT,
        1 => LT | EQ,
        2 => EQ,
        3 => 1 | LT | GT,
        4 => GT,
        _ => GT | EQ,
    }
}
