//! The tutorial as static HTML, written at build time beside the page (`learn/`, and
//! `learn/<slug>/` per chapter): a chapter's text is readable before the WebAssembly arrives, or
//! without it, and a shared link shows a preview card. The page then takes over in place.
//!
//! Every text is escaped here; chapters hold no markup (see [`crate::markdown`]).

use alloc::format;
use alloc::string::String;

use crate::{Block, Chapter, Claim, Inline, Scenario, page_title};

/// The site's name, as the header shows it.
const SITE: &str = "GIL Lab";

/// Where a page sits below the site's root, so that its relative addresses can reach the root.
#[derive(Clone, Copy)]
enum Depth {
    /// `learn/`
    Contents,
    /// `learn/<slug>/`
    Chapter,
}

impl Depth {
    /// The way from this page back to the site's root.
    fn root(self) -> &'static str {
        match self {
            Depth::Contents => "../",
            Depth::Chapter => "../../",
        }
    }
}

/// The contents page, built on `template` (the page's `index.html`).
pub fn contents_page(template: &str, chapters: &[Chapter]) -> Result<String, String> {
    let mut body = String::new();
    body.push_str("<main class=\"tutorial\" id=\"main\" tabindex=\"-1\">");
    body.push_str("<h1>Learn: threads, the GIL and processes</h1><ol class=\"chapter-list\">");
    for chapter in chapters {
        body.push_str(&format!(
            "<li><a href=\"{}/\">{}</a><p>{}</p></li>",
            escape(&chapter.slug),
            escape(&chapter.title),
            escape(&chapter.summary)
        ));
    }
    body.push_str("</ol><p><a href=\"../\">Open the playground</a></p></main>");
    fill(
        template,
        Depth::Contents,
        &page_title(Some("Learn")),
        "Short chapters on Python threads, the GIL, locks and processes, each with programs you run and watch in the browser.",
        &body,
    )
}

/// Chapter `index`'s page; `seed` gives a seed program's text by file name.
pub fn chapter_page<'a>(
    template: &str,
    chapters: &[Chapter],
    index: usize,
    seed: &impl Fn(&str) -> Option<&'a str>,
) -> Result<String, String> {
    let chapter = chapters
        .get(index)
        .ok_or_else(|| format!("no chapter {index}"))?;
    let nav = |top: bool| {
        let mut nav = format!(
            "<nav class=\"chapter-nav\" aria-label=\"{}\"><a href=\"../\">Contents</a>",
            if top {
                "Chapters"
            } else {
                "Previous and next chapter"
            }
        );
        if top {
            nav.push_str(&format!(
                "<span class=\"chapter-progress\">Chapter {} of {}</span>",
                index + 1,
                chapters.len()
            ));
        }
        if let Some(previous) = index.checked_sub(1).and_then(|i| chapters.get(i)) {
            nav.push_str(&format!(
                "<a href=\"../{}/\" rel=\"prev\">← {}</a>",
                escape(&previous.slug),
                escape(&previous.title)
            ));
        }
        if let Some(next) = chapters.get(index + 1) {
            nav.push_str(&format!(
                "<a href=\"../{}/\" rel=\"next\">{} →</a>",
                escape(&next.slug),
                escape(&next.title)
            ));
        }
        nav.push_str("</nav>");
        nav
    };
    let mut body = String::from("<main class=\"tutorial\" id=\"main\" tabindex=\"-1\">");
    body.push_str(&nav(true));
    body.push_str(&format!(
        "<article class=\"chapter\" aria-labelledby=\"chapter-title\"><h1 id=\"chapter-title\">{}</h1>",
        escape(&chapter.title)
    ));
    for block in &chapter.blocks {
        write_block(&mut body, block, seed);
    }
    body.push_str("</article>");
    body.push_str(&nav(false));
    body.push_str("</main>");
    fill(
        template,
        Depth::Chapter,
        &page_title(Some(&chapter.title)),
        &chapter.summary,
        &body,
    )
}

/// `template` with this page's title, description and preview tags, its addresses made to
/// reach the root from `depth`, and `main` (with the site's header) as its body.
fn fill(
    template: &str,
    depth: Depth,
    title: &str,
    description: &str,
    main: &str,
) -> Result<String, String> {
    let root = depth.root();
    let mut page = template
        .replace("=./", &format!("={root}"))
        .replace("=\"./", &format!("=\"{root}"));
    page = replace_once(&page, "<title>GIL Lab</title>", "")?;
    let meta = ["name=description", "name=\"description\""]
        .iter()
        .find_map(|name| page.find(name))
        .ok_or("the template has no description")?;
    let start = page[..meta]
        .rfind("<meta")
        .ok_or("a description outside <meta>")?;
    let end = meta + page[meta..].find('>').ok_or("an unclosed <meta>")? + 1;
    let (title, description) = (escape(title), escape(description));
    let head = format!(
        "<title>{title}</title><meta name=\"description\" content=\"{description}\">\
         <meta property=\"og:type\" content=\"article\"><meta property=\"og:site_name\" content=\"{SITE}\">\
         <meta property=\"og:title\" content=\"{title}\"><meta property=\"og:description\" content=\"{description}\">\
         <meta name=\"twitter:card\" content=\"summary\">"
    );
    page.replace_range(start..end, &head);
    let header = format!(
        "<div data-static><a class=\"skip-link\" href=\"#main\">Skip to the text</a>\
         <header class=\"site-header\"><h1>{SITE}</h1>\
         <p class=\"tagline\">Run the programs from the GIL articles and watch what CPython really does with them.</p>\
         <nav class=\"site-nav\" aria-label=\"{SITE}\"><a href=\"{root}\">Playground</a>\
         <a href=\"{root}learn/\" aria-current=\"{}\">Learn</a></nav></header>{main}</div>",
        match depth {
            Depth::Contents => "page",
            Depth::Chapter => "true",
        }
    );
    replace_once(&page, "<body>", &format!("<body>{header}"))
}

/// `text` with its one `from` replaced; an error when `from` is missing.
fn replace_once(text: &str, from: &str, to: &str) -> Result<String, String> {
    if text.contains(from) {
        Ok(text.replacen(from, to, 1))
    } else {
        Err(format!("the template has no `{from}`"))
    }
}

fn write_block<'a>(out: &mut String, block: &Block, seed: &impl Fn(&str) -> Option<&'a str>) {
    match block {
        Block::Heading { level, text } => {
            let level = (*level).clamp(2, 4);
            out.push_str(&format!("<h{level}>{}</h{level}>", inlines(text)));
        }
        Block::Paragraph(text) => out.push_str(&format!("<p>{}</p>", inlines(text))),
        Block::List { ordered, items } => {
            let tag = if *ordered { "ol" } else { "ul" };
            out.push_str(&format!("<{tag}>"));
            for item in items {
                out.push_str("<li>");
                item.iter().for_each(|b| write_block(out, b, seed));
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
        Block::Quote(inner) => {
            out.push_str("<blockquote>");
            inner.iter().for_each(|b| write_block(out, b, seed));
            out.push_str("</blockquote>");
        }
        Block::Code(code) => out.push_str(&format!(
            "<pre class=\"chapter-code\"><code>{}</code></pre>",
            escape(code)
        )),
        Block::Scenario(scenario) => write_card(out, scenario, None, seed),
        Block::Claim(claim) => write_card(out, &claim.scenario, Some(claim), seed),
        Block::Challenge(_) => out.push_str(
            "<section class=\"challenge-card\" aria-label=\"Challenge\"><h3>Challenge</h3>\
             <p>You are the scheduler: pick which thread runs at each point where it could switch.</p>\
             <p class=\"static-note\">The challenge starts here once the page has loaded.</p></section>",
        ),
    }
}

/// A scenario's card, or a claim box around it: its words and its program's code.
fn write_card<'a>(
    out: &mut String,
    scenario: &Scenario,
    claim: Option<&Claim>,
    seed: &impl Fn(&str) -> Option<&'a str>,
) {
    let class = if claim.is_some() {
        "claim-box"
    } else {
        "scenario-card"
    };
    out.push_str(&format!(
        "<section class=\"{class}\" aria-label=\"{}\">",
        escape(&scenario.title)
    ));
    if let Some(claim) = claim {
        let verdict = claim.verdict.word();
        out.push_str(&format!(
            "<p class=\"claim-text\"><span class=\"claim-verdict claim-verdict-{}\">{verdict}</span> “{}”</p>",
            verdict.to_lowercase().replace(' ', "-"),
            escape(&claim.claim)
        ));
        if !claim.heard.is_empty() {
            out.push_str(&format!(
                "<p class=\"claim-heard\">Heard in: {}</p>",
                escape(&claim.heard)
            ));
        }
        out.push_str(&format!("<p>{}</p>", escape(&claim.why)));
    }
    out.push_str(&format!(
        "<h3>{}</h3><p class=\"scenario-settings\">{}</p>",
        escape(&scenario.title),
        escape(&scenario.settings.words())
    ));
    if let Some(code) = scenario.program.source(seed) {
        out.push_str(&format!(
            "<pre class=\"chapter-code\"><code>{}</code></pre>",
            escape(&code)
        ));
    }
    out.push_str(
        "<p class=\"static-note\">Run it here once the page has loaded (it needs JavaScript and WebAssembly).</p></section>",
    );
}

fn inlines(text: &[Inline]) -> String {
    let mut out = String::new();
    for inline in text {
        match inline {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Code(c) => out.push_str(&format!("<code>{}</code>", escape(c))),
            Inline::Strong(inner) => out.push_str(&format!("<strong>{}</strong>", inlines(inner))),
            Inline::Emphasis(inner) => out.push_str(&format!("<em>{}</em>", inlines(inner))),
            Inline::Link { href, text } => {
                let (href, external) = match href.strip_prefix("#learn") {
                    Some(rest) => (format!("..{}/", rest.trim_end_matches('/')), false),
                    None if href.starts_with('#') => (format!("../../{href}"), false),
                    None => (href.clone(), true),
                };
                let target = if external {
                    " target=\"_blank\" rel=\"noopener\""
                } else {
                    ""
                };
                out.push_str(&format!(
                    "<a href=\"{}\"{target}>{}</a>",
                    escape(&href),
                    inlines(text)
                ));
            }
            Inline::Break => out.push_str("<br>"),
        }
    }
    out
}

/// `text` safe as HTML text and as a quoted attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    const TEMPLATE: &str = "<!doctype html><html lang=en><meta charset=utf-8><meta content=\"old\" name=description><title>GIL Lab</title><link href=./style.css rel=stylesheet><script type=module src=\"./start.js\"></script></head><body><noscript>needs JS</noscript></body></html>";

    fn chapters() -> Vec<Chapter> {
        let one = crate::markdown::parse(
            "01-first",
            "# First `a < b` & \"c\"\n\nIts summary & more.\n\n## A part\n\nText with `code` and a [link](#learn/second).\n\n```scenario\ntitle: A run\nseed: a.py\npython: 3.9\n```\n",
        )
        .unwrap();
        let two = crate::markdown::parse("02-second", "# Second\n\nThe second.\n").unwrap();
        vec![one, two]
    }

    #[test]
    fn a_chapter_page_has_its_text_escaped_its_addresses_from_its_depth_and_its_preview() {
        let seed = |name: &str| (name == "a.py").then_some("print(1 < 2)\n");
        let page = chapter_page(TEMPLATE, &chapters(), 0, &seed).unwrap();
        assert!(page.contains("<title>First a &lt; b &amp; &quot;c&quot; · GIL Lab</title>"));
        assert!(page.contains("<meta name=\"description\" content=\"Its summary &amp; more.\">"));
        assert!(page.contains(
            "property=\"og:title\" content=\"First a &lt; b &amp; &quot;c&quot; · GIL Lab\""
        ));
        assert!(!page.contains("content=\"old\""));
        assert!(page.contains("href=../../style.css") && page.contains("src=\"../../start.js\""));
        assert!(page.contains("<h1 id=\"chapter-title\">First a &lt; b &amp; &quot;c&quot;</h1>"));
        assert!(page.contains("<a href=\"../second/\">link</a>"));
        assert!(page.contains("<code>print(1 &lt; 2)\n</code>"));
        assert!(page.contains("Python 3.9 · GIL on"));
        assert!(page.contains("<a href=\"../second/\" rel=\"next\">Second →</a>"));
        assert!(page.contains("Chapter 1 of 2"));
    }

    #[test]
    fn the_contents_page_links_every_chapter_from_one_level_down() {
        let page = contents_page(TEMPLATE, &chapters()).unwrap();
        assert!(page.contains("<a href=\"first/\">First a &lt; b &amp; &quot;c&quot;</a>"));
        assert!(page.contains("<a href=\"second/\">Second</a>"));
        assert!(page.contains("href=../style.css"));
        assert!(page.contains("<title>Learn · GIL Lab</title>"));
    }

    #[test]
    fn a_template_without_its_landmarks_is_an_error() {
        assert!(contents_page("<html><body></body></html>", &chapters()).is_err());
    }
}
