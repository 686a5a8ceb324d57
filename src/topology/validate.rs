//! Raw TOML → validated [`Topology`], with `file:line:column` errors and hints.

use super::fargate;
use super::located::{Located, Num};
use super::raw::*;
use super::*;
use crate::error::{Error, Result};
use crate::pricing::{PriceCatalog, PriceTable, key};
use crate::source::SourceFile;
use crate::suggest;
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// The most read replicas one database may declare.
pub const MAX_READ_REPLICAS: usize = 16;

mod load;

/// The largest topology file costplan reads.
pub const MAX_TOPOLOGY_BYTES: u64 = 1024 * 1024;
/// The most services one topology may declare.
pub const MAX_SERVICES: usize = 200;
/// The most tasks one service may run.
pub const MAX_TASKS_PER_SERVICE: u32 = 10_000;
/// Upper bound for any monthly volume in GB (100 PB).
const MAX_GB: i64 = 100_000_000;

/// Reads and validates a topology file against the catalog's price tables.
pub fn load(path: &std::path::Path, catalog: &PriceCatalog) -> Result<(Topology, SourceFile)> {
    let file = SourceFile::read(path, MAX_TOPOLOGY_BYTES)?;
    let topology = parse(&file, catalog)?;
    Ok((topology, file))
}

/// Parses and validates topology text.
pub fn parse(file: &SourceFile, catalog: &PriceCatalog) -> Result<Topology> {
    let raw = parse_raw(file)?;
    validate_raw(raw, Sources::single(file), catalog)
}

/// Validates a raw topology whose spans point into `sources`.
pub fn validate_raw(
    raw: TopologyRaw,
    sources: Sources<'_>,
    catalog: &PriceCatalog,
) -> Result<Topology> {
    Validator {
        sources,
        prefix: RefCell::new(String::new()),
        ranges: RefCell::new(Vec::new()),
        ranges_allowed: Cell::new(true),
    }
    .topology(raw, catalog)
}

/// The files spans point into: the topology, and optionally a scenario file whose spans were
/// shifted by `offset` so that one span space covers both (see [`crate::scenario`]).
#[derive(Clone, Copy)]
pub struct Sources<'a> {
    pub base: &'a SourceFile,
    pub overlay: Option<(&'a SourceFile, usize)>,
}

impl<'a> Sources<'a> {
    pub fn single(base: &'a SourceFile) -> Self {
        Sources {
            base,
            overlay: None,
        }
    }

    /// A diagnostic for a span in either file.
    pub fn diagnostic(
        &self,
        span: std::ops::Range<usize>,
        message: String,
        hint: Option<String>,
    ) -> crate::error::Diagnostic {
        match self.overlay {
            Some((file, offset)) if span.start >= offset => {
                file.diagnostic(Some(span.start - offset..span.end - offset), message, hint)
            }
            _ => self.base.diagnostic(Some(span), message, hint),
        }
    }
}

/// Parses the TOML into its raw shape, translating serde's messages into diagnostics with hints.
///
/// Plain usage sections (`[s3]`) are taken out of the document first and read as key → number
/// with spans; what remains is deserialized into [`TopologyRaw`].
pub fn parse_raw(file: &SourceFile) -> Result<TopologyRaw> {
    use serde::Deserialize;
    use toml::de::{DeTable, DeValue, Deserializer, ValueDeserializer};
    let mut doc = DeTable::parse(&file.text).map_err(|e| toml_error(file, &e))?;
    let mut usage = std::collections::BTreeMap::new();
    for kind in crate::resource::usage_kinds() {
        let section = kind.section();
        let Some((key, value)) = doc.get_mut().remove_entry(section) else {
            continue;
        };
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            return Err(file
                .diagnostic(
                    Some(key.span()),
                    format!("`{section}` must be a table"),
                    Some(format!("write `[{section}]` with its keys below it")),
                )
                .into());
        };
        let mut entries = Vec::new();
        for (k, v) in table {
            let key = Located::new(k.span(), k.get_ref().to_string());
            let value = Located::<Num>::deserialize(ValueDeserializer::from(v))
                .map_err(|e| toml_error(file, &e))?;
            entries.push((key, value));
        }
        usage.insert(
            section,
            Located::new(span, crate::resource::usage::UsageRaw { entries }),
        );
    }
    let mut raw =
        TopologyRaw::deserialize(Deserializer::from(doc)).map_err(|e| toml_error(file, &e))?;
    raw.usage = usage;
    Ok(raw)
}

/// Keys people write by habit, mapped to what costplan expects.
const KEY_HINTS: &[(&str, &str)] = &[
    (
        "cpu",
        "use `vcpu`, in vCPU (ECS CPU units / 1024): `vcpu = 0.5` for 512 units",
    ),
    (
        "cpu_units",
        "use `vcpu`, in vCPU (ECS CPU units / 1024): `vcpu = 0.5` for 512 units",
    ),
    (
        "memory",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    (
        "memory_mb",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    (
        "memory_mib",
        "use `memory_gb`, in GB: `memory_gb = 1` for 1024 MiB",
    ),
    ("desired_count", "use `count`"),
    (
        "instances",
        "use `count` for tasks, `nodes` for cache nodes",
    ),
    ("storage", "use `storage_gb`, in GB"),
    ("storage_tb", "use `storage_gb`, in GB: 1 TB = 1024 GB"),
    (
        "instance_type",
        "use `instance_class` for RDS, `node_type` for ElastiCache",
    ),
    ("multi_az", "use `deployment = \"multi-az\"`"),
    ("data_processed", "use `data_processed_gb`, in GB per month"),
    ("internet_out", "use `internet_out_gb`, in GB per month"),
];

/// Other names for allowed values, for hints.
const VALUE_ALIASES: &[(&str, &str)] = &[
    ("amd64", "x86_64"),
    ("x64", "x86_64"),
    ("x86-64", "x86_64"),
    ("aarch64", "arm64"),
    ("graviton", "arm64"),
    ("ondemand", "on-demand"),
    ("on_demand", "on-demand"),
    ("fargate_spot", "spot"),
    ("single_az", "single-az"),
    ("multi_az", "multi-az"),
    ("postgresql", "postgres"),
    ("redis-oss", "redis"),
];

pub(crate) fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Error {
    let message = e.message().trim_end().to_string();
    let span = e.span();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(end) = rest.find('`')
    {
        let field = &rest[..end];
        let expected: Vec<&str> = rest[end..]
            .split('`')
            .skip(2)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect();
        let hint = KEY_HINTS
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(field))
            .map(|(_, h)| h.to_string())
            .unwrap_or_else(|| suggest::hint_for(field, expected.iter().copied()));
        return file
            .diagnostic(
                span,
                format!("unknown key `{}`", field.escape_debug()),
                Some(hint),
            )
            .into();
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return file
            .diagnostic(
                span,
                format!("missing required key `{field}`"),
                Some(format!(
                    "add `{field} = ...` to this table (see `costplan schema`)"
                )),
            )
            .into();
    }
    let hint = if message.contains("invalid type") && message.contains("expected a boolean") {
        Some("write `true` or `false`".to_string())
    } else if message.contains("out of range for an exact decimal") {
        Some("exact decimals reach about 7.9e28; check the unit in the key name".into())
    } else if message.contains("is not a number")
        || (message.contains("invalid type") && message.contains("a number"))
    {
        Some(
            "write a number, e.g. `2` or `0.5` (a decimal string such as \"0.15\" also works)"
                .into(),
        )
    } else if message.contains("invalid type") && message.contains("a sequence") {
        Some("this is an array of tables: write `[[service]]` for each entry".into())
    } else if message.contains("invalid type") && message.contains("struct") {
        Some("this key is a table: write it as `[section]` with keys below it".into())
    } else if message.contains("duplicate key") {
        Some("each key may appear once per table".into())
    } else {
        Some("see `costplan schema` for the topology format".into())
    };
    file.diagnostic(span, message, hint).into()
}

struct Validator<'a> {
    sources: Sources<'a>,
    /// The path of the table being validated, e.g. `service.api.`, for declared ranges.
    prefix: RefCell<String>,
    ranges: RefCell<Vec<DeclaredRange>>,
    ranges_allowed: Cell<bool>,
}

fn dec(v: i64) -> Decimal {
    Decimal::from(v)
}

impl Validator<'_> {
    fn err(&self, span: std::ops::Range<usize>, message: String, hint: Option<String>) -> Error {
        self.sources.diagnostic(span, message, hint).into()
    }

    fn set_prefix(&self, prefix: &str) {
        let mut p = self.prefix.borrow_mut();
        p.clear();
        p.push_str(prefix);
    }

    /// Runs `f` with ranges refused (inputs that are not usage quantities or counts).
    fn no_ranges<T>(&self, f: impl FnOnce() -> T) -> T {
        let before = self.ranges_allowed.replace(false);
        let out = f();
        self.ranges_allowed.set(before);
        out
    }

    /// A number within [min, max].
    fn number(&self, v: &Located<Num>, what: &str, min: Decimal, max: Decimal) -> Result<Decimal> {
        self.checked(v, what, min, max, false)
    }

    /// A number (or a declared range) within [min, max], whole when `whole`.
    fn checked(
        &self,
        v: &Located<Num>,
        what: &str,
        min: Decimal,
        max: Decimal,
        whole: bool,
    ) -> Result<Decimal> {
        let Num(x, spread) = *v.get();
        let x = self.bounded(v.span(), x, what, min, max, whole)?;
        let Some(spread) = spread else {
            return Ok(x);
        };
        if !self.ranges_allowed.get() {
            return Err(self.err(
                v.span(),
                format!("`{what}` takes a single number, not a range"),
                Some("ranges `{ low, expected, high }` are for usage quantities and counts".into()),
            ));
        }
        let low = self.bounded(
            v.span(),
            spread.low,
            &format!("{what}.low"),
            min,
            max,
            whole,
        )?;
        let high = self.bounded(
            v.span(),
            spread.high,
            &format!("{what}.high"),
            min,
            max,
            whole,
        )?;
        if !(low <= x && x <= high) {
            return Err(self.err(
                v.span(),
                format!(
                    "the range of `{what}` must have low ≤ expected ≤ high, found low = {low}, expected = {x}, high = {high}"
                ),
                Some("write `{ low = 50, expected = 100, high = 300 }`".into()),
            ));
        }
        let path = format!("{}{what}", self.prefix.borrow());
        self.ranges.borrow_mut().push(DeclaredRange {
            path,
            low,
            expected: x,
            high,
            whole,
        });
        Ok(x)
    }

    fn bounded(
        &self,
        span: std::ops::Range<usize>,
        x: Decimal,
        what: &str,
        min: Decimal,
        max: Decimal,
        whole: bool,
    ) -> Result<Decimal> {
        let v = Located::new(span, ());
        if x < min {
            let message = if x < Decimal::ZERO && min >= Decimal::ZERO {
                format!("`{what}` must not be negative, found {x}")
            } else {
                format!("`{what}` must be at least {min}, found {x}")
            };
            return Err(self.err(v.span(), message, Some(format!("allowed: {min} to {max}"))));
        }
        if x > max {
            return Err(self.err(
                v.span(),
                format!("`{what}` = {x} is above the limit of {max}"),
                Some(format!(
                    "allowed: {min} to {max}; check the unit in the key name"
                )),
            ));
        }
        if whole && !x.fract().is_zero() {
            return Err(self.err(
                v.span(),
                format!("`{what}` must be a whole number, found {x}"),
                Some(format!("write a count from 0 to {max}")),
            ));
        }
        Ok(x.normalize())
    }

    fn opt_number(
        &self,
        v: &Option<Located<Num>>,
        what: &str,
        default: Decimal,
        min: Decimal,
        max: Decimal,
    ) -> Result<Decimal> {
        v.as_ref()
            .map_or(Ok(default), |v| self.number(v, what, min, max))
    }

    /// A whole number within [0, max].
    fn whole(&self, v: &Located<Num>, what: &str, max: u32) -> Result<u32> {
        let x = self.checked(v, what, Decimal::ZERO, Decimal::from(max), true)?;
        u32::try_from(x.mantissa() / 10i128.pow(x.scale()))
            .map_err(|_| self.err(v.span(), format!("`{what}` is out of range"), None))
    }

    fn opt_whole(
        &self,
        v: &Option<Located<Num>>,
        what: &str,
        default: u32,
        max: u32,
    ) -> Result<u32> {
        v.as_ref().map_or(Ok(default), |v| self.whole(v, what, max))
    }

    fn gb(&self, v: &Option<Located<Num>>, what: &str) -> Result<Decimal> {
        self.opt_number(v, what, Decimal::ZERO, Decimal::ZERO, dec(MAX_GB))
    }

    fn choice<'c>(&self, v: &Located<String>, what: &str, choices: &[&'c str]) -> Result<&'c str> {
        let s = v.get();
        choices
            .iter()
            .find(|c| c.eq_ignore_ascii_case(s))
            .copied()
            .ok_or_else(|| {
                let hint = VALUE_ALIASES
                    .iter()
                    .find(|(alias, canonical)| {
                        alias.eq_ignore_ascii_case(s) && choices.contains(canonical)
                    })
                    .map(|(_, canonical)| format!("`{s}` is written `{canonical}` here"))
                    .unwrap_or_else(|| suggest::hint_for(s, choices.iter().copied()));
                self.err(
                    v.span(),
                    format!("unknown {what} `{}`", s.escape_debug()),
                    Some(hint),
                )
            })
    }

    fn opt_choice<'c>(
        &self,
        v: &Option<Located<String>>,
        what: &str,
        choices: &[&'c str],
    ) -> Result<&'c str> {
        match v {
            Some(v) => self.choice(v, what, choices),
            None => Ok(choices[0]),
        }
    }

    fn text(&self, v: &Located<String>, what: &str, max_chars: usize) -> Result<String> {
        let s = v.get();
        if s.trim().is_empty() {
            return Err(self.err(
                v.span(),
                format!("`{what}` must not be empty"),
                Some(format!("write a `{what}`, e.g. `{what} = \"api\"`")),
            ));
        }
        if s.chars().any(crate::text::is_unsafe) {
            return Err(self.err(
                v.span(),
                format!("`{what}` contains a control character or a bidirectional override"),
                Some(
                    "names are shown in terminals, CSV, Markdown and HTML; use printable text"
                        .into(),
                ),
            ));
        }
        if s.chars().count() > max_chars {
            return Err(self.err(
                v.span(),
                format!("`{what}` is longer than {max_chars} characters"),
                None,
            ));
        }
        Ok(s.clone())
    }

    fn topology(&self, raw: TopologyRaw, catalog: &PriceCatalog) -> Result<Topology> {
        let name = self.text(&raw.name, "name", 200)?;
        let region = self.text(&raw.region, "region", 64)?;
        let table = catalog.table(&region).map_err(|_| {
            self.err(
                raw.region.span(),
                format!("no price table for region `{}`", region.escape_debug()),
                Some(match suggest::did_you_mean(&region, catalog.regions()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "price tables are available for: {} (or pass `--prices DIR`)",
                        catalog.regions().collect::<Vec<_>>().join(", ")
                    ),
                }),
            )
        })?;
        let hours_per_month = self.no_ranges(|| {
            self.opt_number(
                &raw.hours_per_month,
                "hours_per_month",
                crate::money::DEFAULT_HOURS_PER_MONTH,
                Decimal::ONE,
                dec(744),
            )
        })?;
        if raw.service.len() > MAX_SERVICES {
            return Err(self.err(
                raw.service[MAX_SERVICES].span(),
                format!("more than {MAX_SERVICES} services"),
                Some("split the architecture into several topologies".into()),
            ));
        }
        let mut services: Vec<Service> = Vec::with_capacity(raw.service.len());
        for s in &raw.service {
            let service = self.service(s.get(), hours_per_month)?;
            if services.iter().any(|o| o.name == service.name) {
                return Err(self.err(
                    s.get().name.span(),
                    format!("service `{}` is declared twice", service.name),
                    Some("service names must be unique".into()),
                ));
            }
            services.push(service);
        }
        self.set_prefix("database.");
        let database = raw
            .database
            .as_ref()
            .map(|d| self.database(d.get(), table, hours_per_month, catalog))
            .transpose()?;
        self.set_prefix("cache.");
        let cache = raw
            .cache
            .as_ref()
            .map(|c| self.cache(c.get(), table))
            .transpose()?;
        self.set_prefix("load_balancer.");
        let load_balancer = raw
            .load_balancer
            .as_ref()
            .map(|l| self.load_balancer(l.get()))
            .transpose()?;
        self.set_prefix("nat.");
        let nat = match &raw.nat {
            Some(n) => {
                let n = n.get();
                Some(Nat {
                    gateways: self.whole(&n.gateways, "gateways", 100)?,
                    data_processed_gb: self.gb(&n.data_processed_gb, "data_processed_gb")?,
                })
            }
            None => None,
        };
        self.set_prefix("data_transfer.");
        let data_transfer = match &raw.data_transfer {
            Some(d) => {
                let d = d.get();
                DataTransfer {
                    internet_out_gb: self.gb(&d.internet_out_gb, "internet_out_gb")?,
                    inter_az_gb: self.gb(&d.inter_az_gb, "inter_az_gb")?,
                    inter_region_out_gb: self.gb(&d.inter_region_out_gb, "inter_region_out_gb")?,
                    free_tier: d.free_tier.as_ref().is_some_and(|b| *b.get()),
                }
            }
            None => DataTransfer::default(),
        };
        self.set_prefix("public_ipv4.");
        let public_ipv4_addresses = match &raw.public_ipv4 {
            Some(p) => p
                .get()
                .addresses
                .as_ref()
                .map(|a| self.whole(a, "addresses", 100_000))
                .transpose()?,
            None => None,
        };
        self.set_prefix("vpc_endpoints.");
        let vpc_endpoints = match &raw.vpc_endpoints {
            Some(v) => {
                let v = v.get();
                VpcEndpoints {
                    interface_endpoints: self.opt_whole(
                        &v.interface_endpoints,
                        "interface_endpoints",
                        0,
                        1_000,
                    )?,
                    azs: self.no_ranges(|| self.opt_whole(&v.azs, "azs", 2, 6))?,
                    data_processed_gb: self.gb(&v.data_processed_gb, "data_processed_gb")?,
                }
            }
            None => VpcEndpoints {
                azs: 2,
                ..VpcEndpoints::default()
            },
        };
        let usage = self.usage(&raw)?;
        let reference = self.no_ranges(|| {
            raw.reference
                .as_ref()
                .map(|r| self.reference(r.get()))
                .transpose()
        })?;
        let (load, service_loads, recovery) = self.no_ranges(|| {
            let service_load_raw: Vec<_> = raw
                .service
                .iter()
                .map(|s| s.get().load.as_ref().map(|l| l.get()))
                .collect();
            let (load, service_loads) = self.load(
                raw.load.as_ref().map(|l| l.get()),
                &service_load_raw,
                load_balancer.as_ref().map(|lb| lb.azs),
            )?;
            let recovery = raw
                .recovery
                .as_ref()
                .map(|r| self.recovery(r.get()))
                .transpose()?;
            Ok::<_, Error>((load, service_loads, recovery))
        })?;
        for (service, l) in services.iter_mut().zip(service_loads) {
            service.load = l;
        }
        let budget = self.no_ranges(|| raw.budget.as_ref().map(|b| self.budget(b)).transpose())?;
        Ok(Topology {
            name,
            region,
            hours_per_month,
            services,
            database,
            cache,
            load_balancer,
            nat,
            data_transfer,
            public_ipv4_addresses,
            vpc_endpoints,
            reference,
            load,
            recovery,
            ranges: self.ranges.take(),
            budget,
            usage,
        })
    }

    /// The plain usage sections (`[s3]`), each checked against its kind's input table.
    fn usage(&self, raw: &TopologyRaw) -> Result<crate::resource::usage::Usage> {
        let mut usage = crate::resource::usage::Usage::default();
        for (section, written) in &raw.usage {
            let Some(kind) = crate::resource::usage_kinds().find(|k| k.section() == *section)
            else {
                continue;
            };
            let inputs = kind.usage_inputs();
            self.set_prefix(&format!("{section}."));
            for input in inputs {
                usage.set(input.path, Decimal::ZERO);
            }
            for (key, value) in &written.get().entries {
                let Some(input) = inputs.iter().find(|i| i.key() == key.get()) else {
                    let known = inputs.iter().map(|i| i.key());
                    return Err(self.err(
                        key.span(),
                        format!(
                            "unknown key `{}` in `[{section}]`",
                            key.get().escape_debug()
                        ),
                        Some(match suggest::did_you_mean(key.get(), known.clone()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "`[{section}]` takes: {}",
                                known.collect::<Vec<_>>().join(", ")
                            ),
                        }),
                    ));
                };
                let v = self.checked(
                    value,
                    input.key(),
                    Decimal::ZERO,
                    dec(input.max),
                    input.whole,
                )?;
                usage.set(input.path, v);
            }
        }
        Ok(usage)
    }

    /// Amounts keyed by group id, in group order; an unknown id is an error at its key.
    fn group_amounts(
        &self,
        raw: &super::group_amounts::GroupAmountsRaw,
        table: &str,
        max: Decimal,
    ) -> Result<Vec<(Group, Decimal)>> {
        let mut groups = Vec::new();
        for (key, value) in &raw.0 {
            let Some(group) = Group::from_id(key.get()) else {
                return Err(self.err(
                    key.span(),
                    format!("unknown key `{}` in `{table}`", key.get().escape_debug()),
                    Some(suggest::hint_for(key.get(), Group::ALL.map(Group::id))),
                ));
            };
            groups.push((group, self.number(value, group.id(), Decimal::ZERO, max)?));
        }
        groups.sort_by_key(|(g, _)| *g);
        Ok(groups)
    }

    fn budget(&self, b: &Located<BudgetRaw>) -> Result<Budget> {
        let max = dec(1_000_000_000);
        let raw = b.get();
        let monthly_usd = raw
            .monthly_usd
            .as_ref()
            .map(|v| self.number(v, "monthly_usd", Decimal::ZERO, max))
            .transpose()?;
        let groups = match &raw.groups {
            Some(g) => self.group_amounts(g.get(), "[budget.groups]", max)?,
            None => Vec::new(),
        };
        if monthly_usd.is_none() && groups.is_empty() {
            return Err(self.err(
                b.span(),
                "`[budget]` declares no limit".into(),
                Some("add `monthly_usd = 450` under `[budget]`, or group limits under `[budget.groups]` such as `rds = 150`".into()),
            ));
        }
        Ok(Budget {
            monthly_usd,
            groups,
        })
    }

    fn service(&self, s: &ServiceRaw, hours_per_month: Decimal) -> Result<Service> {
        let name = self.text(&s.name, "name", 255)?;
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(self.err(
                s.name.span(),
                format!(
                    "service name `{}` has characters ECS does not allow",
                    name.escape_debug()
                ),
                Some("use letters, digits, `-` and `_`".into()),
            ));
        }
        self.set_prefix(&format!("service.{name}."));
        let count = self.whole(&s.count, "count", MAX_TASKS_PER_SERVICE)?;
        let os = match self.opt_choice(&s.os, "os", &["linux", "windows"])? {
            "windows" => Os::Windows,
            _ => Os::Linux,
        };
        let arch = match self.opt_choice(&s.arch, "arch", &["x86_64", "arm64"])? {
            "arm64" => Arch::Arm64,
            _ => Arch::X86_64,
        };
        let capacity = match self.opt_choice(&s.capacity, "capacity", &["on-demand", "spot"])? {
            "spot" => CapacityProvider::Spot,
            _ => CapacityProvider::OnDemand,
        };
        if os == Os::Windows && arch == Arch::Arm64 {
            return Err(self.err(
                s.arch.as_ref().map_or(s.name.span(), |a| a.span()),
                "Fargate runs Windows containers on x86_64 only".into(),
                Some("use `arch = \"x86_64\"` for Windows tasks".into()),
            ));
        }
        if os == Os::Windows && capacity == CapacityProvider::Spot {
            return Err(self.err(
                s.capacity.as_ref().map_or(s.name.span(), |a| a.span()),
                "Fargate Spot is not available for Windows tasks".into(),
                Some("use `capacity = \"on-demand\"` for Windows tasks".into()),
            ));
        }
        for (v, what) in [(&s.vcpu, "vcpu"), (&s.memory_gb, "memory_gb")] {
            if v.get().1.is_some() {
                return Err(self.err(
                    v.span(),
                    format!("`{what}` takes a single number, not a range"),
                    Some("a task size is fixed; ranges are for usage quantities and counts".into()),
                ));
            }
        }
        let vcpu = s.vcpu.get().0.normalize();
        let memory_gb = s.memory_gb.get().0.normalize();
        let Some(memories) = fargate::valid_memory_gb(vcpu, os) else {
            let valid = fargate::describe(&fargate::valid_vcpus(os));
            let hint = if vcpu >= dec(128) && (vcpu / dec(256)).fract().is_zero() {
                format!(
                    "{vcpu} looks like ECS CPU units; `vcpu` is in vCPU: {} for {vcpu} units",
                    (vcpu / dec(1024)).normalize()
                )
            } else {
                format!("valid `vcpu` values for {}: {valid}", os.id())
            };
            return Err(self.err(
                s.vcpu.span(),
                format!("`vcpu = {vcpu}` is not a Fargate task size for {}", os.id()),
                Some(hint),
            ));
        };
        if !memories.contains(&memory_gb) {
            let hint = if memory_gb >= dec(512)
                && memories.contains(&(memory_gb / dec(1024)).normalize())
            {
                format!(
                    "{memory_gb} looks like MiB; `memory_gb` is in GB: {}",
                    (memory_gb / dec(1024)).normalize()
                )
            } else {
                format!(
                    "with {vcpu} vCPU, memory_gb may be {}",
                    fargate::describe(&memories)
                )
            };
            return Err(self.err(
                s.memory_gb.span(),
                format!("`memory_gb = {memory_gb}` is not valid with {vcpu} vCPU on Fargate"),
                Some(hint),
            ));
        }
        let ephemeral_storage_gb = self.opt_number(
            &s.ephemeral_storage_gb,
            "ephemeral_storage_gb",
            dec(20),
            dec(20),
            dec(200),
        )?;
        let service_hours = self.no_ranges(|| {
            self.opt_number(
                &s.hours_per_month,
                "hours_per_month",
                hours_per_month,
                Decimal::ZERO,
                hours_per_month,
            )
        })?;
        Ok(Service {
            name,
            count,
            vcpu,
            memory_gb,
            arch,
            os,
            capacity,
            ephemeral_storage_gb,
            hours_per_month: service_hours,
            load: None,
        })
    }

    fn database(
        &self,
        d: &DatabaseRaw,
        table: &PriceTable,
        hours: Decimal,
        catalog: &PriceCatalog,
    ) -> Result<Database> {
        // Both spellings are the one engine of the price keys.
        self.choice(&d.engine, "database engine", &["postgres", "postgresql"])?;
        let engine = "postgres".to_string();
        let deployment =
            match self.opt_choice(&d.deployment, "deployment", &["single-az", "multi-az"])? {
                "multi-az" => Deployment::MultiAz,
                _ => Deployment::SingleAz,
            };
        let prefix = key::rds_instance_prefix(&engine, deployment.key());
        let class = d.instance_class.get();
        if !table.contains(&format!("{prefix}{class}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            return Err(self.err(
                d.instance_class.span(),
                format!(
                    "unknown instance class `{}` for {engine} {} in the {} price table",
                    class.escape_debug(),
                    deployment.id(),
                    table.region
                ),
                Some(suggest::hint_for(class, known.iter().copied())),
            ));
        }
        let storage_type =
            match self.opt_choice(&d.storage_type, "storage type", &["gp2", "gp3", "io1"])? {
                "gp3" => StorageType::Gp3,
                "io1" => StorageType::Io1,
                _ => StorageType::Gp2,
            };
        let min_storage = if storage_type == StorageType::Io1 {
            100
        } else {
            20
        };
        let storage_gb = self.number(&d.storage_gb, "storage_gb", dec(min_storage), dec(65_536))?;
        let iops = match (storage_type, &d.iops) {
            (StorageType::Gp2, Some(i)) => {
                return Err(self.err(
                    i.span(),
                    "gp2 storage has no provisioned IOPS".into(),
                    Some("gp2 IOPS follow the size (3 per GB); use `storage_type = \"gp3\"` or `\"io1\"` to provision IOPS".into()),
                ));
            }
            (StorageType::Io1, None) => {
                return Err(self.err(
                    d.storage_gb.span(),
                    "io1 storage needs `iops`".into(),
                    Some("add `iops = 3000` (1,000 to 256,000)".into()),
                ));
            }
            (StorageType::Io1, Some(i)) => Some(
                self.no_ranges(|| self.whole(i, "iops", 256_000))
                    .and_then(|v| {
                        if v < 1000 {
                            Err(self.err(
                                i.span(),
                                format!("io1 needs at least 1000 IOPS, found {v}"),
                                None,
                            ))
                        } else {
                            Ok(Decimal::from(v))
                        }
                    })?,
            ),
            (StorageType::Gp3, Some(i)) => Some(Decimal::from(
                self.no_ranges(|| self.whole(i, "iops", 64_000))?,
            )),
            (StorageType::Gp3 | StorageType::Gp2, None) => None,
        };
        let throughput_mibps = match (&d.throughput_mibps, storage_type) {
            (Some(t), StorageType::Gp3) => Some(
                self.no_ranges(|| self.number(t, "throughput_mibps", Decimal::ZERO, dec(4_000)))?,
            ),
            (Some(t), _) => {
                return Err(self.err(
                    t.span(),
                    format!(
                        "`throughput_mibps` applies to gp3 storage, not {}",
                        storage_type.id()
                    ),
                    Some("remove `throughput_mibps`, or set `storage_type = \"gp3\"`".into()),
                ));
            }
            (None, _) => None,
        };
        if d.read_replica.len() > MAX_READ_REPLICAS {
            return Err(self.err(
                d.read_replica[MAX_READ_REPLICAS].span(),
                format!("more than {MAX_READ_REPLICAS} read replicas"),
                None,
            ));
        }
        let mut read_replicas = Vec::with_capacity(d.read_replica.len());
        for r in &d.read_replica {
            let r = r.get();
            let replica = self.no_ranges(|| {
                self.read_replica(r, &engine, class, storage_type, storage_gb, catalog)
            })?;
            read_replicas.push(replica);
        }
        Ok(Database {
            engine,
            instance_class: class.clone(),
            deployment,
            storage_type,
            storage_gb,
            iops,
            throughput_mibps,
            read_replicas,
            backup_retention_days: self.no_ranges(|| {
                self.opt_whole(&d.backup_retention_days, "backup_retention_days", 7, 35)
            })?,
            backup_storage_gb: self.gb(&d.backup_storage_gb, "backup_storage_gb")?,
            cpu_credits_vcpu_hours: self.opt_number(
                &d.cpu_credits_vcpu_hours,
                "cpu_credits_vcpu_hours",
                Decimal::ZERO,
                Decimal::ZERO,
                hours * dec(128),
            )?,
        })
    }

    fn read_replica(
        &self,
        r: &ReadReplicaRaw,
        engine: &str,
        primary_class: &str,
        storage_type: StorageType,
        primary_storage_gb: Decimal,
        catalog: &PriceCatalog,
    ) -> Result<ReadReplica> {
        let region = self.text(&r.region, "region", 64)?;
        let table = catalog.table(&region).map_err(|_| {
            self.err(
                r.region.span(),
                format!("no price table for region `{}` (read replica)", region.escape_debug()),
                Some(format!(
                    "a replica is priced from its own region's table; tables are available for: {}; \
                     add a `{}` table with `--prices DIR` (see pricing/README.md)",
                    catalog.regions().collect::<Vec<_>>().join(", "),
                    region.escape_debug()
                )),
            )
        })?;
        let deployment =
            match self.opt_choice(&r.deployment, "deployment", &["single-az", "multi-az"])? {
                "multi-az" => Deployment::MultiAz,
                _ => Deployment::SingleAz,
            };
        let class = r
            .instance_class
            .as_ref()
            .map_or_else(|| primary_class.to_string(), |c| c.get().clone());
        let prefix = key::rds_instance_prefix(engine, deployment.key());
        if !table.contains(&format!("{prefix}{class}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            let span = r
                .instance_class
                .as_ref()
                .map_or(r.region.span(), |c| c.span());
            return Err(self.err(
                span,
                format!(
                    "unknown instance class `{}` for {engine} {} in the {} price table (read replica)",
                    class.escape_debug(),
                    deployment.id(),
                    table.region
                ),
                Some(suggest::hint_for(&class, known.iter().copied())),
            ));
        }
        let min_storage = if storage_type == StorageType::Io1 {
            100
        } else {
            20
        };
        Ok(ReadReplica {
            region,
            instance_class: class,
            deployment,
            storage_gb: self.opt_number(
                &r.storage_gb,
                "storage_gb",
                primary_storage_gb,
                dec(min_storage),
                dec(65_536),
            )?,
            replicated_gb: self.gb(&r.replicated_gb, "replicated_gb")?,
            prices: Arc::new(table.clone()),
        })
    }

    fn cache(&self, c: &CacheRaw, table: &PriceTable) -> Result<Cache> {
        let engine = self
            .choice(&c.engine, "cache engine", &["redis", "valkey"])?
            .to_string();
        let prefix = key::elasticache_node_prefix(&engine);
        let node = c.node_type.get();
        if !table.contains(&format!("{prefix}{node}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            return Err(self.err(
                c.node_type.span(),
                format!(
                    "unknown node type `{}` for {engine} in the {} price table",
                    node.escape_debug(),
                    table.region
                ),
                Some(suggest::hint_for(node, known.iter().copied())),
            ));
        }
        Ok(Cache {
            engine,
            node_type: node.clone(),
            nodes: self.whole(&c.nodes, "nodes", 500)?,
            backup_storage_gb: self.gb(&c.backup_storage_gb, "backup_storage_gb")?,
        })
    }

    fn load_balancer(&self, l: &LoadBalancerRaw) -> Result<LoadBalancer> {
        let azs = self.no_ranges(|| self.opt_whole(&l.azs, "azs", 2, 6))?;
        if azs < 2 {
            let span = l.azs.as_ref().map(|a| a.span()).unwrap_or(0..0);
            return Err(self.err(
                span,
                format!("an Application Load Balancer needs at least 2 AZs, found {azs}"),
                Some(
                    "AWS requires subnets in two or more Availability Zones: set `azs = 2`".into(),
                ),
            ));
        }
        let max_rate = dec(10_000_000);
        Ok(LoadBalancer {
            count: self.opt_whole(&l.count, "count", 1, 100)?,
            azs,
            new_connections_per_second: self.opt_number(
                &l.new_connections_per_second,
                "new_connections_per_second",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate,
            )?,
            active_connections_per_minute: self.opt_number(
                &l.active_connections_per_minute,
                "active_connections_per_minute",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate * dec(60),
            )?,
            processed_gb_per_hour: self.opt_number(
                &l.processed_gb_per_hour,
                "processed_gb_per_hour",
                Decimal::ZERO,
                Decimal::ZERO,
                dec(1_000_000),
            )?,
            rule_evaluations_per_second: self.opt_number(
                &l.rule_evaluations_per_second,
                "rule_evaluations_per_second",
                Decimal::ZERO,
                Decimal::ZERO,
                max_rate,
            )?,
            lambda_targets: l.lambda_targets.as_ref().is_some_and(|b| *b.get()),
        })
    }

    fn reference(&self, r: &ReferenceRaw) -> Result<Reference> {
        let source = self.text(&r.source, "source", 200)?;
        let max = dec(1_000_000_000);
        let amount = |v: &Option<Located<Num>>, what: &str| {
            v.as_ref()
                .map(|v| self.number(v, what, Decimal::ZERO, max))
                .transpose()
        };
        let groups = self.group_amounts(&r.groups, "[reference]", max)?;
        let mut excludes = Vec::new();
        for e in &r.excludes {
            let text = self.text(e, "excludes", 200)?;
            let Some((g, component)) = text.split_once(':') else {
                return Err(self.err(
                    e.span(),
                    format!(
                        "`{}` is not of the form \"group: component\"",
                        text.escape_debug()
                    ),
                    Some("e.g. \"nat_gateway: data processed\"".into()),
                ));
            };
            let ids = Group::ALL.map(Group::id);
            let Some(group) = Group::from_id(g.trim()) else {
                return Err(self.err(
                    e.span(),
                    format!("unknown group `{}`", g.trim().escape_debug()),
                    Some(suggest::hint_for(g.trim(), ids)),
                ));
            };
            if !groups.iter().any(|(s, _)| *s == group) {
                return Err(self.err(
                    e.span(),
                    format!(
                        "group `{}` is excluded from but not stated in `[reference]`",
                        group.id()
                    ),
                    Some(format!(
                        "state `{} = ...` or drop this exclusion",
                        group.id()
                    )),
                ));
            }
            excludes.push((group, component.trim().to_string()));
        }
        Ok(Reference {
            source,
            total_usd: amount(&r.total_usd, "total_usd")?,
            groups,
            excludes,
        })
    }
}
