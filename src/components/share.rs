//! Share: builds the link to this scenario (code, settings, seed, playback step), copies it,
//! and shows it so it can also be copied by hand.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The last link built, and whether it reached the clipboard.
    pub link: Option<(AttrValue, bool)>,
    pub on_share: Callback<()>,
}

/// The Share button and the link it made.
#[component]
pub fn Share(props: &ShareProps) -> Html {
    let on_click = props.on_share.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|event: FocusEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share">
            <button id="share" onclick={on_click} title="Copy a link to this program, its settings and the step you are at">
                { "Share" }
            </button>
            if let Some((link, copied)) = &props.link {
                <label for="share-link" class="share-status" aria-live="polite">
                    { if *copied { "Link copied:" } else { "Copy this link:" } }
                </label>
                <input id="share-link" class="share-link" type="text" readonly=true
                    value={link.clone()} onfocus={select_all} />
            }
        </div>
    }
}
