//! Frames and per-thread execution state.
//!
//! A thread owns one value stack; each frame's fast locals (`localsplus`) sit at the frame's
//! `base` in it, followed by the frame's operand stack. Calling a Python function moves the
//! arguments into place as the callee's first locals, as CPython 3.11+ does.

use crate::vm::object::CodeId;
use crate::vm::value::{ObjId, Value};

impl Default for ThreadState {
    fn default() -> Self {
        ThreadState::new()
    }
}

/// A 3.9/3.10 block-stack entry (`SETUP_FINALLY`, `SETUP_WITH`, and the handler block the
/// runtime pushes while an exception is being handled).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    /// Jump to `handler` with the stack cut to `level` on an exception.
    Finally { handler: u32, level: u32 },
    /// An exception is being handled; `level` is the stack height under the saved state.
    ExceptHandler { level: u32 },
}

/// What to do with a frame's return value.
#[derive(Clone, Debug, PartialEq)]
pub enum OnReturn {
    /// Push it on the caller's stack (an ordinary call).
    Push,
    /// Drop it (property setters, `__exit__` calls whose result is not needed...).
    Discard,
    /// `C(...)`: `__init__` returned; push the instance (the result must be None).
    Init { instance: Value },
    /// A class body finished: build the class from its namespace.
    ClassBody(Box<ClassBody>),
    /// A generator's frame: its values go where the generator was resumed from.
    Generator {
        generator: Value,
        mode: crate::vm::generator::GenMode,
    },
    /// The thread's first frame: the thread ends.
    ThreadExit,
    /// A call advancing the iterator of a `FOR_ITER` (a `__next__` method, a helper): push
    /// its value; a `StopIteration` out of it ends the loop (pop the iterator, go to `exit`).
    ForIterNext { exit: u32 },
    /// A synchronous call from native code: stop the nested run and hand back the value.
    Sync,
}

/// What a class body's frame needs to build the class when it returns (all owned).
#[derive(Clone, Debug, PartialEq)]
pub struct ClassBody {
    pub namespace: Value,
    pub name: Value,
    pub bases: Value,
    pub keywords: Value,
}

/// One executing function, module or class body.
#[derive(Clone, Debug)]
pub struct Frame {
    pub code: CodeId,
    /// Index of the next instruction.
    pub ip: u32,
    /// Where the frame's locals start on the thread's value stack.
    pub base: u32,
    /// Where the caller's stack is cut back to when this frame returns.
    pub return_sp: u32,
    /// The module dict the frame's globals live in.
    pub globals: ObjId,
    /// The namespace dict of module and class frames (NULL for functions).
    pub locals: Value,
    /// The function being run (owned), or NULL for module frames.
    pub func: Value,
    pub on_return: OnReturn,
    /// 3.9/3.10 block stack, allocated by the first `SETUP_FINALLY` (most frames have none,
    /// and a small frame is cheap to push).
    #[allow(clippy::box_collection)]
    // one pointer keeps every frame small; most have no blocks
    pub blocks: Option<Box<Vec<Block>>>,
}

impl Frame {
    /// Pushes a block.
    pub fn push_block(&mut self, block: Block) {
        self.blocks.get_or_insert_with(Default::default).push(block);
    }

    /// Pops the innermost block.
    pub fn pop_block(&mut self) -> Option<Block> {
        self.blocks.as_mut()?.pop()
    }
}

/// Everything one thread needs to run.
#[derive(Clone, Debug)]
pub struct ThreadState {
    pub stack: Vec<Value>,
    pub frames: Vec<Frame>,
    /// The exception being handled (`sys.exception()`), owned; `None` when there is none.
    pub handled: Value,
    /// Set by a re-raise (`raise`, `RERAISE`): the traceback gains no entry for this frame.
    pub reraise: bool,
    /// 3.11/3.12 `KW_NAMES`: keyword names for the next call.
    pub kw_names: Value,
    /// Set when a 3.9 conditional jump took the slow (non-bool) path: the following check is
    /// an eval-breaker check site.
    pub slow_dispatch: bool,
    /// Recent reads of shared variables (lost-update detection).
    pub reads: crate::vm::races::RecentReads,
}

impl ThreadState {
    pub fn new() -> ThreadState {
        ThreadState {
            stack: Vec::with_capacity(1024),
            frames: Vec::with_capacity(16),
            handled: Value::NONE,
            reraise: false,
            kw_names: Value::NULL,
            slow_dispatch: false,
            reads: Default::default(),
        }
    }

    /// The innermost frame.
    pub fn frame(&self) -> &Frame {
        self.frames
            .last()
            .expect("internal error: a running thread has a frame")
    }

    pub fn frame_mut(&mut self) -> &mut Frame {
        self.frames
            .last_mut()
            .expect("internal error: a running thread has a frame")
    }

    #[inline(always)]
    pub fn push(&mut self, value: Value) {
        self.stack.push(value);
    }

    #[inline(always)]
    pub fn pop(&mut self) -> Value {
        self.stack
            .pop()
            .expect("internal error: value stack underflow")
    }

    #[inline(always)]
    pub fn top(&self) -> Value {
        *self
            .stack
            .last()
            .expect("internal error: value stack is empty")
    }

    /// The item `n` places below the top (`peek(1)` is the top).
    #[inline(always)]
    pub fn peek(&self, n: usize) -> Value {
        self.stack[self.stack.len() - n]
    }

    #[inline(always)]
    pub fn set_peek(&mut self, n: usize, value: Value) {
        let len = self.stack.len();
        self.stack[len - n] = value;
    }

    /// Pops `n` values, oldest first.
    pub fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len() - n;
        self.stack.split_off(at)
    }
}
