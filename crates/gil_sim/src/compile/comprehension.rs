//! List, set and dict comprehensions and generator expressions (CPython's
//! `compiler_comprehension`). Up to 3.11 each becomes a nested function called with the
//! outermost iterator; from 3.12 list, set and dict comprehensions are inlined into the
//! enclosing code (PEP 709), saving and restoring the names they bind.

use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use crate::bytecode::{CodeKind, Const, Opcode};
use crate::compile::Compiler;
use crate::compile::unit::{Loc, Unit};
use crate::version::PyVersion;

/// What a comprehension builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Set,
    Dict,
    Generator,
}

impl CompKind {
    fn code_name(self) -> &'static str {
        match self {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Generator => "<genexpr>",
        }
    }

    fn build_op(self) -> Opcode {
        match self {
            CompKind::List => Opcode::BUILD_LIST,
            CompKind::Set => Opcode::BUILD_SET,
            _ => Opcode::BUILD_MAP,
        }
    }
}

impl Compiler<'_> {
    /// Compiles a comprehension expression `node`: `elt` (and `val` for dicts) for each item.
    pub fn comprehension(
        &mut self,
        node: &Expr,
        kind: CompKind,
        generators: &[ast::Comprehension],
        elt: &Expr,
        val: Option<&Expr>,
    ) {
        let Some(scope) = self.symtable.scope_of(node.range()) else {
            self.unsupported(node.range(), "this comprehension");
            return;
        };
        if generators.iter().any(|g| g.is_async) {
            self.unsupported(node.range(), "asynchronous comprehensions");
            return;
        }

        if self.symtable.scope(scope).inlined {
            self.inlined_comprehension(node, scope, kind, generators, elt, val);
        } else {
            self.nested_comprehension(node, scope, kind, generators, elt, val);
        }
    }

    /// Up to 3.11 (and for generator expressions): a function of the outermost iterator.
    fn nested_comprehension(
        &mut self,
        node: &Expr,
        scope: crate::compile::symtable::ScopeId,
        kind: CompKind,
        generators: &[ast::Comprehension],
        elt: &Expr,
        val: Option<&Expr>,
    ) {
        let v = self.v();
        let qualname = self.qualname(kind.code_name(), true);
        let mut unit = Unit::new(
            CodeKind::Function,
            scope,
            kind.code_name(),
            &qualname,
            self.line_of(node),
        );
        unit.arg_count = 1;
        unit.flags.generator = kind == CompKind::Generator;
        let info = self.symtable.scope(scope);
        for param in &info.params {
            unit.add_varname(param);
        }
        unit.cellvars = info.cellvars.iter().map(|s| Rc::from(s.as_str())).collect();
        unit.freevars = info.freevars.iter().map(|s| Rc::from(s.as_str())).collect();
        self.units.push(unit);
        self.set_line(node);
        let handler = self.unit().new_label();
        let wrap = kind == CompKind::Generator && v >= PyVersion::Py312;
        if wrap {
            let saved = std::mem::replace(&mut self.unit().loc, Loc::NONE);
            self.unit().emit_jump(Opcode::SETUP_CLEANUP, handler);
            self.unit().loc = saved;
        }
        if kind == CompKind::Generator && v == PyVersion::Py310 {
            let saved = std::mem::replace(&mut self.unit().loc, Loc::NONE);
            self.unit().emit(Opcode::GEN_START, 0);
            self.unit().loc = saved;
        }
        if v.is_311_plus() {
            self.unit().emit(Opcode::RESUME, 0);
        }
        if kind != CompKind::Generator {
            self.unit().emit(kind.build_op(), 0);
        }
        self.comprehension_generator(generators, 0, 0, elt, val, kind, false);
        if kind != CompKind::Generator {
            self.set_line(node);
            self.unit().emit(Opcode::RETURN_VALUE, 0);
        } else if wrap {
            self.stop_iteration_handler(handler);
        } else {
            self.implicit_return();
        }
        let code = self.finish_unit();
        let outer = self.set_line(node);
        self.make_closure(code, 0, &qualname);
        let outermost = &generators[0];
        self.iterable(&outermost.iter);
        if v >= PyVersion::Py312 {
            self.set_line(&outermost.iter);
        }
        self.unit().emit(Opcode::GET_ITER, 0);
        self.set_line(node);
        match v {
            PyVersion::Py311 => {
                self.unit().emit(Opcode::PRECALL, 0);
                self.unit().emit(Opcode::CALL, 0);
            }
            _ if v.is_311_plus() => self.unit().emit(Opcode::CALL, 0),
            _ => self.unit().emit(Opcode::CALL_FUNCTION, 1),
        }
        self.unit().loc = outer;
    }

    /// 3.12+ generators: the implicit `return None`, then a handler that turns a
    /// `StopIteration` escaping the body into `RuntimeError` (`INTRINSIC_STOPITERATION_ERROR`).
    pub fn stop_iteration_handler(&mut self, handler: crate::compile::unit::Label) {
        self.unit().loc = Loc::NONE;
        self.unit().load_const(Const::None);
        self.unit().emit(Opcode::RETURN_VALUE, 0);
        self.unit().bind(handler);
        self.unit().emit(Opcode::CALL_INTRINSIC_1, 3);
        self.unit().emit(Opcode::RERAISE, 1);
    }

    /// 3.12+ list, set and dict comprehensions, compiled in place (PEP 709).
    fn inlined_comprehension(
        &mut self,
        node: &Expr,
        scope: crate::compile::symtable::ScopeId,
        kind: CompKind,
        generators: &[ast::Comprehension],
        elt: &Expr,
        val: Option<&Expr>,
    ) {
        let in_class_body = self.unit().kind == CodeKind::Class && self.unit().inlined.is_empty();
        let info = self.symtable.scope(scope);
        if !info.cellvars.is_empty() {
            self.unsupported(
                node.range(),
                "a closure that captures a comprehension variable (inlined comprehensions, 3.12+)",
            );
            return;
        }
        if in_class_body {
            self.unsupported(node.range(), "comprehensions in a class body on 3.12+");
            return;
        }
        let bound = self.symtable.inlined_bound_names(scope);
        let outermost = &generators[0];
        self.iterable(&outermost.iter);
        self.set_line(&outermost.iter);
        self.unit().emit(Opcode::GET_ITER, 0);
        let outer = self.set_line(node);
        for name in &bound {
            let index = self.unit().add_varname(name);
            self.unit().emit(Opcode::LOAD_FAST_AND_CLEAR, index);
        }
        let cleanup = self.unit().new_label();
        let end = self.unit().new_label();
        let pushed = bound.len() as u32;
        if pushed > 0 {
            self.unit().emit(Opcode::SWAP, pushed + 1);
            self.unit().emit_jump(Opcode::SETUP_FINALLY, cleanup);
        }
        self.unit().emit(kind.build_op(), 0);
        self.unit().emit(Opcode::SWAP, 2);
        let globals = self.symtable.scope(scope).walrus_globals();
        let locals = bound
            .iter()
            .filter(|n| !globals.contains(n))
            .cloned()
            .collect();
        self.unit().inlined.push(locals);
        self.comprehension_generator(generators, 0, 0, elt, val, kind, true);
        self.unit().inlined.pop();
        if pushed > 0 {
            self.unit().loc = Loc::NONE;
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().emit_jump(Opcode::JUMP_NO_INTERRUPT, end);
            self.unit().bind(cleanup);
            self.unit().emit(Opcode::SWAP, 2);
            self.unit().emit(Opcode::POP_TOP, 0);
            self.restore_inlined(node, &bound);
            self.unit().loc = Loc::NONE;
            self.unit().emit(Opcode::RERAISE, 0);
            self.unit().bind(end);
            self.restore_inlined(node, &bound);
        }
        self.unit().loc = outer;
    }

    /// Puts back the saved values of the names an inlined comprehension bound.
    fn restore_inlined(&mut self, node: &Expr, bound: &[String]) {
        self.set_line(node);
        self.unit().emit(Opcode::SWAP, bound.len() as u32 + 1);
        for name in bound.iter().rev() {
            let index = self.unit().add_varname(name);
            self.unit().emit(Opcode::STORE_FAST_MAYBE_NULL, index);
        }
    }

    /// One `for ... in ... if ...` clause and, inside it, the rest (CPython's
    /// `compiler_sync_comprehension_generator`).
    #[allow(clippy::too_many_arguments)]
    fn comprehension_generator(
        &mut self,
        generators: &[ast::Comprehension],
        index: usize,
        depth: u32,
        elt: &Expr,
        val: Option<&Expr>,
        kind: CompKind,
        iter_on_stack: bool,
    ) {
        let v = self.v();
        let clause = &generators[index];
        let start = self.unit().new_label();
        let if_cleanup = self.unit().new_label();
        let anchor = self.unit().new_label();
        let mut looping = true;
        if !iter_on_stack {
            if index == 0 {
                self.unit().emit(Opcode::LOAD_FAST, 0);
            } else {
                let single = match &clause.iter {
                    Expr::List(list) => Some(&list.elts),
                    Expr::Tuple(tuple) => Some(&tuple.elts),
                    _ => None,
                }
                .filter(|elts| elts.len() == 1 && !matches!(elts[0], Expr::Starred(_)));
                match single {
                    Some(elts) => {
                        self.expr(&elts[0]);
                        looping = false;
                    }
                    None => {
                        self.iterable(&clause.iter);
                        if v >= PyVersion::Py312 {
                            self.set_line(&clause.iter);
                        }
                        self.unit().emit(Opcode::GET_ITER, 0);
                    }
                }
            }
        }
        let mut depth = depth;
        if looping {
            depth += 1;
            self.unit().bind(start);
            if v >= PyVersion::Py312 {
                self.set_line(&clause.iter);
            }
            self.unit().emit_jump(Opcode::FOR_ITER, anchor);
        }
        self.store_target(&clause.target);
        for condition in &clause.ifs {
            self.jump_if(condition, if_cleanup, false);
        }
        if index + 1 < generators.len() {
            self.comprehension_generator(generators, index + 1, depth, elt, val, kind, false);
        } else {
            self.expr(elt);
            if let Some(val) = val {
                self.expr(val);
            }
            if v >= PyVersion::Py312 {
                let mut loc = self.loc_of(elt);
                if let (Some(val), Some((start_byte, _))) = (val, loc.range) {
                    let end = val.range().end().to_u32();
                    loc.range = Some((start_byte, end));
                }
                self.unit().loc = loc;
            }
            match kind {
                CompKind::Generator => {
                    self.emit_yield();
                    self.unit().emit(Opcode::POP_TOP, 0);
                }
                CompKind::List => self.unit().emit(Opcode::LIST_APPEND, depth + 1),
                CompKind::Set => self.unit().emit(Opcode::SET_ADD, depth + 1),
                CompKind::Dict => self.unit().emit(Opcode::MAP_ADD, depth + 1),
            }
        }
        self.unit().bind(if_cleanup);
        if looping {
            self.jump(start);
            self.unit().bind(anchor);
            if v >= PyVersion::Py312 {
                self.unit().loc = Loc::NONE;
                self.unit().emit(Opcode::END_FOR, 0);
                if v >= PyVersion::Py313 {
                    self.unit().emit(Opcode::POP_TOP, 0);
                }
            }
        }
    }

    /// `YIELD_VALUE` as each version spells it (3.11+ resumes after it).
    pub fn emit_yield(&mut self) {
        let v = self.v();
        self.unit().emit(Opcode::YIELD_VALUE, 0);
        if v.is_311_plus() {
            self.unit().emit(Opcode::RESUME, 1);
        }
    }

    /// The delegation loop of `yield from` (the sub-iterator and `None` are on the stack):
    /// `YIELD_FROM` up to 3.10, `SEND`/`YIELD_VALUE` from 3.11, with 3.12's handler for
    /// exceptions thrown in while delegating.
    pub fn yield_from(&mut self) {
        let v = self.v();
        if !v.is_311_plus() {
            self.unit().emit(Opcode::YIELD_FROM, 0);
            return;
        }
        let send = self.unit().new_label();
        let fail = self.unit().new_label();
        let exit = self.unit().new_label();
        self.unit().bind(send);
        self.unit().emit_jump(Opcode::SEND, exit);
        if v >= PyVersion::Py312 {
            self.unit().emit_jump(Opcode::SETUP_FINALLY, fail);
            self.unit()
                .emit(Opcode::YIELD_VALUE, u32::from(v >= PyVersion::Py313));
            let saved = std::mem::replace(&mut self.unit().loc, Loc::NONE);
            self.unit().emit(Opcode::POP_BLOCK, 0);
            self.unit().loc = saved;
        } else {
            self.unit().emit(Opcode::YIELD_VALUE, 0);
        }
        self.unit().emit(Opcode::RESUME, 2);
        self.unit().emit_jump(Opcode::JUMP_NO_INTERRUPT, send);
        if v >= PyVersion::Py312 {
            self.unit().bind(fail);
            self.unit().emit(Opcode::CLEANUP_THROW, 0);
            self.unit().bind(exit);
            self.unit().emit(Opcode::END_SEND, 0);
        } else {
            self.unit().bind(exit);
        }
    }

    /// True when the code being compiled is a function body (where `yield` is allowed).
    pub fn in_function(&self) -> bool {
        let scope = self.symtable.scope(self.scope_id());
        matches!(
            scope.kind,
            crate::compile::symtable::ScopeKind::Function
                | crate::compile::symtable::ScopeKind::Lambda
        )
    }
}
