//! The page header.

use yew::prelude::*;

/// Title and one line on what the page is.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <h1>{ "GIL Lab" }</h1>
            <p class="tagline">
                { "Run the programs from the GIL articles and watch what CPython really does with them." }
            </p>
        </header>
    }
}
