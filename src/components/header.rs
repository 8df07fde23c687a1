//! The page header.

use yew::prelude::*;

use crate::address::href_of;
use crate::state::tutorial::Route;

/// A way past the header, title, one line on what the page is, and the way between the
/// playground and the tutorial; the link to `route`, the page it is on, says so.
pub fn header(route: Route) -> Html {
    let skip = Callback::from(|event: MouseEvent| {
        // The fragment is the page's share link: move the focus without touching it.
        event.prevent_default();
        crate::address::focus("#main");
    });
    let (playground, learn) = match route {
        Route::Playground => (Some("page"), None),
        Route::Contents | Route::Missing => (None, Some("page")),
        Route::Chapter(_) => (None, Some("true")),
    };
    html! {
        <>
            <a class="skip-link" href="#main" onclick={skip}>{ "Skip to the content" }</a>
            <header class="site-header">
                <h1>{ "GIL Lab" }</h1>
                <p class="tagline">
                    { "Run the programs from the GIL articles and watch what CPython really does with them." }
                </p>
                <nav class="site-nav" aria-label="GIL Lab">
                    <a href={href_of(Route::Playground)} aria-current={playground}>{ "Playground" }</a>
                    <a href={href_of(Route::Contents)} aria-current={learn}>{ "Learn" }</a>
                </nav>
            </header>
        </>
    }
}
