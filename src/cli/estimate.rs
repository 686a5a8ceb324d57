//! `costplan estimate FILE`.

use super::Global;
use crate::error::{EXIT_OK, Result};
use crate::pricing::PriceCatalog;
use crate::report::Format;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// Topology TOML file.
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to PATH (atomically) instead of stdout; `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &EstimateArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let (topology, _) = crate::topology::load(&args.file, catalog)?;
    let table = catalog.table(&topology.region)?;
    let estimate = crate::estimate(&topology, table)?;
    global.write_report(args.output.as_deref(), &args.format.render(&estimate))?;
    Ok(EXIT_OK)
}
