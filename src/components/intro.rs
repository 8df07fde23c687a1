//! The playground's first words: what the program in the editor does and what to press, and
//! the way into the course.

use yew::prelude::*;

use crate::address::href_of;
use crate::state::tutorial::Route;

/// One sentence and the course's front door, above the editor and the run; `first_program`
/// when the editor holds the page's own first program (the race on a counter). A plain view
/// function: it has no state of its own.
pub fn intro(first_program: bool) -> Html {
    let lead = if first_program {
        "Two threads each add 1 to one counter a million times. Press ▶ Run and watch who holds the GIL, and whether the total reaches 2,000,000."
    } else {
        "Your program is in the editor. Press ▶ Run and watch every thread, who holds the GIL, and each update that is lost."
    };
    html! {
        <section class="intro" aria-label="Start here">
            <p class="intro-lead">{ lead }</p>
            <a class="intro-course" href={href_of(Route::Contents)}>
                { "New here? Start the course →" }
            </a>
        </section>
    }
}
