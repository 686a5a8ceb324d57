//! Scenario files: a base topology plus overrides by path.
//!
//! ```toml
//! base = "baseline.toml"             # relative to this file, inside its directory tree
//! [set]
//! "nat.gateways" = 1
//! [scale]
//! "service.*.count" = 2
//! ```
//!
//! or many named scenarios in one file: `[[scenario]] name = "…"` with `[scenario.set]` and
//! `[scenario.scale]` (a top-level `base` is their default).
//!
//! Overrides are written into the base's raw topology and the result goes through the same
//! validation as a topology file, so an invalid value gets the same message, pointing at the
//! scenario file: spans of scenario values are shifted past the end of the base text, and the
//! validator's [`Sources`] maps each span back to its file.

use crate::error::{Error, Result};
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use crate::topology::located::{Located, Num, Spread};
use crate::topology::paths::{self, Kind, RawValue, Target};
use crate::topology::raw::TopologyRaw;
use crate::topology::validate::{self, Sources};
use crate::topology::{Topology, validate::MAX_TOPOLOGY_BYTES};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The most scenarios one file (or one `compare`) may hold.
pub const MAX_SCENARIOS: usize = 100;
/// The most overrides (`set` plus `scale` entries) one scenario may hold.
pub const MAX_OVERRIDES: usize = 500;
/// The largest factor `[scale]` accepts.
pub const MAX_SCALE_FACTOR: i64 = 1_000_000;

/// A scenario, resolved and validated.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    /// The file that declares it.
    pub file: String,
    /// The base topology file.
    pub base: PathBuf,
    pub topology: Topology,
    /// How many overrides it applies (0 for a plain topology).
    pub overrides: usize,
    /// When the topology was read from a Terraform plan: the account of its resources.
    pub plan: Option<crate::model::PlanAccount>,
}

/// How a command reads the topology it is given: where paths may lead, and how a Terraform
/// plan (given directly or named as a scenario's `base`) is read (usage file, region).
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub paths: PathRule,
    pub plan: crate::terraform::PlanInput,
}

type Entries<V> = BTreeMap<Spanned<String>, Spanned<V>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioRaw {
    /// Scenario name, shown in reports. Default: the file name.
    #[serde(default)]
    name: Option<Located<String>>,
    /// One line on the question it answers.
    #[serde(default)]
    description: Option<Located<String>>,
    /// The base topology, relative to this file.
    #[serde(default)]
    base: Option<Located<String>>,
    #[serde(default)]
    set: Entries<toml::Value>,
    #[serde(default)]
    scale: Entries<Num>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRaw {
    #[serde(default)]
    name: Option<Located<String>>,
    #[serde(default)]
    description: Option<Located<String>>,
    #[serde(default)]
    base: Option<Located<String>>,
    #[serde(default)]
    set: Entries<toml::Value>,
    #[serde(default)]
    scale: Entries<Num>,
    #[serde(default)]
    scenario: Vec<Located<ScenarioRaw>>,
}

/// Whether a file is a scenario file (it has `base` or `[[scenario]]`) rather than a topology.
pub fn is_scenario_text(text: &str) -> bool {
    match toml::from_str::<toml::Table>(text) {
        Ok(t) => {
            t.contains_key("base")
                || t.contains_key("scenario")
                || t.contains_key("set")
                || t.contains_key("scale")
        }
        Err(_) => false,
    }
}

/// Where the paths a file names may lead (the rule is the reader's, see [`crate::source`]).
pub use crate::source::PathRule;

/// Loads a scenario file, or a plain topology as a scenario without overrides; paths it names
/// must stay inside its directory tree.
pub fn load_any(path: &Path, catalog: &PriceCatalog) -> Result<Vec<Scenario>> {
    load_any_with(path, catalog, PathRule::Contained)
}

/// [`load_any`] with an explicit [`PathRule`].
pub fn load_any_with(path: &Path, catalog: &PriceCatalog, rule: PathRule) -> Result<Vec<Scenario>> {
    let reading = Reading {
        paths: rule,
        ..Reading::default()
    };
    load_any_reading(path, catalog, &reading)
}

/// Loads a scenario file, a topology, or a Terraform plan (`*.json`, the one topology it
/// describes: see [`crate::terraform::topology`]) as a scenario without overrides. A scenario's
/// `base` may be a plan too; `reading.plan` says how plans are read.
pub fn load_any_reading(
    path: &Path,
    catalog: &PriceCatalog,
    reading: &Reading,
) -> Result<Vec<Scenario>> {
    let rule = reading.paths;
    if crate::terraform::is_plan_file(path)? {
        let (topology, _, account) = crate::terraform::topology(path, &reading.plan, catalog)?;
        return Ok(vec![Scenario {
            name: topology.name.clone(),
            description: None,
            file: crate::text::visible(&path.display().to_string()).into_owned(),
            base: path.to_path_buf(),
            topology,
            overrides: 0,
            plan: Some(account),
        }]);
    }
    let file = SourceFile::read_with(path, MAX_TOPOLOGY_BYTES, rule)?;
    if is_scenario_text(&file.text) {
        load_file(&file, path, catalog, reading)
    } else {
        let topology = validate::parse(&file, catalog)?;
        Ok(vec![Scenario {
            name: topology.name.clone(),
            description: None,
            file: file.path.clone(),
            base: path.to_path_buf(),
            topology,
            overrides: 0,
            plan: None,
        }])
    }
}

/// Loads a topology or a single scenario: the input of `sweep` and `sensitivity`.
pub fn load_one(path: &Path, catalog: &PriceCatalog, pick: Option<&str>) -> Result<Scenario> {
    load_one_with(path, catalog, pick, PathRule::Contained)
}

/// [`load_one`] with an explicit [`PathRule`].
pub fn load_one_with(
    path: &Path,
    catalog: &PriceCatalog,
    pick: Option<&str>,
    rule: PathRule,
) -> Result<Scenario> {
    let reading = Reading {
        paths: rule,
        ..Reading::default()
    };
    load_one_reading(path, catalog, pick, &reading)
}

/// [`load_one`] as `reading` says: a Terraform plan is one scenario without overrides.
pub fn load_one_reading(
    path: &Path,
    catalog: &PriceCatalog,
    pick: Option<&str>,
    reading: &Reading,
) -> Result<Scenario> {
    let mut all = load_any_reading(path, catalog, reading)?;
    match pick {
        Some(name) => {
            let names: Vec<String> = all.iter().map(|s| s.name.clone()).collect();
            let i = all.iter().position(|s| s.name == name).ok_or_else(|| {
                Error::usage(format!(
                    "{}: no scenario named `{name}`; {}",
                    path.display(),
                    crate::suggest::hint_for(name, names.iter().map(String::as_str))
                ))
            })?;
            Ok(all.swap_remove(i))
        }
        None if all.len() == 1 => Ok(all.remove(0)),
        None => Err(Error::usage(format!(
            "{} holds {} scenarios; pick one with `--scenario NAME` ({})",
            path.display(),
            all.len(),
            all.iter()
                .map(|s| format!("`{}`", s.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn load_file(
    file: &SourceFile,
    path: &Path,
    catalog: &PriceCatalog,
    reading: &Reading,
) -> Result<Vec<Scenario>> {
    let rule = reading.paths;
    let raw: FileRaw = toml::from_str(&file.text).map_err(|e| validate::toml_error(file, &e))?;
    let stem = path.file_stem().map_or_else(
        || "scenario".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let mut list: Vec<(ScenarioRaw, Option<std::ops::Range<usize>>)> = Vec::new();
    if raw.scenario.is_empty() {
        list.push((
            ScenarioRaw {
                name: raw.name,
                description: raw.description,
                base: raw.base,
                set: raw.set,
                scale: raw.scale,
            },
            None,
        ));
    } else {
        if let Some((k, _)) = raw.set.iter().next().or(None) {
            return Err(file
                .diagnostic(
                    Some(k.span()),
                    "a file with `[[scenario]]` tables cannot also have a top-level `[set]`",
                    Some("move the override into a `[scenario.set]` table".into()),
                )
                .into());
        }
        if let Some((k, _)) = raw.scale.iter().next() {
            return Err(file
                .diagnostic(
                    Some(k.span()),
                    "a file with `[[scenario]]` tables cannot also have a top-level `[scale]`",
                    Some("move the override into a `[scenario.scale]` table".into()),
                )
                .into());
        }
        if raw.scenario.len() > MAX_SCENARIOS {
            return Err(file
                .diagnostic(
                    Some(raw.scenario[MAX_SCENARIOS].span()),
                    format!("more than {MAX_SCENARIOS} scenarios in one file"),
                    Some("split them into several files".into()),
                )
                .into());
        }
        for s in raw.scenario {
            let span = s.span();
            let mut s = s.into_inner();
            if s.base.is_none() {
                s.base = raw.base.clone();
            }
            list.push((s, Some(span)));
        }
    }
    let mut out: Vec<Scenario> = Vec::with_capacity(list.len());
    for (s, span) in list {
        let name = match (&s.name, span.clone()) {
            (Some(n), _) => text(file, n, "name")?,
            (None, None) => stem.clone(),
            (None, Some(span)) => {
                return Err(file
                    .diagnostic(
                        Some(span),
                        "missing required key `name`",
                        Some("each `[[scenario]]` needs `name = \"...\"`".into()),
                    )
                    .into());
            }
        };
        if out.iter().any(|o| o.name == name) {
            let span = s.name.as_ref().map(|n| n.span());
            return Err(file
                .diagnostic(
                    span,
                    format!("scenario `{name}` is declared twice"),
                    Some("scenario names must be unique".into()),
                )
                .into());
        }
        let description = s
            .description
            .as_ref()
            .map(|d| text(file, d, "description"))
            .transpose()?;
        let Some(base) = &s.base else {
            return Err(file
                .diagnostic(
                    span,
                    "missing required key `base`",
                    Some("name the base topology, e.g. `base = \"baseline.toml\"` (relative to this file)".into()),
                )
                .into());
        };
        let base_path = resolve_base(file, path, base, rule)?;
        // a plan as `base`: the overrides apply to the topology `import terraform` would write
        let (base_file, plan) = if crate::terraform::is_plan_file(&base_path)? {
            let (_, generated, account) =
                crate::terraform::topology(&base_path, &reading.plan, catalog)?;
            (generated, Some(account))
        } else {
            let f = SourceFile::read_with(&base_path, MAX_TOPOLOGY_BYTES, rule)?;
            (f, None)
        };
        let overrides = s.set.len() + s.scale.len();
        if overrides > MAX_OVERRIDES {
            return Err(file
                .diagnostic(
                    span,
                    format!("more than {MAX_OVERRIDES} overrides in one scenario"),
                    None,
                )
                .into());
        }
        let mut topology = apply(&base_file, file, &s.set, &s.scale, catalog)?;
        topology.name = name.clone();
        out.push(Scenario {
            name,
            description,
            file: file.path.clone(),
            base: base_path,
            topology,
            overrides,
            plan,
        });
    }
    Ok(out)
}

fn text(file: &SourceFile, v: &Located<String>, what: &str) -> Result<String> {
    let s = v.get();
    if let Err(p) = crate::text::check_name(s) {
        return Err(file
            .diagnostic(
                Some(v.span()),
                format!("`{what}` contains {p}"),
                Some("names are shown in terminals, CI logs, CSV, Markdown and HTML; use printable text on one line (see docs/limits.md)".into()),
            )
            .into());
    }
    if s.trim().is_empty() || s.chars().count() > 200 {
        return Err(file
            .diagnostic(
                Some(v.span()),
                format!("`{what}` must be printable text of 1 to 200 characters"),
                Some("use letters, digits, spaces and punctuation; no control characters".into()),
            )
            .into());
    }
    Ok(s.clone())
}

/// `base` relative to the scenario file, refusing absolute paths, `..`, symlinks that leave
/// the scenario file's directory tree, and a folder (`base = "."`).
fn resolve_base(
    file: &SourceFile,
    path: &Path,
    base: &Located<String>,
    rule: PathRule,
) -> Result<PathBuf> {
    let resolved = resolve_base_path(file, path, base, rule)?;
    if resolved.is_dir() {
        return Err(file
            .diagnostic(
                Some(base.span()),
                format!(
                    "`base` names a folder, `{}`, not a topology file",
                    base.get().escape_debug()
                ),
                Some("name the base topology file, e.g. `base = \"baseline.toml\"` (relative to this file)".into()),
            )
            .into());
    }
    Ok(resolved)
}

fn resolve_base_path(
    file: &SourceFile,
    path: &Path,
    base: &Located<String>,
    rule: PathRule,
) -> Result<PathBuf> {
    let b = base.get();
    let bad = |message: String, hint: &str| -> Error {
        file.diagnostic(Some(base.span()), message, Some(hint.to_string()))
            .into()
    };
    let rel = Path::new(b.as_str());
    if b.trim().is_empty() {
        return Err(bad(
            "`base` is empty".into(),
            "name the base topology, e.g. `base = \"baseline.toml\"`",
        ));
    }
    if rule == PathRule::AllowOutside {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        return Ok(dir.join(rel));
    }
    if rel.is_absolute()
        || b.starts_with('/')
        || b.starts_with('\\')
        || rel
            .components()
            .any(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
    {
        return Err(bad(
            format!(
                "`base` must be a relative path, found `{}`",
                b.escape_debug()
            ),
            "write it relative to the scenario file, inside its directory, e.g. `base = \"baseline.toml\"`, or pass `--allow-outside-paths`",
        ));
    }
    if rel.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(bad(
            format!(
                "`base` must not leave the scenario file's directory, found `{}` (`..`)",
                b.escape_debug()
            ),
            "keep the base topology beside the scenario file or below it, or pass `--allow-outside-paths`",
        ));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let joined = dir.join(rel);
    let real_dir = dir.canonicalize().map_err(|source| Error::Read {
        path: dir.display().to_string(),
        source,
    })?;
    let real = joined.canonicalize().map_err(|e| {
        bad(
            format!("base topology `{}` cannot be read: {e}", joined.display()),
            "`base` is relative to the scenario file",
        )
    })?;
    if !real.starts_with(&real_dir) {
        return Err(bad(
            format!(
                "`base` resolves to `{}`, outside the scenario file's directory `{}` (through a symlink)",
                real.display(),
                real_dir.display()
            ),
            "keep the base topology beside the scenario file or below it, not behind a symlink that leaves it, or pass `--allow-outside-paths`",
        ));
    }
    Ok(joined)
}

/// Applies overrides to a base topology file and validates the result.
pub fn apply(
    base: &SourceFile,
    scenario: &SourceFile,
    set: &Entries<toml::Value>,
    scale: &Entries<Num>,
    catalog: &PriceCatalog,
) -> Result<Topology> {
    let mut raw: TopologyRaw = validate::parse_raw(base)?;
    if set.is_empty() && scale.is_empty() {
        return validate::validate_raw(raw, Sources::single(base), catalog);
    }
    let base_topology = validate::validate_raw(raw.clone(), Sources::single(base), catalog)?;
    let offset = base.text.len() + 1;
    let sources = Sources {
        base,
        overlay: Some((scenario, offset)),
    };
    let shift = |r: std::ops::Range<usize>| r.start + offset..r.end + offset;
    let all = paths::targets(&paths::Names::of(&base_topology));
    let err = |span: std::ops::Range<usize>, message: String, hint: Option<String>| -> Error {
        scenario.diagnostic(Some(span), message, hint).into()
    };
    let resolve = |key: &Spanned<String>| -> Result<Vec<Target>> {
        paths::resolve(key.get_ref(), &all).map_err(|hint| {
            err(
                key.span(),
                format!("unknown path `{}`", key.get_ref().escape_debug()),
                Some(hint),
            )
        })
    };
    let no_table = |key: &Spanned<String>, t: &Target| -> Error {
        let section = t.path.split('.').next().unwrap_or("");
        err(
            key.span(),
            format!(
                "the base topology has no `[{section}]` table for `{}`",
                t.path
            ),
            Some(format!(
                "add a `[{section}]` table to the base topology, or drop this override"
            )),
        )
    };
    let mut set_paths: Vec<String> = Vec::new();
    let mut scaled_paths: Vec<String> = Vec::new();
    let mut entries: Vec<(&Spanned<String>, &Spanned<toml::Value>)> = set.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        let targets = resolve(key)?;
        for t in &targets {
            let v = raw_value(scenario, key, value, t.def.kind, offset)?;
            if !(t.def.write)(&mut raw, t.index, v) {
                return Err(no_table(key, t));
            }
            set_paths.push(t.path.clone());
        }
    }
    let mut entries: Vec<(&Spanned<String>, &Spanned<Num>)> = scale.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, factor) in entries {
        let Num(k, spread) = *factor.get_ref();
        if spread.is_some() || k < Decimal::ZERO || k > Decimal::from(MAX_SCALE_FACTOR) {
            return Err(err(
                factor.span(),
                format!(
                    "a scale factor must be a number from 0 to {MAX_SCALE_FACTOR}, found {}",
                    k.normalize()
                ),
                Some("write e.g. `\"service.*.count\" = 2` to double every count".into()),
            ));
        }
        let wildcard = key.get_ref().contains('*');
        let mut targets = resolve(key)?;
        if wildcard {
            targets.retain(|t| t.def.access.is_some());
        }
        if targets.is_empty() || targets.iter().any(|t| t.def.access.is_none()) {
            return Err(err(
                key.span(),
                format!(
                    "`{}` cannot be scaled: only counts and usage quantities can",
                    key.get_ref()
                ),
                Some("use `[set]` to change it".into()),
            ));
        }
        for t in &targets {
            if set_paths.contains(&t.path) {
                return Err(err(
                    key.span(),
                    format!("`{}` is both set and scaled", t.path),
                    Some("scaling applies to the base value; use one of the two".into()),
                ));
            }
            let Some(current) = t.get(&base_topology) else {
                if wildcard {
                    continue;
                }
                return Err(no_table(key, t));
            };
            let mul = |x: Decimal| {
                crate::money::exact_mul(x, k)
                    .map(|v| v.normalize())
                    .ok_or_else(|| Error::Inexact {
                        what: format!("scaling `{}` ({x} × {k})", t.path),
                        price_data: false,
                        hint: Some("use a scale factor or a value with fewer digits".into()),
                    })
            };
            let declared = base_topology.ranges.iter().find(|r| r.path == t.path);
            let spread = match declared {
                Some(r) => Some(Spread {
                    low: mul(r.low)?,
                    high: mul(r.high)?,
                }),
                None => None,
            };
            let v = Located::new(shift(factor.span()), Num(mul(current)?, spread));
            if !(t.def.write)(&mut raw, t.index, RawValue::Num(v)) {
                return Err(no_table(key, t));
            }
            scaled_paths.push(t.path.clone());
        }
    }
    let mut topology = validate::validate_raw(raw, sources, catalog)?;
    // An input the scenario sets or scales is the scenario's figure, no longer the base's
    // assumption (whose value the base file still shows).
    topology
        .assumed
        .retain(|a| !set_paths.contains(&a.path) && !scaled_paths.contains(&a.path));
    Ok(topology)
}

/// An array of inline tables re-read from the scenario text so that every nested value keeps its
/// span: padding puts it at its own (shifted) offset.
fn tables<T: serde::de::DeserializeOwned>(
    scenario: &SourceFile,
    span: std::ops::Range<usize>,
    offset: usize,
    mismatch: impl Fn() -> Error,
) -> Result<Vec<Located<T>>> {
    #[derive(Deserialize)]
    #[serde(bound = "T: serde::de::DeserializeOwned")]
    struct Wrap<T> {
        v: Vec<Located<T>>,
    }
    let slice = scenario.text.get(span.clone()).unwrap_or("");
    let lead = "v = ";
    let pad = (offset + span.start).saturating_sub(lead.len());
    let mut text = String::with_capacity(pad + lead.len() + slice.len());
    text.extend(std::iter::repeat_n(' ', pad));
    text.push_str(lead);
    text.push_str(slice);
    let w: Wrap<T> = toml::from_str(&text).map_err(|e| {
        let padded = SourceFile::new(scenario.path.clone(), text.clone());
        let Error::Input(d) = validate::toml_error(&padded, &e) else {
            return mismatch();
        };
        // Re-point the diagnostic into the scenario file.
        let at = e.span().map_or(span.clone(), |s| {
            s.start.saturating_sub(offset)..s.end.saturating_sub(offset)
        });
        scenario.diagnostic(Some(at), d.message, d.hint).into()
    })?;
    Ok(w.v)
}

/// The scenario's value for one input, typed by the input's kind, with spans in the shifted space.
fn raw_value(
    scenario: &SourceFile,
    key: &Spanned<String>,
    value: &Spanned<toml::Value>,
    kind: Kind,
    offset: usize,
) -> Result<RawValue> {
    let span = value.span();
    let shifted = span.start + offset..span.end + offset;
    let mismatch = || -> Error {
        scenario
            .diagnostic(
                Some(span.clone()),
                format!(
                    "`{}` takes {}, found {}",
                    key.get_ref(),
                    kind.describe(),
                    value.get_ref().type_str()
                ),
                Some(match kind {
                    Kind::Number | Kind::Whole => "write a number, e.g. `2` or `0.5`".to_string(),
                    Kind::Text => "write a quoted string".to_string(),
                    Kind::Bool => "write `true` or `false`".to_string(),
                    Kind::Tables if key.get_ref() == "data_transfer.inter_region" => {
                        "write an array of inline tables: `[{ to_region = \"us-east-2\", gb = 500 }]`"
                            .to_string()
                    }
                    Kind::Tables => {
                        "write an array of inline tables: `[{ region = \"us-west-2\" }]`"
                            .to_string()
                    }
                }),
            )
            .into()
    };
    Ok(match kind {
        Kind::Number | Kind::Whole => {
            let n = Num::deserialize(value.get_ref().clone()).map_err(|_| mismatch())?;
            RawValue::Num(Located::new(shifted, n))
        }
        Kind::Text => match value.get_ref() {
            toml::Value::String(s) => RawValue::Text(Located::new(shifted, s.clone())),
            _ => return Err(mismatch()),
        },
        Kind::Bool => match value.get_ref() {
            toml::Value::Boolean(b) => RawValue::Bool(Located::new(shifted, *b)),
            _ => return Err(mismatch()),
        },
        Kind::Tables => {
            if !matches!(value.get_ref(), toml::Value::Array(_)) {
                return Err(mismatch());
            }
            if key.get_ref() == "data_transfer.inter_region" {
                RawValue::InterRegion(tables(scenario, span.clone(), offset, mismatch)?)
            } else {
                RawValue::Replicas(tables(scenario, span.clone(), offset, mismatch)?)
            }
        }
    })
}
