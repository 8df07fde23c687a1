//! `gilsim explore`: every distinct outcome of a small program over all its schedules, each
//! with the schedule of fewest preemptions that gives it; for a program with too many
//! schedules, the outcomes of seeded PCT samples instead (`--sample N` asks for them).

use std::process::ExitCode;

use gil_sim::Granularity;
use gil_sim::{EndKind, Exploration, Limits, Outcome};
use gil_sim::{SAMPLES, Search, search_limits};

use crate::Options;
use gil_sim::json_string;

/// Explores `source` and prints what was found (as JSON with `--json`). Exit status 0 when
/// the search was complete, 4 when its cap stopped it or a run reached a budget (too big to
/// explore every schedule).
pub fn explore(options: &Options, source: &str) -> ExitCode {
    let file = options.file.as_str();
    let granularity = if options.bytecode {
        Granularity::Instructions
    } else {
        Granularity::SwitchPoints
    };
    let limits = Limits {
        schedules: options.max_schedules,
        ..search_limits()
    };
    let program = gil_sim::Steered {
        source,
        version: options.version,
        file_name: file,
        settings: options.settings,
        granularity,
    };
    let samples = options.sample.unwrap_or(SAMPLES);
    let mut search = match Search::new(&program, limits, samples, options.sample.is_some()) {
        Ok(search) => search,
        Err(diagnostics) => return report(file, diagnostics),
    };
    let explored_first = !search.sampling();
    while !search.advance(u64::MAX) {}
    let heading = if search.too_big() {
        let scaled = if gil_sim::scaled_down(source).is_some() {
            " (with its loop counts scaled down to 3 it may be small enough)"
        } else {
            ""
        };
        format!(
            "too big to explore: the schedules tried ran past {} instructions each before the program ended{scaled}\n",
            limits.budget.max_instructions
        )
    } else if search.sampling() {
        let why = if explored_first {
            "too many schedules to explore them all; "
        } else {
            ""
        };
        format!(
            "{why}{samples} sampled schedules (PCT, seed {}): what they show can happen, not all that can\n",
            options.settings.seed
        )
    } else {
        String::new()
    };
    let found = search.into_found();
    if options.json {
        println!("{}", as_json(&found));
    } else {
        print!("{heading}{}", as_text(&found, options.max_schedules));
    }
    if found.proven() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(4)
    }
}

fn report(file: &str, diagnostics: Vec<gil_sim::Diagnostic>) -> ExitCode {
    for diagnostic in diagnostics {
        eprintln!("{file}:{diagnostic}");
    }
    ExitCode::from(1)
}

fn as_text(found: &Exploration, cap: u64) -> String {
    let mut out = format!(
        "{} schedules {} ({} steps){}\n{} distinct outcome{}:\n",
        found.schedules,
        if found.sampled { "run" } else { "explored" },
        found.steps,
        if found.complete || found.sampled {
            String::new()
        } else {
            format!("; stopped at the cap of {cap}, so more outcomes may exist")
        },
        found.outcomes.len(),
        if found.outcomes.len() == 1 { "" } else { "s" }
    );
    if found.outcomes.iter().any(|o| o.end == EndKind::Stopped) {
        out.push_str(
            "some runs reached a budget: the program is too big to explore every schedule\n",
        );
    }
    for (k, outcome) in found.outcomes.iter().enumerate() {
        out.push_str(&format!(
            "\n[{}] {} in {} schedule{}, fewest preemptions {}\n",
            k + 1,
            outcome.end.words(),
            outcome.schedules,
            if outcome.schedules == 1 { "" } else { "s" },
            outcome.preemptions
        ));
        for line in outcome.stdout.lines() {
            out.push_str(&format!("    | {line}\n"));
        }
        for error in &outcome.errors {
            out.push_str(&format!("    ! {error}\n"));
        }
        out.push_str(&format!(
            "    schedule: {}\n",
            runs_words(&outcome.schedule)
        ));
    }
    out.push_str(&verdict(found));
    out
}

/// The verdict, and the schedule of the lost-update counterexample.
fn verdict(found: &Exploration) -> String {
    let [deadlock, lost] = found.verdict();
    let mut out = format!("\n{deadlock}\n{lost}\n");
    if let Some((schedule, _)) = &found.lost_update_example {
        out.push_str(&format!("    schedule: {}\n", runs_words(schedule)));
    }
    out
}

/// A schedule as runs of one thread: `T0x4 T1x2`.
fn runs_words(schedule: &[u32]) -> String {
    let runs: Vec<String> = Outcome::runs_of(schedule)
        .iter()
        .map(|(thread, points)| format!("T{thread}x{points}"))
        .collect();
    runs.join(" ")
}

fn as_json(found: &Exploration) -> String {
    let outcomes: Vec<String> = found
        .outcomes
        .iter()
        .map(|o| {
            let errors: Vec<String> = o.errors.iter().map(|e| json_string(e)).collect();
            let schedule: Vec<String> = o.schedule.iter().map(u32::to_string).collect();
            format!(
                "{{\"end\":{},\"stdout\":{},\"errors\":[{}],\"schedules\":{},\"preemptions\":{},\"schedule\":[{}]}}",
                json_string(&o.end.words()),
                json_string(&o.stdout),
                errors.join(","),
                o.schedules,
                o.preemptions,
                schedule.join(",")
            )
        })
        .collect();
    format!(
        "{{\"schedules\":{},\"pruned\":{},\"steps\":{},\"complete\":{},\"outcomes\":[{}]}}",
        found.schedules,
        found.pruned,
        found.steps,
        found.complete,
        outcomes.join(",")
    )
}
