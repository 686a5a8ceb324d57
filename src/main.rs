//! The `costplan` binary: parse the command line, run the library, map errors to exit codes.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = costplan::cli::Cli::parse();
    match costplan::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", costplan::text::terminal_safe(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
