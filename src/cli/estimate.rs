//! `costplan estimate FILE`.

use crate::error::{EXIT_OK, Result};
use crate::pricing::PriceCatalog;
use crate::report::{self, EstimateView, Format};
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

pub fn run(args: &EstimateArgs, catalog: &PriceCatalog) -> Result<u8> {
    let (topology, _) = crate::topology::load(&args.file, catalog)?;
    let table = catalog.table(&topology.region)?;
    let estimate = crate::estimate(&topology, table)?;
    let text = match args.format {
        Format::Table => report::table::render(&EstimateView::new(&estimate)),
        Format::Json => report::json::render(&estimate),
    };
    crate::output::write_output(args.output.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
