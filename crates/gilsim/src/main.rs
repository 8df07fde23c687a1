//! `gilsim`: the GIL Lab simulator on the command line.
//!
//! ```text
//! gilsim dis [--python VER] FILE
//! gilsim run [--python VER] [--gil on|off|naive] [--cores N] [--switch-interval-us N]
//!            [--seed N] [--io-latency-ms N] [--os linux|macos|windows]
//!            [--run-as script|notebook] [--json | --trace] FILE
//! gilsim explore [--python VER] [--gil on|off] [--bytecode] [--max-schedules N] [--sample N]
//!                [--seed N] [--json] FILE
//! ```

mod explore;

use std::process::ExitCode;

use gil_sim::PyVersion;
use gil_sim::VTime;
use gil_sim::json_string;
use gil_sim::{GilMode, Os, RunAs, Settings, Word};

const USAGE: &str = "usage: gilsim dis [--python VER] FILE
       gilsim run [--python VER] [--gil on|off|naive] [--cores N] [--switch-interval-us N]
                  [--seed N] [--io-latency-ms N] [--os linux|macos|windows]
                  [--run-as script|notebook] [--json | --trace] FILE
       gilsim explore [--python VER] [--gil on|off] [--bytecode] [--max-schedules N]
                      [--sample N] [--seed N] [--json] FILE
GILSIM_LIBRARY_DIR=DIR runs the library modules from DIR/<name>.py (to develop them)";

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// A settings word given to `option`.
fn word<W: Word>(option: &str, text: &str) -> Result<W, String> {
    W::parse(text).ok_or_else(|| format!("{option} expects {}, not {text}", W::choices()))
}

/// `value` if it lies in `range`.
fn within<T: PartialOrd + std::fmt::Display + Copy>(
    option: &str,
    value: T,
    range: std::ops::RangeInclusive<T>,
) -> Result<T, String> {
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{option} must be between {} and {}",
            range.start(),
            range.end()
        ))
    }
}

/// The command line, parsed.
struct Options {
    command: String,
    version: PyVersion,
    settings: Settings,
    json: bool,
    /// `run --trace`: the whole run as JSON, as the page saves it.
    trace: bool,
    /// `explore`: switch threads after any instruction, and the cap on schedules.
    bytecode: bool,
    max_schedules: u64,
    /// `explore --sample N`: N seeded PCT schedules instead of all of them.
    sample: Option<u64>,
    file: String,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let command = args.first().ok_or("missing command")?.clone();
    let mut version = PyVersion::Py311;
    let mut settings = Settings::default();
    let mut json = false;
    let mut trace = false;
    let mut bytecode = false;
    let mut max_schedules = gil_sim::EXPLORE_CAP;
    let mut sample = None;
    let mut file = None;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        let mut value = |name: &str| -> Result<&String, String> {
            rest.next().ok_or(format!("{name} needs a value"))
        };
        let number = |name: &str, text: &str| -> Result<u64, String> {
            text.parse::<u64>()
                .map_err(|_| format!("{name} expects a whole number, not {text}"))
        };
        match arg.as_str() {
            "--python" => {
                let text = value("--python")?;
                version = PyVersion::parse(text).ok_or(format!("unknown Python version {text}"))?;
            }
            "--gil" => settings.gil = word::<GilMode>("--gil", value("--gil")?)?,
            "--cores" => {
                let cores = number("--cores", value("--cores")?)?;
                let cores = u32::try_from(cores).unwrap_or(u32::MAX);
                settings.cores = within("--cores", cores, Settings::CORES)?;
            }
            "--switch-interval-us" => {
                let us = number("--switch-interval-us", value("--switch-interval-us")?)?;
                let range = Settings::SWITCH_INTERVAL_US;
                settings.switch_interval =
                    VTime::from_micros(within("--switch-interval-us", us, range)?);
            }
            "--seed" => settings.seed = number("--seed", value("--seed")?)?,
            "--io-latency-ms" => {
                let ms = number("--io-latency-ms", value("--io-latency-ms")?)?;
                let ms = within("--io-latency-ms", ms, Settings::IO_LATENCY_MS)?;
                settings.io_latency = VTime::from_millis(ms);
            }
            "--os" => settings.os = word::<Os>("--os", value("--os")?)?,
            "--run-as" => settings.run_as = word::<RunAs>("--run-as", value("--run-as")?)?,
            "--json" => json = true,
            "--trace" => trace = true,
            "--bytecode" => bytecode = true,
            "--sample" => sample = Some(number("--sample", value("--sample")?)?.max(1)),
            "--max-schedules" => {
                max_schedules = number("--max-schedules", value("--max-schedules")?)?.max(1);
            }
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other => file = Some(other.to_string()),
        }
    }
    Ok(Options {
        command,
        version,
        settings,
        json,
        trace,
        bytecode,
        max_schedules,
        sample,
        file: file.ok_or("missing FILE")?,
    })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let options = match parse(&args) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("gilsim: {problem}");
            return usage();
        }
    };
    if let Some(folder) = std::env::var_os("GILSIM_LIBRARY_DIR") {
        gil_sim::replace_library_sources(std::path::Path::new(&folder));
    }
    let file = options.file.as_str();
    let source = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("gilsim: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
    };
    match options.command.as_str() {
        "dis" => match gil_sim::disassemble(&source, options.version) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                for diagnostic in diagnostics {
                    eprintln!("{file}:{diagnostic}");
                }
                ExitCode::from(1)
            }
        },
        "run" => run(&options, &source),
        "explore" => explore::explore(&options, &source),
        _ => usage(),
    }
}

fn run(options: &Options, source: &str) -> ExitCode {
    use gil_sim::Stream;
    use std::io::Write;
    let file = options.file.as_str();
    let shown = std::path::absolute(file)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| file.to_string());
    let budget = gil_sim::Budget::default();
    let simulation =
        match gil_sim::simulate(source, options.version, &shown, options.settings, budget) {
            Ok(simulation) => simulation,
            Err(diagnostics) => {
                for diagnostic in diagnostics {
                    eprintln!("{file}:{diagnostic}");
                }
                return ExitCode::from(1);
            }
        };
    let status = simulation.ending.status().clamp(0, 255) as u8;
    let stdout = simulation.output.text(Stream::Stdout);
    let stderr = simulation.output.text(Stream::Stderr);
    if options.trace {
        println!("{}", simulation.to_json(options.version, &options.settings));
    } else if options.json {
        let deadlock = simulation
            .findings
            .iter()
            .find_map(|finding| match finding {
                gil_sim::Finding::Deadlock(found) => Some(json_string(&found.text)),
                gil_sim::Finding::Refcount(_) => None,
            })
            .unwrap_or_else(|| "null".to_string());
        let refcounts: Vec<String> = simulation
            .findings
            .iter()
            .filter_map(|finding| match finding {
                gil_sim::Finding::Refcount(found) => Some(json_string(&found.text)),
                gil_sim::Finding::Deadlock(_) => None,
            })
            .collect();
        let lost: Vec<String> = simulation
            .lost_update_details
            .iter()
            .map(|l| {
                let writer = match l.overwritten_writer {
                    Some((thread, line)) => format!("{{\"thread\":{thread},\"line\":{line}}}"),
                    None => "null".to_string(),
                };
                format!(
                    "{{\"thread\":{},\"variable\":{},\"value_read\":{},\"read_line\":{},\"write_line\":{},\"overwritten\":{},\"overwritten_writer\":{writer},\"time_us\":{}}}",
                    l.thread,
                    json_string(&l.name),
                    json_string(&l.value_read),
                    l.read_line,
                    l.write_line,
                    json_string(&l.overwritten),
                    l.time.as_micros()
                )
            })
            .collect();
        let lost_updates = format!(
            "{{\"count\":{},\"erased\":{},\"first\":[{}]}}",
            simulation.lost_updates,
            simulation
                .lost_change
                .map_or_else(|| "null".to_string(), |c| c.to_string()),
            lost.join(",")
        );
        println!(
            "{{\"stdout\":{},\"stderr\":{},\"exit\":{status},\"virtual_time_us\":{},\"instructions\":{},\"threads\":{},\"processes\":{},\"lost_updates\":{lost_updates},\"deadlock\":{deadlock},\"refcount_findings\":[{}],\"segments\":{},\"trace_hash\":\"{:016x}\"}}",
            json_string(&stdout),
            json_string(&stderr),
            simulation.virtual_time.as_micros(),
            simulation.instructions,
            simulation.threads,
            simulation.processes,
            refcounts.join(","),
            simulation
                .trace
                .events
                .iter()
                .filter(|(_, _, e)| matches!(e, gil_sim::TraceEvent::State { .. }))
                .count(),
            simulation.trace.hash(),
        );
    } else {
        let _ = std::io::stdout().write_all(stdout.as_bytes());
        let _ = std::io::stderr().write_all(stderr.as_bytes());
        if options.settings.gil == GilMode::Naive {
            let notes: Vec<String> = simulation
                .findings
                .iter()
                .filter_map(|finding| match finding {
                    gil_sim::Finding::Refcount(found) => Some(found.text.clone()),
                    gil_sim::Finding::Deadlock(_) => None,
                })
                .collect();
            eprintln!(
                "\n[GIL Lab, naive no-GIL thought experiment: {} refcount finding(s)]",
                notes.len()
            );
            for note in notes.iter().take(10) {
                eprintln!("  {note}");
            }
        }
    }
    ExitCode::from(status)
}
