//! What one step of a steered run touched, so the explorer can tell steps that commute (their
//! order cannot change the outcome) from steps that conflict. Globals are named, attributes,
//! items and containers go by object, locks by lock; what cannot be told is `opaque` and
//! conflicts with everything (a coarse footprint costs extra schedules, never a missed one).
//! Simplifications: a native call reads its containers one level deep; a `for` loop's range
//! iterator belongs to its thread; an attribute set on a class is not seen through its
//! instances.

use crate::vm::Vm;
use crate::vm::builtins::Builtin;
use crate::vm::dict::HashKey;
use crate::vm::frame::ThreadState;
use crate::vm::intern::Symbol;
use crate::vm::object::{ClassKind, IterObj, Obj};
use crate::vm::op::CallLayout;
use crate::vm::op::Op;
use crate::vm::sync::{LockId, ThreadIndex};
use crate::vm::value::ObjId;
use crate::vm::value::Value;

/// One thing a step touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Access {
    /// A module global (or builtin) by name.
    Global(Symbol),
    /// An attribute of one object.
    Attr(ObjId, Symbol),
    /// One heap object's contents (a list's items, a dict, a cell, an iterator's position).
    Object(ObjId),
    /// One key of a dict (by the key's value: an int, or a hash of a str).
    Item(ObjId, u64),
    /// Any heap object (what native code reached that is not named).
    Heap,
    /// The program's output.
    Output,
    Lock(LockId),
    /// Starting a thread (thread numbers are handed out in order).
    Spawn,
    /// Waiting for a thread to end, and its ending.
    Join(ThreadIndex),
}

/// Everything a step touched: accesses with whether each was a write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    pub accesses: Vec<(Access, bool)>,
    /// The step did something not modelled here: it conflicts with every other step.
    pub opaque: bool,
    /// What the thread waited for before this step (a thread's end, a lock): the step comes
    /// after the one that ended the wait, which is an order and not a race (the two could
    /// never have run the other way round).
    pub waited: Option<Access>,
}

// Locks and joins are recorded as writes, so two steps on one lock (or a join and the joined
// thread's end) conflict.

impl Footprint {
    pub fn add(&mut self, access: Access, write: bool) {
        match self.accesses.iter_mut().find(|(a, _)| *a == access) {
            Some(entry) => entry.1 |= write,
            None => self.accesses.push((access, write)),
        }
    }

    /// Touched nothing another thread can see: it commutes with every step.
    pub fn is_local(&self) -> bool {
        !self.opaque && self.accesses.is_empty() && self.waited.is_none()
    }

    /// True when this step waited for something `earlier` did.
    pub fn waited_for(&self, earlier: &Footprint) -> bool {
        self.waited.is_some_and(|w| {
            earlier.opaque || earlier.accesses.iter().any(|(a, write)| *a == w && *write)
        })
    }

    /// True when running `self` and `other` (steps of two threads) in either order might end
    /// differently.
    pub fn conflicts(&self, other: &Footprint) -> bool {
        if self.accesses.is_empty() && !self.opaque || other.accesses.is_empty() && !other.opaque {
            return false;
        }
        if self.opaque || other.opaque {
            return true;
        }
        self.accesses.iter().any(|&(a, wa)| {
            other.accesses.iter().any(|&(b, wb)| match (a, b) {
                (Access::Spawn, Access::Spawn | Access::Join(_))
                | (Access::Join(_), Access::Spawn) => true,
                (
                    Access::Heap,
                    Access::Heap | Access::Object(_) | Access::Attr(..) | Access::Item(..),
                )
                | (Access::Object(_) | Access::Attr(..) | Access::Item(..), Access::Heap) => {
                    wa || wb
                }
                (Access::Item(o, _), Access::Object(p))
                | (Access::Object(p), Access::Item(o, _)) => o == p && (wa || wb),
                _ => a == b && (wa || wb),
            })
        })
    }
}

/// What running the next instruction of `t` touches, as far as can be told before running it.
/// A call is settled by [`Step::after`], which sees whether it entered Python code.
pub fn before(vm: &Vm, t: &ThreadState) -> Step {
    let Some(frame) = t.frames.last() else {
        return Step::Known(Footprint::default());
    };
    let code = vm.code(frame.code);
    let ip = frame.ip as usize;
    let Some(op) = code.plain.get(ip) else {
        return Step::Known(Footprint::default());
    };
    let name = |i: u16| code.names[i as usize];
    let top = |k: usize| {
        t.stack
            .len()
            .checked_sub(k)
            .filter(|_| k > 0)
            .map_or(Value::NULL, |at| t.stack[at])
    };
    // The `count` values from `depth` below the top (a call's arguments).
    let args = |depth: usize, count: usize| -> &[Value] {
        let len = t.stack.len();
        match len.checked_sub(depth) {
            Some(start) if start + count <= len => &t.stack[start..start + count],
            _ => &[],
        }
    };
    let mut fp = Footprint::default();
    let read = |fp: &mut Footprint, value: Value, write: bool| {
        if let Some(id) = value.as_obj()
            && !immutable(vm, id)
        {
            fp.add(Access::Object(id), write);
        }
    };
    match *op {
        Op::Nop
        | Op::Resume
        | Op::PopTop
        | Op::PushNull
        | Op::Copy(_)
        | Op::Swap(_)
        | Op::RotThree
        | Op::RotFour
        | Op::RotN(_)
        | Op::DupTopTwo
        | Op::LoadConst(_)
        | Op::LoadFast(_)
        | Op::LoadFastCheck(_)
        | Op::LoadFastAndClear(_)
        | Op::StoreFast(_)
        | Op::DeleteFast(_)
        | Op::LoadFastLoadFast(..)
        | Op::StoreFastLoadFast(..)
        | Op::StoreFastStoreFast(..)
        | Op::LoadClosure(_)
        | Op::MakeCell(_)
        | Op::CopyFreeVars(_)
        | Op::BuildSlice(_)
        | Op::BuildTuple(_)
        | Op::BuildList(_)
        | Op::BuildSet(_)
        | Op::BuildMap(_)
        | Op::BuildConstKeyMap(_)
        | Op::BuildString(_)
        | Op::ListAppend(_)
        | Op::SetAdd(_)
        | Op::MapAdd(_)
        | Op::ListToTuple
        | Op::KwNames(_)
        | Op::MakeFunction { .. }
        | Op::SetFunctionAttribute(_)
        | Op::ReturnValue
        | Op::ReturnConst(_)
        | Op::Jump(_)
        | Op::PopJumpIfNone(_)
        | Op::PopJumpIfNotNone(_)
        | Op::EndFor(_)
        | Op::SetupFinally(_)
        | Op::PopBlock
        | Op::PopExcept
        | Op::Reraise(_)
        | Op::RaiseVarargs(_)
        | Op::PushExcInfo
        | Op::CheckExcMatch
        | Op::JumpIfNotExcMatch(_)
        | Op::LoadAssertionError
        | Op::GenStart
        | Op::Is(_) => {}
        Op::PopJumpIfFalse(_)
        | Op::PopJumpIfTrue(_)
        | Op::JumpIfFalseOrPop(_)
        | Op::JumpIfTrueOrPop(_)
        | Op::ToBool
        | Op::UnaryNot
        | Op::UnaryNegative
        | Op::UnaryPositive
        | Op::UnaryInvert
        | Op::GetIter
        | Op::UnpackSequence(_)
        | Op::UnpackEx(..)
        | Op::ListExtend(_)
        | Op::SetUpdate(_)
        | Op::DictUpdate(_)
        | Op::DictMerge(_)
        | Op::FormatSimple
        | Op::ConvertValue(_) => read(&mut fp, top(1), false),
        Op::FormatValue { spec, .. } => read(&mut fp, top(1 + usize::from(spec)), false),
        Op::FormatWithSpec => read(&mut fp, top(2), false),
        Op::Binary(_) | Op::Compare(_) | Op::Contains(_) => {
            read(&mut fp, top(1), false);
            read(&mut fp, top(2), false);
        }
        Op::Inplace(_) => {
            read(&mut fp, top(1), false);
            read(&mut fp, top(2), true);
        }
        Op::BinarySubscr | Op::StoreSubscr | Op::DeleteSubscr => {
            let write = !matches!(op, Op::BinarySubscr);
            // Adding or removing a key changes the dict's order and size, which every other
            // insertion, deletion and walk over it sees: only a read or a replacement of a
            // key already there touches that key alone.
            let resizes = match op {
                Op::StoreSubscr => !has_key(vm, top(2), top(1)),
                Op::DeleteSubscr => true,
                _ => false,
            };
            match item(vm, top(2), top(1)) {
                Some(access) if !resizes => fp.add(access, write),
                _ => read(&mut fp, top(2), write),
            }
        }
        Op::BinarySlice => read(&mut fp, top(3), false),
        Op::StoreSlice => read(&mut fp, top(3), true),
        Op::LoadDeref(slot) | Op::StoreDeref(slot) => {
            let write = matches!(op, Op::StoreDeref(_));
            match t.stack.get(frame.base as usize + slot as usize) {
                Some(cell) if cell.as_obj().is_some() => read(&mut fp, *cell, write),
                _ => fp.add(Access::Heap, write),
            }
        }
        Op::LoadFromDictOrDeref(_) | Op::LoadLocals => fp.add(Access::Heap, false),
        // Advancing an iterator changes it, and reads what it goes over; a range iterator
        // is its loop's own.
        Op::ForIter(_) => {
            let iterator = top(1);
            match iterator.as_obj().map(|id| vm.heap.get(id)) {
                Some(Obj::Iter(IterObj::Range { .. })) => {}
                Some(Obj::Iter(IterObj::Seq { seq, .. })) => {
                    read(&mut fp, iterator, true);
                    read(&mut fp, *seq, false);
                }
                Some(Obj::Iter(IterObj::Dict { dict, .. })) => {
                    read(&mut fp, iterator, true);
                    read(&mut fp, *dict, false);
                }
                Some(Obj::Iter(IterObj::Set { set, .. })) => {
                    read(&mut fp, iterator, true);
                    read(&mut fp, *set, false);
                }
                _ => fp.opaque = true,
            }
        }
        Op::LoadGlobal { name: i, .. } | Op::LoadName(i) => fp.add(Access::Global(name(i)), false),
        Op::StoreGlobal(i) | Op::StoreName(i) | Op::DeleteGlobal(i) | Op::DeleteName(i) => {
            fp.add(Access::Global(name(i)), true)
        }
        Op::LoadAttr(i) | Op::LoadMethod { name: i, .. } | Op::StoreAttr(i) | Op::DeleteAttr(i) => {
            let write = matches!(op, Op::StoreAttr(_) | Op::DeleteAttr(_));
            if let Some(id) = top(1).as_obj() {
                fp.add(Access::Attr(id, name(i)), write);
            }
        }
        Op::Call { argc, layout } | Op::CallFromC { argc, layout } => {
            let n = argc as usize;
            let (callable, this) = callee(&top, layout, n);
            return Step::Call {
                frames: t.frames.len(),
                precall: None,
                native: native_call(vm, callable, this, args(n, n)),
            };
        }
        Op::CallKwTuple(argc) | Op::CallKw(argc) => {
            let n = argc as usize + 1;
            let layout = match op {
                Op::CallKw(_) => CallLayout::NullSecond,
                _ => CallLayout::Plain,
            };
            let (callable, this) = callee(&top, layout, n);
            return Step::Call {
                frames: t.frames.len(),
                precall: None,
                native: native_call(vm, callable, this, args(n, n - 1)),
            };
        }
        Op::CallFunctionEx { kwargs, layout } => {
            let n = 1 + usize::from(kwargs);
            let (callable, this) = callee(&top, layout, n);
            return Step::Call {
                frames: t.frames.len(),
                precall: None,
                native: native_call(vm, callable, this, args(n, n)),
            };
        }
        // 3.11 `PRECALL`: the call itself follows (fused with it, or as the next step).
        Op::Precall => {
            let mut next = Footprint::default();
            if let Some(Op::Call { argc, layout }) = code.plain.get(ip + 1) {
                let n = *argc as usize;
                let (callable, this) = callee(&top, *layout, n);
                next = native_call(vm, callable, this, args(n, n));
            } else {
                next.opaque = true;
            }
            return Step::Call {
                frames: t.frames.len(),
                precall: Some(ip),
                native: next,
            };
        }
        // `with lock:` enters (and the exit call leaves) through the lock's own methods.
        Op::BeforeWith | Op::SetupWith(_) => {
            return Step::Call {
                frames: t.frames.len(),
                precall: None,
                native: native_call(vm, Value::NULL, top(1), &[]),
            };
        }
        _ => fp.opaque = true,
    }
    Step::Known(fp)
}

/// The callable and `self` (NULL if none) of a call with `n` values above them.
fn callee(top: &impl Fn(usize) -> Value, layout: CallLayout, n: usize) -> (Value, Value) {
    match layout {
        CallLayout::Plain => (top(n + 1), Value::NULL),
        CallLayout::NullFirst if top(n + 2).is_null() => (top(n + 1), Value::NULL),
        CallLayout::NullFirst => (top(n + 2), top(n + 1)),
        CallLayout::NullSecond => (top(n + 2), top(n + 1)),
    }
}

/// A dict's key that is an int or a str, as an access of that key alone (by the hash the
/// dict files it under: keys that share one count as one).
fn item(vm: &Vm, container: Value, key: Value) -> Option<Access> {
    let id = container.as_obj()?;
    if !matches!(vm.heap.get(id), Obj::Dict(_)) {
        return None;
    }
    match vm.hash_key_of(key)? {
        key @ (HashKey::Int(_) | HashKey::Str(_)) => Some(Access::Item(id, key.hash())),
        _ => None,
    }
}

/// True when `container` is a dict that holds `key` already.
fn has_key(vm: &Vm, container: Value, key: Value) -> bool {
    let Some(Obj::Dict(dict)) = vm.heap.obj(container) else {
        return false;
    };
    vm.hash_key_of(key).is_some_and(|k| dict.get(&k).is_some())
}

/// Objects no thread can change.
fn immutable(vm: &Vm, id: ObjId) -> bool {
    matches!(
        vm.heap.get(id),
        Obj::Str(_)
            | Obj::Int(_)
            | Obj::Bytes(_)
            | Obj::Code(_)
            | Obj::Function(_)
            | Obj::Builtin(_)
    )
}

/// What a call of `callable` (bound to `this`, if not NULL) with `args` touches if it stays
/// native.
fn native_call(vm: &Vm, callable: Value, this: Value, args: &[Value]) -> Footprint {
    let mut fp = Footprint::default();
    let first = args.first().copied().unwrap_or(Value::NULL);
    let read_args = |fp: &mut Footprint| {
        for arg in args {
            if let Some(id) = arg.as_obj()
                && !immutable(vm, id)
            {
                fp.add(Access::Object(id), false);
            }
        }
    };
    let (builtin, this) = match callable.as_obj().map(|id| vm.heap.get(id)) {
        Some(Obj::BuiltinMethod { method, this }) => (Some(*method), *this),
        Some(Obj::Builtin(b)) => (Some(*b), this),
        // Python code runs in frames of its own; a class's instance is new.
        Some(Obj::Function(_) | Obj::Method { .. }) => return fp,
        Some(Obj::Class(class)) => {
            if matches!(class.kind, ClassKind::Builtin(_)) {
                read_args(&mut fp);
            }
            return fp;
        }
        _ if callable.is_null() => (None, this),
        _ => (None, Value::NULL),
    };
    let Some(builtin) = builtin else {
        // `with x:` on a lock.
        match crate::vm::builtins::threads::lock_of(vm, this) {
            Some((lock, _)) => fp.add(Access::Lock(lock), true),
            None => fp.opaque = true,
        }
        return fp;
    };
    let name = builtin.name();
    match builtin.owner() {
        "str" | "int" | "float" | "tuple" | "math" => {}
        "list" | "dict" | "set" => {
            let reads = [
                "index",
                "count",
                "copy",
                "get",
                "keys",
                "values",
                "items",
                "union",
                "intersection",
                "difference",
                "symmetric_difference",
                "issubset",
                "issuperset",
                "isdisjoint",
            ];
            match this.as_obj() {
                Some(id) => fp.add(Access::Object(id), !reads.contains(&name)),
                None => fp.opaque = true,
            }
        }
        "lock" => match crate::vm::builtins::threads::lock_of(vm, this) {
            Some((lock, _)) => fp.add(Access::Lock(lock), true),
            None => fp.opaque = true,
        },
        _ => match builtin {
            Builtin::Print | Builtin::ThreadExcepthook => {
                fp.add(Access::Output, true);
                read_args(&mut fp);
            }
            // Joining a thread that already ended.
            Builtin::ThreadJoin => match vm
                .as_i64(first)
                .and_then(crate::vm::builtins::threads::index_of)
            {
                Some(thread) => fp.add(Access::Join(thread), true),
                None => fp.opaque = true,
            },
            Builtin::ThreadGetIdent
            | Builtin::ThreadGetNativeId
            | Builtin::ThreadSetName
            | Builtin::ThreadAllocateLock
            | Builtin::ThreadRLock
            | Builtin::TimeTime
            | Builtin::TimeTimeNs
            | Builtin::TimePerfCounter
            | Builtin::TimePerfCounterNs
            | Builtin::TimeMonotonic
            | Builtin::TimeMonotonicNs
            | Builtin::OsGetpid
            | Builtin::OsGetppid
            | Builtin::OsCpuCount => {}
            Builtin::Len
            | Builtin::Repr
            | Builtin::Abs
            | Builtin::Divmod
            | Builtin::Pow
            | Builtin::Round
            | Builtin::Min
            | Builtin::Max
            | Builtin::Sum
            | Builtin::Sorted
            | Builtin::Isinstance
            | Builtin::Issubclass
            | Builtin::Hasattr
            | Builtin::Getattr
            | Builtin::Callable
            | Builtin::Id
            | Builtin::Hash
            | Builtin::Iter
            | Builtin::Any
            | Builtin::All
            | Builtin::Chr
            | Builtin::Ord
            | Builtin::Hex
            | Builtin::Bin
            | Builtin::Oct
            | Builtin::Format => read_args(&mut fp),
            _ => fp.opaque = true,
        },
    }
    fp
}

/// What [`before`] could tell about an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Known(Footprint),
    /// A call, made with this many frames on the thread, and what it touches if it stays
    /// native.
    Call {
        frames: usize,
        /// Set for a 3.11 `PRECALL` at this instruction, which may run without its call.
        precall: Option<usize>,
        native: Footprint,
    },
}

impl Step {
    /// The footprint of the instruction once it ran (`frames` and `ip` now): a call that
    /// entered a Python function touched nothing yet (its body is stepped), one that needed
    /// the scheduler touched what the scheduler did (`request`), a `PRECALL` that ran alone
    /// nothing; any other call what its native code touches.
    pub fn after(self, frames_now: usize, ip_now: usize, request: Option<Access>) -> Footprint {
        match self {
            Step::Known(fp) => fp,
            Step::Call {
                frames,
                precall,
                native,
            } => {
                let mut fp = Footprint::default();
                match request {
                    Some(access) => fp.add(access, true),
                    None if frames_now > frames => {}
                    None if frames_now == frames && precall.is_some_and(|ip| ip_now == ip + 1) => {}
                    None => fp = native,
                }
                fp
            }
        }
    }
}
