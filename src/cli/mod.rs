//! The command line: clap definitions and dispatch. Each subcommand lives in its own file.

mod actual;
mod analysis;
mod capacity;
mod check;
mod completions;
mod diff;
mod docs;
mod estimate;
mod format_from_output;
mod schema;
mod terraform;

use crate::error::Result;
use crate::pricing::PriceCatalog;
use crate::pricing::commands::{PricingArgs, run_pricing};
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use actual::ActualArgs;
pub use analysis::{CompareArgs, SensitivityArgs, SweepArgs};
pub use capacity::CapacityArgs;
pub use check::CheckArgs;
pub use completions::{CompletionsArgs, ManArgs};
pub use diff::DiffArgs;
pub use docs::{DocsArgs, Reference};
pub use estimate::EstimateArgs;
pub use schema::SchemaArgs;

/// costplan estimates what an AWS architecture costs each month, line by line, from a topology
/// TOML and AWS price tables.
#[derive(Debug, Parser)]
#[command(name = "costplan", version, about, max_term_width = 100)]
#[command(after_help = "Examples:
  costplan estimate scenarios/baseline.toml
  costplan diff base.json scenarios/baseline.toml --format markdown --fail-on-increase-percent 10
  costplan check scenarios/baseline.toml

Exit codes: 0 ok, 1 gate or budget breached, 2 invalid input or usage, \
3 price data missing or invalid, 4 output not written, 5 network failure.")]
pub struct Cli {
    /// Read price tables from DIR (every *.toml in DIR and DIR/aws) instead of the bundled ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub prices: Option<PathBuf>,
    /// Print nothing on stdout (files given with -o are still written); errors and breached
    /// gates or budgets are still reported on stderr, and the exit code is unchanged.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// Warn when a price table's effective date is more than DAYS days old.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = crate::pricing::age::DEFAULT_MAX_AGE_DAYS)]
    pub max_price_age_days: i64,
    /// Let a scenario's `base` (and any other path a file names) be absolute, use `..` or follow a
    /// symlink out of the file's directory tree, and let any input be a symlink out of its
    /// directory or a non-regular file (a pipe, a device). Without it such paths are refused, so a
    /// file from a pull request cannot make costplan read the rest of the disk.
    #[arg(long, global = true)]
    pub allow_outside_paths: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Estimate the monthly cost of a topology, line by line.
    #[command(after_help = "Examples:
  costplan estimate scenarios/baseline.toml
  costplan estimate scenarios/baseline.toml --format json -o baseline.json
  costplan estimate scenarios/baseline.toml --format csv -o baseline.csv
  costplan estimate scenarios/baseline.toml --format markdown")]
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
    /// Compare two estimates line by line, and fail CI when the cost rises too much.
    #[command(
        after_help = "Each side is a topology TOML or a JSON estimate written by `estimate --format json`.
Lines match by group, resource and component kind: an instance-class change or a platform swap
is one changed line per component with its net (\"changed: db.t3.medium → db.t4g.medium\"). A breached gate prints one line on stderr and exits 1;
the report is still written.

Examples:
  costplan diff scenarios/baseline.toml tests/fixtures/workers-x2.toml
  costplan estimate main.toml --format json -o base.json
  costplan diff base.json head.toml --format markdown -o comment.md \\
      --fail-on-increase-usd 100 --fail-on-increase-percent 10 --fail-on-total-usd 1000"
    )]
    Diff(DiffArgs),
    /// Put the estimate next to one month of the AWS bill: variance per line and group, split
    /// into usage and price, bill lines not in the topology, credits and taxes apart.
    #[command(
        after_help = "The bill may be CUR 2.0 or legacy CUR (CSV, gzip CSV, Parquet), FOCUS (CSV, gzip CSV) or a
Cost Explorer GetCostAndUsage JSON; its format is detected from the content and said in the
report. Bills without usage types (Cost Explorer by SERVICE, FOCUS without AWS's x_ columns) are
matched by service, and the report says so. A breached gate prints one line on stderr and exits 1;
the report is still written.

Examples:
  costplan actual scenarios/baseline.toml --bill cur-2026-11.csv.gz
  costplan actual scenarios/baseline.toml --bill cur.parquet --month 2026-11 --tag Project=orders
  costplan actual scenarios/baseline.toml --bill ce.json --month 2026-11 --format html -o actual.html \\
      --fail-on-variance-percent 10"
    )]
    Actual(ActualArgs),
    /// Validate a topology and check it against its `[budget]`; exit 1 when over budget.
    #[command(
        after_help = "Prints a short verdict: the monthly cost and each budget limit with its headroom.
Exit codes: 0 valid and within budget (or no budget), 1 over budget, 2 invalid.

Example:
  costplan check tests/fixtures/workers-x2.toml"
    )]
    Check(CheckArgs),
    /// Read a Terraform plan into a topology you can go on with (scenarios, sweeps, capacity).
    #[command(
        after_help = "Examples:\n  terraform plan -out=plan.bin && terraform show -json plan.bin > plan.json\n  \
costplan import terraform plan.json --usage usage.yml -o topology.toml\n  \
costplan import terraform plan.json --region eu-west-1 -o eu.toml"
    )]
    Import(terraform::ImportArgs),
    /// Write a usage file for a Terraform plan: every usage key each resource accepts, at zero.
    #[command(
        after_help = "Examples:\n  costplan usage template plan.json -o usage.yml\n  \
costplan usage template plan.json --format toml -o usage.toml"
    )]
    Usage(terraform::UsageArgs),
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
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  costplan completions bash > ~/.local/share/bash-completion/completions/costplan
  costplan completions zsh > \"${fpath[1]}/_costplan\"
  costplan completions fish > ~/.config/fish/completions/costplan.fish
  costplan completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  costplan man -o costplan.1 && man ./costplan.1")]
    Man(ManArgs),
    /// Print a Markdown reference generated from the code (docs/topology.md, docs/cli.md).
    #[command(
        hide = true,
        after_help = "Examples:\n  costplan docs topology -o docs/topology.md\n  costplan docs commands -o docs/cli.md"
    )]
    Docs(DocsArgs),
}

impl Cli {
    /// Parses the process's command line (see [`Cli::try_parse_args`]).
    pub fn try_parse_env() -> std::result::Result<Self, clap::Error> {
        Self::try_parse_args(std::env::args_os())
    }

    /// Parses a command line. Without `-f/--format`, a command writing to `-o FILE.csv` (`.md`,
    /// `.json`, `.html`) writes that format (see [`format_from_output`]).
    pub fn try_parse_args<I, T>(args: I) -> std::result::Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches, parser::ValueSource};
        let matches = Self::command().try_get_matches_from(args)?;
        let mut cli = Self::from_arg_matches(&matches)?;
        if let Some((_, sub)) = matches.subcommand()
            && sub.ids().any(|id| id == "format")
            && sub.value_source("format") != Some(ValueSource::CommandLine)
        {
            cli.command.format_from_output();
        }
        Ok(cli)
    }
}

impl Command {
    /// The `-o` file and the files named on the command line that it may not be (see
    /// [`crate::output::refuse_inputs`]).
    fn output_and_inputs(&self) -> (Option<&Path>, Vec<&Path>) {
        match self {
            Command::Estimate(a) => {
                let mut inputs = vec![a.file.as_path()];
                inputs.extend(a.usage.as_deref());
                (a.output.as_deref(), inputs)
            }
            Command::Capacity(a) => (a.output.as_deref(), with_usage(&a.file, &a.plan)),
            Command::Compare(a) => {
                let mut inputs = with_usage(&a.base, &a.plan);
                inputs.extend(a.scenarios.iter().map(PathBuf::as_path));
                (a.report.output.as_deref(), inputs)
            }
            Command::Sweep(a) => (a.report.output.as_deref(), with_usage(&a.file, &a.plan)),
            Command::Sensitivity(a) => (a.report.output.as_deref(), with_usage(&a.file, &a.plan)),
            Command::Diff(a) => {
                let mut inputs = vec![a.base.as_path(), a.head.as_path()];
                inputs.extend(a.usage.as_deref());
                (a.output.as_deref(), inputs)
            }
            Command::Actual(a) => {
                let mut inputs = with_usage(&a.file, &a.plan);
                inputs.push(a.bill.as_path());
                (a.output.as_deref(), inputs)
            }
            Command::Schema(a) => (a.output.as_deref(), vec![]),
            Command::Import(a) => {
                let terraform::ImportWhat::Terraform(t) = &a.what;
                let mut inputs = vec![t.plan.as_path()];
                inputs.extend(t.usage.as_deref());
                (t.output.as_deref(), inputs)
            }
            Command::Usage(a) => {
                let terraform::UsageWhat::Template(t) = &a.what;
                (t.output.as_deref(), vec![t.plan.as_path()])
            }
            Command::Man(a) => (a.output.as_deref(), vec![]),
            Command::Docs(a) => (a.output.as_deref(), vec![]),
            Command::Check(a) => (None, with_usage(&a.file, &a.plan)),
            // `pricing import` checks its offer files against the table it writes
            Command::Pricing(_) | Command::Completions(_) => (None, vec![]),
        }
    }

    /// Sets the format from the `-o` file's extension (the caller checked `-f` was not given).
    fn format_from_output(&mut self) {
        use format_from_output::infer;
        match self {
            Command::Estimate(a) => infer(&mut a.format, a.output.as_deref()),
            Command::Capacity(a) => infer(&mut a.format, a.output.as_deref()),
            Command::Compare(a) => infer(&mut a.report.format, a.report.output.as_deref()),
            Command::Sweep(a) => infer(&mut a.report.format, a.report.output.as_deref()),
            Command::Sensitivity(a) => infer(&mut a.report.format, a.report.output.as_deref()),
            Command::Diff(a) => infer(&mut a.format, a.output.as_deref()),
            Command::Actual(a) => infer(&mut a.format, a.output.as_deref()),
            Command::Check(_)
            | Command::Import(_)
            | Command::Usage(_)
            | Command::Schema(_)
            | Command::Pricing(_)
            | Command::Completions(_)
            | Command::Man(_)
            | Command::Docs(_) => {}
        }
    }
}

/// A command's input and the usage file of a plan it may be.
fn with_usage<'a>(file: &'a Path, plan: &'a terraform::PlanReadArgs) -> Vec<&'a Path> {
    let mut inputs = vec![file];
    inputs.extend(plan.usage.as_deref());
    inputs
}

/// Options every subcommand shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Global {
    pub quiet: bool,
    pub max_price_age_days: i64,
    /// Where the paths a file names may lead (`--allow-outside-paths`).
    pub paths: crate::scenario::PathRule,
}

impl Global {
    /// Warns on stderr (unless `--quiet`) when the table is older than `--max-price-age-days`.
    pub fn warn_if_stale(&self, table: &crate::PriceTable) {
        let config = crate::pricing::age::AgeConfig {
            max_age_days: self.max_price_age_days,
        };
        let today = crate::pricing::age::today_utc();
        if let Ok(Some(w)) = config.warning(&table.region, &table.effective_date, &today)
            && !self.quiet
        {
            crate::output::warn(&format!("warning: {w}"));
        }
    }

    /// Writes a report to PATH ([`crate::output::write_file`]), or to stdout unless `--quiet`. Control characters,
    /// escape sequences and bidirectional overrides from any input are shown escaped
    /// (see [`crate::text`]).
    pub fn write_report(&self, path: Option<&Path>, text: &str) -> Result<()> {
        self.write_report_styled(path, &crate::text::terminal_safe(text))
    }

    /// Writes a report whose escape sequences are costplan's own (colour): its input text must
    /// already be safe, e.g. through [`crate::text::sanitized`].
    pub fn write_report_styled(&self, path: Option<&Path>, text: &str) -> Result<()> {
        match path {
            Some(p) if p.as_os_str() != "-" => crate::output::write_file(p, text.as_bytes()),
            _ if self.quiet => Ok(()),
            _ => crate::output::write_stdout(text.as_bytes()),
        }
    }

    /// Colour on stdout: only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
    pub fn colour(&self) -> bool {
        colour_allowed(
            std::io::stdout().is_terminal(),
            std::env::var_os("NO_COLOR").as_deref(),
            std::env::var_os("TERM").as_deref(),
        )
    }
}

/// The colour rule, apart from the process environment (see <https://no-color.org>).
pub fn colour_allowed(
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let global = Global {
        quiet: cli.quiet,
        max_price_age_days: cli.max_price_age_days,
        paths: if cli.allow_outside_paths {
            crate::scenario::PathRule::AllowOutside
        } else {
            crate::scenario::PathRule::Contained
        },
    };
    crate::source::set_path_rule(global.paths);
    // `-o topo.toml` on `estimate topo.toml` is refused before anything is read or written
    let (output, inputs) = cli.command.output_and_inputs();
    crate::output::refuse_inputs(output, &inputs)?;
    match cli.command {
        Command::Capacity(args) => capacity::run(&args, &catalog(&cli.prices)?, &global),
        Command::Estimate(args) => estimate::run(&args, &catalog(&cli.prices)?, &global),
        Command::Compare(args) => analysis::compare(&args, &catalog(&cli.prices)?, &global),
        Command::Sweep(args) => analysis::sweep(&args, &catalog(&cli.prices)?, &global),
        Command::Sensitivity(args) => analysis::sensitivity(&args, &catalog(&cli.prices)?, &global),
        Command::Diff(args) => diff::run(&args, &catalog(&cli.prices)?, &global),
        Command::Actual(args) => actual::run(&args, &catalog(&cli.prices)?, &global),
        Command::Check(args) => check::run(&args, &catalog(&cli.prices)?, &global),
        Command::Schema(args) => schema::run(&args, &global),
        Command::Import(args) => terraform::import(&args, &catalog(&cli.prices)?, &global),
        Command::Usage(args) => terraform::usage(&args, &global),
        Command::Completions(args) => completions::completions(&args, &global),
        Command::Man(args) => completions::man(&args, &global),
        Command::Docs(args) => docs::run(&args, &global),
        Command::Pricing(args) => {
            if global.quiet {
                run_pricing(&args, cli.prices.as_deref(), &mut std::io::sink())
            } else {
                // Tables and offer files may come from anyone: their text is shown escaped.
                let mut out = crate::text::SafeWriter::new(crate::output::StdoutWriter);
                let code = run_pricing(&args, cli.prices.as_deref(), &mut out)?;
                std::io::Write::flush(&mut out).map_err(|source| {
                    crate::output::write_error(Path::new(crate::output::STDOUT), source)
                })?;
                Ok(code)
            }
        }
    }
}

/// The bundled price tables, or those in `--prices DIR`.
pub fn catalog(prices: &Option<PathBuf>) -> Result<PriceCatalog> {
    match prices {
        Some(dir) => {
            // The tables are inputs: `-o` may not name one (checked when the output is written).
            let tables = PriceCatalog::table_files(dir)?;
            for table in &tables {
                crate::output::note_input(table);
            }
            PriceCatalog::load_files(dir, tables)
        }
        None => PriceCatalog::bundled(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use std::ffi::OsStr;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_help_shows_an_example() {
        for sub in Cli::command().get_subcommands() {
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.contains("costplan "),
                "`{}` --help has no example",
                sub.get_name()
            );
        }
    }

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(colour_allowed(true, None, Some(OsStr::new("xterm"))));
        assert!(colour_allowed(true, Some(OsStr::new("")), None));
        assert!(!colour_allowed(false, None, None));
        assert!(!colour_allowed(true, Some(OsStr::new("1")), None));
        assert!(!colour_allowed(true, None, Some(OsStr::new("dumb"))));
    }
}
