//! `costplan schema`: the JSON Schema of the topology file.

use crate::error::{EXIT_OK, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into).
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// The schema as pretty JSON.
pub fn schema_json() -> String {
    let schema = crate::topology::schema::json_schema();
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

pub fn run(args: &SchemaArgs, global: &super::Global) -> Result<u8> {
    global.write_report(args.output.as_deref(), &schema_json())?;
    Ok(EXIT_OK)
}
