//! The builtin classes: `object`, `int`, `str`, ..., and the exception hierarchy.

use std::rc::Rc;

use crate::vm::heap::Heap;
use crate::vm::intern::Interner;
use crate::vm::object::{Class, ClassKind, Namespace, Obj, TypeTag};
use crate::vm::value::ObjId;

macro_rules! exceptions {
    ($($kind:ident: $name:expr => $parent:ident),* $(,)?) => {
        /// The builtin exception classes the VM raises or the reader may name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ExcKind { BaseException, $($kind),* }

        impl ExcKind {
            pub const ALL: &'static [ExcKind] = &[ExcKind::BaseException, $(ExcKind::$kind),*];

            pub fn name(self) -> &'static str {
                match self { ExcKind::BaseException => "BaseException", $(ExcKind::$kind => $name),* }
            }

            pub fn parent(self) -> Option<ExcKind> {
                match self { ExcKind::BaseException => None, $(ExcKind::$kind => Some(ExcKind::$parent)),* }
            }
        }
    };
}

exceptions! {
    Exception: "Exception" => BaseException,
    SystemExit: "SystemExit" => BaseException,
    KeyboardInterrupt: "KeyboardInterrupt" => BaseException,
    GeneratorExit: "GeneratorExit" => BaseException,
    StopIteration: "StopIteration" => Exception,
    ArithmeticError: "ArithmeticError" => Exception,
    ZeroDivisionError: "ZeroDivisionError" => ArithmeticError,
    OverflowError: "OverflowError" => ArithmeticError,
    AssertionError: "AssertionError" => Exception,
    AttributeError: "AttributeError" => Exception,
    LookupError: "LookupError" => Exception,
    IndexError: "IndexError" => LookupError,
    KeyError: "KeyError" => LookupError,
    NameError: "NameError" => Exception,
    UnboundLocalError: "UnboundLocalError" => NameError,
    RuntimeError: "RuntimeError" => Exception,
    NotImplementedError: "NotImplementedError" => RuntimeError,
    RecursionError: "RecursionError" => RuntimeError,
    TypeError: "TypeError" => Exception,
    ValueError: "ValueError" => Exception,
    UnicodeError: "UnicodeError" => ValueError,
    UnicodeDecodeError: "UnicodeDecodeError" => UnicodeError,
    ImportError: "ImportError" => Exception,
    ModuleNotFoundError: "ModuleNotFoundError" => ImportError,
    OSError: "OSError" => Exception,
    FileNotFoundError: "FileNotFoundError" => OSError,
    TimeoutError: "TimeoutError" => OSError,
    MemoryError: "MemoryError" => Exception,
    Warning: "Warning" => Exception,
    DeprecationWarning: "DeprecationWarning" => Warning,
    RuntimeWarning: "RuntimeWarning" => Warning,
    UserWarning: "UserWarning" => Warning,
    EOFError: "EOFError" => Exception,
    SystemError: "SystemError" => Exception,
    PendingDeprecationWarning: "PendingDeprecationWarning" => Warning,
    SyntaxWarning: "SyntaxWarning" => Warning,
    FutureWarning: "FutureWarning" => Warning,
    ImportWarning: "ImportWarning" => Warning,
    UnicodeWarning: "UnicodeWarning" => Warning,
    BytesWarning: "BytesWarning" => Warning,
    ResourceWarning: "ResourceWarning" => Warning,
    ConnectionError: "ConnectionError" => OSError,
    BrokenPipeError: "BrokenPipeError" => ConnectionError,
    ConnectionAbortedError: "ConnectionAbortedError" => ConnectionError,
    ConnectionRefusedError: "ConnectionRefusedError" => ConnectionError,
    ConnectionResetError: "ConnectionResetError" => ConnectionError,
    FileExistsError: "FileExistsError" => OSError,
    PermissionError: "PermissionError" => OSError,
    IsADirectoryError: "IsADirectoryError" => OSError,
    NotADirectoryError: "NotADirectoryError" => OSError,
    InterruptedError: "InterruptedError" => OSError,
    BlockingIOError: "BlockingIOError" => OSError,
    ChildProcessError: "ChildProcessError" => OSError,
    ProcessLookupError: "ProcessLookupError" => OSError,
    FloatingPointError: "FloatingPointError" => ArithmeticError,
    BufferError: "BufferError" => Exception,
    ReferenceError: "ReferenceError" => Exception,
    StopAsyncIteration: "StopAsyncIteration" => Exception,
}

/// The class objects of the builtin types, by tag.
#[derive(Debug, Clone)]
pub struct TypeTable {
    pub object: ObjId,
    pub type_: ObjId,
    pub none: ObjId,
    pub bool_: ObjId,
    pub int: ObjId,
    pub float: ObjId,
    pub str_: ObjId,
    pub bytes: ObjId,
    pub tuple: ObjId,
    pub list: ObjId,
    pub dict: ObjId,
    pub set: ObjId,
    pub frozenset: ObjId,
    pub function: ObjId,
    pub method: ObjId,
    pub builtin_function: ObjId,
    pub module: ObjId,
    pub code: ObjId,
    pub cell: ObjId,
    pub range: ObjId,
    pub slice: ObjId,
    pub property: ObjId,
    pub staticmethod: ObjId,
    pub classmethod: ObjId,
    pub super_: ObjId,
    pub not_implemented: ObjId,
    pub ellipsis: ObjId,
    pub list_iterator: ObjId,
    pub tuple_iterator: ObjId,
    pub str_iterator: ObjId,
    pub range_iterator: ObjId,
    pub dict_keyiterator: ObjId,
    pub dict_valueiterator: ObjId,
    pub dict_itemiterator: ObjId,
    pub set_iterator: ObjId,
    pub enumerate: ObjId,
    pub zip: ObjId,
    pub reversed: ObjId,
    pub dict_keys: ObjId,
    pub dict_values: ObjId,
    pub dict_items: ObjId,
    pub filter: ObjId,
    pub map: ObjId,
    pub typing_alias: ObjId,
    pub lock: ObjId,
    pub rlock: ObjId,
    pub mp_queue: ObjId,
    /// `complex`: a name for type checks; its numbers are not modelled.
    pub complex: ObjId,
    pub logger: ObjId,
    pub traceback: ObjId,
    pub text_io: ObjId,
    pub method_descriptor: ObjId,
    pub generator: ObjId,
    /// Exception classes, indexed like [`ExcKind::ALL`].
    pub exceptions: Vec<ObjId>,
}

impl TypeTable {
    /// The class of a builtin exception kind.
    pub fn exc(&self, kind: ExcKind) -> ObjId {
        let index = ExcKind::ALL
            .iter()
            .position(|k| *k == kind)
            .expect("internal error: every exception kind is in ALL");
        self.exceptions[index]
    }

    /// Creates every builtin class on the heap (immortal: builtins never die).
    pub fn create(heap: &mut Heap, interner: &mut Interner) -> TypeTable {
        let mut make = |name: &str, tag: TypeTag, bases: Vec<ObjId>| -> ObjId {
            let _ = interner.intern(name);
            let class = Class {
                name: Rc::from(name),
                qualname: Rc::from(name),
                module: Rc::from("builtins"),
                bases: bases.clone(),
                mro: Vec::new(),
                attrs: Namespace::default(),
                version: 0,
                kind: ClassKind::Builtin(tag),
                is_exception: tag == TypeTag::Exception,
            };
            heap.alloc_immortal(Obj::Class(std::rc::Rc::new(class)))
        };
        let object = make("object", TypeTag::Object, vec![]);
        let mut simple = |name: &str, tag: TypeTag| make(name, tag, vec![object]);
        let type_ = simple("type", TypeTag::Type);
        let none = simple("NoneType", TypeTag::NoneType);
        let int = simple("int", TypeTag::Int);
        let float = simple("float", TypeTag::Float);
        let str_ = simple("str", TypeTag::Str);
        let bytes = simple("bytes", TypeTag::Bytes);
        let tuple = simple("tuple", TypeTag::Tuple);
        let list = simple("list", TypeTag::List);
        let dict = simple("dict", TypeTag::Dict);
        let set = simple("set", TypeTag::Set);
        let frozenset = simple("frozenset", TypeTag::FrozenSet);
        let function = simple("function", TypeTag::Function);
        let method = simple("method", TypeTag::Method);
        let builtin_function = simple("builtin_function_or_method", TypeTag::BuiltinFunction);
        let module = simple("module", TypeTag::Module);
        let code = simple("code", TypeTag::Code);
        let cell = simple("cell", TypeTag::Cell);
        let range = simple("range", TypeTag::Range);
        let slice = simple("slice", TypeTag::Slice);
        let property = simple("property", TypeTag::Property);
        let staticmethod = simple("staticmethod", TypeTag::StaticMethod);
        let classmethod = simple("classmethod", TypeTag::ClassMethod);
        let super_ = simple("super", TypeTag::Super);
        let not_implemented = simple("NotImplementedType", TypeTag::NotImplementedType);
        let ellipsis = simple("ellipsis", TypeTag::Ellipsis);
        let list_iterator = simple("list_iterator", TypeTag::Iterator);
        let tuple_iterator = simple("tuple_iterator", TypeTag::Iterator);
        let str_iterator = simple("str_ascii_iterator", TypeTag::Iterator);
        let range_iterator = simple("range_iterator", TypeTag::Iterator);
        let dict_keyiterator = simple("dict_keyiterator", TypeTag::Iterator);
        let dict_valueiterator = simple("dict_valueiterator", TypeTag::Iterator);
        let dict_itemiterator = simple("dict_itemiterator", TypeTag::Iterator);
        let set_iterator = simple("set_iterator", TypeTag::Iterator);
        let enumerate = simple("enumerate", TypeTag::Iterator);
        let zip = simple("zip", TypeTag::Iterator);
        let reversed = simple("reversed", TypeTag::Iterator);
        let dict_keys = simple("dict_keys", TypeTag::Iterator);
        let dict_values = simple("dict_values", TypeTag::Iterator);
        let dict_items = simple("dict_items", TypeTag::Iterator);
        let method_descriptor = simple("method_descriptor", TypeTag::BuiltinFunction);
        let generator = simple("generator", TypeTag::Generator);
        let map = simple("map", TypeTag::Iterator);
        let filter = simple("filter", TypeTag::Iterator);
        let text_io = simple("TextIOWrapper", TypeTag::Native);
        let logger = simple("Logger", TypeTag::Native);
        let traceback = simple("traceback", TypeTag::Native);
        let typing_alias = simple("_GenericAlias", TypeTag::Native);
        let lock = simple("lock", TypeTag::Lock);
        let rlock = simple("RLock", TypeTag::Lock);
        let mp_queue = simple("SimQueue", TypeTag::MpQueue);
        let complex = simple("complex", TypeTag::Native);
        // bool subclasses int.
        let bool_ = make("bool", TypeTag::Bool, vec![int]);
        let mut exceptions: Vec<ObjId> = Vec::new();
        for kind in ExcKind::ALL {
            let base = match kind.parent() {
                Some(parent) => {
                    let index = ExcKind::ALL
                        .iter()
                        .position(|k| *k == parent)
                        .expect("internal error: exception parents come first");
                    exceptions[index]
                }
                None => object,
            };
            exceptions.push(make(kind.name(), TypeTag::Exception, vec![base]));
        }
        for (id, module) in [
            (text_io, "_io"),
            (logger, "logging"),
            (typing_alias, "typing"),
            (lock, "_thread"),
            (rlock, "_thread"),
            (mp_queue, "_mp"),
        ] {
            if let Obj::Class(class) = heap.get_mut(id) {
                Rc::make_mut(class).module = Rc::from(module);
            }
        }
        let table = TypeTable {
            object,
            type_,
            none,
            bool_,
            int,
            float,
            str_,
            bytes,
            tuple,
            list,
            dict,
            set,
            frozenset,
            function,
            method,
            builtin_function,
            module,
            code,
            cell,
            range,
            slice,
            property,
            staticmethod,
            classmethod,
            super_,
            not_implemented,
            ellipsis,
            list_iterator,
            tuple_iterator,
            str_iterator,
            range_iterator,
            dict_keyiterator,
            dict_valueiterator,
            dict_itemiterator,
            set_iterator,
            enumerate,
            zip,
            reversed,
            dict_keys,
            dict_values,
            dict_items,
            method_descriptor,
            generator,
            text_io,
            logger,
            traceback,
            typing_alias,
            lock,
            rlock,
            mp_queue,
            complex,
            map,
            filter,
            exceptions,
        };
        table.fill_mros(heap);
        table
    }

    fn fill_mros(&self, heap: &mut Heap) {
        let mut all = vec![
            self.object,
            self.type_,
            self.none,
            self.bool_,
            self.int,
            self.float,
            self.str_,
            self.bytes,
            self.tuple,
            self.list,
            self.dict,
            self.set,
            self.frozenset,
            self.function,
            self.method,
            self.builtin_function,
            self.module,
            self.code,
            self.cell,
            self.range,
            self.slice,
            self.property,
            self.staticmethod,
            self.classmethod,
            self.super_,
            self.not_implemented,
            self.ellipsis,
            self.list_iterator,
            self.tuple_iterator,
            self.str_iterator,
            self.range_iterator,
            self.dict_keyiterator,
            self.dict_valueiterator,
            self.dict_itemiterator,
            self.set_iterator,
            self.enumerate,
            self.zip,
            self.reversed,
            self.dict_keys,
            self.dict_values,
            self.dict_items,
            self.method_descriptor,
            self.generator,
            self.text_io,
            self.logger,
            self.traceback,
            self.typing_alias,
            self.lock,
            self.rlock,
            self.mp_queue,
            self.complex,
            self.map,
            self.filter,
        ];
        all.extend(self.exceptions.iter().copied());
        for id in all {
            let mro = linear_mro(heap, id);
            if let Obj::Class(class) = heap.get_mut(id) {
                std::rc::Rc::make_mut(class).mro = mro;
            }
        }
    }
}

/// The MRO of a class whose bases each have a single inheritance chain (builtins).
fn linear_mro(heap: &Heap, id: ObjId) -> Vec<ObjId> {
    let mut out = vec![id];
    let mut current = id;
    while let Obj::Class(class) = heap.get(current) {
        match class.bases.first() {
            Some(base) => {
                out.push(*base);
                current = *base;
            }
            None => break,
        }
    }
    out
}
