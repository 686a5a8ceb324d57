//! `costplan completions SHELL` and `costplan man`: shell completions and the manual page,
//! generated from the command-line definition.

use super::Global;
use crate::error::{EXIT_OK, Error, Result};
use clap::CommandFactory;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn completions(args: &CompletionsArgs, global: &Global) -> Result<u8> {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "costplan", &mut buf);
    global.write_report(None, &String::from_utf8_lossy(&buf))?;
    Ok(EXIT_OK)
}

pub fn man(args: &ManArgs, global: &Global) -> Result<u8> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(super::Cli::command())
        .render(&mut buf)
        .map_err(|source| Error::Write {
            path: "<manual page>".into(),
            source,
        })?;
    global.write_report(args.output.as_deref(), &String::from_utf8_lossy(&buf))?;
    Ok(EXIT_OK)
}
