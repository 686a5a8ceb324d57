//! The command line: clap definitions and dispatch. Each subcommand lives in its own file.

mod capacity;
mod estimate;
mod schema;

use crate::error::Result;
use crate::pricing::PriceCatalog;
use crate::pricing::commands::{PricingArgs, run_pricing};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub use capacity::CapacityArgs;
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
    /// Size services, load balancer, NAT traffic, database and cache from the stated load, check
    /// recovery targets, and price the right-sized topology.
    #[command(
        after_help = "Examples:\n  costplan capacity scenarios/baseline.toml\n  \
costplan capacity scenarios/baseline.toml --apply > right-sized.toml\n  \
costplan capacity scenarios/baseline.toml --growth 10% --months 12\n  \
costplan capacity scenarios/baseline.toml --growth 10% --format html -o growth.html\n\n\
Exit codes: 0 fits, 1 something is under-provisioned, exceeded or fails a recovery target, 2 invalid input."
    )]
    Capacity(CapacityArgs),
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
        Command::Capacity(args) => capacity::run(&args, &catalog(&cli.prices)?),
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
