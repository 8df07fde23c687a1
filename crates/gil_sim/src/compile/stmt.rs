//! Code generation for statements, per version (CPython's `compiler_visit_stmt` and friends).

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use crate::bytecode::{CodeKind, Const, Opcode};
use crate::compile::Compiler;
use crate::compile::expr::NameCtx;
use crate::compile::fold::fold;
use crate::compile::symtable::ScopeKind;
use crate::compile::unit::{FrameBlock, Label, Loc, Unit};
use crate::version::PyVersion;

impl<'src> Compiler<'src> {
    /// The module's statements, with the docstring and `SETUP_ANNOTATIONS` prologue.
    pub fn module_body(&mut self, body: &'src [Stmt]) {
        if self.v().is_311_plus() {
            self.unit().loc = Loc::line(0);
            self.unit().emit(Opcode::RESUME, 0);
        }
        if let Some(first) = body.first() {
            self.set_line(first);
        }
        self.body_with_docstring(body);
        self.implicit_return();
    }

    /// `compiler_body`: `SETUP_ANNOTATIONS` if needed, `__doc__`, then the statements.
    fn body_with_docstring(&mut self, body: &'src [Stmt]) {
        if find_annotations(body) {
            self.unit().emit(Opcode::SETUP_ANNOTATIONS, 0);
        }
        let mut rest = body;
        if let Some((doc, tail)) = docstring(body) {
            let first = &body[0];
            self.set_line(first);
            self.unit().load_const(Const::str(&doc));
            self.name_op("__doc__", NameCtx::Store);
            rest = tail;
        }
        for stmt in rest {
            self.stmt(stmt);
        }
    }

    /// The `return None` that ends every code object that can fall off its end.
    pub fn implicit_return(&mut self) {
        let v = self.v();
        if v == PyVersion::Py39 {
            // 3.9 adds the return only if the current block has none yet.
            let unit = self.unit();
            let block_start = unit.labels.iter().flatten().copied().max().unwrap_or(0);
            let returns = unit.instrs[block_start.min(unit.instrs.len())..]
                .iter()
                .any(|i| i.op == Opcode::RETURN_VALUE);
            if returns {
                return;
            }
        }
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.unit().load_const(Const::None);
        self.unit().emit(Opcode::RETURN_VALUE, 0);
    }

    /// Compiles one statement.
    pub fn stmt(&mut self, stmt: &'src Stmt) {
        // A decorated definition's line is its `def`/`class` line, not the decorator's.
        match stmt {
            Stmt::FunctionDef(def) => self.set_line(&def.name),
            Stmt::ClassDef(class) => self.set_line(&class.name),
            _ => self.set_line(stmt),
        };
        match stmt {
            Stmt::Expr(expr_stmt) => {
                if is_constant_expr(&expr_stmt.value) {
                    if self.v() >= PyVersion::Py310 {
                        self.unit().emit(Opcode::NOP, 0);
                    }
                    return;
                }
                self.expr(&expr_stmt.value);
                self.unit().emit(Opcode::POP_TOP, 0);
            }
            Stmt::Pass(_) => {
                if self.v() >= PyVersion::Py310 {
                    self.unit().emit(Opcode::NOP, 0);
                }
            }
            Stmt::Assign(assign) => {
                self.expr(&assign.value);
                let count = assign.targets.len();
                for (i, target) in assign.targets.iter().enumerate() {
                    if i + 1 < count {
                        self.dup_top();
                    }
                    self.store_target(target);
                }
            }
            Stmt::AugAssign(aug) => self.aug_assign(aug),
            Stmt::AnnAssign(ann) => self.ann_assign(ann),
            Stmt::If(if_stmt) => {
                self.if_stmt(&if_stmt.test, &if_stmt.body, &if_stmt.elif_else_clauses)
            }
            Stmt::While(while_stmt) => self.while_stmt(while_stmt),
            Stmt::For(for_stmt) => {
                if for_stmt.is_async {
                    self.unsupported(for_stmt.range(), "async for loops");
                    return;
                }
                self.for_stmt(for_stmt);
            }
            Stmt::Break(brk) => self.break_stmt(brk.range()),
            Stmt::Continue(cont) => self.continue_stmt(cont.range()),
            Stmt::Return(ret) => self.return_stmt(ret),
            Stmt::FunctionDef(def) => {
                if def.is_async {
                    self.unsupported(def.range(), "async functions");
                    return;
                }
                self.function_def(def);
            }
            Stmt::ClassDef(class) => self.class_def(class),
            Stmt::Import(import) => self.import(import),
            Stmt::ImportFrom(import) => self.import_from(import),
            Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    self.delete_target(target);
                }
            }
            Stmt::Raise(raise) => {
                let mut count = 0;
                if let Some(exc) = &raise.exc {
                    self.expr(exc);
                    count = 1;
                    if let Some(cause) = &raise.cause {
                        self.expr(cause);
                        count = 2;
                    }
                }
                self.unit().emit(Opcode::RAISE_VARARGS, count);
            }
            Stmt::Try(try_stmt) => {
                if try_stmt.is_star {
                    self.unsupported(try_stmt.range(), "except* clauses");
                    return;
                }
                if try_stmt.finalbody.is_empty() {
                    self.try_except(try_stmt);
                } else {
                    self.try_finally(try_stmt);
                }
            }
            Stmt::With(with) => {
                if with.is_async {
                    self.unsupported(with.range(), "async with statements");
                    return;
                }
                self.with_stmt(with, 0);
            }
            Stmt::Assert(assert) => self.assert_stmt(assert),
            Stmt::Match(m) => self.unsupported(m.range(), "match statements"),
            Stmt::TypeAlias(t) => self.unsupported(t.range(), "type aliases"),
            Stmt::IpyEscapeCommand(c) => self.unsupported(c.range(), "IPython escape commands"),
        }
    }

    fn stmts(&mut self, body: &'src [Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    /// Stores the value on top of the stack into an assignment target.
    pub fn store_target(&mut self, target: &Expr) {
        let saved = self.set_line(target);
        match target {
            Expr::Name(name) => self.name_op(name.id.as_str(), NameCtx::Store),
            Expr::Attribute(attr) => {
                self.expr(&attr.value);
                let index = self.attr_name(attr.attr.as_str());
                self.unit().emit(Opcode::STORE_ATTR, index);
            }
            Expr::Subscript(subscript) => {
                if self.is_two_part_slice(&subscript.slice) {
                    self.expr(&subscript.value);
                    self.slice_bounds(&subscript.slice);
                    self.unit().emit(Opcode::STORE_SLICE, 0);
                } else {
                    self.expr(&subscript.value);
                    self.expr(&subscript.slice);
                    self.unit().emit(Opcode::STORE_SUBSCR, 0);
                }
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                self.unpack(elts, target.range());
            }
            Expr::Starred(starred) => self.syntax_error(
                starred.range(),
                "starred assignment target must be in a list or tuple",
            ),
            other => self.syntax_error(other.range(), "cannot assign to this expression"),
        }
        self.unit().loc = saved;
    }

    fn unpack(&mut self, elts: &[Expr], range: TextRange) {
        let starred: Vec<usize> = elts
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e, Expr::Starred(_)))
            .map(|(i, _)| i)
            .collect();
        match starred.as_slice() {
            [] => self.unit().emit(Opcode::UNPACK_SEQUENCE, elts.len() as u32),
            [index] => {
                let after = elts.len() - index - 1;
                self.unit()
                    .emit(Opcode::UNPACK_EX, (*index as u32) | ((after as u32) << 8));
            }
            _ => {
                self.syntax_error(range, "multiple starred expressions in assignment");
                return;
            }
        }
        for elt in elts {
            match elt {
                Expr::Starred(starred) => self.store_target(&starred.value),
                other => self.store_target(other),
            }
        }
    }

    fn delete_target(&mut self, target: &Expr) {
        let saved = self.set_line(target);
        match target {
            Expr::Name(name) => self.name_op(name.id.as_str(), NameCtx::Delete),
            Expr::Attribute(attr) => {
                self.expr(&attr.value);
                let index = self.attr_name(attr.attr.as_str());
                self.unit().emit(Opcode::DELETE_ATTR, index);
            }
            Expr::Subscript(subscript) => {
                self.expr(&subscript.value);
                self.expr(&subscript.slice);
                self.unit().emit(Opcode::DELETE_SUBSCR, 0);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                for elt in elts {
                    self.delete_target(elt);
                }
            }
            other => self.syntax_error(other.range(), "cannot delete this expression"),
        }
        self.unit().loc = saved;
    }

    fn aug_assign(&mut self, aug: &ast::StmtAugAssign) {
        match aug.target.as_ref() {
            Expr::Name(name) => {
                let saved = self.set_line(aug.target.as_ref());
                self.name_op(name.id.as_str(), NameCtx::Load);
                self.unit().loc = saved;
                self.expr(&aug.value);
                self.binary_op(aug.op, true);
                let saved = self.set_line(aug.target.as_ref());
                self.name_op(name.id.as_str(), NameCtx::Store);
                self.unit().loc = saved;
            }
            Expr::Attribute(attr) => {
                let saved = self.set_line(aug.target.as_ref());
                self.expr(&attr.value);
                self.dup_top();
                let index = self.attr_name(attr.attr.as_str());
                let arg = if self.v() >= PyVersion::Py312 {
                    index << 1
                } else {
                    index
                };
                self.unit().emit(Opcode::LOAD_ATTR, arg);
                self.unit().loc = saved;
                self.expr(&aug.value);
                self.binary_op(aug.op, true);
                let saved = self.set_line(aug.target.as_ref());
                self.swap(2);
                self.unit().emit(Opcode::STORE_ATTR, index);
                self.unit().loc = saved;
            }
            Expr::Subscript(subscript) => {
                let saved = self.set_line(aug.target.as_ref());
                self.expr(&subscript.value);
                self.expr(&subscript.slice);
                if self.v().is_311_plus() {
                    self.unit().emit(Opcode::COPY, 2);
                    self.unit().emit(Opcode::COPY, 2);
                } else {
                    self.unit().emit(Opcode::DUP_TOP_TWO, 0);
                }
                self.unit().emit(Opcode::BINARY_SUBSCR, 0);
                self.unit().loc = saved;
                self.expr(&aug.value);
                self.binary_op(aug.op, true);
                let saved = self.set_line(aug.target.as_ref());
                if self.v().is_311_plus() {
                    self.unit().emit(Opcode::SWAP, 3);
                    self.unit().emit(Opcode::SWAP, 2);
                } else {
                    self.unit().emit(Opcode::ROT_THREE, 0);
                }
                self.unit().emit(Opcode::STORE_SUBSCR, 0);
                self.unit().loc = saved;
            }
            other => {
                self.syntax_error(other.range(), "illegal expression for augmented assignment")
            }
        }
    }

    fn ann_assign(&mut self, ann: &ast::StmtAnnAssign) {
        if let Some(value) = &ann.value {
            self.expr(value);
            self.store_target(&ann.target);
        }
        let kind = self.symtable.scope(self.scope_id()).kind;
        match ann.target.as_ref() {
            Expr::Name(name) if ann.simple => {
                if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
                    self.expr(&ann.annotation);
                    self.name_op("__annotations__", NameCtx::Load);
                    let mangled = self.mangle(name.id.as_str());
                    self.unit().load_const(Const::str(&mangled));
                    self.unit().emit(Opcode::STORE_SUBSCR, 0);
                }
            }
            Expr::Attribute(attr) => {
                if ann.value.is_none() {
                    self.expr(&attr.value);
                    self.unit().emit(Opcode::POP_TOP, 0);
                }
                if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
                    self.annotation_check(&ann.annotation);
                }
            }
            Expr::Subscript(subscript) => {
                if ann.value.is_none() {
                    self.expr(&subscript.value);
                    self.unit().emit(Opcode::POP_TOP, 0);
                    self.expr(&subscript.slice);
                    self.unit().emit(Opcode::POP_TOP, 0);
                }
                if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
                    self.annotation_check(&ann.annotation);
                }
            }
            _ => {
                if matches!(kind, ScopeKind::Module | ScopeKind::Class) {
                    self.annotation_check(&ann.annotation);
                }
            }
        }
    }

    /// Annotations of complex targets are evaluated and dropped (`check_annotation`).
    fn annotation_check(&mut self, annotation: &Expr) {
        self.expr(annotation);
        self.unit().emit(Opcode::POP_TOP, 0);
    }

    fn if_stmt(&mut self, test: &Expr, body: &'src [Stmt], clauses: &'src [ast::ElifElseClause]) {
        let v = self.v();
        if v == PyVersion::Py39
            && let Some(constant) = fold(test)
        {
            // 3.9 drops the branch that a constant test never takes (but still walks it, which
            // moves the current line).
            if constant.is_truthy() {
                self.stmts(body);
                self.unit().suppress += 1;
                self.else_clauses(clauses);
                self.unit().suppress -= 1;
            } else {
                self.unit().suppress += 1;
                self.stmts(body);
                self.unit().suppress -= 1;
                self.else_clauses(clauses);
            }
            return;
        }
        let end = self.unit().new_label();
        let next = if clauses.is_empty() {
            end
        } else {
            self.unit().new_label()
        };
        self.jump_if(test, next, false);
        self.stmts(body);
        if !clauses.is_empty() {
            if v >= PyVersion::Py310 {
                self.unit().loc = Loc::NONE;
            }
            if v >= PyVersion::Py313 {
                self.unit().emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
            } else if v.is_311_plus() {
                self.unit().emit_jump(Opcode::JUMP, end);
            } else {
                self.unit().emit_jump(Opcode::JUMP_FORWARD, end);
            }
            self.unit().bind(next);
            self.else_clauses(clauses);
        }
        self.unit().bind(end);
    }

    /// `elif` clauses compile as a nested `if` in the `else` branch, as in CPython's AST.
    fn else_clauses(&mut self, clauses: &'src [ast::ElifElseClause]) {
        let Some((first, rest)) = clauses.split_first() else {
            return;
        };
        match &first.test {
            Some(test) => {
                self.set_line(first);
                self.if_stmt(test, &first.body, rest);
            }
            None => self.stmts(&first.body),
        }
    }

    fn while_stmt(&mut self, while_stmt: &'src ast::StmtWhile) {
        let v = self.v();
        let loop_label = self.unit().new_label();
        let end = self.unit().new_label();
        let anchor = self.unit().new_label();
        if v == PyVersion::Py39 {
            let constant = fold(&while_stmt.test).map(|c| c.is_truthy());
            if constant == Some(false) {
                self.unit().suppress += 1;
                self.stmts(&while_stmt.body);
                self.unit().suppress -= 1;
                self.stmts(&while_stmt.orelse);
                return;
            }
            self.unit().bind(loop_label);
            self.unit().fblocks.push(FrameBlock::WhileLoop {
                top: loop_label,
                exit: end,
            });
            if constant.is_none() {
                self.jump_if(&while_stmt.test, anchor, false);
            }
            self.stmts(&while_stmt.body);
            self.unit().emit_jump(Opcode::JUMP_ABSOLUTE, loop_label);
            self.unit().bind(anchor);
            self.unit().fblocks.pop();
            self.stmts(&while_stmt.orelse);
            self.unit().bind(end);
            return;
        }
        let body = self.unit().new_label();
        self.unit().bind(loop_label);
        self.unit().fblocks.push(FrameBlock::WhileLoop {
            top: loop_label,
            exit: end,
        });
        self.jump_if(&while_stmt.test, anchor, false);
        self.unit().bind(body);
        self.stmts(&while_stmt.body);
        self.set_line(while_stmt);
        self.jump_if(&while_stmt.test, body, true);
        self.unit().fblocks.pop();
        self.unit().bind(anchor);
        self.stmts(&while_stmt.orelse);
        self.unit().bind(end);
    }

    fn for_stmt(&mut self, for_stmt: &'src ast::StmtFor) {
        let v = self.v();
        let start = self.unit().new_label();
        let body = self.unit().new_label();
        let cleanup = self.unit().new_label();
        let end = self.unit().new_label();
        self.unit().fblocks.push(FrameBlock::ForLoop {
            top: start,
            exit: end,
        });
        self.iterable(&for_stmt.iter);
        self.unit().emit(Opcode::GET_ITER, 0);
        self.unit().bind(start);
        self.unit().emit_jump(Opcode::FOR_ITER, cleanup);
        self.unit().bind(body);
        self.store_target(&for_stmt.target);
        self.stmts(&for_stmt.body);
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.jump(start);
        self.unit().bind(cleanup);
        if v >= PyVersion::Py312 {
            self.set_line(for_stmt);
            self.unit().emit(Opcode::END_FOR, 0);
            if v >= PyVersion::Py313 {
                self.unit().emit(Opcode::POP_TOP, 0);
            }
        }
        self.unit().fblocks.pop();
        self.stmts(&for_stmt.orelse);
        self.unit().bind(end);
    }

    fn break_stmt(&mut self, range: TextRange) {
        if self.v() >= PyVersion::Py310 {
            self.unit().emit(Opcode::NOP, 0);
        }
        let Some(depth) = self.innermost_loop() else {
            self.syntax_error(range, "'break' outside loop");
            return;
        };
        self.unwind_fblocks(depth + 1, false);
        let block = self.unit().fblocks[depth].clone();
        self.unwind_fblock(&block, false);
        let exit = match block {
            FrameBlock::WhileLoop { exit, .. } | FrameBlock::ForLoop { exit, .. } => exit,
            _ => unreachable!("internal error: innermost loop is not a loop"),
        };
        self.jump(exit);
    }

    fn continue_stmt(&mut self, range: TextRange) {
        if self.v() >= PyVersion::Py310 {
            self.unit().emit(Opcode::NOP, 0);
        }
        let Some(depth) = self.innermost_loop() else {
            self.syntax_error(range, "'continue' not properly in loop");
            return;
        };
        self.unwind_fblocks(depth + 1, false);
        let top = match &self.unit().fblocks[depth] {
            FrameBlock::WhileLoop { top, .. } | FrameBlock::ForLoop { top, .. } => *top,
            _ => unreachable!("internal error: innermost loop is not a loop"),
        };
        self.jump(top);
    }

    fn innermost_loop(&mut self) -> Option<usize> {
        self.unit()
            .fblocks
            .iter()
            .rposition(|b| matches!(b, FrameBlock::WhileLoop { .. } | FrameBlock::ForLoop { .. }))
    }

    fn return_stmt(&mut self, ret: &ast::StmtReturn) {
        let kind = self.symtable.scope(self.scope_id()).kind;
        if !matches!(kind, ScopeKind::Function | ScopeKind::Lambda) {
            self.syntax_error(ret.range(), "'return' outside function");
            return;
        }
        let v = self.v();
        let constant = ret.value.as_deref().and_then(fold);
        let preserve_tos = ret.value.is_some()
            && !is_constant_expr(
                ret.value
                    .as_deref()
                    .unwrap_or(&Expr::NoneLiteral(Default::default())),
            );
        let preserve_tos =
            preserve_tos && constant.is_none() || (ret.value.is_some() && constant.is_none());
        if preserve_tos {
            if let Some(value) = &ret.value {
                self.expr(value);
            }
        } else if v >= PyVersion::Py310
            && let Some(value) = &ret.value
        {
            let saved = self.set_line(value.as_ref());
            self.unit().emit(Opcode::NOP, 0);
            self.unit().loc = saved;
        }
        if v >= PyVersion::Py310
            && ret
                .value
                .as_ref()
                .is_none_or(|value| self.line_of(value.as_ref()) != self.line_of(ret))
        {
            self.set_line(ret);
            self.unit().emit(Opcode::NOP, 0);
        }
        let depth = self.unit().fblocks.len();
        if depth > 0 {
            self.unwind_fblocks(0, preserve_tos);
        }
        if !preserve_tos {
            self.unit().load_const(constant.unwrap_or(Const::None));
        }
        self.unit().emit(Opcode::RETURN_VALUE, 0);
    }

    /// Unwinds frame blocks `from..` (innermost first) before leaving them
    /// (`compiler_unwind_fblock_stack`).
    fn unwind_fblocks(&mut self, from: usize, preserve_tos: bool) {
        let blocks: Vec<FrameBlock> = self.unit().fblocks[from..].to_vec();
        for (offset, block) in blocks.iter().enumerate().rev() {
            let saved_stack = self.unit().fblocks.split_off(from + offset);
            self.unwind_fblock(block, preserve_tos);
            self.unit().fblocks.extend(saved_stack);
        }
    }

    /// Emits the clean-up for leaving one frame block (`compiler_unwind_fblock`).
    fn unwind_fblock(&mut self, block: &FrameBlock<'src>, preserve_tos: bool) {
        let v = self.v();
        match block {
            FrameBlock::WhileLoop { .. } | FrameBlock::ExceptionHandler => {}
            FrameBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.swap(2);
                }
                self.unit().emit(Opcode::POP_TOP, 0);
            }
            FrameBlock::TryExcept => self.unit().emit(Opcode::POP_BLOCK, 0),
            FrameBlock::FinallyTry { body } => {
                self.unit().emit(Opcode::POP_BLOCK, 0);
                if preserve_tos {
                    self.unit().fblocks.push(FrameBlock::PopValue);
                }
                let saved = self.unit().loc;
                self.stmts(body);
                if preserve_tos {
                    self.unit().fblocks.pop();
                }
                self.unit().loc = if v >= PyVersion::Py310 {
                    Loc::NONE
                } else {
                    saved
                };
            }
            FrameBlock::FinallyEnd => {
                if v.is_311_plus() {
                    if preserve_tos {
                        self.swap(2);
                    }
                    self.unit().emit(Opcode::POP_TOP, 0);
                    if preserve_tos {
                        self.swap(2);
                    }
                    self.unit().emit(Opcode::POP_BLOCK, 0);
                    self.unit().emit(Opcode::POP_EXCEPT, 0);
                } else {
                    if preserve_tos {
                        self.unit().emit(Opcode::ROT_FOUR, 0);
                    }
                    for _ in 0..3 {
                        self.unit().emit(Opcode::POP_TOP, 0);
                    }
                    if preserve_tos {
                        self.unit().emit(Opcode::ROT_FOUR, 0);
                    }
                    self.unit().emit(Opcode::POP_EXCEPT, 0);
                }
            }
            FrameBlock::With { loc } => {
                if v >= PyVersion::Py310 {
                    self.unit().loc = *loc;
                }
                self.unit().emit(Opcode::POP_BLOCK, 0);
                if preserve_tos {
                    self.swap(2);
                }
                self.call_exit_with_nones();
                self.unit().emit(Opcode::POP_TOP, 0);
                if v >= PyVersion::Py310 {
                    self.unit().loc = Loc::NONE;
                }
            }
            FrameBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.unit().emit(Opcode::POP_BLOCK, 0);
                }
                if preserve_tos {
                    if v.is_311_plus() {
                        self.swap(2);
                    } else {
                        self.unit().emit(Opcode::ROT_FOUR, 0);
                    }
                }
                if v.is_311_plus() {
                    self.unit().emit(Opcode::POP_BLOCK, 0);
                }
                self.unit().emit(Opcode::POP_EXCEPT, 0);
                if let Some(name) = name {
                    self.unit().load_const(Const::None);
                    self.name_op(name, NameCtx::Store);
                    self.name_op(name, NameCtx::Delete);
                }
            }
            FrameBlock::PopValue => {
                if preserve_tos {
                    self.swap(2);
                }
                self.unit().emit(Opcode::POP_TOP, 0);
            }
        }
    }

    /// `__exit__(None, None, None)` for a `with` block left normally.
    fn call_exit_with_nones(&mut self) {
        let v = self.v();
        self.unit().load_const(Const::None);
        if v.is_311_plus() {
            self.unit().load_const(Const::None);
            self.unit().load_const(Const::None);
            if v == PyVersion::Py311 {
                self.unit().emit(Opcode::PRECALL, 2);
            }
            self.unit().emit(Opcode::CALL, 2);
        } else {
            self.unit().emit(Opcode::DUP_TOP, 0);
            self.unit().emit(Opcode::DUP_TOP, 0);
            self.unit().emit(Opcode::CALL_FUNCTION, 3);
        }
    }

    fn try_except(&mut self, try_stmt: &'src ast::StmtTry) {
        // Checked before any code is emitted: nothing may be left half-built (a jump to a
        // handler never placed).
        let count = try_stmt.handlers.len();
        for (i, handler) in try_stmt.handlers.iter().enumerate() {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            if handler.type_.is_none() && i + 1 < count {
                self.syntax_error(handler.range(), "default 'except:' must be last");
                return;
            }
        }
        let v = self.v();
        let body = self.unit().new_label();
        let mut except = self.unit().new_label();
        let orelse = self.unit().new_label();
        let end = self.unit().new_label();
        let cleanup = self.unit().new_label();
        self.unit().emit_jump(Opcode::SETUP_FINALLY, except);
        self.unit().bind(body);
        self.unit().fblocks.push(FrameBlock::TryExcept);
        self.stmts(&try_stmt.body);
        self.unit().fblocks.pop();
        if v == PyVersion::Py39 {
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().emit_jump(Opcode::JUMP_FORWARD, orelse);
        } else if v == PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().emit_jump(Opcode::JUMP_FORWARD, orelse);
        } else {
            self.unit().loc = Loc::NONE;
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.stmts(&try_stmt.orelse);
            self.unit().loc = Loc::NONE;
            self.jump_no_interrupt_or_jump(end);
        }
        self.unit().bind(except);
        if v.is_311_plus() {
            self.unit().loc = Loc::NONE;
            self.unit().emit_jump(Opcode::SETUP_CLEANUP, cleanup);
            self.unit().emit(Opcode::PUSH_EXC_INFO, 0);
        }
        self.unit().fblocks.push(FrameBlock::ExceptionHandler);
        for handler in &try_stmt.handlers {
            let ast::ExceptHandler::ExceptHandler(handler) = handler;
            self.set_line(handler);
            except = self.unit().new_label();
            if let Some(type_) = &handler.type_ {
                if v.is_311_plus() {
                    self.expr(type_);
                    self.unit().emit(Opcode::CHECK_EXC_MATCH, 0);
                    self.pop_jump(except, false);
                } else {
                    self.unit().emit(Opcode::DUP_TOP, 0);
                    self.expr(type_);
                    self.unit().emit_jump(Opcode::JUMP_IF_NOT_EXC_MATCH, except);
                }
            }
            if !v.is_311_plus() {
                self.unit().emit(Opcode::POP_TOP, 0);
            }
            match &handler.name {
                Some(name) => {
                    let name = name.as_str().to_string();
                    let cleanup_end = self.unit().new_label();
                    let cleanup_body = self.unit().new_label();
                    self.name_op(&name, NameCtx::Store);
                    if !v.is_311_plus() {
                        self.unit().emit(Opcode::POP_TOP, 0);
                        self.unit().emit_jump(Opcode::SETUP_FINALLY, cleanup_end);
                    } else {
                        self.unit().emit_jump(Opcode::SETUP_CLEANUP, cleanup_end);
                    }
                    self.unit().bind(cleanup_body);
                    self.unit().fblocks.push(FrameBlock::HandlerCleanup {
                        name: Some(name.clone()),
                    });
                    self.stmts(&handler.body);
                    self.unit().fblocks.pop();
                    if v >= PyVersion::Py310 {
                        self.unit().loc = Loc::NONE;
                    }
                    self.unit().emit(Opcode::POP_BLOCK, 0);
                    if v.is_311_plus() {
                        self.unit().emit(Opcode::POP_BLOCK, 0);
                    }
                    self.unit().emit(Opcode::POP_EXCEPT, 0);
                    self.unit().load_const(Const::None);
                    self.name_op(&name, NameCtx::Store);
                    self.name_op(&name, NameCtx::Delete);
                    self.handler_exit_jump(end);
                    self.unit().bind(cleanup_end);
                    if v >= PyVersion::Py310 {
                        self.unit().loc = Loc::NONE;
                    }
                    self.unit().load_const(Const::None);
                    self.name_op(&name, NameCtx::Store);
                    self.name_op(&name, NameCtx::Delete);
                    self.unit().emit(Opcode::RERAISE, 1);
                }
                None => {
                    let cleanup_body = self.unit().new_label();
                    self.unit().emit(Opcode::POP_TOP, 0);
                    if !v.is_311_plus() {
                        self.unit().emit(Opcode::POP_TOP, 0);
                    }
                    self.unit().bind(cleanup_body);
                    self.unit()
                        .fblocks
                        .push(FrameBlock::HandlerCleanup { name: None });
                    self.stmts(&handler.body);
                    self.unit().fblocks.pop();
                    if v >= PyVersion::Py310 {
                        self.unit().loc = Loc::NONE;
                    }
                    if v.is_311_plus() {
                        self.unit().emit(Opcode::POP_BLOCK, 0);
                    }
                    self.unit().emit(Opcode::POP_EXCEPT, 0);
                    self.handler_exit_jump(end);
                }
            }
            self.unit().bind(except);
        }
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.unit().fblocks.pop();
        self.unit().emit(Opcode::RERAISE, 0);
        if v.is_311_plus() {
            self.unit().bind(cleanup);
            self.pop_except_and_reraise();
        }
        if v <= PyVersion::Py310 {
            self.unit().bind(orelse);
            self.stmts(&try_stmt.orelse);
        }
        self.unit().bind(end);
    }

    /// The jump from the end of a handler to after the `try` statement.
    fn handler_exit_jump(&mut self, end: Label) {
        match self.v() {
            PyVersion::Py39 | PyVersion::Py310 | PyVersion::Py27 => {
                self.unit().emit_jump(Opcode::JUMP_FORWARD, end)
            }
            PyVersion::Py311 | PyVersion::Py312 => self.unit().emit_jump(Opcode::JUMP, end),
            PyVersion::Py313 => self.unit().emit_jump(Opcode::JUMP_NO_INTERRUPT, end),
        }
    }

    /// The jump out of a `try` body or `finally` (3.13 spells synthetic jumps that are not loop
    /// ends `JUMP_NO_INTERRUPT`, gh-107901).
    fn jump_no_interrupt_or_jump(&mut self, target: Label) {
        match self.v() {
            PyVersion::Py313 => self.unit().emit_jump(Opcode::JUMP_NO_INTERRUPT, target),
            PyVersion::Py311 | PyVersion::Py312 => self.unit().emit_jump(Opcode::JUMP, target),
            _ => self.unit().emit_jump(Opcode::JUMP_FORWARD, target),
        }
    }

    /// `JUMP` (3.11+) or `JUMP_FORWARD`: the normal exit of a `with` block.
    fn jump_or_forward(&mut self, target: Label) {
        if self.v().is_311_plus() {
            self.unit().emit_jump(Opcode::JUMP, target);
        } else {
            self.unit().emit_jump(Opcode::JUMP_FORWARD, target);
        }
    }

    /// `COPY 3; POP_EXCEPT; RERAISE 1` (3.11+).
    fn pop_except_and_reraise(&mut self) {
        self.unit().emit(Opcode::COPY, 3);
        self.unit().emit(Opcode::POP_EXCEPT, 0);
        self.unit().emit(Opcode::RERAISE, 1);
    }

    fn try_finally(&mut self, try_stmt: &'src ast::StmtTry) {
        let v = self.v();
        let body = self.unit().new_label();
        let end = self.unit().new_label();
        let exit = self.unit().new_label();
        let cleanup = self.unit().new_label();
        let finalbody = &try_stmt.finalbody[..];
        self.unit().emit_jump(Opcode::SETUP_FINALLY, end);
        self.unit().bind(body);
        self.unit()
            .fblocks
            .push(FrameBlock::FinallyTry { body: finalbody });
        if try_stmt.handlers.is_empty() {
            self.stmts(&try_stmt.body);
        } else {
            self.try_except(try_stmt);
        }
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.unit().emit(Opcode::POP_BLOCK, 0);
        self.unit().fblocks.pop();
        self.stmts(finalbody);
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.jump_no_interrupt_or_jump(exit);
        self.unit().bind(end);
        if v.is_311_plus() {
            self.unit().loc = Loc::NONE;
            self.unit().emit_jump(Opcode::SETUP_CLEANUP, cleanup);
            self.unit().emit(Opcode::PUSH_EXC_INFO, 0);
        }
        self.unit().fblocks.push(FrameBlock::FinallyEnd);
        self.stmts(finalbody);
        self.unit().fblocks.pop();
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.unit().emit(Opcode::RERAISE, 0);
        if v.is_311_plus() {
            self.unit().bind(cleanup);
            self.pop_except_and_reraise();
        }
        self.unit().bind(exit);
    }

    fn with_stmt(&mut self, with: &'src ast::StmtWith, position: usize) {
        let v = self.v();
        let item = &with.items[position];
        let block = self.unit().new_label();
        let final_label = self.unit().new_label();
        let exit = self.unit().new_label();
        let cleanup = self.unit().new_label();
        let with_loc = self.loc_of(with);
        self.expr(&item.context_expr);
        if v.is_311_plus() {
            self.unit().emit(Opcode::BEFORE_WITH, 0);
        }
        self.unit().emit_jump(Opcode::SETUP_WITH, final_label);
        self.unit().bind(block);
        self.unit().fblocks.push(FrameBlock::With { loc: with_loc });
        match &item.optional_vars {
            Some(target) => self.store_target(target),
            None => self.unit().emit(Opcode::POP_TOP, 0),
        }
        if position + 1 == with.items.len() {
            self.stmts(&with.body);
        } else {
            self.with_stmt(with, position + 1);
        }
        if v >= PyVersion::Py310 {
            self.unit().loc = Loc::NONE;
        }
        self.unit().emit(Opcode::POP_BLOCK, 0);
        self.unit().fblocks.pop();
        if v >= PyVersion::Py310 {
            self.unit().loc = with_loc;
        }
        self.call_exit_with_nones();
        self.unit().emit(Opcode::POP_TOP, 0);
        self.jump_or_forward(exit);
        self.unit().bind(final_label);
        if v.is_311_plus() {
            self.unit().loc = with_loc;
            self.unit().emit_jump(Opcode::SETUP_CLEANUP, cleanup);
            self.unit().emit(Opcode::PUSH_EXC_INFO, 0);
        }
        self.unit().emit(Opcode::WITH_EXCEPT_START, 0);
        if v >= PyVersion::Py313 {
            self.unit().emit(Opcode::TO_BOOL, 0);
        }
        let finish = self.unit().new_label();
        self.pop_jump(finish, true);
        if v >= PyVersion::Py312 {
            self.unit().loc = Loc::NONE;
            self.unit().emit(Opcode::RERAISE, 2);
            self.unit().bind(finish);
            self.unit().emit(Opcode::POP_TOP, 0);
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().emit(Opcode::POP_EXCEPT, 0);
            self.unit().emit(Opcode::POP_TOP, 0);
            self.unit().emit(Opcode::POP_TOP, 0);
            let after = self.unit().new_label();
            let jump = if v >= PyVersion::Py313 {
                Opcode::JUMP_NO_INTERRUPT
            } else {
                Opcode::JUMP
            };
            self.unit().emit_jump(jump, after);
            self.unit().bind(cleanup);
            self.pop_except_and_reraise();
            self.unit().bind(after);
        } else if v.is_311_plus() {
            self.unit().emit(Opcode::RERAISE, 2);
            self.unit().bind(cleanup);
            self.pop_except_and_reraise();
            self.unit().bind(finish);
            self.unit().emit(Opcode::POP_TOP, 0);
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().emit(Opcode::POP_EXCEPT, 0);
            self.unit().emit(Opcode::POP_TOP, 0);
            self.unit().emit(Opcode::POP_TOP, 0);
        } else {
            self.unit().emit(Opcode::RERAISE, 1);
            self.unit().bind(finish);
            for _ in 0..3 {
                self.unit().emit(Opcode::POP_TOP, 0);
            }
            self.unit().emit(Opcode::POP_EXCEPT, 0);
            self.unit().emit(Opcode::POP_TOP, 0);
        }
        self.unit().bind(exit);
    }

    fn assert_stmt(&mut self, assert: &ast::StmtAssert) {
        let end = self.unit().new_label();
        self.jump_if(&assert.test, end, true);
        self.unit().emit(Opcode::LOAD_ASSERTION_ERROR, 0);
        if let Some(msg) = &assert.msg {
            self.expr(msg);
            let v = self.v();
            if v.is_311_plus() {
                if v == PyVersion::Py311 {
                    self.unit().emit(Opcode::PRECALL, 0);
                }
                self.unit().emit(Opcode::CALL, 0);
            } else {
                self.unit().emit(Opcode::CALL_FUNCTION, 1);
            }
        }
        self.unit().emit(Opcode::RAISE_VARARGS, 1);
        self.unit().bind(end);
    }

    fn import(&mut self, import: &ast::StmtImport) {
        for alias in &import.names {
            let saved = self.set_line(alias);
            let name = alias.name.as_str();
            self.unit().load_const(Const::Int(0));
            self.unit().load_const(Const::None);
            let index = self.unit().add_name(name);
            self.unit().emit(Opcode::IMPORT_NAME, index);
            match &alias.asname {
                Some(asname) if name.contains('.') => {
                    let mut parts = name.split('.').skip(1).peekable();
                    while let Some(part) = parts.next() {
                        let index = self.unit().add_name(part);
                        if self.v().is_311_plus() {
                            self.unit().emit(Opcode::IMPORT_FROM, index);
                            if parts.peek().is_some() {
                                self.swap(2);
                                self.unit().emit(Opcode::POP_TOP, 0);
                            }
                        } else if parts.peek().is_some() {
                            self.unit().emit(Opcode::IMPORT_FROM, index);
                            self.swap(2);
                            self.unit().emit(Opcode::POP_TOP, 0);
                        } else {
                            self.unit().emit(Opcode::IMPORT_FROM, index);
                        }
                    }
                    self.name_op(asname.as_str(), NameCtx::Store);
                    self.unit().emit(Opcode::POP_TOP, 0);
                }
                Some(asname) => self.name_op(asname.as_str(), NameCtx::Store),
                None => {
                    let first = name.split('.').next().unwrap_or(name);
                    self.name_op(first, NameCtx::Store);
                }
            }
            self.unit().loc = saved;
        }
    }

    fn import_from(&mut self, import: &ast::StmtImportFrom) {
        let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        self.unit().load_const(Const::Int(i64::from(import.level)));
        let star = import.names.len() == 1 && import.names[0].name.as_str() == "*";
        let names = Const::str_tuple(import.names.iter().map(|a| a.name.as_str()));
        self.unit().load_const(names);
        let index = self.unit().add_name(module);
        self.unit().emit(Opcode::IMPORT_NAME, index);
        if star {
            if self.symtable.scope(self.scope_id()).kind != ScopeKind::Module {
                self.syntax_error(import.range(), "import * only allowed at module level");
                return;
            }
            if self.v() >= PyVersion::Py312 {
                self.unit().emit(Opcode::CALL_INTRINSIC_1, 2);
                self.unit().emit(Opcode::POP_TOP, 0);
            } else {
                self.unit().emit(Opcode::IMPORT_STAR, 0);
            }
            return;
        }
        for alias in &import.names {
            let index = self.unit().add_name(alias.name.as_str());
            self.unit().emit(Opcode::IMPORT_FROM, index);
            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
            self.name_op(bound.as_str(), NameCtx::Store);
        }
        self.unit().emit(Opcode::POP_TOP, 0);
    }

    fn function_def(&mut self, def: &'src ast::StmtFunctionDef) {
        if def.type_params.is_some() {
            self.unsupported(def.range(), "type parameters");
            return;
        }
        let Some(scope) = self.symtable.scope_of(def.range()) else {
            self.unsupported(def.range(), "this function definition");
            return;
        };
        for decorator in &def.decorator_list {
            self.expr(&decorator.expression);
        }
        let first_line = def
            .decorator_list
            .first()
            .map_or_else(|| self.line_of(&def.name), |d| self.line_of(d));
        self.set_line(&def.name);
        let v = self.v();
        let mut flags = 0;
        flags |= self.defaults(&def.parameters);
        if self.annotations(&def.parameters, def.returns.as_deref()) {
            flags |= 4;
        }
        let qualname = self.qualname(def.name.as_str(), true);
        let mut unit = Unit::new(
            CodeKind::Function,
            scope,
            def.name.as_str(),
            &qualname,
            first_line,
        );
        self.lay_out_parameters(&mut unit, &def.parameters);
        let generator = self.symtable.scope(scope).generator;
        unit.flags.generator = generator;
        let doc = docstring(&def.body);
        unit.add_const(match &doc {
            Some((text, _)) => Const::str(text),
            None => Const::None,
        });
        self.units.push(unit);
        let handler = self.unit().new_label();
        let wrap = generator && v >= PyVersion::Py312;
        if wrap {
            let saved = std::mem::replace(&mut self.unit().loc, Loc::NONE);
            self.unit().emit_jump(Opcode::SETUP_CLEANUP, handler);
            self.unit().loc = saved;
        }
        if generator && v == PyVersion::Py310 {
            let saved = std::mem::replace(&mut self.unit().loc, Loc::NONE);
            self.unit().emit(Opcode::GEN_START, 0);
            self.unit().loc = saved;
        }
        if v.is_311_plus() {
            self.unit().emit(Opcode::RESUME, 0);
        }
        let body = match &doc {
            Some((_, rest)) => *rest,
            None => &def.body[..],
        };
        for stmt in body {
            self.stmt(stmt);
        }
        if wrap {
            self.stop_iteration_handler(handler);
        } else {
            self.implicit_return();
        }
        let code = self.finish_unit();
        self.make_closure(code, flags, &qualname);
        self.apply_decorators(&def.decorator_list);
        self.name_op(def.name.as_str(), NameCtx::Store);
    }

    /// A function's argument counts and flags from its parameters, and its locals, cells and
    /// free variables from its scope (the same for `def` and `lambda`).
    fn lay_out_parameters(&self, unit: &mut Unit, params: &ast::Parameters) {
        unit.arg_count = (params.posonlyargs.len() + params.args.len()) as u32;
        unit.posonly_arg_count = params.posonlyargs.len() as u32;
        unit.kwonly_arg_count = params.kwonlyargs.len() as u32;
        unit.flags.varargs = params.vararg.is_some();
        unit.flags.varkeywords = params.kwarg.is_some();
        let info = self.symtable.scope(unit.scope);
        for param in &info.params {
            unit.add_varname(param);
        }
        unit.cellvars = info.cellvars.iter().map(|s| Rc::from(s.as_str())).collect();
        unit.freevars = info.freevars.iter().map(|s| Rc::from(s.as_str())).collect();
    }

    /// `lambda params: body`: a function named `<lambda>` whose body returns the expression.
    pub fn lambda(&mut self, lambda: &ast::ExprLambda) {
        let Some(scope) = self.symtable.scope_of(lambda.range()) else {
            self.unsupported(lambda.range(), "this lambda expression");
            return;
        };
        if self.symtable.scope(scope).generator {
            self.unsupported(lambda.range(), "yield inside a lambda");
            return;
        }
        let empty = ast::Parameters::default();
        let params = lambda.parameters.as_deref().unwrap_or(&empty);
        let flags = self.defaults(params);
        let qualname = self.qualname("<lambda>", true);
        let first_line = self.line_of(lambda);
        let mut unit = Unit::new(CodeKind::Function, scope, "<lambda>", &qualname, first_line);
        self.lay_out_parameters(&mut unit, params);
        // None is the first constant, so a lambda never has a docstring.
        unit.add_const(Const::None);
        self.units.push(unit);
        self.set_line(lambda);
        if self.v().is_311_plus() {
            self.unit().emit(Opcode::RESUME, 0);
        }
        self.expr(&lambda.body);
        self.set_line(&*lambda.body);
        self.unit().emit(Opcode::RETURN_VALUE, 0);
        let code = self.finish_unit();
        let outer = self.set_line(lambda);
        self.make_closure(code, flags, &qualname);
        self.unit().loc = outer;
    }

    /// Calls the decorators, innermost first; from 3.11 each call is on its decorator's line.
    fn apply_decorators(&mut self, decorators: &[ast::Decorator]) {
        for decorator in decorators.iter().rev() {
            let saved = if self.v().is_311_plus() {
                Some(self.set_line(&decorator.expression))
            } else {
                None
            };
            self.call_decorator();
            if let Some(saved) = saved {
                self.unit().loc = saved;
            }
        }
    }

    fn call_decorator(&mut self) {
        let v = self.v();
        if v.is_311_plus() {
            if v == PyVersion::Py311 {
                self.unit().emit(Opcode::PRECALL, 0);
            }
            self.unit().emit(Opcode::CALL, 0);
        } else {
            self.unit().emit(Opcode::CALL_FUNCTION, 1);
        }
    }

    /// The `__qualname__` of a function or class defined in the current unit.
    pub fn qualname(&self, name: &str, _is_function: bool) -> String {
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        if parent.kind == CodeKind::Module {
            return name.to_string();
        }
        let scope = self.symtable.scope(parent.scope);
        let is_global = self.symtable.scope(parent.scope).kind != ScopeKind::Module
            && scope.resolve(&self.mangle(name))
                == crate::compile::symtable::Resolution::GlobalExplicit;
        if is_global {
            return name.to_string();
        }
        let parent_is_comprehension = scope.kind == ScopeKind::Comprehension;
        match parent.kind {
            CodeKind::Function if !parent_is_comprehension => {
                format!("{}.<locals>.{name}", parent.qualname)
            }
            _ => format!("{}.{name}", parent.qualname),
        }
    }

    /// Pushes default values; returns the `MAKE_FUNCTION` flags they need.
    fn defaults(&mut self, params: &ast::Parameters) -> u32 {
        let mut flags = 0;
        let positional: Vec<&Expr> = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .filter_map(|p| p.default.as_deref())
            .collect();
        if !positional.is_empty() {
            let constants: Option<Vec<Const>> = positional.iter().map(|e| fold(e)).collect();
            match constants {
                Some(values) => self.unit().load_const(Const::Tuple(Rc::from(values))),
                None => {
                    for default in &positional {
                        self.expr(default);
                    }
                    self.unit()
                        .emit(Opcode::BUILD_TUPLE, positional.len() as u32);
                }
            }
            flags |= 1;
        }
        let keyword: Vec<(&str, &Expr)> = params
            .kwonlyargs
            .iter()
            .filter_map(|p| p.default.as_deref().map(|d| (p.parameter.name.as_str(), d)))
            .collect();
        if !keyword.is_empty() {
            for (_, default) in &keyword {
                self.expr(default);
            }
            let names: Vec<String> = keyword.iter().map(|(n, _)| self.mangle(n)).collect();
            self.unit()
                .load_const(Const::str_tuple(names.iter().map(String::as_str)));
            self.unit()
                .emit(Opcode::BUILD_CONST_KEY_MAP, keyword.len() as u32);
            flags |= 2;
        }
        flags
    }

    /// Pushes the annotations of a function, if it has any: a tuple of name/value pairs (3.10+)
    /// or a constant-key dict (3.9).
    fn annotations(&mut self, params: &ast::Parameters, returns: Option<&Expr>) -> bool {
        let mut names: Vec<String> = Vec::new();
        let all = params
            .posonlyargs
            .iter()
            .chain(params.args.iter())
            .map(|p| &p.parameter)
            .chain(params.vararg.as_deref())
            .chain(params.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(params.kwarg.as_deref());
        let v = self.v();
        let mut ordered: Vec<&ast::Parameter> = Vec::new();
        // CPython visits args, then *args, then keyword-only, then **kwargs.
        for param in all {
            ordered.push(param);
        }
        let order = |p: &&ast::Parameter| {
            if params
                .vararg
                .as_deref()
                .is_some_and(|v| std::ptr::eq(v, *p))
            {
                1
            } else if params
                .kwonlyargs
                .iter()
                .any(|k| std::ptr::eq(&k.parameter, *p))
            {
                2
            } else if params.kwarg.as_deref().is_some_and(|k| std::ptr::eq(k, *p)) {
                3
            } else {
                0
            }
        };
        crate::small_sort::sort_by_key(&mut ordered, order);
        for param in ordered {
            if let Some(annotation) = &param.annotation {
                let name = self.mangle(param.name.as_str());
                if v >= PyVersion::Py310 {
                    self.unit().load_const(Const::str(&name));
                }
                self.expr(annotation);
                names.push(name);
            }
        }
        if let Some(returns) = returns {
            if v >= PyVersion::Py310 {
                self.unit().load_const(Const::str("return"));
            }
            self.expr(returns);
            names.push("return".to_string());
        }
        if names.is_empty() {
            return false;
        }
        if v >= PyVersion::Py310 {
            self.unit()
                .emit(Opcode::BUILD_TUPLE, names.len() as u32 * 2);
        } else {
            self.unit()
                .load_const(Const::str_tuple(names.iter().map(String::as_str)));
            self.unit()
                .emit(Opcode::BUILD_CONST_KEY_MAP, names.len() as u32);
        }
        true
    }

    /// Loads the code object and makes a function (with its closure) from it.
    pub fn make_closure(
        &mut self,
        code: Rc<crate::bytecode::CodeObject>,
        mut flags: u32,
        qualname: &str,
    ) {
        let v = self.v();
        if !code.freevars.is_empty() {
            for free in code.freevars.clone().iter() {
                let index = self.unit().deref_index(free);
                self.unit().emit(Opcode::LOAD_CLOSURE, index);
            }
            self.unit()
                .emit(Opcode::BUILD_TUPLE, code.freevars.len() as u32);
            flags |= 8;
        }
        self.unit().load_const(Const::Code(code));
        if v <= PyVersion::Py310 {
            self.unit().load_const(Const::str(qualname));
        }
        if v >= PyVersion::Py313 {
            self.unit().emit(Opcode::MAKE_FUNCTION, 0);
            for bit in [8, 4, 2, 1] {
                if flags & bit != 0 {
                    self.unit().emit(Opcode::SET_FUNCTION_ATTRIBUTE, bit);
                }
            }
        } else {
            self.unit().emit(Opcode::MAKE_FUNCTION, flags);
        }
    }

    fn class_def(&mut self, class: &'src ast::StmtClassDef) {
        if class.type_params.is_some() {
            self.unsupported(class.range(), "type parameters");
            return;
        }
        let Some(scope) = self.symtable.scope_of(class.range()) else {
            self.unsupported(class.range(), "this class definition");
            return;
        };
        for decorator in &class.decorator_list {
            self.expr(&decorator.expression);
        }
        let first_line = class
            .decorator_list
            .first()
            .map_or_else(|| self.line_of(&class.name), |d| self.line_of(d));
        self.set_line(&class.name);
        let v = self.v();
        let qualname = self.qualname(class.name.as_str(), false);
        let mut unit = Unit::new(
            CodeKind::Class,
            scope,
            class.name.as_str(),
            &qualname,
            first_line,
        );
        let info = self.symtable.scope(scope);
        unit.cellvars = info.cellvars.iter().map(|s| Rc::from(s.as_str())).collect();
        unit.freevars = info.freevars.iter().map(|s| Rc::from(s.as_str())).collect();
        let needs_class_closure = info.needs_class_closure;
        unit.private = Some(class.name.as_str().to_string());
        self.units.push(unit);
        if v.is_311_plus() {
            self.unit().emit(Opcode::RESUME, 0);
        }
        self.name_op("__name__", NameCtx::Load);
        self.name_op("__module__", NameCtx::Store);
        self.unit().load_const(Const::str(&qualname));
        self.name_op("__qualname__", NameCtx::Store);
        if v >= PyVersion::Py313 {
            self.unit().load_const(Const::Int(i64::from(first_line)));
            self.name_op("__firstlineno__", NameCtx::Store);
        }
        self.body_with_docstring(&class.body);
        if v >= PyVersion::Py313 {
            self.unit().loc = Loc::NONE;
            let attributes = static_attributes(&class.body);
            self.unit()
                .load_const(Const::str_tuple(attributes.iter().map(String::as_str)));
            self.name_op("__static_attributes__", NameCtx::Store);
        }
        if needs_class_closure {
            let index = self.unit().deref_index("__class__");
            self.unit().emit(Opcode::LOAD_CLOSURE, index);
            self.dup_top();
            self.name_op("__classcell__", NameCtx::Store);
        } else {
            if v >= PyVersion::Py310 && v < PyVersion::Py313 {
                self.unit().loc = Loc::NONE;
            }
            self.unit().load_const(Const::None);
        }
        self.unit().emit(Opcode::RETURN_VALUE, 0);
        let code = self.finish_unit();
        self.set_line(&class.name);
        if v.is_311_plus() && v < PyVersion::Py313 {
            self.unit().emit(Opcode::PUSH_NULL, 0);
        }
        self.unit().emit(Opcode::LOAD_BUILD_CLASS, 0);
        if v >= PyVersion::Py313 {
            self.unit().emit(Opcode::PUSH_NULL, 0);
        }
        self.make_closure(code, 0, &qualname);
        self.unit().load_const(Const::str(class.name.as_str()));
        let empty = ast::Arguments {
            range: TextRange::default(),
            node_index: Default::default(),
            args: Box::new([]),
            keywords: Default::default(),
        };
        let arguments = class.arguments.as_deref().unwrap_or(&empty);
        self.call_args(arguments, 2, &class.name);
        self.apply_decorators(&class.decorator_list);
        self.name_op(class.name.as_str(), NameCtx::Store);
    }
}

/// The docstring of a body, and the statements after it.
fn docstring(body: &[Stmt]) -> Option<(String, &[Stmt])> {
    let (first, rest) = body.split_first()?;
    if let Stmt::Expr(expr_stmt) = first
        && let Expr::StringLiteral(string) = expr_stmt.value.as_ref()
    {
        return Some((clean_docstring(string.value.to_str()), rest));
    }
    None
}

/// `inspect.cleandoc`-like clean-up that CPython 3.13 applies to docstrings at compile time;
/// earlier versions keep the text as written.
fn clean_docstring(text: &str) -> String {
    text.to_string()
}

/// True for statements that are a bare constant (`"text"`, `...`, `42`).
fn is_constant_expr(expr: &Expr) -> bool {
    matches!(
        expr,
        Expr::StringLiteral(_)
            | Expr::BytesLiteral(_)
            | Expr::NumberLiteral(_)
            | Expr::BooleanLiteral(_)
            | Expr::NoneLiteral(_)
            | Expr::EllipsisLiteral(_)
    )
}

/// True if the body (not nested definitions) has an annotated assignment (`find_ann`).
fn find_annotations(body: &[Stmt]) -> bool {
    body.iter().any(|stmt| match stmt {
        Stmt::AnnAssign(_) => true,
        Stmt::For(s) => find_annotations(&s.body) || find_annotations(&s.orelse),
        Stmt::While(s) => find_annotations(&s.body) || find_annotations(&s.orelse),
        Stmt::If(s) => {
            find_annotations(&s.body)
                || s.elif_else_clauses
                    .iter()
                    .any(|c| find_annotations(&c.body))
        }
        Stmt::With(s) => find_annotations(&s.body),
        Stmt::Try(s) => {
            find_annotations(&s.body)
                || find_annotations(&s.orelse)
                || find_annotations(&s.finalbody)
                || s.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    find_annotations(&h.body)
                })
        }
        _ => false,
    })
}

/// 3.13's `__static_attributes__`: names assigned as `self.name` in the class's methods, sorted.
fn static_attributes(body: &[Stmt]) -> Vec<String> {
    let mut names = crate::compile::name_set::NameSet::new();
    for stmt in body {
        if let Stmt::FunctionDef(def) = stmt {
            let Some(first) = def
                .parameters
                .posonlyargs
                .iter()
                .chain(def.parameters.args.iter())
                .next()
            else {
                continue;
            };
            collect_self_stores(&def.body, first.parameter.name.as_str(), &mut names);
        }
    }
    names.into_iter().collect()
}

fn collect_self_stores(body: &[Stmt], this: &str, names: &mut crate::compile::name_set::NameSet) {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Collector<'n> {
        this: String,
        names: &'n mut crate::compile::name_set::NameSet,
    }
    impl<'a> Visitor<'a> for Collector<'_> {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
                return;
            }
            visitor::walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Attribute(attr) = expr
                && attr.ctx == ast::ExprContext::Store
                && let Expr::Name(name) = attr.value.as_ref()
                && name.id.as_str() == self.this
            {
                self.names.insert(attr.attr.as_str().to_string());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut collector = Collector {
        this: this.to_string(),
        names,
    };
    for stmt in body {
        collector.visit_stmt(stmt);
    }
}
