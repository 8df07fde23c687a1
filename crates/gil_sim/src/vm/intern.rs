//! Interned identifiers: attribute and variable names as small integers, so lookups compare
//! numbers, not strings.

use std::collections::HashMap;
use std::rc::Rc;

/// An interned name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(pub u32);

macro_rules! well_known {
    ($($name:ident = $text:expr),* $(,)?) => {
        /// Names the VM itself looks up, interned first so their numbers are constants.
        #[allow(non_upper_case_globals)]
        pub mod sym {
            use super::Symbol;
            well_known!(@consts 0u32; $($name),*);
        }
        const WELL_KNOWN: &[&str] = &[$($text),*];
    };
    (@consts $n:expr; $name:ident $(, $rest:ident)*) => {
        pub const $name: Symbol = Symbol($n);
        well_known!(@consts $n + 1u32; $($rest),*);
    };
    (@consts $n:expr;) => {};
}

well_known! {
    __init__ = "__init__",
    __name__ = "__name__",
    __qualname__ = "__qualname__",
    __module__ = "__module__",
    __doc__ = "__doc__",
    __class__ = "__class__",
    __dict__ = "__dict__",
    __str__ = "__str__",
    __repr__ = "__repr__",
    __format__ = "__format__",
    __enter__ = "__enter__",
    __exit__ = "__exit__",
    __iter__ = "__iter__",
    __next__ = "__next__",
    __len__ = "__len__",
    __getitem__ = "__getitem__",
    __missing__ = "__missing__",
    __get__ = "__get__",
    __set_name__ = "__set_name__",
    __setitem__ = "__setitem__",
    __delitem__ = "__delitem__",
    __contains__ = "__contains__",
    __call__ = "__call__",
    __eq__ = "__eq__",
    __ne__ = "__ne__",
    __lt__ = "__lt__",
    __le__ = "__le__",
    __gt__ = "__gt__",
    __ge__ = "__ge__",
    __hash__ = "__hash__",
    __bool__ = "__bool__",
    __add__ = "__add__",
    __sub__ = "__sub__",
    __mul__ = "__mul__",
    __truediv__ = "__truediv__",
    __floordiv__ = "__floordiv__",
    __mod__ = "__mod__",
    __pow__ = "__pow__",
    __lshift__ = "__lshift__",
    __rshift__ = "__rshift__",
    __and__ = "__and__",
    __or__ = "__or__",
    __xor__ = "__xor__",
    __matmul__ = "__matmul__",
    __radd__ = "__radd__",
    __rsub__ = "__rsub__",
    __rmul__ = "__rmul__",
    __rtruediv__ = "__rtruediv__",
    __rfloordiv__ = "__rfloordiv__",
    __rmod__ = "__rmod__",
    __rpow__ = "__rpow__",
    __rlshift__ = "__rlshift__",
    __rrshift__ = "__rrshift__",
    __rand__ = "__rand__",
    __ror__ = "__ror__",
    __rxor__ = "__rxor__",
    __rmatmul__ = "__rmatmul__",
    __iadd__ = "__iadd__",
    __isub__ = "__isub__",
    __imul__ = "__imul__",
    __itruediv__ = "__itruediv__",
    __ifloordiv__ = "__ifloordiv__",
    __imod__ = "__imod__",
    __ipow__ = "__ipow__",
    __ilshift__ = "__ilshift__",
    __irshift__ = "__irshift__",
    __iand__ = "__iand__",
    __ior__ = "__ior__",
    __ixor__ = "__ixor__",
    __imatmul__ = "__imatmul__",
    __neg__ = "__neg__",
    __pos__ = "__pos__",
    __invert__ = "__invert__",
    __getattr__ = "__getattr__",
    __setattr__ = "__setattr__",
    __delattr__ = "__delattr__",
    __new__ = "__new__",
    __del__ = "__del__",
    __annotations__ = "__annotations__",
    __builtins__ = "__builtins__",
    __main__ = "__main__",
    __classcell__ = "__classcell__",
    __firstlineno__ = "__firstlineno__",
    __static_attributes__ = "__static_attributes__",
    __mro__ = "__mro__",
    __bases__ = "__bases__",
    __file__ = "__file__",
    __spec__ = "__spec__",
    __loader__ = "__loader__",
    __package__ = "__package__",
    __traceback__ = "__traceback__",
    __cause__ = "__cause__",
    __context__ = "__context__",
    __suppress_context__ = "__suppress_context__",
    args = "args",
    sep = "sep",
    end = "end",
    file = "file",
    flush = "flush",
    key = "key",
    reverse = "reverse",
    keys = "keys",
    default = "default",
    start = "start",
}

/// The interner: names ↔ symbols. Its tables sit behind one `Rc`: a copy of a VM shares
/// them until one side adds a name.
#[derive(Clone, Debug)]
pub struct Interner {
    tables: Rc<Tables>,
}

#[derive(Clone, Debug, Default)]
struct Tables {
    names: Vec<Rc<str>>,
    lookup: HashMap<Rc<str>, Symbol>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Interner {
            tables: Rc::default(),
        };
        for name in WELL_KNOWN {
            interner.intern(name);
        }
        interner
    }
}

impl Interner {
    /// The symbol for `name`, adding it once.
    pub fn intern(&mut self, name: &str) -> Symbol {
        if let Some(symbol) = self.tables.lookup.get(name) {
            return *symbol;
        }
        let tables = Rc::make_mut(&mut self.tables);
        let text: Rc<str> = Rc::from(name);
        let symbol = Symbol(tables.names.len() as u32);
        tables.names.push(Rc::clone(&text));
        tables.lookup.insert(text, symbol);
        symbol
    }

    /// The symbol for `name` if it was ever interned.
    pub fn get(&self, name: &str) -> Option<Symbol> {
        self.tables.lookup.get(name).copied()
    }

    /// The text of a symbol.
    pub fn name(&self, symbol: Symbol) -> &Rc<str> {
        &self.tables.names[symbol.0 as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::{Interner, sym};

    #[test]
    fn well_known_names_have_fixed_symbols() {
        let mut interner = Interner::default();
        assert_eq!(interner.intern("__init__"), sym::__init__);
        assert_eq!(&**interner.name(sym::__exit__), "__exit__");
        assert_eq!(&**interner.name(sym::start), "start");
        let fresh = interner.intern("shared_value");
        assert_eq!(interner.intern("shared_value"), fresh);
    }
}
