//! The page header.

use yew::prelude::*;

/// Title, one line on what the page is, and the way between the playground and the tutorial.
#[component]
pub fn Header() -> Html {
    html! {
        <header class="site-header">
            <h1>{ "GIL Lab" }</h1>
            <p class="tagline">
                { "Run the programs from the GIL articles and watch what CPython really does with them." }
            </p>
            <nav class="site-nav" aria-label="GIL Lab">
                <a href="#">{ "Playground" }</a>
                <a href="#learn">{ "Learn" }</a>
            </nav>
        </header>
    }
}
