//! `costplan import terraform PLAN` and `costplan usage template PLAN`.

use super::Global;
use crate::error::{EXIT_OK, Error, Result};
use crate::pricing::PriceCatalog;
use crate::terraform::template::TemplateFormat;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    pub what: ImportWhat,
}

#[derive(Debug, clap::Subcommand)]
pub enum ImportWhat {
    /// Write the topology a Terraform plan describes (`terraform show -json PLANFILE`), each table
    /// commented with the resource addresses it came from.
    Terraform(ImportTerraformArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportTerraformArgs {
    /// The plan: the JSON of `terraform show -json PLANFILE`.
    pub plan: PathBuf,
    /// Usage the plan cannot know: an Infracost usage file (YAML) or the same in TOML.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// The region of resources whose provider does not state one; with a plan of several
    /// regions, the region to import.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Write to PATH instead of stdout (replaced atomically); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct UsageArgs {
    #[command(subcommand)]
    pub what: UsageWhat,
}

#[derive(Debug, clap::Subcommand)]
pub enum UsageWhat {
    /// Write a usage file with every usage key each resource of a plan accepts, at zero.
    Template(UsageTemplateArgs),
}

#[derive(Debug, clap::Args)]
pub struct UsageTemplateArgs {
    /// The plan: the JSON of `terraform show -json PLANFILE`.
    pub plan: PathBuf,
    /// Infracost's YAML (default) or TOML.
    #[arg(long, short = 'f', value_enum, default_value_t = TemplateFormat::Yaml)]
    pub format: TemplateFormat,
    /// The region of the data-transfer entry (default: the plan's).
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Write to PATH instead of stdout (replaced atomically); `-` is stdout.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: Option<PathBuf>,
}

pub fn import(args: &ImportArgs, catalog: &PriceCatalog, global: &Global) -> Result<u8> {
    let ImportWhat::Terraform(a) = &args.what;
    let input = crate::terraform::PlanInput {
        usage: a.usage.clone(),
        region: a.region.clone(),
        only_region: a.region.clone(),
        one_region: true,
    };
    // Validated before it is written: what `import` writes, `estimate` reads.
    let mapped = crate::terraform::map_plan(&a.plan, &input, catalog)?;
    let topologies = &mapped.imported.topologies;
    let chosen = match (&a.region, topologies.len()) {
        (_, 1) => &topologies[0],
        (Some(r), _) => topologies.iter().find(|t| &t.region == r).ok_or_else(|| {
            Error::usage(format!(
                "the plan has no resources in {r} (regions: {})",
                regions(topologies)
            ))
        })?,
        (None, _) => {
            return Err(Error::usage(format!(
                "the plan has resources in {} regions ({}); a topology has one: import each with `--region R`",
                topologies.len(),
                regions(topologies)
            )));
        }
    };
    global.write_report(a.output.as_deref(), &chosen.toml)?;
    let account = &mapped.imported.account;
    crate::output::warn(&crate::report::plan::summary(account));
    Ok(EXIT_OK)
}

fn regions(t: &[crate::terraform::map::RegionTopology]) -> String {
    t.iter()
        .map(|t| t.region.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn usage(args: &UsageArgs, global: &Global) -> Result<u8> {
    let UsageWhat::Template(a) = &args.what;
    let (plan, file) = crate::terraform::plan::read(&a.plan)?;
    let region = a
        .region
        .clone()
        .or_else(|| plan.resources.iter().find_map(|r| r.region.clone()))
        .unwrap_or_else(|| "us-east-1".to_string());
    let text = crate::terraform::template::template(&plan, &file.path, &region, a.format);
    global.write_report(a.output.as_deref(), &text)?;
    Ok(EXIT_OK)
}

/// How a command that takes a topology reads a Terraform plan given in its place (or named as
/// a scenario's `base`): the same options, and the same reading, for every such command.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanReadArgs {
    /// When the input (or a scenario's `base`) is a Terraform plan: usage the plan cannot know,
    /// from an Infracost usage file (YAML) or the same in TOML.
    #[arg(long, value_name = "FILE")]
    pub usage: Option<PathBuf>,
    /// When the input (or a scenario's `base`) is a Terraform plan: the region of resources whose
    /// provider states none, and, in a plan of several regions, the region to read.
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
}

impl PlanReadArgs {
    /// The reading of the command's inputs.
    pub fn reading(&self, global: &Global) -> crate::scenario::Reading {
        crate::scenario::Reading {
            paths: global.paths,
            plan: crate::terraform::PlanInput {
                usage: self.usage.clone(),
                region: self.region.clone(),
                only_region: None,
                one_region: true,
            },
        }
    }

    /// After the inputs are read: the account of each plan among them on stderr (what was
    /// priced, free, skipped, not supported), and `--usage`/`--region` refused when no input
    /// was a plan (they would be silently ignored).
    pub fn account_for<'a>(
        &self,
        scenarios: impl IntoIterator<Item = &'a crate::scenario::Scenario>,
    ) -> Result<()> {
        let mut plans = 0;
        let mut seen: Vec<&std::path::Path> = Vec::new();
        for s in scenarios {
            if let Some(a) = &s.plan {
                plans += 1;
                if !seen.contains(&s.base.as_path()) {
                    seen.push(&s.base);
                    crate::output::warn(&crate::report::plan::summary(a));
                }
            }
        }
        if plans == 0 && (self.usage.is_some() || self.region.is_some()) {
            return Err(Error::usage(
                "--usage and --region are for Terraform plans (a JSON file from `terraform show -json`, given as the input or as a scenario's `base`)",
            ));
        }
        Ok(())
    }
}
