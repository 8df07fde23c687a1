//! `gilsim`: the GIL Lab simulator on the command line.
//!
//! ```text
//! gilsim dis [--python VER] FILE
//! gilsim run [--python VER] FILE
//! ```

use std::process::ExitCode;

use gil_sim::PyVersion;

fn usage() -> ExitCode {
    eprintln!("usage: gilsim dis [--python VER] FILE\n       gilsim run [--python VER] FILE");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        return usage();
    };
    let mut version = PyVersion::Py311;
    let mut file: Option<&str> = None;
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--python" => {
                let Some(text) = rest.next() else {
                    return usage();
                };
                match PyVersion::parse(text) {
                    Some(v) => version = v,
                    None => {
                        eprintln!("gilsim: unknown Python version {text}");
                        return ExitCode::from(2);
                    }
                }
            }
            other => file = Some(other),
        }
    }
    let Some(file) = file else {
        return usage();
    };
    let source = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("gilsim: cannot read {file}: {error}");
            return ExitCode::from(2);
        }
    };
    match command.as_str() {
        "dis" => match gil_sim::disassemble(&source, version) {
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
        "run" => {
            let shown = std::path::absolute(file)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| file.to_string());
            let budget = gil_sim::vm::run::Budget::default();
            match gil_sim::run_program(&source, version, &shown, budget) {
                Ok(report) => {
                    use gil_sim::vm::output::Stream;
                    use std::io::Write;
                    let stdout = report.output.text(Stream::Stdout);
                    let stderr = report.output.text(Stream::Stderr);
                    let _ = std::io::stdout().write_all(stdout.as_bytes());
                    let _ = std::io::stderr().write_all(stderr.as_bytes());
                    ExitCode::from(report.ending.status().clamp(0, 255) as u8)
                }
                Err(diagnostics) => {
                    for diagnostic in diagnostics {
                        eprintln!("{file}:{diagnostic}");
                    }
                    ExitCode::from(1)
                }
            }
        }
        _ => usage(),
    }
}
