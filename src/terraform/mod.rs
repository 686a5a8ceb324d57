//! Terraform plans as input: the JSON of `terraform show -json PLANFILE` read into resources
//! ([`plan`]), usage the plan cannot know read from an Infracost-style usage file ([`usage`]),
//! and the mapping of AWS resources onto a topology ([`map`]) with an account of every resource
//! ([`account`]): priced, free, or not supported. The topology is then validated and priced
//! by the same engine as a hand-written one; nothing here prices.

pub mod account;
pub mod map;
pub mod plan;
pub mod template;
pub mod usage;

pub use account::{Account, Status};
pub use map::{Imported, import};
pub use plan::Plan;

use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use crate::topology::Topology;
use std::path::{Path, PathBuf};

/// How a plan is read: its usage file and the region of resources whose provider states none.
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    pub usage: Option<PathBuf>,
    pub region: Option<String>,
    /// Validate only this region's topology (`import terraform --region R` of a plan of several).
    pub only_region: Option<String>,
    /// One topology is wanted (`import terraform`): a plan of several regions needs `--region`.
    pub one_region: bool,
}

/// A plan read and mapped: the topologies (one per region) with the text each was read from.
pub struct Mapped {
    pub imported: Imported,
    pub topologies: Vec<(Topology, SourceFile)>,
}

/// Whether the file at `path` (already read as `text`) is a Terraform plan.
pub fn is_plan(path: &Path, text: &str) -> bool {
    let json_like = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    json_like && plan::looks_like_plan(text)
}

/// Whether the file is a Terraform plan: named `*.json`, or (any other name but `*.toml`) its
/// first non-blank character is `{`. Reads at most a few bytes.
pub fn is_plan_file(path: &Path) -> Result<bool> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => Ok(true),
        Some("toml") => Ok(false),
        _ => {
            use std::io::Read;
            let Ok(f) = crate::source::open(path) else {
                return Ok(false); // the reader of the topology says why
            };
            let mut head = [0u8; 256];
            let n = f.take(256).read(&mut head).unwrap_or(0);
            Ok(head[..n]
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b'{'))
        }
    }
}

/// Whether the file's first 4 KiB hold a plan's `"format_version"` key (Terraform writes it
/// first), so a JSON estimate or a topology is not read with a plan's larger limit.
pub fn starts_like_plan(path: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = crate::source::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if f.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    text.trim_start().starts_with('{') && text.contains("\"format_version\"")
}

/// The name a topology imported from `path` gets: the file stem.
fn name_of(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("terraform plan");
    crate::text::visible(stem).chars().take(100).collect()
}

/// Reads a plan (and its usage file) and maps it onto topologies, validated against the catalog.
pub fn map_plan(path: &Path, input: &PlanInput, catalog: &PriceCatalog) -> Result<Mapped> {
    let file = SourceFile::read(path, plan::MAX_PLAN_BYTES)?;
    map_plan_file(path, &file, input, catalog)
}

/// Like [`map_plan`], for a plan already read.
pub fn map_plan_file(
    path: &Path,
    file: &SourceFile,
    input: &PlanInput,
    catalog: &PriceCatalog,
) -> Result<Mapped> {
    let plan = plan::parse(file)?;
    crate::output::note_input(path);
    let usage = match &input.usage {
        Some(u) => {
            let read = usage::read(u)?;
            crate::output::note_input(u);
            Some(read)
        }
        None => None,
    };
    let options = map::Options {
        name: name_of(path),
        region: input.region.clone(),
        source: format!("{} (Terraform {})", file.path, plan.terraform_version),
    };
    let imported = import(&plan, usage.as_ref(), &options)?;
    if input.one_region && imported.topologies.len() > 1 {
        let regions: Vec<&str> = imported
            .topologies
            .iter()
            .map(|t| t.region.as_str())
            .collect();
        match &input.only_region {
            Some(r) if regions.contains(&r.as_str()) => {}
            Some(r) => {
                return Err(Error::usage(format!(
                    "the plan has no resources in {r} (regions: {})",
                    regions.join(", ")
                )));
            }
            None => {
                return Err(Error::usage(format!(
                    "the plan has resources in {} regions ({}); a topology has one: import each with `--region R`",
                    regions.len(),
                    regions.join(", ")
                )));
            }
        }
    }
    let mut topologies = Vec::new();
    for t in &imported.topologies {
        let several = imported.topologies.len() > 1;
        if several && input.only_region.as_ref().is_some_and(|r| *r != t.region) {
            continue;
        }
        let generated = SourceFile::new(
            format!(
                "{} [topology for {}, from `costplan import terraform`]",
                file.path, t.region
            ),
            t.toml.clone(),
        );
        let topology = crate::topology::parse(&generated, catalog)
            .map_err(|e| with_addresses(e, &generated.text))?;
        topologies.push((topology, generated));
    }
    Ok(Mapped {
        imported,
        topologies,
    })
}

/// The one topology a plan describes, for the commands that take a topology (`check`,
/// `capacity`, `compare`, `sweep`, `sensitivity`, a scenario's `base`): read like `import
/// terraform` reads it, so a plan of several regions needs `input.region` to pick one. Returns
/// the topology, the generated TOML it was validated from, and the account of the plan's
/// resources.
pub fn topology(
    path: &Path,
    input: &PlanInput,
    catalog: &PriceCatalog,
) -> Result<(Topology, SourceFile, crate::model::PlanAccount)> {
    let input = PlanInput {
        only_region: input.region.clone(),
        one_region: true,
        ..input.clone()
    };
    let mut mapped = map_plan(path, &input, catalog)?;
    let (topology, file) = match mapped.topologies.len() {
        1 => mapped.topologies.remove(0),
        // `map_plan_file` refused a plan of several regions without one picked
        _ => return Err(Error::usage("the plan maps onto no topology")),
    };
    Ok((topology, file, mapped.imported.account))
}

/// Prices a plan: each region's topology through the same engine as a topology file, the lines
/// of several regions put together (each line's resource led by its region), and the account of
/// every resource of the plan attached.
pub fn estimate(path: &Path, input: &PlanInput, catalog: &PriceCatalog) -> Result<Estimate> {
    let file = SourceFile::read(path, plan::MAX_PLAN_BYTES)?;
    estimate_file(path, &file, input, catalog)
}

/// Like [`estimate`], for a plan already read.
pub fn estimate_file(
    path: &Path,
    file: &SourceFile,
    input: &PlanInput,
    catalog: &PriceCatalog,
) -> Result<Estimate> {
    let mapped = map_plan_file(path, file, input, catalog)?;
    let several = mapped.topologies.len() > 1;
    let mut estimates = Vec::new();
    for (t, _) in &mapped.topologies {
        estimates.push(crate::checks::estimate(t, catalog.table(&t.region)?)?);
    }
    let mut out = merge(estimates, several)?;
    if several {
        out.name = name_of(path);
    }
    out.plan = Some(mapped.imported.account);
    Ok(out)
}

/// One estimate of several regions' estimates: lines led by their region, groups and totals
/// summed again (exactly), warnings led by their region.
fn merge(mut estimates: Vec<Estimate>, several: bool) -> Result<Estimate> {
    if !several {
        return estimates
            .pop()
            .ok_or_else(|| Error::usage("the plan maps onto no topology"));
    }
    let regions: Vec<String> = estimates.iter().map(|e| e.region.clone()).collect();
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    for e in &estimates {
        for l in &e.line_items {
            let mut l = l.clone();
            l.resource = format!("{} {}", e.region, l.resource);
            lines.push(l);
        }
        warnings.extend(e.warnings.iter().map(|w| format!("{}: {w}", e.region)));
    }
    let mut dates: Vec<String> = estimates
        .iter()
        .map(|e| e.price_table.effective_date.clone())
        .collect();
    dates.dedup();
    let mut first = estimates.remove(0);
    first.price_table.region = regions.join("+");
    first.price_table.effective_date = dates.join(" / ");
    let groups = crate::estimate::group_totals(&lines)?;
    let total = groups
        .iter()
        .try_fold(rust_decimal::Decimal::ZERO, |a, g| {
            crate::money::exact_add(a, g.monthly_usd)
        })
        .ok_or_else(|| Error::usage("the plan's total is too large to add exactly"))?
        .normalize();
    let annual = crate::money::exact_mul(total, rust_decimal::Decimal::from(12))
        .ok_or_else(|| Error::usage("the plan's annual total is too large"))?
        .normalize();
    Ok(Estimate {
        region: regions.join("+"),
        line_items: lines,
        groups,
        total_monthly_usd: total,
        total_annual_usd: annual,
        warnings,
        reference: None,
        budget: None,
        ..first
    })
}

/// A validation error in a generated topology names the plan's resources the table came from
/// (the `# from ADDRESS` comment above its line), so the user knows what to fix in Terraform.
fn with_addresses(e: Error, text: &str) -> Error {
    let from = |line: usize| -> Option<String> {
        text.lines()
            .take(line)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find_map(|l| l.strip_prefix("# from "))
            .map(str::to_string)
    };
    let name = |d: &mut crate::error::Diagnostic| {
        if d.line > 0
            && let Some(addresses) = from(d.line)
        {
            d.message = format!("{} (Terraform: {addresses})", d.message);
        }
    };
    match e {
        Error::Input(mut d) => {
            name(&mut d);
            Error::Input(d)
        }
        Error::Inputs {
            mut diagnostics,
            total,
        } => {
            diagnostics.iter_mut().for_each(name);
            Error::Inputs { diagnostics, total }
        }
        other => other,
    }
}
