//! Saving a run: the timeline as an SVG or PNG file and the trace as JSON, offered as
//! downloads. The SVG is the timeline's own drawing with its labels and each shape's computed
//! colours written in as presentation attributes, so that it looks the same outside the page.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// The style properties a saved shape keeps, as SVG presentation attributes.
const KEPT: [&str; 8] = [
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
];

/// Offers `text` as a file named `name` of type `mime`.
pub fn save_text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    if let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) {
        save_blob(name, &blob);
    }
}

/// Offers `blob` as a file named `name`.
fn save_blob(name: &str, blob: &web_sys::Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", name);
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The timeline inside `figure` as a standalone SVG document, with its size in pixels.
fn timeline_svg(figure: &web_sys::Element) -> Option<(String, f64, f64)> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let lanes = figure.query_selector("svg.lanes-drawing").ok()??;
    let labels = figure.query_selector("svg.lane-labels").ok()??;
    let copy: web_sys::Element = lanes.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let view_box = lanes.get_attribute("viewBox")?;
    let mut numbers = view_box
        .split(' ')
        .filter_map(|n| n.parse::<f64>().ok())
        .skip(2);
    let (width, height) = (numbers.next()?, numbers.next()?);
    // Styles first: the copy's shapes must still match the original's one for one.
    keep_styles(&window, &lanes, &copy);
    let background = document.create_element_ns(Some(SVG_NS), "rect").ok()?;
    for (name, value) in [("width", "100%"), ("height", "100%"), ("fill", "#ffffff")] {
        let _ = background.set_attribute(name, value);
    }
    let _ = copy.insert_before(&background, copy.first_child().as_ref());
    let names: web_sys::Element = labels.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    keep_styles(&window, &labels, &names);
    let group = document.create_element_ns(Some(SVG_NS), "g").ok()?;
    while let Some(child) = names.first_child() {
        let _ = group.append_child(&child);
    }
    let _ = copy.append_child(&group);
    for (name, value) in [
        ("xmlns", SVG_NS.to_string()),
        ("width", width.to_string()),
        ("height", height.to_string()),
    ] {
        let _ = copy.set_attribute(name, &value);
    }
    let _ = copy.remove_attribute("preserveAspectRatio");
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()?;
    Some((text, width, height))
}

/// Writes the computed style of each shape under `original` onto its twin under `copy`.
fn keep_styles(window: &web_sys::Window, original: &web_sys::Element, copy: &web_sys::Element) {
    let (Ok(from), Ok(to)) = (
        original.query_selector_all("*"),
        copy.query_selector_all("*"),
    ) else {
        return;
    };
    for index in 0..from.length().min(to.length()) {
        let (Some(a), Some(b)) = (from.item(index), to.item(index)) else {
            continue;
        };
        let (Ok(a), Ok(b)) = (
            a.dyn_into::<web_sys::Element>(),
            b.dyn_into::<web_sys::Element>(),
        ) else {
            continue;
        };
        let Ok(Some(style)) = window.get_computed_style(&a) else {
            continue;
        };
        for property in KEPT {
            if let Ok(value) = style.get_property_value(property)
                && !value.is_empty()
            {
                let _ = b.set_attribute(property, &value);
            }
        }
    }
}

/// Offers the timeline inside `figure` as `name` (an SVG file).
pub fn save_svg(figure: &web_sys::Element, name: &str) {
    if let Some((text, _, _)) = timeline_svg(figure) {
        save_text(name, "image/svg+xml", &text);
    }
}

/// Offers the timeline inside `figure` as `name`, a PNG at twice its size: the SVG is drawn on
/// a canvas once it has loaded as an image.
pub fn save_png(figure: &web_sys::Element, name: &str) {
    let Some((text, width, height)) = timeline_svg(figure) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let (Ok(blob), Ok(image)) = (
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options),
        web_sys::HtmlImageElement::new(),
    ) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let name = name.to_string();
    let drawn = image.clone();
    let source = url.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&source);
        let Some(canvas) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
        else {
            return;
        };
        canvas.set_width((width * 2.0) as u32);
        canvas.set_height((height * 2.0) as u32);
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let _ = context.draw_image_with_html_image_element_and_dw_and_dh(
            &drawn,
            0.0,
            0.0,
            width * 2.0,
            height * 2.0,
        );
        let saved = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            if let Some(blob) = blob {
                save_blob(&name, &blob);
            }
        });
        let _ = canvas.to_blob(saved.unchecked_ref());
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
}
