//! Letting the browser have a turn between slices of work. A message the page posts to itself
//! runs the next slice once the browser has handled what is waiting (input, drawing), without
//! the 4 ms minimum a browser puts on nested zero-delay timeouts, which for a run of many
//! short slices would be much of the time.

use std::cell::RefCell;
use std::collections::VecDeque;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::MessageChannel;

/// The channel the page posts to itself, and the work waiting for its turn, oldest first.
struct Turns {
    channel: MessageChannel,
    waiting: RefCell<VecDeque<Box<dyn FnOnce()>>>,
    /// Kept alive as long as the channel delivers to it.
    _on_message: Closure<dyn FnMut()>,
}

thread_local! {
    static TURNS: Option<Turns> = Turns::new();
}

impl Turns {
    fn new() -> Option<Turns> {
        let channel = MessageChannel::new().ok()?;
        let on_message = Closure::<dyn FnMut()>::new(|| {
            let next = TURNS.with(|turns| turns.as_ref()?.waiting.borrow_mut().pop_front());
            if let Some(work) = next {
                work();
            }
        });
        channel
            .port1()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Some(Turns {
            channel,
            waiting: RefCell::new(VecDeque::new()),
            _on_message: on_message,
        })
    }
}

/// How long work that waits for an idle page waits before it looks again, in milliseconds.
const IDLE_RETRY_MS: u32 = 50;

/// Runs `work` once the page has nothing else waiting for a turn (a run's or an
/// exploration's next slice): background work never slows down what the reader started.
pub fn when_idle(work: impl FnOnce() + 'static) {
    after_turn(move || {
        let busy = TURNS.with(|turns| {
            turns
                .as_ref()
                .is_some_and(|turns| !turns.waiting.borrow().is_empty())
        });
        if busy {
            gloo_timers::callback::Timeout::new(IDLE_RETRY_MS, move || when_idle(work)).forget();
        } else {
            work();
        }
    });
}

/// Runs `work` after the browser has had a turn. Falls back to a zero-delay timeout where
/// the page cannot message itself.
pub fn after_turn(work: impl FnOnce() + 'static) {
    let posted = TURNS.with(|turns| match turns {
        Some(turns) => {
            turns.waiting.borrow_mut().push_back(Box::new(work));
            turns
                .channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::NULL)
                .is_ok()
        }
        None => {
            gloo_timers::callback::Timeout::new(0, work).forget();
            true
        }
    });
    if !posted {
        // The message was refused: run what is waiting on a timeout instead.
        gloo_timers::callback::Timeout::new(0, || {
            let next = TURNS.with(|turns| turns.as_ref()?.waiting.borrow_mut().pop_front());
            if let Some(work) = next {
                work();
            }
        })
        .forget();
    }
}
