//! Raw TOML → validated [`Topology`], with `file:line:column` errors and hints.

use super::located::{Located, Num};
use super::raw::*;
use super::*;
use crate::error::{Error, Result};
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use crate::suggest;
use rust_decimal::Decimal;
use std::cell::{Cell, RefCell};

/// The most read replicas one database may declare.
pub const MAX_READ_REPLICAS: usize = 16;

mod checks;
pub(crate) mod commitments;
mod toml_error;
mod usage;
mod workload;

use toml_error::VALUE_ALIASES;
pub(crate) use toml_error::toml_error;

/// Sections that hold many resources of a kind, each a `[[section]]` table (or one `[section]`).
pub const MANY_OF_EACH: &[&str] = &["database", "cache", "load_balancer"];
/// The most databases, caches or load balancers one topology may declare.
pub const MAX_PER_KIND: usize = 100;

/// The largest topology file costplan reads.
pub const MAX_TOPOLOGY_BYTES: u64 = 1024 * 1024;
/// The most services one topology may declare.
pub const MAX_SERVICES: usize = 200;
/// The most tasks one service may run.
pub const MAX_TASKS_PER_SERVICE: u32 = 10_000;
/// Upper bound for any monthly volume in GB (100 PB).
pub(crate) const MAX_GB: i64 = 100_000_000;

/// Reads and validates a topology file against the catalog's price tables.
pub fn read(path: &std::path::Path, catalog: &PriceCatalog) -> Result<(Topology, SourceFile)> {
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
        errors: RefCell::new(Vec::new()),
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
            let flag = kind
                .usage_inputs()
                .iter()
                .any(|i| i.is_flag() && i.key() == key.get());
            let value = if flag {
                // `free_tier = true`: a flag is held as the whole number 1 or 0.
                let b = Located::<bool>::deserialize(ValueDeserializer::from(v))
                    .map_err(|e| toml_error(file, &e))?;
                let n = if *b.get() {
                    rust_decimal::Decimal::ONE
                } else {
                    rust_decimal::Decimal::ZERO
                };
                Located::new(b.span(), Num(n, None))
            } else {
                Located::<Num>::deserialize(ValueDeserializer::from(v))
                    .map_err(|e| toml_error(file, &e))?
            };
            entries.push((key, value));
        }
        usage.insert(
            section,
            Located::new(span, crate::resource::usage::UsageRaw { entries }),
        );
    }
    // A single `[database]` table is one database of `[[database]]` (and so for caches and load
    // balancers): the old single-table form keeps working.
    for section in MANY_OF_EACH {
        if let Some(value) = doc.get_mut().get_mut(*section)
            && matches!(value.get_ref(), DeValue::Table(_))
        {
            let span = value.span();
            let table = std::mem::replace(
                value,
                toml::Spanned::new(span.clone(), DeValue::Boolean(false)),
            );
            let mut array = toml::de::DeArray::new();
            array.push(table);
            *value = toml::Spanned::new(span, DeValue::Array(array));
        }
    }
    let mut raw =
        TopologyRaw::deserialize(Deserializer::from(doc)).map_err(|e| toml_error(file, &e))?;
    raw.usage = usage;
    Ok(raw)
}

pub(crate) struct Validator<'a> {
    sources: Sources<'a>,
    /// The path of the table being validated, e.g. `service.api.`, for declared ranges.
    prefix: RefCell<String>,
    ranges: RefCell<Vec<DeclaredRange>>,
    ranges_allowed: Cell<bool>,
    /// Problems found so far: each section's first problem, so one run reports them all.
    errors: RefCell<Vec<Error>>,
}

pub(crate) fn dec(v: i64) -> Decimal {
    Decimal::from(v)
}

impl Validator<'_> {
    pub(crate) fn err(
        &self,
        span: std::ops::Range<usize>,
        message: String,
        hint: Option<String>,
    ) -> Error {
        self.sources.diagnostic(span, message, hint).into()
    }

    pub(crate) fn set_prefix(&self, prefix: &str) {
        let mut p = self.prefix.borrow_mut();
        p.clear();
        p.push_str(prefix);
    }

    /// Runs `f` with ranges refused (inputs that are not usage quantities or counts).
    pub(crate) fn no_ranges<T>(&self, f: impl FnOnce() -> T) -> T {
        let before = self.ranges_allowed.replace(false);
        let out = f();
        self.ranges_allowed.set(before);
        out
    }

    /// A number within [min, max].
    pub(crate) fn number(
        &self,
        v: &Located<Num>,
        what: &str,
        min: Decimal,
        max: Decimal,
    ) -> Result<Decimal> {
        self.checked(v, what, min, max, false)
    }

    /// A number (or a declared range) within [min, max], whole when `whole`.
    pub(crate) fn checked(
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

    pub(crate) fn bounded(
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

    pub(crate) fn opt_number(
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
    pub(crate) fn whole(&self, v: &Located<Num>, what: &str, max: u32) -> Result<u32> {
        let x = self.checked(v, what, Decimal::ZERO, Decimal::from(max), true)?;
        u32::try_from(x.mantissa() / 10i128.pow(x.scale()))
            .map_err(|_| self.err(v.span(), format!("`{what}` is out of range"), None))
    }

    pub(crate) fn opt_whole(
        &self,
        v: &Option<Located<Num>>,
        what: &str,
        default: u32,
        max: u32,
    ) -> Result<u32> {
        v.as_ref().map_or(Ok(default), |v| self.whole(v, what, max))
    }

    pub(crate) fn gb(&self, v: &Option<Located<Num>>, what: &str) -> Result<Decimal> {
        self.opt_number(v, what, Decimal::ZERO, Decimal::ZERO, dec(MAX_GB))
    }

    pub(crate) fn choice<'c>(
        &self,
        v: &Located<String>,
        what: &str,
        choices: &[&'c str],
    ) -> Result<&'c str> {
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

    pub(crate) fn opt_choice<'c>(
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

    pub(crate) fn text(&self, v: &Located<String>, what: &str, max_chars: usize) -> Result<String> {
        let s = v.get();
        if s.trim().is_empty() {
            return Err(self.err(
                v.span(),
                format!("`{what}` must not be empty"),
                Some(format!("write a `{what}`, e.g. `{what} = \"api\"`")),
            ));
        }
        if let Err(p) = crate::text::check_name(s) {
            return Err(self.err(
                v.span(),
                format!("`{what}` contains {p}"),
                Some(
                    "names are shown in terminals, CI logs, CSV, Markdown and HTML; use printable text on one line (see docs/limits.md)"
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

    /// Keeps a section's result, or records its problem and goes on (see [`Validator::finish`]).
    fn keep<T>(&self, result: Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.errors.borrow_mut().push(e);
                None
            }
        }
    }

    /// Every problem recorded, as one error in file order; `None` when there was none.
    fn finish(&self) -> Option<Error> {
        let mut errors = self.errors.take().into_iter();
        errors
            .next()
            .map(|first| Error::combine(first, errors.collect()))
    }

    /// Ends validation at `e` (nothing after it can be checked), with the problems found before.
    fn stop(&self, e: Error) -> Error {
        let mut before = self.errors.take();
        if before.is_empty() {
            return e;
        }
        let first = before.remove(0);
        before.push(e);
        Error::combine(first, before)
    }

    /// Validates every table of a many-of-each section (`[[database]]`): each with its own path
    /// prefix (`database.NAME.`, or `database.` when it is the only one and unnamed), names unique,
    /// and a name on each when there are several. Problems are recorded; the valid ones returned.
    fn each<R, T: Named>(
        &self,
        section: &str,
        tables: &[Located<R>],
        name_of: impl Fn(&R) -> Option<&Located<String>>,
        validate: impl Fn(&R) -> Result<T>,
    ) -> Vec<T> {
        let mut out: Vec<T> = Vec::with_capacity(tables.len());
        if tables.len() > MAX_PER_KIND {
            self.errors.borrow_mut().push(self.err(
                tables[MAX_PER_KIND].span(),
                format!("more than {MAX_PER_KIND} `[[{section}]]` tables"),
                Some("split the architecture into several topologies".into()),
            ));
            return out;
        }
        let mut names: Vec<String> = Vec::new();
        for t in tables {
            let name = match name_of(t.get()) {
                Some(n) => match self.text(n, "name", 100) {
                    Ok(name) if names.contains(&name) => {
                        self.errors.borrow_mut().push(self.err(
                            n.span(),
                            format!("{section} `{name}` is declared twice"),
                            Some(format!("each `[[{section}]]` needs a name of its own")),
                        ));
                        continue;
                    }
                    Ok(name) => Some(name),
                    Err(e) => {
                        self.errors.borrow_mut().push(e);
                        continue;
                    }
                },
                None if tables.len() > 1 => {
                    self.errors.borrow_mut().push(self.err(
                        t.span(),
                        format!("this `[[{section}]]` has no `name`, and the topology has {} of them", tables.len()),
                        Some(format!("add `name = \"...\"` to each `[[{section}]]`, e.g. `name = \"orders\"`; paths then read `{section}.orders.KEY`")),
                    ));
                    continue;
                }
                None => None,
            };
            if let Some(n) = &name {
                names.push(n.clone());
                self.set_prefix(&format!("{section}.{n}."));
            } else {
                self.set_prefix(&format!("{section}."));
            }
            if let Some(mut v) = self.keep(validate(t.get())) {
                v.set_name(name);
                out.push(v);
            }
        }
        out
    }

    fn topology(&self, raw: TopologyRaw, catalog: &PriceCatalog) -> Result<Topology> {
        let name = self.keep(self.text(&raw.name, "name", 200));
        let region = match self.text(&raw.region, "region", 64) {
            Ok(r) => r,
            Err(e) => return Err(self.stop(e)),
        };
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
        });
        // Without a price table nothing else can be checked against prices: stop here.
        let table = match table {
            Ok(t) => t,
            Err(e) => return Err(self.stop(e)),
        };
        let hours_per_month = self
            .keep(self.no_ranges(|| {
                self.opt_number(
                    &raw.hours_per_month,
                    "hours_per_month",
                    crate::money::DEFAULT_HOURS_PER_MONTH,
                    Decimal::ONE,
                    dec(744),
                )
            }))
            .unwrap_or(crate::money::DEFAULT_HOURS_PER_MONTH);
        if raw.service.len() > MAX_SERVICES {
            return Err(self.err(
                raw.service[MAX_SERVICES].span(),
                format!("more than {MAX_SERVICES} services"),
                Some("split the architecture into several topologies".into()),
            ));
        }
        let mut services: Vec<Service> = Vec::with_capacity(raw.service.len());
        for s in &raw.service {
            let Some(service) = self.keep(self.service(s.get(), hours_per_month)) else {
                continue;
            };
            if services.iter().any(|o| o.name == service.name) {
                self.errors.borrow_mut().push(self.err(
                    s.get().name.span(),
                    format!("service `{}` is declared twice", service.name),
                    Some("service names must be unique".into()),
                ));
                continue;
            }
            services.push(service);
        }
        let databases = self.each(
            "database",
            &raw.database,
            |d| d.name.as_ref(),
            |d| self.database(d, table, hours_per_month, catalog),
        );
        let caches = self.each(
            "cache",
            &raw.cache,
            |c| c.name.as_ref(),
            |c| self.cache(c, table),
        );
        let load_balancers = self.each(
            "load_balancer",
            &raw.load_balancer,
            |l| l.name.as_ref(),
            |l| self.load_balancer(l),
        );
        self.set_prefix("nat.");
        let nat = self
            .keep(raw.nat.as_ref().map(|n| self.nat(n.get())).transpose())
            .flatten();
        self.set_prefix("data_transfer.");
        let data_transfer = match &raw.data_transfer {
            Some(d) => self
                .keep(self.data_transfer(d.get(), &table.region))
                .unwrap_or_default(),
            None => DataTransfer::default(),
        };
        self.set_prefix("public_ipv4.");
        let public_ipv4_addresses = match &raw.public_ipv4 {
            Some(p) => self.keep(self.public_ipv4(p.get())).flatten(),
            None => None,
        };
        self.set_prefix("vpc_endpoints.");
        let default_endpoints = || VpcEndpoints {
            azs: 2,
            ..VpcEndpoints::default()
        };
        let vpc_endpoints = match &raw.vpc_endpoints {
            Some(v) => self
                .keep(self.vpc_endpoints(v.get()))
                .unwrap_or_else(default_endpoints),
            None => default_endpoints(),
        };
        let usage = self.keep(self.usage(&raw)).unwrap_or_default();
        let reference = self
            .keep(self.no_ranges(|| {
                raw.reference
                    .as_ref()
                    .map(|r| self.reference(r.get()))
                    .transpose()
            }))
            .flatten();
        let workload = self.keep(self.no_ranges(|| {
            let service_load_raw: Vec<_> = raw
                .service
                .iter()
                .map(|s| s.get().load.as_ref().map(|l| l.get()))
                .collect();
            let (load, service_loads) = self.workload(
                raw.load.as_ref().map(|l| l.get()),
                &service_load_raw,
                load_balancers.first().map(|lb| lb.azs),
            )?;
            let recovery = raw
                .recovery
                .as_ref()
                .map(|r| self.recovery(r.get()))
                .transpose()?;
            Ok::<_, Error>((load, service_loads, recovery))
        }));
        let budget = self
            .keep(self.no_ranges(|| raw.budget.as_ref().map(|b| self.budget(b)).transpose()))
            .flatten();
        let finance = self.finance(&raw, table).unwrap_or_default();
        if let Some(e) = self.finish() {
            return Err(e);
        }
        // Every section validated: nothing was left out above.
        let (Some(name), Some((load, service_loads, recovery))) = (name, workload) else {
            return Err(Error::usage("topology validation lost a problem"));
        };
        for (service, l) in services.iter_mut().zip(service_loads) {
            service.load = l;
        }
        Ok(Topology {
            name,
            region,
            hours_per_month,
            services,
            databases,
            caches,
            load_balancers,
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
            assumed: super::assumed::collect(&self.sources.base.text),
            finance,
        })
    }
}
