//! Chapter files (CommonMark, read by `pulldown-cmark`) into [`Chapter`]s. Runs at build
//! time; a mistake in a chapter stops the build with the file, line and reason.
//!
//! A chapter file is named `NN-slug.md`; it starts with `# Title`, its first paragraph is the
//! summary, and fenced blocks tagged `scenario`, `claim` or `challenge` are directives
//! (see [`crate::directive`]). Raw HTML is refused: the page shows text, never markup.

extern crate std;

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::{Block, Chapter, Inline, directive};

/// Every `*.md` chapter in `dir`, in file-name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Chapter>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            parse(&name, &text).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

/// One chapter from its file name (without `.md`) and text.
pub fn parse(name: &str, text: &str) -> Result<Chapter, String> {
    let slug = name
        .split_once('-')
        .filter(|(number, _)| number.chars().all(|c| c.is_ascii_digit()))
        .map_or(name, |(_, slug)| slug)
        .to_string();
    let mut reader = Reader {
        events: Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH)
            .into_offset_iter()
            .collect(),
        at: 0,
        text,
    };
    let mut blocks = reader.blocks(None)?;
    let title = match blocks.first() {
        Some(Block::Heading { level: 1, text }) => plain(text),
        _ => return Err("a chapter starts with `# Title`".to_string()),
    };
    blocks.remove(0);
    let summary = match blocks.first() {
        Some(Block::Paragraph(text)) => plain(text),
        _ => return Err("the title is followed by a one-paragraph summary".to_string()),
    };
    if blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { level: 1, .. }))
    {
        return Err("a chapter has one `#` title; sections use `##`".to_string());
    }
    Ok(Chapter {
        slug,
        title,
        summary,
        blocks,
    })
}

/// The words of inline text, without its styling.
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(inner) | Inline::Emphasis(inner) | Inline::Link { text: inner, .. } => {
                out.push_str(&plain(inner))
            }
            Inline::Break => out.push(' '),
        }
    }
    out
}

struct Reader<'a> {
    events: Vec<(Event<'a>, core::ops::Range<usize>)>,
    at: usize,
    text: &'a str,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<Event<'a>> {
        let event = self.events.get(self.at).map(|(e, _)| e.clone());
        self.at += 1;
        event
    }

    fn peek(&self) -> Option<&Event<'a>> {
        self.events.get(self.at).map(|(e, _)| e)
    }

    /// The line of the event just read, from 1.
    fn line(&self) -> usize {
        let offset = self
            .events
            .get(self.at.saturating_sub(1))
            .map_or(0, |(_, r)| r.start);
        self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn fail<T>(&self, message: impl core::fmt::Display) -> Result<T, String> {
        Err(format!("line {}: {message}", self.line()))
    }

    /// Blocks until `end` (or the end of the text).
    fn blocks(&mut self, end: Option<TagEnd>) -> Result<Vec<Block>, String> {
        let mut blocks = Vec::new();
        let mut loose = Vec::new();
        while let Some(event) = self.peek().cloned() {
            match event {
                Event::End(tag) if Some(tag) == end => {
                    self.at += 1;
                    break;
                }
                Event::Start(tag) if is_block(&tag) => {
                    if !loose.is_empty() {
                        blocks.push(Block::Paragraph(core::mem::take(&mut loose)));
                    }
                    self.at += 1;
                    blocks.push(self.block(tag)?);
                }
                Event::Rule => {
                    self.at += 1;
                }
                _ => {
                    // Inline content of a tight list item.
                    if let Some(inline) = self.inline()? {
                        loose.push(inline);
                    }
                }
            }
        }
        if !loose.is_empty() {
            blocks.push(Block::Paragraph(loose));
        }
        Ok(blocks)
    }

    fn block(&mut self, tag: Tag<'a>) -> Result<Block, String> {
        Ok(match tag {
            Tag::Heading { level, .. } => Block::Heading {
                level: heading_level(level),
                text: self.inlines(TagEnd::Heading(level))?,
            },
            Tag::Paragraph => Block::Paragraph(self.inlines(TagEnd::Paragraph)?),
            Tag::BlockQuote(kind) => Block::Quote(self.blocks(Some(TagEnd::BlockQuote(kind)))?),
            Tag::List(start) => {
                let ordered = start.is_some();
                let mut items = Vec::new();
                loop {
                    match self.next() {
                        Some(Event::Start(Tag::Item)) => {
                            items.push(self.blocks(Some(TagEnd::Item))?)
                        }
                        Some(Event::End(TagEnd::List(_))) => break,
                        _ => return self.fail("a list holds items only"),
                    }
                }
                Block::List { ordered, items }
            }
            Tag::CodeBlock(kind) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_owned(),
                    CodeBlockKind::Indented => String::new(),
                };
                let line = self.line();
                let mut body = String::new();
                loop {
                    match self.next() {
                        Some(Event::Text(text)) => body.push_str(&text),
                        Some(Event::End(TagEnd::CodeBlock)) => break,
                        _ => return self.fail("unexpected content in a code block"),
                    }
                }
                let at = |p: directive::Problem| format!("line {}: {}", line + p.line, p.message);
                match info.as_str() {
                    "scenario" => Block::Scenario(directive::scenario(&body).map_err(at)?),
                    "claim" => Block::Claim(directive::claim(&body).map_err(at)?),
                    "challenge" => Block::Challenge(directive::challenge(&body).map_err(at)?),
                    _ => Block::Code(body),
                }
            }
            Tag::HtmlBlock => return self.fail("raw HTML is not allowed in chapters"),
            _ => return self.fail(format!("{tag:?} is not used in chapters")),
        })
    }

    /// Inline content until `end`.
    fn inlines(&mut self, end: TagEnd) -> Result<Vec<Inline>, String> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Some(Event::End(tag)) if *tag == end => {
                    self.at += 1;
                    return Ok(out);
                }
                None => return self.fail("unexpected end of the chapter"),
                _ => {
                    if let Some(inline) = self.inline()? {
                        out.push(inline);
                    }
                }
            }
        }
    }

    /// One inline element (None for events that carry nothing, like a soft break's twin).
    fn inline(&mut self) -> Result<Option<Inline>, String> {
        let Some(event) = self.next() else {
            return self.fail("unexpected end of the chapter");
        };
        Ok(Some(match event {
            Event::Text(text) => Inline::Text(text.into_string()),
            Event::Code(code) => Inline::Code(code.into_string()),
            Event::SoftBreak => Inline::Text(" ".to_string()),
            Event::HardBreak => Inline::Break,
            Event::Start(Tag::Emphasis) => Inline::Emphasis(self.inlines(TagEnd::Emphasis)?),
            Event::Start(Tag::Strong) => Inline::Strong(self.inlines(TagEnd::Strong)?),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href = dest_url.into_string();
                if !(href.starts_with("https://") || href.starts_with('#')) {
                    return self.fail(format!(
                        "links go to https:// pages or to #places of this page, not `{href}`"
                    ));
                }
                Inline::Link {
                    href,
                    text: self.inlines(TagEnd::Link)?,
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                return self.fail("raw HTML is not allowed in chapters");
            }
            other => return self.fail(format!("{other:?} is not used in chapters")),
        }))
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Heading { .. }
            | Tag::Paragraph
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::CodeBlock(_)
            | Tag::HtmlBlock
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapter_has_title_summary_and_blocks() {
        let text = "# Threads\n\nWhat a thread is.\n\n## Shared\n\nSome *emphasis* and `code`.\n\n- one\n- two\n\n```scenario\ntitle: Hi\n---\nprint('hi')\n```\n";
        let chapter = parse("01-threads", text).expect("parses");
        assert_eq!(chapter.slug, "threads");
        assert_eq!(chapter.title, "Threads");
        assert_eq!(chapter.summary, "What a thread is.");
        assert!(matches!(chapter.blocks[1], Block::Heading { level: 2, .. }));
        assert!(matches!(&chapter.blocks[3], Block::List { items, .. } if items.len() == 2));
        assert_eq!(chapter.scenarios().len(), 1);
    }

    #[test]
    fn html_and_bad_directives_are_refused_with_a_line() {
        let e = parse("01-x", "# X\n\nSummary.\n\n<script>alert(1)</script>\n").expect_err("html");
        assert!(e.contains("raw HTML"), "{e}");
        let e = parse(
            "01-x",
            "# X\n\nSummary.\n\n```scenario\ntitle: T\nseed: a.py\npython: 9\n```\n",
        )
        .expect_err("bad version");
        assert!(e.starts_with("line 8"), "{e}");
        let e = parse("01-x", "# X\n\nSummary [x](javascript:alert(1)).\n").expect_err("link");
        assert!(e.contains("links go to"), "{e}");
    }
}
