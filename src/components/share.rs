//! Share: builds the link to this scenario (code, settings, seed, playback step), copies it,
//! and shows it so it can also be copied by hand.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The Share button and the link it made: `link` is the last link built, and whether it
/// reached the clipboard.
pub fn share_panel(link: Option<&(AttrValue, bool)>, on_share: &Callback<()>) -> Html {
    let on_click = on_share.reform(|_: MouseEvent| ());
    let select_all = Callback::from(|event: FocusEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share">
            <button id="share" onclick={on_click} title="Copy a link to this program, its settings and the step you are at">
                { "Share" }
            </button>
            if let Some((link, copied)) = link {
                <label for="share-link" class="share-status" aria-live="polite">
                    { if *copied { "Link copied:" } else { "Copy this link:" } }
                </label>
                <input id="share-link" class="share-link" type="text" readonly=true
                    value={link.clone()} onfocus={select_all} />
            }
        </div>
    }
}
