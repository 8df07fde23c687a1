//! `gilsim`: the GIL Lab simulator on the command line.
//!
//! ```text
//! gilsim dis [--python VER] FILE
//! ```

use std::process::ExitCode;

use gil_sim::PyVersion;

fn usage() -> ExitCode {
    eprintln!("usage: gilsim dis [--python VER] FILE");
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
        _ => usage(),
    }
}
