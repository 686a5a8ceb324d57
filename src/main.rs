//! The `costplan` binary: parse the command line, run the library, map errors to exit codes.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match costplan::cli::Cli::try_parse_env() {
        Ok(cli) => cli,
        // Help and version go out as clap writes them; a usage error echoes the argument it
        // rejects, so it is printed plain, with control characters shown escaped.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            let text = e.render().to_string();
            costplan::output::warn_raw(&costplan::text::terminal_safe(&text));
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    match costplan::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // a stderr that is full or closed is ignored: the exit code still says what happened
            costplan::output::warn(&format!("error: {e}"));
            ExitCode::from(e.exit_code())
        }
    }
}
