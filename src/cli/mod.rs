//! The command line: clap definitions and dispatch. Each subcommand lives in its own file.

mod analysis;
mod estimate;
mod schema;

use crate::error::Result;
use crate::pricing::PriceCatalog;
use crate::pricing::commands::{PricingArgs, run_pricing};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use analysis::{CompareArgs, SensitivityArgs, SweepArgs};
pub use estimate::EstimateArgs;
pub use schema::SchemaArgs;

/// costplan estimates what an AWS architecture costs each month, line by line, from a topology
/// TOML and AWS price tables.
#[derive(Debug, Parser)]
#[command(name = "costplan", version, about, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 ok, 1 gate or budget breached, 2 invalid input or usage, \
3 price data missing or invalid, 4 output not written, 5 network failure."
)]
pub struct Cli {
    /// Read price tables from DIR (every *.toml in DIR and DIR/aws) instead of the bundled ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub prices: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Estimate the monthly cost of a topology, line by line.
    #[command(
        after_help = "Examples:\n  costplan estimate scenarios/baseline.toml\n  \
costplan estimate scenarios/baseline.toml --format json -o baseline.json"
    )]
    Estimate(EstimateArgs),
    /// Compare scenarios side by side against a base: total, Δ, what moved, warnings.
    #[command(
        after_help = "Examples:\n  costplan compare scenarios/baseline.toml scenarios/what-if.toml\n  \
costplan compare scenarios/baseline.toml scenarios/what-if.toml --format markdown"
    )]
    Compare(CompareArgs),
    /// Total and per-group cost over a range of one or two inputs, with a chart (HTML).
    #[command(
        after_help = "Examples:\n  costplan sweep scenarios/baseline.toml --set service.worker.count=1..20\n  \
costplan sweep scenarios/baseline.toml --set nat.gateways=1..3 --set nat.data_processed_gb=0..1000:250 -f html -o sweep.html"
    )]
    Sweep(SweepArgs),
    /// Rank inputs by how much they swing the total, one at a time (a tornado), with elasticities.
    #[command(
        after_help = "Examples:\n  costplan sensitivity scenarios/baseline.toml\n  \
costplan sensitivity scenarios/baseline.toml --swing 25% --format html -o tornado.html"
    )]
    Sensitivity(SensitivityArgs),
    /// Print the JSON Schema of the topology file, for editors.
    #[command(after_help = "Example:\n  costplan schema -o topology.schema.json")]
    Schema(SchemaArgs),
    /// Refresh price tables from the AWS Price List, import offer files, show and compare tables.
    #[command(
        after_help = "Examples:\n  costplan pricing update --region us-east-1 --region eu-west-1\n  \
costplan pricing import AmazonECS-us-east-1.json AmazonRDS-us-east-1.csv --region us-east-1\n  \
costplan pricing show --region eu-west-1 nat\n  \
costplan pricing diff old/us-east-1.toml pricing/aws/us-east-1.toml"
    )]
    Pricing(PricingArgs),
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Estimate(args) => estimate::run(&args, &catalog(&cli.prices)?),
        Command::Compare(args) => analysis::compare(&args, &catalog(&cli.prices)?),
        Command::Sweep(args) => analysis::sweep(&args, &catalog(&cli.prices)?),
        Command::Sensitivity(args) => analysis::sensitivity(&args, &catalog(&cli.prices)?),
        Command::Schema(args) => schema::run(&args),
        Command::Pricing(args) => {
            run_pricing(&args, cli.prices.as_deref(), &mut std::io::stdout().lock())
        }
    }
}

/// The bundled price tables, or those in `--prices DIR`.
pub fn catalog(prices: &Option<PathBuf>) -> Result<PriceCatalog> {
    match prices {
        Some(dir) => PriceCatalog::load_dir(dir),
        None => PriceCatalog::bundled(),
    }
}
