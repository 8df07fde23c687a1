//! The tutorial: its table of contents and one chapter at a time, with the chapter's scenarios,
//! "try this" prompts, claim boxes and challenges. The playground of the active scenario is
//! drawn under its card. Chapter text becomes elements and text nodes, never HTML.

use std::rc::Rc;

use chapters::{Block, Chapter, Claim, Inline, Observed, Scenario};
use yew::prelude::*;

use crate::address::href_of;
use crate::state::tutorial::{Route, all, route};

/// What the reader ran last in a chapter: a scenario (by its place among the chapter's
/// scenarios) as written or with one of its prompts, or a challenge (by its block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Active {
    Scenario {
        scenario: usize,
        prompt: Option<usize>,
    },
    Challenge(usize),
}

/// A request to run something of a chapter.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Run scenario `scenario` as written, or with prompt `prompt`'s settings.
    Run {
        scenario: usize,
        prompt: Option<usize>,
    },
    /// Start the challenge of block `block`.
    Challenge { block: usize, id: String },
}

#[derive(Properties, PartialEq)]
pub struct TutorialProps {
    pub route: Route,
    pub active: Option<Active>,
    /// The playground, drawn under the active card.
    pub playground: Html,
    /// What the last finished run showed.
    pub observed: Option<Rc<Observed>>,
    pub on_request: Callback<Request>,
}

/// The tutorial's page for `route`.
#[component]
pub fn Tutorial(props: &TutorialProps) -> Html {
    // A card's button moves the playground to that card; the playground leaving a card above
    // it would pull the page up. The card keeps its place on the screen instead.
    let anchor = use_mut_ref(|| None::<(web_sys::Element, f64)>);
    {
        let anchor = anchor.clone();
        use_effect_with(props.active, move |_| {
            if let Some((card, top)) = anchor.borrow_mut().take()
                && let Some(window) = web_sys::window()
            {
                let moved = card.get_bounding_client_rect().top() - top;
                if moved.abs() >= 1.0 {
                    window.scroll_by_with_x_and_y(0.0, moved);
                }
            }
        });
    }
    let onclick = Callback::from(move |event: MouseEvent| {
        let card = event
            .target_dyn_into::<web_sys::Element>()
            .filter(|target| target.tag_name() == "BUTTON")
            .and_then(|button| button.closest("section[class]").ok().flatten());
        if let Some(card) = card {
            let top = card.get_bounding_client_rect().top();
            *anchor.borrow_mut() = Some((card, top));
        }
    });
    match props.route {
        Route::Chapter(index) => match all().get(index) {
            Some(chapter) => chapter_view(index, chapter, props, onclick),
            None => contents(None),
        },
        Route::Missing => contents(Some("There is no chapter at this address.")),
        Route::Contents | Route::Playground => contents(None),
    }
}

fn contents(notice: Option<&'static str>) -> Html {
    html! {
        <main class="tutorial" id="main" tabindex="-1">
            <h1 tabindex="-1">{ "Learn: threads, the GIL and processes" }</h1>
            if let Some(notice) = notice {
                <p class="notice" role="alert">{ notice }</p>
            }
            <ol class="chapter-list">
                { for all().iter().enumerate().map(|(i, c)| html! {
                    <li key={c.slug.clone()}>
                        <a href={href_of(Route::Chapter(i))}>{ &c.title }</a>
                        <p>{ &c.summary }</p>
                    </li>
                }) }
            </ol>
            <p><a href={href_of(Route::Playground)}>{ "Open the playground" }</a></p>
        </main>
    }
}

fn chapter_view(
    index: usize,
    chapter: &Chapter,
    props: &TutorialProps,
    onclick: Callback<MouseEvent>,
) -> Html {
    let count = all().len();
    let nav = |top: bool| {
        let label = if top {
            "Chapters"
        } else {
            "Previous and next chapter"
        };
        html! {
            <nav class="chapter-nav" aria-label={label}>
                <a href={href_of(Route::Contents)}>{ "Contents" }</a>
                if top {
                    <span class="chapter-progress">{ format!("Chapter {} of {count}", index + 1) }</span>
                }
                if index > 0 {
                    <a href={href_of(Route::Chapter(index - 1))} rel="prev">
                        { format!("← {}", all()[index - 1].title) }
                    </a>
                }
                if index + 1 < count {
                    <a href={href_of(Route::Chapter(index + 1))} rel="next">
                        { format!("{} →", all()[index + 1].title) }
                    </a>
                }
            </nav>
        }
    };
    let mut scenarios = 0;
    let body: Vec<Html> = chapter
        .blocks
        .iter()
        .enumerate()
        .map(|(at, block)| self::block(at, block, &mut scenarios, props))
        .collect();
    html! {
        <main class="tutorial" id="main" tabindex="-1" {onclick}>
            { nav(true) }
            <article class="chapter" aria-labelledby="chapter-title">
                <h1 id="chapter-title" tabindex="-1">{ &chapter.title }</h1>
                { for body }
            </article>
            { nav(false) }
        </main>
    }
}

fn block(at: usize, block: &Block, scenarios: &mut usize, props: &TutorialProps) -> Html {
    match block {
        Block::Heading { level, text } => {
            let text = inlines(text);
            match level {
                2 => html! { <h2>{ text }</h2> },
                3 => html! { <h3>{ text }</h3> },
                _ => html! { <h4>{ text }</h4> },
            }
        }
        Block::Paragraph(text) => html! { <p>{ inlines(text) }</p> },
        Block::List { ordered, items } => {
            let items = items.iter().map(|item| {
                let inner = nested(at, item, scenarios, props);
                html! { <li>{ for inner }</li> }
            });
            if *ordered {
                html! { <ol>{ for items }</ol> }
            } else {
                html! { <ul>{ for items }</ul> }
            }
        }
        Block::Quote(inner) => {
            let inner = nested(at, inner, scenarios, props);
            html! { <blockquote>{ for inner }</blockquote> }
        }
        Block::Code(code) => html! { <pre class="chapter-code"><code>{ code }</code></pre> },
        Block::Scenario(scenario) => {
            let index = *scenarios;
            *scenarios += 1;
            scenario_card(index, scenario, None, props)
        }
        Block::Claim(claim) => {
            let index = *scenarios;
            *scenarios += 1;
            let verdict = claim.verdict.word();
            let box_ = html! {
                <>
                    <p class="claim-text">
                        <span class={classes!("claim-verdict", format!("claim-verdict-{}", verdict.to_lowercase().replace(' ', "-")))}>
                            { verdict }
                        </span>
                        { format!(" “{}”", claim.claim) }
                    </p>
                    if !claim.heard.is_empty() {
                        <p class="claim-heard">{ format!("Heard in: {}", claim.heard) }</p>
                    }
                    <p>{ &claim.why }</p>
                </>
            };
            scenario_card(index, &claim.scenario, Some((claim, box_)), props)
        }
        Block::Challenge(id) => {
            let challenge = crate::state::challenges::by_id(id);
            let title = challenge.map_or("A challenge", |c| c.title);
            let on_request = props.on_request.clone();
            let id = id.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                on_request.emit(Request::Challenge {
                    block: at,
                    id: id.clone(),
                })
            });
            let active = props.active == Some(Active::Challenge(at));
            html! {
                <section class="challenge-card" aria-label={format!("Challenge: {title}")}>
                    <h3>{ format!("Challenge: {title}") }</h3>
                    <p>{ "You are the scheduler: pick which thread runs at each point where it could switch." }</p>
                    <button class="run" {onclick}>{ "Take the challenge" }</button>
                    if active {
                        <div class="chapter-playground">{ props.playground.clone() }</div>
                    }
                </section>
            }
        }
    }
}

/// The blocks inside block `at` (a list item, a quote), numbered apart from the chapter's own.
fn nested(at: usize, blocks: &[Block], scenarios: &mut usize, props: &TutorialProps) -> Vec<Html> {
    blocks
        .iter()
        .enumerate()
        .map(|(i, b)| block(at * 1000 + i, b, scenarios, props))
        .collect()
}

/// A scenario's card: its title, settings, Run and the prompts; the playground under it when
/// it is the one running. `claim` makes it a claim box.
fn scenario_card(
    index: usize,
    scenario: &Scenario,
    claim: Option<(&Claim, Html)>,
    props: &TutorialProps,
) -> Html {
    let run = |prompt: Option<usize>| {
        let on_request = props.on_request.clone();
        Callback::from(move |_: MouseEvent| {
            on_request.emit(Request::Run {
                scenario: index,
                prompt,
            })
        })
    };
    let settings = scenario.settings.words();
    let prompt = match props.active {
        Some(Active::Scenario { scenario, prompt }) if scenario == index => Some(prompt),
        _ => None,
    };
    let active = prompt.is_some();
    let shown = match (prompt, props.observed.as_deref()) {
        (Some(prompt), Some(observed)) => {
            let expect = match prompt.and_then(|p| scenario.tries.get(p)) {
                Some(prompt) => &prompt.expect,
                None => &scenario.expect,
            };
            Some(run_check(expect, claim.as_ref().map(|(c, _)| *c), observed))
        }
        _ => None,
    };
    let claim = claim.map(|(_, box_)| box_);
    let class = if claim.is_some() {
        "claim-box"
    } else {
        "scenario-card"
    };
    let label = if claim.is_some() {
        "Run the scenario that shows it"
    } else {
        "▶ Run"
    };
    html! {
        <section class={class} aria-label={scenario.title.clone()}>
            if let Some(claim) = claim {
                { claim }
            }
            <h3>{ &scenario.title }</h3>
            <p class="scenario-settings">{ settings }</p>
            <div class="scenario-actions">
                <button class="run" onclick={run(None)}>{ label }</button>
                { for scenario.tries.iter().enumerate().map(|(i, t)| html! {
                    <button class="try" onclick={run(Some(i))}>{ format!("Try: {}", t.label) }</button>
                }) }
            </div>
            if active {
                { for shown }
                <div class="chapter-playground">{ props.playground.clone() }</div>
            }
        </section>
    }
}

/// What the last run showed, against what the chapter says it shows (and, for a claim box,
/// whether the claim held in it).
fn run_check(expect: &[chapters::Expect], claim: Option<&Claim>, observed: &Observed) -> Html {
    let held = claim.map(|c| c.holds(observed));
    html! {
        <div class="run-check" role="status">
            if let Some(held) = held {
                <p class="claim-run">
                    { if held { "In this run the claim holds." } else { "In this run the claim does not hold." } }
                </p>
            }
            if !expect.is_empty() {
                <ul class="expect-list" aria-label="What this run shows">
                    { for expect.iter().map(|e| {
                        let ok = e.holds(observed);
                        html! {
                            <li class={if ok { "expect-ok" } else { "expect-no" }}>
                                { format!("{} {}", if ok { "✓" } else { "✗" }, e.observed_words(observed)) }
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

fn inlines(text: &[Inline]) -> Html {
    text.iter()
        .map(|inline| match inline {
            Inline::Text(t) => html! { { t } },
            Inline::Code(c) => html! { <code>{ c }</code> },
            Inline::Strong(inner) => html! { <strong>{ inlines(inner) }</strong> },
            Inline::Emphasis(inner) => html! { <em>{ inlines(inner) }</em> },
            Inline::Link { href, text } => {
                let to = href.strip_prefix('#').map(route).filter(|r| *r != Route::Playground);
                if let Some(to) = to {
                    html! { <a href={href_of(to)}>{ inlines(text) }</a> }
                } else if href.starts_with('#') {
                    // A share link: the playground's, at the site's root.
                    let href = format!("{}{href}", crate::address::site_root());
                    html! { <a {href}>{ inlines(text) }</a> }
                } else {
                    html! { <a href={href.clone()} target="_blank" rel="noopener">{ inlines(text) }</a> }
                }
            }
            Inline::Break => html! { <br /> },
        })
        .collect()
}
