//! Choice of the Python version whose bytecode and GIL are modelled.

use gil_sim::PyVersion;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct VersionPickerProps {
    pub version: PyVersion,
    pub on_change: Callback<PyVersion>,
}

/// A labelled select of the modelled versions.
#[component]
pub fn VersionPicker(props: &VersionPickerProps) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            if let Some(version) = PyVersion::parse(&select.value()) {
                on_change.emit(version);
            }
        })
    };
    html! {
        <span class="control">
            <label for="python-version">{ "Python" }</label>
            <select id="python-version" {onchange}>
                { for PyVersion::ALL.iter().filter(|v| **v != PyVersion::Py27).map(|v| {
                    let text = v.to_string();
                    html! {
                        <option key={text.clone()} value={text.clone()} selected={*v == props.version}>
                            { text }
                        </option>
                    }
                }) }
            </select>
        </span>
    }
}
