//! `costplan estimate FILE`.

use super::Global;
use crate::analysis::model::PricedModel;
use crate::analysis::simulate::{self, Distribution, Simulation};
use crate::error::{EXIT_OK, Error, Result};
use crate::money::format_usd;
use crate::pricing::PriceCatalog;
use crate::report::{self, EstimateFormat, EstimateView, Format};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct EstimateArgs {
    /// Topology TOML file (or a scenario file with one scenario), or a Terraform plan's JSON
    /// (`terraform show -json PLANFILE`).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = EstimateFormat::Table)]
    pub format: EstimateFormat,
    /// Write to PATH instead of stdout (a file is replaced atomically; a pipe or device is written into); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Run a Monte Carlo simulation of N samples over the ranges the topology declares.
    #[arg(long, value_name = "N")]
    pub simulate: Option<u64>,
    /// Seed of the simulation's random generator (same seed, same figures).
    #[arg(long, value_name = "S", default_value_t = 1, requires = "simulate")]
    pub seed: u64,
    /// Distribution of each range in the simulation.
    #[arg(long, value_enum, default_value_t = Distribution::Pert, requires = "simulate")]
    pub distribution: Distribution,
    /// Price the topology in region R instead of its own `region` (R needs a price table). With a
    /// Terraform plan: the region of resources whose provider does not state one.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// With a Terraform plan: usage the plan cannot know, from an Infracost usage file (YAML) or
    /// the same in TOML (`costplan usage template PLAN` writes one).
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// With a Terraform plan: exit 1 (after writing the report) when a resource's type is not
    /// priced by costplan.
    #[arg(long)]
    pub fail_on_unsupported: bool,
    /// With a scenario file holding several scenarios: the one to estimate.
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// With `--format html`: an earlier estimate (`estimate --format json`, or a topology to
    /// price) to compare the totals with in the report's summary ("vs last estimate").
    #[arg(long, value_name = "EST.json")]
    pub previous: Option<PathBuf>,
}

/// `--previous`: only the HTML report shows it; another format refuses it rather than ignore it.
fn previous(args: &EstimateArgs, catalog: &PriceCatalog) -> Result<Option<crate::Estimate>> {
    let Some(p) = &args.previous else {
        return Ok(None);
    };
    if args.format != EstimateFormat::Html {
        return Err(Error::usage(
            "--previous is shown in the HTML report: add `--format html` (use `costplan diff OLD NEW` for the other formats)",
        ));
    }
    crate::input::read(p, catalog).map(Some)
}

pub fn run(args: &EstimateArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    if crate::terraform::is_plan_file(&args.file)? {
        return plan(args, catalog, global);
    }
    if args.usage.is_some() || args.fail_on_unsupported {
        return Err(Error::usage(format!(
            "{}: --usage and --fail-on-unsupported are for Terraform plans (a JSON file from `terraform show -json`)",
            args.file.display()
        )));
    }
    let scenario = crate::scenario::load_one_with(
        &args.file,
        catalog,
        args.scenario.as_deref(),
        global.paths,
    )?;
    crate::output::note_input(&scenario.base);
    let mut topology = scenario.topology;
    if let Some(region) = &args.region {
        topology.region = region.clone();
    }
    let previous = previous(args, catalog)?;
    let table = catalog.table(&topology.region)?;
    global.warn_if_stale(table);
    let estimate = crate::estimate(&topology, table)?;
    let has_ranges = !topology.ranges.is_empty();
    if args.simulate.is_some() && !has_ranges {
        return Err(Error::usage(format!(
            "{}: --simulate needs ranges; write an input as `{{ low = 50, expected = 100, high = 300 }}`",
            args.file.display()
        )));
    }
    let ranges = topology.ranges.clone();
    let model = PricedModel::new(topology, catalog)?;
    let bands = if has_ranges {
        Some(simulate::range_totals(&model, true)?)
    } else {
        None
    };
    let sim: Option<Simulation> = match args.simulate {
        Some(n) => {
            // JSON carries exact figures; every report shows the displayed ones.
            let figures = match args.format {
                EstimateFormat::Json => simulate::Figures::Exact,
                _ => simulate::Figures::Shown,
            };
            Some(simulate::simulate_over(
                &model,
                n,
                args.seed,
                args.distribution,
                figures,
            )?)
        }
        None => None,
    };
    let view = EstimateView::new(&estimate);
    if args.format == EstimateFormat::Xlsx {
        // The workbook keeps the estimate's views; ranges and simulations are in JSON and HTML.
        write_xlsx(&view, args.output.as_deref(), global)?;
        return Ok(EXIT_OK);
    }
    let bands_line = |(low, expected, high): (_, _, _)| {
        format!(
            "Declared ranges ({}): total monthly low {} / expected {} / high {} USD\n",
            ranges
                .iter()
                .map(|r| r.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            format_usd(low),
            format_usd(expected),
            format_usd(high)
        )
    };
    let sim_line = |sim: &Simulation| {
        format!(
            "Simulation: {} samples, {:?} distribution, seed {}\n",
            sim.samples, sim.distribution, sim.seed
        )
    };
    let text = match args.format.text() {
        Some(Format::Json) if bands.is_some() => {
            let exact = Some(simulate::range_totals(&model, false)?);
            json_with_ranges(&estimate, &ranges, exact, sim.as_ref())
        }
        Some(format) => {
            let mut s = format.render(&estimate);
            match format {
                Format::Table => {
                    if let Some(b) = bands {
                        s.push('\n');
                        s.push_str(&bands_line(b));
                    }
                    if let Some(sim) = &sim {
                        s.push('\n');
                        s.push_str(&sim_line(sim));
                        s.push_str(&report::analysis::simulation_grid(sim).table());
                    }
                }
                Format::Markdown => {
                    if let Some(b) = bands {
                        s.push('\n');
                        s.push_str(&report::grid::markdown_escape(&bands_line(b)));
                    }
                    if let Some(sim) = &sim {
                        s.push('\n');
                        s.push_str(&sim_line(sim));
                        s.push('\n');
                        s.push_str(&report::analysis::simulation_grid(sim).markdown());
                    }
                }
                // CSV keeps the estimate's one-table shape; ranges and simulations are in JSON.
                Format::Csv | Format::Json => {}
            }
            s
        }
        None => {
            let section = bands.map(|(low, expected, high)| report::html::RangeSection {
                ranges: &ranges,
                low,
                expected,
                high,
                simulation: sim.as_ref(),
            });
            report::html::estimate_page(
                &view,
                &report::html::EstimateExtras {
                    ranges: section.as_ref(),
                    previous: previous.as_ref(),
                    prices: Some(table),
                },
            )
        }
    };
    global.write_report(args.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

fn json_with_ranges(
    estimate: &crate::Estimate,
    ranges: &[crate::topology::DeclaredRange],
    bands: Option<(
        rust_decimal::Decimal,
        rust_decimal::Decimal,
        rust_decimal::Decimal,
    )>,
    sim: Option<&Simulation>,
) -> String {
    let mut v = serde_json::to_value(estimate).unwrap_or_default();
    if let (Some(obj), Some((low, expected, high))) = (v.as_object_mut(), bands) {
        obj.insert(
            "ranges".into(),
            serde_json::json!({
                "inputs": ranges.iter().map(|r| serde_json::json!({
                    "path": r.path, "low": r.low, "expected": r.expected, "high": r.high
                })).collect::<Vec<_>>(),
                "low_total_monthly_usd": low,
                "expected_total_monthly_usd": expected,
                "high_total_monthly_usd": high,
            }),
        );
        if let Some(sim) = sim {
            obj.insert(
                "simulation".into(),
                serde_json::to_value(sim).unwrap_or_default(),
            );
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// `estimate PLAN.json`: the plan's topologies priced, with the account of its resources.
fn plan(args: &EstimateArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    if args.simulate.is_some() || args.scenario.is_some() {
        return Err(Error::usage(format!(
            "{}: --simulate and --scenario need a topology; write one with `costplan import terraform`",
            args.file.display()
        )));
    }
    let input = crate::terraform::PlanInput {
        usage: args.usage.clone(),
        region: args.region.clone(),
        only_region: None,
        one_region: false,
    };
    let previous = previous(args, catalog)?;
    let estimate = crate::terraform::estimate(&args.file, &input, catalog)?;
    if args.format == EstimateFormat::Xlsx {
        write_xlsx(
            &EstimateView::new(&estimate),
            args.output.as_deref(),
            global,
        )?;
        return Ok(unsupported_gate(&estimate, args.fail_on_unsupported));
    }
    let text = match args.format.text() {
        Some(format) => format.render(&estimate),
        None => report::html::estimate_page(
            &EstimateView::new(&estimate),
            &report::html::EstimateExtras {
                previous: previous.as_ref(),
                prices: catalog.table(&estimate.region).ok(),
                ..Default::default()
            },
        ),
    };
    global.write_report(args.output.as_deref(), &text)?;
    Ok(unsupported_gate(&estimate, args.fail_on_unsupported))
}

/// `--format xlsx`: the workbook written to `-o PATH` (atomically, as every output), or to stdout
/// when that is not a terminal (a binary file would garble one: exit 2 with a hint). The
/// document's creation date is `SOURCE_DATE_EPOCH` when set, so builds can be reproducible.
pub fn write_xlsx(view: &EstimateView, output: Option<&Path>, global: &Global) -> Result<()> {
    use std::io::IsTerminal;
    let to_stdout = output.is_none_or(|p| p.as_os_str() == "-");
    if to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::usage(
            "--format xlsx writes a binary workbook: give -o FILE.xlsx (or redirect stdout)",
        ));
    }
    let created = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok());
    let name = output.map_or(crate::output::STDOUT.into(), |p| p.display().to_string());
    let bytes = report::xlsx::render(view, created).map_err(|e| Error::Write {
        path: name,
        source: std::io::Error::other(e.to_string()),
    })?;
    match output {
        Some(p) if p.as_os_str() != "-" => crate::output::write_file(p, &bytes),
        _ if global.quiet => Ok(()),
        _ => crate::output::write_stdout(&bytes),
    }
}

/// `--fail-on-unsupported`: exit 1 when the plan has resources costplan does not price.
pub fn unsupported_gate(estimate: &crate::Estimate, on: bool) -> u8 {
    let Some(a) = estimate.plan.as_ref().filter(|_| on) else {
        return EXIT_OK;
    };
    if a.unsupported_types.is_empty() {
        return EXIT_OK;
    }
    let types: Vec<String> = a
        .unsupported_types
        .iter()
        .map(|(t, n)| format!("{t} ({n})"))
        .collect();
    crate::output::warn(&format!(
        "--fail-on-unsupported: the plan has resources costplan does not price: {}",
        types.join(", ")
    ));
    crate::error::EXIT_BREACH
}
