//! `gilsim explore`: every distinct outcome of a small program over all its schedules, each
//! with the schedule of fewest preemptions that gives it.

use std::process::ExitCode;

use gil_sim::sched::explore::{EndKind, Exploration, Limits};
use gil_sim::sched::steer::Granularity;

use crate::{Options, json_string};

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
        ..Limits::default()
    };
    let found = match gil_sim::explore(
        source,
        options.version,
        file,
        options.settings,
        granularity,
        limits,
    ) {
        Ok(found) => found,
        Err(diagnostics) => {
            for diagnostic in diagnostics {
                eprintln!("{file}:{diagnostic}");
            }
            return ExitCode::from(1);
        }
    };
    if options.json {
        println!("{}", as_json(&found));
    } else {
        print!("{}", as_text(&found, options.max_schedules));
    }
    let stopped = found.outcomes.iter().any(|o| o.end == EndKind::Stopped);
    if found.complete && !stopped {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(4)
    }
}

fn end_words(end: &EndKind) -> String {
    match end {
        EndKind::Exited(code) => format!("exit {code}"),
        EndKind::Deadlock => "deadlock".to_string(),
        EndKind::Uncaught => "uncaught exception".to_string(),
        EndKind::Stopped => "stopped at a budget".to_string(),
    }
}

fn as_text(found: &Exploration, cap: u64) -> String {
    let mut out = format!(
        "{} schedules explored ({} steps){}\n{} distinct outcome{}:\n",
        found.schedules,
        found.steps,
        if found.complete {
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
        let runs: Vec<String> = outcome
            .runs()
            .iter()
            .map(|(thread, points)| format!("T{thread}x{points}"))
            .collect();
        out.push_str(&format!(
            "\n[{}] {} in {} schedule{}, fewest preemptions {}\n",
            k + 1,
            end_words(&outcome.end),
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
        out.push_str(&format!("    schedule: {}\n", runs.join(" ")));
    }
    out
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
                json_string(&end_words(&o.end)),
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
