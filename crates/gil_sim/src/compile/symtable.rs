//! Scope analysis: which names are local, global, free or cell variables in each scope.
//!
//! Mirrors CPython's `Python/symtable.c` for the constructs GIL Lab compiles. The result decides
//! the load/store opcode of every name (`LOAD_FAST`, `LOAD_GLOBAL`, `LOAD_NAME`, `LOAD_DEREF`).
//! One quirk matters for the seed programs: a `global x` in any function marks `x` global in the
//! module scope too, so the module's own `x = 0` compiles to `STORE_GLOBAL`.

use std::collections::HashMap;

use super::name_set::NameSet;

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, ExprContext, Stmt};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::PyVersion;

/// Index of a scope in [`SymbolTable::scopes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScopeId(pub u32);

/// What created a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

/// How a name resolves in one scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    assigned: bool,
    param: bool,
    global: bool,
    nonlocal: bool,
    used: bool,
    import: bool,
    free_class: bool,
    /// The target of an assignment expression that binds in an enclosing scope.
    walrus: bool,
}

impl Flags {
    fn bound(self) -> bool {
        self.assigned || self.param || self.import
    }
}

/// One scope after analysis.
#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    /// Parameters in declaration order.
    pub params: Vec<String>,
    symbols: HashMap<String, Flags>,
    /// Names in first-seen order (kept for deterministic iteration).
    order: Vec<String>,
    resolved: HashMap<String, Resolution>,
    pub children: Vec<ScopeId>,
    /// Cell variables, sorted as CPython sorts them.
    pub cellvars: Vec<String>,
    /// Free variables, sorted.
    pub freevars: Vec<String>,
    /// A class whose methods use `super()` or `__class__` gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// True if the scope contains `yield`.
    pub generator: bool,
    /// 3.12+: a list, set or dict comprehension compiled into its enclosing scope (PEP 709).
    pub inlined: bool,
    /// Where each `nonlocal` name was declared, for the error when nothing binds it.
    nonlocal_at: HashMap<String, TextRange>,
}

impl Scope {
    /// The flags of `name` here, recorded (in first-seen order) when new.
    fn flag_entry(&mut self, name: &str) -> &mut Flags {
        if !self.symbols.contains_key(name) {
            self.order.push(name.to_string());
        }
        self.symbols.entry(name.to_string()).or_default()
    }

    /// How `name` resolves here. Unknown names are implicit globals, as in CPython.
    pub fn resolve(&self, name: &str) -> Resolution {
        self.resolved
            .get(name)
            .copied()
            .unwrap_or(Resolution::GlobalImplicit)
    }

    /// True if the scope has an entry for `name` at all.
    pub fn has_symbol(&self, name: &str) -> bool {
        self.symbols.contains_key(name)
    }

    /// Names bound in this scope (assigned, imported), in first-seen order, without parameters.
    pub fn bound_names(&self) -> Vec<String> {
        self.order
            .iter()
            .filter(|n| {
                let flags = self.symbols[*n];
                (flags.bound() && !flags.param) || (flags.walrus && flags.global)
            })
            .cloned()
            .collect()
    }

    /// The module-level targets of assignment expressions in this comprehension: saved and
    /// restored around it when it is inlined, but stored as globals inside it.
    pub fn walrus_globals(&self) -> Vec<String> {
        self.order
            .iter()
            .filter(|n| self.symbols[*n].walrus && self.symbols[*n].global)
            .cloned()
            .collect()
    }

    /// True if `name` is bound by an import in this scope.
    pub fn is_import(&self, name: &str) -> bool {
        self.symbols.get(name).is_some_and(|f| f.import)
    }
}

/// The scopes of one module.
#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<(u32, u32), ScopeId>,
    inline_comprehensions: bool,
    /// Scope errors CPython reports as `SyntaxError` (`no binding for nonlocal 'x' found`).
    pub errors: Vec<(TextRange, String)>,
}

impl SymbolTable {
    /// Builds and analyses the table for a module body (of `source`) as `version` does: from
    /// 3.12 list, set and dict comprehensions become part of their enclosing scope.
    pub fn build(body: &[Stmt], source: &str, version: PyVersion) -> SymbolTable {
        let inline_comprehensions = version.bytecode() >= PyVersion::Py312;
        let mut builder = Builder {
            source,
            errors_at_definitions: version.bytecode() < PyVersion::Py310,
            errors: Vec::new(),
            scopes: Vec::new(),
            by_node: HashMap::new(),
            stack: Vec::new(),
            module_globals: NameSet::new(),
        };
        let module = builder.push(ScopeKind::Module, None);
        for stmt in body {
            builder.visit_stmt(stmt);
        }
        builder.pop();
        let module_globals = std::mem::take(&mut builder.module_globals);
        let module_scope = &mut builder.scopes[module.0 as usize];
        for name in module_globals {
            if !module_scope.symbols.contains_key(&name) {
                module_scope.order.push(name.clone());
            }
            module_scope.symbols.entry(name).or_default().global = true;
        }
        let mut table = SymbolTable {
            scopes: builder.scopes,
            by_node: builder.by_node,
            inline_comprehensions,
            errors: builder.errors,
        };
        table.analyze(module, &NameSet::new(), &NameSet::new());
        table
    }

    /// The module scope.
    pub fn module(&self) -> ScopeId {
        ScopeId(0)
    }

    /// The scope a function, class, lambda or comprehension node opened.
    pub fn scope_of(&self, range: TextRange) -> Option<ScopeId> {
        self.by_node
            .get(&(range.start().to_u32(), range.end().to_u32()))
            .copied()
    }

    /// The names an inlined comprehension binds: its own, then those of the comprehensions
    /// inlined into it (CPython copies their symbols into it), in first-seen order.
    pub fn inlined_bound_names(&self, id: ScopeId) -> Vec<String> {
        let scope = self.scope(id);
        let mut names = scope.bound_names();
        for child in &scope.children {
            if self.scope(*child).inlined {
                for name in self.inlined_bound_names(*child) {
                    if !names.contains(&name) && !scope.has_symbol(&name) {
                        names.push(name);
                    }
                }
            }
        }
        names
    }

    /// The scope with this id.
    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id.0 as usize]
    }

    /// Resolves every name of `id` and its children. `bound` holds names bound in enclosing
    /// function scopes, `globals` names declared global in enclosing scopes. Returns the free
    /// variables of this scope and its children that must come from further out.
    fn analyze(&mut self, id: ScopeId, bound: &NameSet, globals: &NameSet) -> NameSet {
        let kind = self.scopes[id.0 as usize].kind;
        let mut resolved = HashMap::new();
        let mut local = NameSet::new();
        let mut new_globals = globals.clone();
        let mut nonlocal_errors = Vec::new();
        {
            let scope = &self.scopes[id.0 as usize];
            for name in &scope.order {
                let flags = scope.symbols[name];
                let resolution = if flags.global {
                    new_globals.insert(name.clone());
                    Resolution::GlobalExplicit
                } else if flags.nonlocal {
                    if !bound.contains(name) {
                        let range = scope.nonlocal_at.get(name).copied().unwrap_or_default();
                        nonlocal_errors
                            .push((range, format!("no binding for nonlocal '{name}' found")));
                    }
                    Resolution::Free
                } else if flags.bound() {
                    local.insert(name.clone());
                    if kind != ScopeKind::Module {
                        new_globals.remove(name);
                    }
                    Resolution::Local
                } else if bound.contains(name) && kind != ScopeKind::Module {
                    Resolution::Free
                } else {
                    Resolution::GlobalImplicit
                };
                resolved.insert(name.clone(), resolution);
            }
        }
        self.errors.extend(nonlocal_errors);
        // Names visible to nested functions.
        let mut new_bound = bound.clone();
        if matches!(
            kind,
            ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
        ) {
            new_bound.extend(local.iter().cloned());
        }
        if kind == ScopeKind::Class {
            // Class-level names are not visible to methods, except the implicit `__class__`.
            new_bound = bound.clone();
            new_bound.insert("__class__".to_string());
        }
        let mut child_free = NameSet::new();
        let children = self.scopes[id.0 as usize].children.clone();
        for child in children {
            let free = self.analyze(child, &new_bound, &new_globals);
            let child_scope = &self.scopes[child.0 as usize];
            let inline = self.inline_comprehensions
                && child_scope.kind == ScopeKind::Comprehension
                && !child_scope.generator;
            if !inline {
                child_free.extend(free);
                continue;
            }
            self.scopes[child.0 as usize].inlined = true;
            // Free names of an inlined comprehension that are locals here stay plain locals,
            // unless a scope inside the comprehension captures them.
            let captured: NameSet = self.scopes[child.0 as usize]
                .children
                .iter()
                .flat_map(|c| self.scopes[c.0 as usize].freevars.iter().cloned())
                .collect();
            let function_like = matches!(
                kind,
                ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
            );
            for name in free {
                let local_here = resolved.get(&name) == Some(&Resolution::Local);
                if !(function_like && local_here && !captured.contains(&name)) {
                    child_free.insert(name);
                }
            }
        }
        if kind == ScopeKind::Class && child_free.remove("__class__") {
            self.scopes[id.0 as usize].needs_class_closure = true;
        }
        let mut cells = NameSet::new();
        let mut frees: NameSet = resolved
            .iter()
            .filter(|(_, r)| **r == Resolution::Free)
            .map(|(n, _)| n.clone())
            .collect();
        for name in &child_free {
            match resolved.get(name) {
                Some(Resolution::Local)
                    if matches!(
                        kind,
                        ScopeKind::Function | ScopeKind::Lambda | ScopeKind::Comprehension
                    ) =>
                {
                    resolved.insert(name.clone(), Resolution::Cell);
                    cells.insert(name.clone());
                }
                Some(Resolution::Cell) => {}
                Some(Resolution::GlobalExplicit) => {}
                Some(Resolution::Local) if kind == ScopeKind::Class => {
                    // A class-level binding does not satisfy a method's free variable; it passes
                    // through (CPython marks it DEF_FREE_CLASS).
                    if let Some(flags) = self.scopes[id.0 as usize].symbols.get_mut(name) {
                        flags.free_class = true;
                    }
                    frees.insert(name.clone());
                }
                _ => {
                    if kind != ScopeKind::Module && bound.contains(name) {
                        if !resolved.contains_key(name) {
                            resolved.insert(name.clone(), Resolution::Free);
                        }
                        frees.insert(name.clone());
                    }
                }
            }
        }
        let scope = &mut self.scopes[id.0 as usize];
        if scope.needs_class_closure {
            cells.insert("__class__".to_string());
            resolved.insert("__class__".to_string(), Resolution::Cell);
        }
        scope.resolved = resolved;
        scope.cellvars = cells.into_iter().collect();
        scope.freevars = frees.iter().cloned().collect();
        frees
    }
}

struct Builder<'s> {
    source: &'s str,
    /// Up to 3.9 a parameter's error points at the start of its function or lambda.
    errors_at_definitions: bool,
    errors: Vec<(TextRange, String)>,
    scopes: Vec<Scope>,
    by_node: HashMap<(u32, u32), ScopeId>,
    stack: Vec<ScopeId>,
    module_globals: NameSet,
}

impl Builder<'_> {
    fn push(&mut self, kind: ScopeKind, node: Option<TextRange>) -> ScopeId {
        let id = ScopeId(self.scopes.len() as u32);
        self.scopes.push(Scope {
            kind,
            params: Vec::new(),
            symbols: HashMap::new(),
            order: Vec::new(),
            resolved: HashMap::new(),
            children: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            needs_class_closure: false,
            generator: false,
            inlined: false,
            nonlocal_at: HashMap::new(),
        });
        if let Some(parent) = self.stack.last() {
            self.scopes[parent.0 as usize].children.push(id);
        }
        if let Some(range) = node {
            self.by_node
                .insert((range.start().to_u32(), range.end().to_u32()), id);
        }
        self.stack.push(id);
        id
    }

    fn pop(&mut self) {
        self.stack.pop();
    }

    fn current(&mut self) -> &mut Scope {
        let id = *self
            .stack
            .last()
            .expect("internal error: symbol table has no open scope");
        &mut self.scopes[id.0 as usize]
    }

    fn flags(&mut self, name: &str) -> &mut Flags {
        self.current().flag_entry(name)
    }

    fn bind(&mut self, name: &str) {
        self.flags(name).assigned = true;
    }

    fn use_name(&mut self, name: &str) {
        self.flags(name).used = true;
        // `super()` needs the implicit `__class__` cell of the enclosing class.
        if name == "super" && self.current().kind != ScopeKind::Module {
            self.flags("__class__").used = true;
        }
    }

    /// Parameters in `co_varnames` order: positional, keyword-only, `*args`, `**kwargs`.
    /// Binds the parameters in the function's scope; a name given twice is CPython's
    /// "duplicate argument" error (the first one, in CPython's order), at the name or, up to
    /// 3.9, at `definition` (where the `def` or `lambda` starts).
    fn visit_parameters_in_scope(&mut self, parameters: &ast::Parameters, definition: TextSize) {
        let mut duplicate = None;
        for param in parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .chain(parameters.kwonlyargs.iter())
            .map(|p| &p.parameter)
            .chain(parameters.vararg.as_deref())
            .chain(parameters.kwarg.as_deref())
        {
            let name = param.name.as_str().to_string();
            if duplicate.is_none() && self.current().params.contains(&name) {
                duplicate = Some((param.name.range(), name.clone()));
            }
            self.flags(&name).param = true;
            self.current().params.push(name);
        }
        if let Some((range, name)) = duplicate {
            let at = if self.errors_at_definitions {
                TextRange::empty(definition)
            } else {
                range
            };
            self.errors.push((
                at,
                format!("duplicate argument '{name}' in function definition"),
            ));
        }
    }

    /// Where the `def` (or `async`) of `def` starts, after its decorators.
    fn def_keyword(&self, def: &ast::StmtFunctionDef) -> TextSize {
        let Some(last) = def.decorator_list.last() else {
            return def.range().start();
        };
        let after = usize::from(last.range().end());
        let mut offset = after;
        for line in self.source.get(after..).unwrap_or("").split_inclusive('\n') {
            let text = line.trim_start();
            if !text.is_empty() && !text.starts_with('#') {
                offset += line.len() - text.len();
                break;
            }
            offset += line.len();
        }
        TextSize::try_from(offset).unwrap_or(def.range().start())
    }

    /// Defaults and annotations of a function are evaluated in the enclosing scope.
    fn visit_parameter_defaults(&mut self, parameters: &ast::Parameters) {
        for param in parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .chain(parameters.kwonlyargs.iter())
        {
            if let Some(default) = &param.default {
                self.visit_expr(default);
            }
        }
        for param in parameters
            .posonlyargs
            .iter()
            .chain(parameters.args.iter())
            .map(|p| &p.parameter)
            .chain(parameters.vararg.as_deref())
            .chain(parameters.kwonlyargs.iter().map(|p| &p.parameter))
            .chain(parameters.kwarg.as_deref())
        {
            if let Some(annotation) = &param.annotation {
                self.visit_expr(annotation);
            }
        }
    }

    fn visit_comprehension_scope(
        &mut self,
        node: TextRange,
        generators: &[ast::Comprehension],
        elements: &[&Expr],
        is_generator: bool,
    ) {
        let Some((first, rest)) = generators.split_first() else {
            return;
        };
        // The outermost iterable is evaluated in the enclosing scope.
        self.visit_expr(&first.iter);
        self.push(ScopeKind::Comprehension, Some(node));
        self.current().generator = is_generator;
        self.flags(".0").param = true;
        self.current().params.push(".0".to_string());
        self.visit_expr(&first.target);
        for condition in &first.ifs {
            self.visit_expr(condition);
        }
        for generator in rest {
            self.visit_expr(&generator.target);
            self.visit_expr(&generator.iter);
            for condition in &generator.ifs {
                self.visit_expr(condition);
            }
        }
        for element in elements {
            self.visit_expr(element);
        }
        self.pop();
    }
}

impl<'a> Visitor<'a> for Builder<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                for decorator in &def.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                self.visit_parameter_defaults(&def.parameters);
                if let Some(returns) = &def.returns {
                    self.visit_expr(returns);
                }
                self.bind(def.name.as_str());
                let definition = self.def_keyword(def);
                self.push(ScopeKind::Function, Some(def.range()));
                self.visit_parameters_in_scope(&def.parameters, definition);
                for stmt in &def.body {
                    self.visit_stmt(stmt);
                }
                self.pop();
            }
            Stmt::ClassDef(class) => {
                for decorator in &class.decorator_list {
                    self.visit_expr(&decorator.expression);
                }
                if let Some(arguments) = &class.arguments {
                    self.visit_arguments(arguments);
                }
                self.bind(class.name.as_str());
                self.push(ScopeKind::Class, Some(class.range()));
                for stmt in &class.body {
                    self.visit_stmt(stmt);
                }
                self.pop();
            }
            Stmt::Global(global) => {
                for name in &global.names {
                    self.flags(name.as_str()).global = true;
                    self.module_globals.insert(name.as_str().to_string());
                }
            }
            Stmt::Nonlocal(nonlocal) => {
                if self.current().kind == ScopeKind::Module {
                    self.errors.push((
                        nonlocal.range(),
                        "nonlocal declaration not allowed at module level".to_string(),
                    ));
                }
                for name in &nonlocal.names {
                    self.flags(name.as_str()).nonlocal = true;
                    self.current()
                        .nonlocal_at
                        .insert(name.as_str().to_string(), nonlocal.range());
                }
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let bound = match &alias.asname {
                        Some(asname) => asname.as_str().to_string(),
                        None => alias
                            .name
                            .as_str()
                            .split('.')
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    };
                    self.flags(&bound).import = true;
                }
            }
            Stmt::ImportFrom(import) => {
                for alias in &import.names {
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    if bound.as_str() != "*" {
                        self.flags(bound.as_str()).import = true;
                    }
                }
            }
            Stmt::AnnAssign(assign) => {
                if let Expr::Name(name) = assign.target.as_ref() {
                    let flags = self.flags(name.id.as_str());
                    if assign.value.is_some() || assign.simple {
                        flags.assigned = true;
                    }
                } else {
                    self.visit_expr(&assign.target);
                }
                self.visit_expr(&assign.annotation);
                if let Some(value) = &assign.value {
                    self.visit_expr(value);
                }
            }
            Stmt::Try(try_stmt) => {
                for stmt in &try_stmt.body {
                    self.visit_stmt(stmt);
                }
                for handler in &try_stmt.handlers {
                    let ast::ExceptHandler::ExceptHandler(handler) = handler;
                    if let Some(type_) = &handler.type_ {
                        self.visit_expr(type_);
                    }
                    if let Some(name) = &handler.name {
                        self.bind(name.as_str());
                    }
                    for stmt in &handler.body {
                        self.visit_stmt(stmt);
                    }
                }
                for stmt in try_stmt.orelse.iter().chain(try_stmt.finalbody.iter()) {
                    self.visit_stmt(stmt);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(name) => match name.ctx {
                ExprContext::Load => self.use_name(name.id.as_str()),
                ExprContext::Store | ExprContext::Del => self.bind(name.id.as_str()),
                ExprContext::Invalid => {}
            },
            Expr::Lambda(lambda) => {
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameter_defaults(parameters);
                }
                self.push(ScopeKind::Lambda, Some(lambda.range()));
                if let Some(parameters) = &lambda.parameters {
                    self.visit_parameters_in_scope(parameters, lambda.range().start());
                }
                self.visit_expr(&lambda.body);
                self.pop();
            }
            Expr::ListComp(comp) => {
                self.visit_comprehension_scope(comp.range(), &comp.generators, &[&comp.elt], false)
            }
            Expr::SetComp(comp) => {
                self.visit_comprehension_scope(comp.range(), &comp.generators, &[&comp.elt], false)
            }
            Expr::Generator(comp) => {
                self.visit_comprehension_scope(comp.range(), &comp.generators, &[&comp.elt], true)
            }
            Expr::DictComp(comp) => {
                let mut elements: Vec<&Expr> = Vec::new();
                if let Some(key) = &comp.key {
                    elements.push(key);
                }
                elements.push(&comp.value);
                self.visit_comprehension_scope(comp.range(), &comp.generators, &elements, false)
            }
            Expr::Named(named) => {
                self.visit_expr(&named.value);
                if let Expr::Name(target) = named.target.as_ref() {
                    // The walrus binds in the nearest enclosing non-comprehension scope.
                    let depth = self
                        .stack
                        .iter()
                        .rposition(|s| self.scopes[s.0 as usize].kind != ScopeKind::Comprehension)
                        .unwrap_or(0);
                    let name = target.id.as_str();
                    let kind = self.scopes[self.stack[depth].0 as usize].kind;
                    let module = kind == ScopeKind::Module;
                    let inside = &self.stack[depth + 1..];
                    if kind == ScopeKind::Class && !inside.is_empty() {
                        self.errors.push((
                            named.range(),
                            "assignment expression within a comprehension cannot be used in a class body".to_string(),
                        ));
                    }
                    if inside.iter().any(|c| {
                        let flags = self.scopes[c.0 as usize].symbols.get(name);
                        flags.is_some_and(|f| f.assigned && !f.walrus)
                    }) {
                        self.errors.push((
                            named.range(),
                            format!("assignment expression cannot rebind comprehension iteration variable '{name}'"),
                        ));
                    }
                    // Each comprehension between sees the target as the enclosing scope's:
                    // a global at module level, a free variable inside a function.
                    for scope in self.stack[depth + 1..].iter().copied() {
                        let flags = self.scopes[scope.0 as usize].flag_entry(name);
                        flags.walrus = true;
                        match kind {
                            ScopeKind::Module => flags.global = true,
                            ScopeKind::Class => {}
                            _ => flags.nonlocal = true,
                        }
                    }
                    let saved = self.stack.split_off(depth + 1);
                    self.bind(name);
                    if module && !saved.is_empty() {
                        self.flags(name).global = true;
                    }
                    self.stack.extend(saved);
                }
            }
            Expr::Yield(_) | Expr::YieldFrom(_) | Expr::Await(_) => {
                self.current().generator = true;
                visitor::walk_expr(self, expr);
            }
            _ => visitor::walk_expr(self, expr),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Resolution, SymbolTable};

    fn table(source: &str) -> SymbolTable {
        let parsed = ruff_python_parser::parse_module(source).expect("test source parses");
        SymbolTable::build(&parsed.syntax().body, source, crate::PyVersion::Py311)
    }

    #[test]
    fn global_in_function_makes_module_name_explicit_global() {
        let t = table("x = 0\ndef f():\n    global x\n    x += 1\n");
        assert_eq!(t.scope(t.module()).resolve("x"), Resolution::GlobalExplicit);
        let f = t.scope(t.module()).children[0];
        assert_eq!(t.scope(f).resolve("x"), Resolution::GlobalExplicit);
    }

    #[test]
    fn closures_make_cells_and_frees() {
        let t = table(
            "def outer():\n    n = 1\n    def inner():\n        return n\n    return inner\n",
        );
        let outer = t.scope(t.module()).children[0];
        let inner = t.scope(outer).children[0];
        assert_eq!(t.scope(outer).resolve("n"), Resolution::Cell);
        assert_eq!(t.scope(outer).cellvars, vec!["n".to_string()]);
        assert_eq!(t.scope(inner).resolve("n"), Resolution::Free);
        assert_eq!(t.scope(inner).freevars, vec!["n".to_string()]);
    }

    #[test]
    fn locals_globals_and_methods() {
        let t = table("import sys\nclass C:\n    y = 1\n    def m(self):\n        return y, sys\n");
        let class = t.scope(t.module()).children[0];
        let method = t.scope(class).children[0];
        assert_eq!(t.scope(class).resolve("y"), Resolution::Local);
        assert_eq!(t.scope(method).resolve("y"), Resolution::GlobalImplicit);
        assert_eq!(t.scope(method).resolve("self"), Resolution::Local);
        assert_eq!(t.scope(method).resolve("sys"), Resolution::GlobalImplicit);
    }
}
