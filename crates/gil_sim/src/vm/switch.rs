//! Where a thread may be switched out: the check sites of the version (after a call, a
//! backward jump, a `RESUME`...), anywhere without a GIL, and every instruction of a steered
//! run, which also remembers whether the version could have switched there.

use crate::vm::Vm;
use crate::vm::code::{Code, Switch};
use crate::vm::frame::ThreadState;

impl Vm {
    /// After a call pushed a frame (`deeper`) or a frame returned: is this a switch point?
    /// Up to 3.10 a new frame checks the eval breaker on entry, and an instruction that ran
    /// Python code completes with a check if it is a check site; from 3.11 the callee's
    /// `RESUME` is the check site and a return does not check.
    pub(crate) fn switch_after_reload(&mut self, t: &mut ThreadState, deeper: bool) -> bool {
        if self.switch_anywhere && !self.steered {
            return true;
        }
        let here = if self.version.is_311_plus() {
            false
        } else if deeper {
            // A frame of code standing in for C code is not a Python frame: no check there.
            t.frames
                .last()
                .is_none_or(|frame| !self.codes[frame.code.0 as usize].native)
        } else {
            t.frames.last().is_some_and(|frame| {
                let code = &self.codes[frame.code.0 as usize];
                let caller_instr = (frame.ip as usize).saturating_sub(1);
                matches!(
                    code.switch.get(caller_instr),
                    Some(Switch::After | Switch::AfterCall)
                )
            })
        };
        self.steered_stop(t, here)
    }

    /// True if the thread may be switched out after instruction `at` (now at `ip`).
    pub(crate) fn is_switch_point(
        &mut self,
        t: &mut ThreadState,
        code: &Code,
        at: usize,
        ip: usize,
    ) -> bool {
        self.switch_at(t, code.switch[at], ip != at + 1)
    }

    /// True if the thread may be switched out after an instruction whose switch point is
    /// `switch` (`jumped`: the instruction jumped).
    pub(crate) fn switch_at(&mut self, t: &mut ThreadState, switch: Switch, jumped: bool) -> bool {
        let slow = std::mem::take(&mut t.slow_dispatch);
        if self.switch_anywhere && !self.steered {
            return true;
        }
        let here = match switch {
            Switch::Never => false,
            Switch::After => true,
            Switch::AfterIfJumped => jumped,
            Switch::AfterIfNotBool => slow,
            // Reached only when the call stayed in this frame: the callee was native.
            Switch::AfterCall => true,
        };
        self.steered_stop(t, here)
    }

    /// A steered run stops after every instruction (but goes through the thread machinery
    /// of the library in one go) and remembers whether the version could switch threads
    /// there; other runs stop only where it could.
    pub(crate) fn steered_stop(&mut self, t: &ThreadState, here: bool) -> bool {
        if self.steered {
            if self.in_thread_machinery(t) {
                return false;
            }
            self.at_version_switch = here;
            return true;
        }
        here
    }

    /// True while `t` runs inside the library's thread machinery (not in program code it
    /// called from there).
    pub fn in_thread_machinery(&self, t: &ThreadState) -> bool {
        for frame in t.frames.iter().rev() {
            let code = &self.codes[frame.code.0 as usize];
            if code.library.is_none() {
                return false;
            }
            if code.machinery {
                return true;
            }
        }
        false
    }
}
