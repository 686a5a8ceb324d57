//! One region's price table, as documented in `pricing/README.md`.

use crate::error::{Error, Result};
use crate::source::SourceFile;
use crate::suggest;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// A price tier: `usd` per unit for the part of the monthly quantity in `[from, to)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    pub from: Decimal,
    /// `None` = unbounded.
    pub to: Option<Decimal>,
    pub usd: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rate {
    Flat(Decimal),
    /// Contiguous tiers starting at 0, applied to the monthly quantity.
    Tiered(Vec<Tier>),
}

/// One price with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price {
    pub key: String,
    pub description: String,
    pub unit: String,
    pub rate: Rate,
    pub offer_code: String,
    pub product_family: Option<String>,
    pub usage_type: String,
    pub sku: Option<String>,
    /// `YYYY-MM-DD`: when AWS made the price effective, or the date of the source that states it.
    pub effective_date: String,
    pub publication_date: Option<String>,
    pub source: String,
    /// `A` (AWS Price List data), `B` (a pricing tool's output from the live API), `C` (secondary).
    pub evidence: Option<String>,
}

impl Price {
    /// A one-line provenance for reports: offer code, usage type and source.
    pub fn provenance(&self) -> String {
        format!("{} {}; {}", self.offer_code, self.usage_type, self.source)
    }
}

/// A reserved-instance rate kept beside an on-demand price (read from the offer file's
/// `Reserved` terms; kept for commitments, not used by estimates yet).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ReservedRate {
    /// `LeaseContractLength`, e.g. `1yr`, `3yr`.
    pub lease: String,
    /// `PurchaseOption`, e.g. `No Upfront`, `Partial Upfront`, `All Upfront`.
    pub purchase_option: String,
    /// `OfferingClass`, e.g. `standard`, `convertible`; absent for some offers.
    pub offering_class: Option<String>,
    /// The one-time fee (the `Quantity` dimension); zero when there is none.
    pub upfront_usd: Decimal,
    /// The recurring rate per unit of the price (e.g. per instance-hour).
    pub usd: Decimal,
    pub effective_date: String,
    /// Where the rate comes from when it is not the price's own offer file (a rate compiled by
    /// hand cites its page or tool output); `None`: the price's source.
    pub source: Option<String>,
    /// The evidence grade of `source` (`A`, `B`, `C`), as for prices.
    pub evidence: Option<String>,
}

/// A Savings Plan rate kept beside an on-demand price (the Savings Plans price list's rate for
/// the price's usage type): per unit of the price, for one plan type, term and payment option.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SavingsPlanPrice {
    /// `compute` (Compute Savings Plans) or `ec2_instance`.
    pub plan: String,
    /// `1yr` or `3yr`.
    pub lease: String,
    /// `No Upfront`, `Partial Upfront` or `All Upfront`.
    pub purchase_option: String,
    /// USD per unit of the price (e.g. per vCPU-hour).
    pub usd: Decimal,
    pub effective_date: String,
    /// Where the rate comes from: the Savings Plans offer file (plan SKU) or a cited page.
    pub source: String,
}

/// An offer file a generated table was built from, with its checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferFile {
    pub offer_code: String,
    pub region: String,
    pub version: String,
    /// `YYYY-MM-DD` or a full AWS timestamp, as published.
    pub publication_date: String,
    /// The URL or path it was read from.
    pub url: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub bytes: u64,
}

/// A region's prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTable {
    pub region: String,
    pub currency: String,
    pub effective_date: String,
    pub source: String,
    /// Where the table was read from: a path, or `bundled:<name>`.
    pub origin: String,
    /// When the file was written (`YYYY-MM-DD`), if it says.
    pub compiled_on: Option<String>,
    /// The command that wrote it, if it says.
    pub generated_by: Option<String>,
    /// The offer files it was generated from (empty for hand-compiled tables).
    pub offer_files: Vec<OfferFile>,
    prices: BTreeMap<String, Price>,
    reserved: BTreeMap<String, Vec<ReservedRate>>,
    savings_plans: BTreeMap<String, Vec<SavingsPlanPrice>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    table: Spanned<RawHeader>,
    #[serde(default)]
    price: Vec<Spanned<RawPrice>>,
    #[serde(default)]
    offer_file: Vec<Spanned<RawOfferFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOfferFile {
    offer_code: String,
    region: String,
    version: String,
    publication_date: String,
    url: String,
    sha256: Spanned<String>,
    bytes: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReserved {
    lease: String,
    purchase_option: String,
    #[serde(default)]
    offering_class: Option<String>,
    upfront_usd: Spanned<String>,
    usd: Spanned<String>,
    effective_date: Spanned<String>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    #[serde(default)]
    evidence: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSavingsPlan {
    plan: String,
    lease: String,
    purchase_option: String,
    usd: Spanned<String>,
    effective_date: Spanned<String>,
    source: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    region: Spanned<String>,
    currency: Spanned<String>,
    effective_date: Spanned<String>,
    source: String,
    #[serde(default)]
    compiled_on: Option<Spanned<String>>,
    #[serde(default)]
    generated_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrice {
    key: Spanned<String>,
    description: String,
    unit: Spanned<String>,
    #[serde(default)]
    usd: Option<Spanned<String>>,
    #[serde(default)]
    tiers: Option<Spanned<Vec<Spanned<RawTier>>>>,
    offer_code: Spanned<String>,
    #[serde(default)]
    product_family: Option<String>,
    usage_type: Spanned<String>,
    #[serde(default)]
    sku: Option<String>,
    effective_date: Spanned<String>,
    #[serde(default)]
    publication_date: Option<Spanned<String>>,
    source: Spanned<String>,
    #[serde(default)]
    evidence: Option<Spanned<String>>,
    #[serde(default)]
    reserved: Vec<RawReserved>,
    #[serde(default)]
    savings_plan: Vec<RawSavingsPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTier {
    from: Spanned<String>,
    #[serde(default)]
    to: Option<Spanned<String>>,
    usd: Spanned<String>,
}

impl PriceTable {
    /// Parses and checks a table. `origin` names it in messages.
    pub fn parse(file: &SourceFile) -> Result<Self> {
        let bad = |span: Option<std::ops::Range<usize>>, msg: String, hint: Option<String>| {
            Error::PriceTable(Box::new(file.diagnostic(span, msg, hint)))
        };
        let raw: RawFile = toml::from_str(&file.text).map_err(|e| {
            bad(
                e.span(),
                format!("invalid price table: {}", e.message().trim_end()),
                Some("see pricing/README.md for the format".into()),
            )
        })?;
        let header = raw.table.into_inner();
        date(file, &header.effective_date)?;
        if let Some(d) = &header.compiled_on {
            date(file, d)?;
        }
        if header.currency.get_ref() != "USD" {
            return Err(bad(
                Some(header.currency.span()),
                format!("unsupported currency `{}`", header.currency.get_ref()),
                Some("costplan computes in USD only".into()),
            ));
        }
        let mut offer_files = Vec::new();
        for f in raw.offer_file {
            let f = f.into_inner();
            let sha = f.sha256.get_ref();
            if sha.len() != 64
                || !sha
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            {
                return Err(bad(
                    Some(f.sha256.span()),
                    format!("invalid sha256 `{}`", sha.escape_debug()),
                    Some("a SHA-256 is 64 lower-case hex digits".into()),
                ));
            }
            offer_files.push(OfferFile {
                offer_code: f.offer_code,
                region: f.region,
                version: f.version,
                publication_date: f.publication_date,
                url: f.url,
                sha256: f.sha256.into_inner(),
                bytes: f.bytes,
            });
        }
        let mut prices = BTreeMap::new();
        let mut reserved_by_key = BTreeMap::new();
        let mut savings_plans_by_key = BTreeMap::new();
        for raw_price in raw.price {
            let span = raw_price.span();
            let p = raw_price.into_inner();
            let key = p.key.get_ref().clone();
            if key.is_empty()
                || key
                    .chars()
                    .any(|c| c.is_whitespace() || crate::text::is_forbidden_in_name(c))
            {
                return Err(bad(
                    Some(p.key.span()),
                    format!("invalid price key `{}`", key.escape_debug()),
                    Some("keys are dotted words without spaces".into()),
                ));
            }
            if p.unit.get_ref().trim().is_empty() {
                return Err(bad(Some(p.unit.span()), "empty unit".into(), None));
            }
            for (name, v) in [
                ("offer_code", &p.offer_code),
                ("usage_type", &p.usage_type),
                ("source", &p.source),
            ] {
                if v.get_ref().trim().is_empty() {
                    return Err(bad(
                        Some(v.span()),
                        format!("empty `{name}` for price `{key}`"),
                        Some("every price names the AWS offer code, usage type and source it comes from".into()),
                    ));
                }
            }
            date(file, &p.effective_date)?;
            if let Some(d) = &p.publication_date {
                date(file, d)?;
            }
            if let Some(ev) = &p.evidence
                && !matches!(ev.get_ref().as_str(), "A" | "B" | "C")
            {
                return Err(bad(
                    Some(ev.span()),
                    format!("unknown evidence grade `{}`", ev.get_ref()),
                    Some("use `A` (AWS Price List data), `B` (tool output from the live API) or `C` (secondary)".into()),
                ));
            }
            let rate = match (p.usd, p.tiers) {
                (Some(usd), None) => Rate::Flat(amount(file, &usd)?),
                (None, Some(tiers)) => Rate::Tiered(tiers_of(file, tiers)?),
                _ => {
                    return Err(bad(
                        Some(span),
                        format!("price `{key}` must have exactly one of `usd` and `tiers`"),
                        None,
                    ));
                }
            };
            let mut reserved = Vec::with_capacity(p.reserved.len());
            for r in p.reserved {
                date(file, &r.effective_date)?;
                if let Some(ev) = &r.evidence
                    && !matches!(ev.get_ref().as_str(), "A" | "B" | "C")
                {
                    return Err(bad(
                        Some(ev.span()),
                        format!("unknown evidence grade `{}`", ev.get_ref()),
                        Some("use `A` (AWS Price List data), `B` (tool output from the live API) or `C` (secondary)".into()),
                    ));
                }
                if let Some(s) = &r.source
                    && s.get_ref().trim().is_empty()
                {
                    return Err(bad(
                        Some(s.span()),
                        format!("empty `source` for a reserved rate of `{key}`"),
                        Some("name the page or tool output the rate comes from, or leave `source` out (the price's own)".into()),
                    ));
                }
                reserved.push(ReservedRate {
                    lease: r.lease,
                    purchase_option: r.purchase_option,
                    offering_class: r.offering_class,
                    upfront_usd: amount(file, &r.upfront_usd)?,
                    usd: amount(file, &r.usd)?,
                    effective_date: r.effective_date.into_inner(),
                    source: r.source.map(Spanned::into_inner),
                    evidence: r.evidence.map(Spanned::into_inner),
                });
            }
            if !reserved.is_empty() {
                reserved.sort();
                reserved_by_key.insert(key.clone(), reserved);
            }
            let mut plans = Vec::with_capacity(p.savings_plan.len());
            for r in p.savings_plan {
                date(file, &r.effective_date)?;
                if r.source.get_ref().trim().is_empty() {
                    return Err(bad(
                        Some(r.source.span()),
                        format!("empty `source` for a Savings Plan rate of `{key}`"),
                        Some("every rate names the offer file or page it comes from".into()),
                    ));
                }
                plans.push(SavingsPlanPrice {
                    plan: r.plan,
                    lease: r.lease,
                    purchase_option: r.purchase_option,
                    usd: amount(file, &r.usd)?,
                    effective_date: r.effective_date.into_inner(),
                    source: r.source.into_inner(),
                });
            }
            if !plans.is_empty() {
                plans.sort();
                savings_plans_by_key.insert(key.clone(), plans);
            }
            let price = Price {
                key: key.clone(),
                description: p.description,
                unit: p.unit.into_inner(),
                rate,
                offer_code: p.offer_code.into_inner(),
                product_family: p.product_family,
                usage_type: p.usage_type.into_inner(),
                sku: p.sku,
                effective_date: p.effective_date.into_inner(),
                publication_date: p.publication_date.map(Spanned::into_inner),
                source: p.source.into_inner(),
                evidence: p.evidence.map(Spanned::into_inner),
            };
            if prices.insert(key.clone(), price).is_some() {
                return Err(bad(
                    Some(p.key.span()),
                    format!("price `{key}` is defined twice"),
                    Some(
                        "each key must appear once; an ambiguous price is never picked silently"
                            .into(),
                    ),
                ));
            }
        }
        Ok(PriceTable {
            region: header.region.into_inner(),
            currency: header.currency.into_inner(),
            effective_date: header.effective_date.into_inner(),
            source: header.source,
            origin: file.path.clone(),
            compiled_on: header.compiled_on.map(Spanned::into_inner),
            generated_by: header.generated_by,
            offer_files,
            prices,
            reserved: reserved_by_key,
            savings_plans: savings_plans_by_key,
        })
    }

    /// Builds a table from parts (used by importers and tests).
    pub fn from_parts(
        region: impl Into<String>,
        effective_date: impl Into<String>,
        source: impl Into<String>,
        origin: impl Into<String>,
        prices: impl IntoIterator<Item = Price>,
    ) -> Self {
        PriceTable {
            region: region.into(),
            currency: "USD".into(),
            effective_date: effective_date.into(),
            source: source.into(),
            origin: origin.into(),
            compiled_on: None,
            generated_by: None,
            offer_files: Vec::new(),
            prices: prices.into_iter().map(|p| (p.key.clone(), p)).collect(),
            reserved: BTreeMap::new(),
            savings_plans: BTreeMap::new(),
        }
    }

    /// Keeps Savings Plan rates for a key (replacing any); an empty list removes them.
    pub fn set_savings_plans(&mut self, key: &str, mut rates: Vec<SavingsPlanPrice>) {
        if rates.is_empty() {
            self.savings_plans.remove(key);
        } else {
            rates.sort();
            self.savings_plans.insert(key.to_string(), rates);
        }
    }

    /// The Savings Plan rates kept for a key (empty when none).
    pub fn savings_plans(&self, key: &str) -> &[SavingsPlanPrice] {
        self.savings_plans.get(key).map_or(&[], Vec::as_slice)
    }

    /// Keeps reserved rates for a key (replacing any); an empty list removes them.
    pub fn set_reserved(&mut self, key: &str, mut rates: Vec<ReservedRate>) {
        if rates.is_empty() {
            self.reserved.remove(key);
        } else {
            rates.sort();
            self.reserved.insert(key.to_string(), rates);
        }
    }

    /// The reserved rates kept for a key (empty when none).
    pub fn reserved(&self, key: &str) -> &[ReservedRate] {
        self.reserved.get(key).map_or(&[], Vec::as_slice)
    }

    /// Writes the table in the format [`PriceTable::parse`] reads (see `pricing/README.md`).
    ///
    /// Every value goes through `toml_edit`'s serializer, so any text (a quote, a line feed, a
    /// `[[price]]` line inside an offer's version) stays one string value and parses back to
    /// exactly what was written; the header comment holds only [`crate::text::visible`] text.
    pub fn to_toml(&self) -> String {
        use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};
        fn text(t: &mut Table, key: &str, v: &str) {
            t.insert(key, Item::Value(Value::from(v)));
        }
        fn opt(t: &mut Table, key: &str, v: Option<&String>) {
            if let Some(v) = v {
                text(t, key, v);
            }
        }
        fn inline(pairs: &[(&str, Option<String>)]) -> Value {
            let mut it = InlineTable::new();
            for (k, v) in pairs {
                if let Some(v) = v {
                    it.insert(*k, Value::from(v.as_str()));
                }
            }
            let mut v = Value::InlineTable(it);
            v.decor_mut().set_prefix("\n  ");
            v
        }
        fn lines(values: Vec<Value>) -> Item {
            let mut a = Array::new();
            for v in values {
                a.push_formatted(v);
            }
            a.set_trailing_comma(true);
            a.set_trailing("\n");
            Item::Value(Value::Array(a))
        }
        let comment = format!(
            "# costplan price table: AWS public on-demand prices, {}, {}.\n# Format: pricing/README.md.\n\n",
            crate::text::visible(&self.region),
            crate::text::visible(&self.currency)
        );
        let mut doc = DocumentMut::new();
        let mut header = Table::new();
        header.decor_mut().set_prefix(comment);
        text(&mut header, "region", &self.region);
        text(&mut header, "currency", &self.currency);
        text(&mut header, "effective_date", &self.effective_date);
        opt(&mut header, "compiled_on", self.compiled_on.as_ref());
        text(&mut header, "source", &self.source);
        opt(&mut header, "generated_by", self.generated_by.as_ref());
        doc.insert("table", Item::Table(header));
        let mut files = ArrayOfTables::new();
        for f in &self.offer_files {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            text(&mut t, "offer_code", &f.offer_code);
            text(&mut t, "region", &f.region);
            text(&mut t, "version", &f.version);
            text(&mut t, "publication_date", &f.publication_date);
            text(&mut t, "url", &f.url);
            text(&mut t, "sha256", &f.sha256);
            t.insert(
                "bytes",
                Item::Value(Value::from(i64::try_from(f.bytes).unwrap_or(i64::MAX))),
            );
            files.push(t);
        }
        if !files.is_empty() {
            doc.insert("offer_file", Item::ArrayOfTables(files));
        }
        let mut prices = ArrayOfTables::new();
        for p in self.prices.values() {
            let mut t = Table::new();
            t.decor_mut().set_prefix("\n");
            text(&mut t, "key", &p.key);
            text(&mut t, "description", &p.description);
            text(&mut t, "unit", &p.unit);
            match &p.rate {
                Rate::Flat(usd) => text(&mut t, "usd", &usd.to_string()),
                Rate::Tiered(tiers) => {
                    let rows = tiers
                        .iter()
                        .map(|tier| {
                            inline(&[
                                ("from", Some(tier.from.to_string())),
                                ("to", tier.to.map(|d| d.to_string())),
                                ("usd", Some(tier.usd.to_string())),
                            ])
                        })
                        .collect();
                    t.insert("tiers", lines(rows));
                }
            }
            text(&mut t, "offer_code", &p.offer_code);
            opt(&mut t, "product_family", p.product_family.as_ref());
            text(&mut t, "usage_type", &p.usage_type);
            opt(&mut t, "sku", p.sku.as_ref());
            text(&mut t, "effective_date", &p.effective_date);
            opt(&mut t, "publication_date", p.publication_date.as_ref());
            text(&mut t, "source", &p.source);
            opt(&mut t, "evidence", p.evidence.as_ref());
            let reserved = self.reserved(&p.key);
            if !reserved.is_empty() {
                let rows = reserved
                    .iter()
                    .map(|r| {
                        inline(&[
                            ("lease", Some(r.lease.clone())),
                            ("purchase_option", Some(r.purchase_option.clone())),
                            ("offering_class", r.offering_class.clone()),
                            ("upfront_usd", Some(r.upfront_usd.to_string())),
                            ("usd", Some(r.usd.to_string())),
                            ("effective_date", Some(r.effective_date.clone())),
                            ("source", r.source.clone()),
                            ("evidence", r.evidence.clone()),
                        ])
                    })
                    .collect();
                t.insert("reserved", lines(rows));
            }
            let plans = self.savings_plans(&p.key);
            if !plans.is_empty() {
                let rows = plans
                    .iter()
                    .map(|r| {
                        inline(&[
                            ("plan", Some(r.plan.clone())),
                            ("lease", Some(r.lease.clone())),
                            ("purchase_option", Some(r.purchase_option.clone())),
                            ("usd", Some(r.usd.to_string())),
                            ("effective_date", Some(r.effective_date.clone())),
                            ("source", Some(r.source.clone())),
                        ])
                    })
                    .collect();
                t.insert("savings_plan", lines(rows));
            }
            prices.push(t);
        }
        if !prices.is_empty() {
            doc.insert("price", Item::ArrayOfTables(prices));
        }
        doc.to_string()
    }

    /// The price for `key`, or an error naming the key and the closest keys that exist.
    pub fn get(&self, key: &str) -> Result<&Price> {
        self.prices.get(key).ok_or_else(|| Error::PriceNotFound {
            key: key.to_string(),
            region: self.region.clone(),
            table: self.origin.clone(),
            hint: suggest::did_you_mean(key, self.prices.keys().map(String::as_str))
                .map(|s| format!("the table has `{s}`")),
        })
    }

    pub fn contains(&self, key: &str) -> bool {
        self.prices.contains_key(key)
    }

    /// All prices, ordered by key.
    pub fn prices(&self) -> impl Iterator<Item = &Price> {
        self.prices.values()
    }

    /// The suffixes after `prefix` of every key that starts with it, e.g. instance classes.
    pub fn keys_with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.prices
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .map(|(k, _)| k.as_str())
            .take_while(move |k| k.starts_with(prefix))
            .map(move |k| &k[prefix.len()..])
    }
}

fn date(file: &SourceFile, d: &Spanned<String>) -> Result<()> {
    let s = d.get_ref();
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(())
    } else {
        Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(d.span()),
            format!("invalid date `{}`", s.escape_debug()),
            Some("dates are written YYYY-MM-DD".into()),
        ))))
    }
}

fn amount(file: &SourceFile, s: &Spanned<String>) -> Result<Decimal> {
    let text = s.get_ref().trim();
    if crate::money::needs_rounding(text) {
        return Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(s.span()),
            format!(
                "price `{text}` has more than {} significant digits and would be rounded",
                crate::money::EXACT_DIGITS
            ),
            Some("costplan keeps prices exact; write the price with fewer digits".into()),
        ))));
    }
    match crate::money::parse_exact(text).ok_or(()) {
        Ok(v) if v >= Decimal::ZERO => Ok(v),
        Ok(_) => Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(s.span()),
            format!("negative price `{text}`"),
            Some("a price is 0 or more USD per unit, e.g. `usd = \"0.04048\"`".into()),
        )))),
        Err(_) => Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(s.span()),
            format!("`{}` is not a decimal number", text.escape_debug()),
            Some("write prices as decimal strings, e.g. \"0.0404800000\"".into()),
        )))),
    }
}

fn tiers_of(file: &SourceFile, tiers: Spanned<Vec<Spanned<RawTier>>>) -> Result<Vec<Tier>> {
    let outer = tiers.span();
    let list = tiers.into_inner();
    if list.is_empty() {
        return Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(outer),
            "empty tier list".to_string(),
            None,
        ))));
    }
    let mut out: Vec<Tier> = Vec::with_capacity(list.len());
    let n = list.len();
    for (i, t) in list.into_iter().enumerate() {
        let span = t.span();
        let t = t.into_inner();
        let from = amount(file, &t.from)?;
        let to = t.to.as_ref().map(|s| amount(file, s)).transpose()?;
        let usd = amount(file, &t.usd)?;
        let expected_from = out.last().and_then(|p| p.to).unwrap_or(Decimal::ZERO);
        let problem = if from != expected_from {
            Some(format!("tier starts at {from}, expected {expected_from}"))
        } else if to.is_some_and(|to| to <= from) {
            Some("tier ends before it starts".to_string())
        } else if to.is_none() && i + 1 != n {
            Some("only the last tier may be unbounded".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(Error::PriceTable(Box::new(file.diagnostic(
                Some(span),
                problem,
                Some("tiers are contiguous and ascending, starting at \"0\"".into()),
            ))));
        }
        out.push(Tier { from, to, usd });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reparse(t: &PriceTable) -> PriceTable {
        let mut back = PriceTable::parse(&SourceFile::new(t.origin.clone(), t.to_toml())).unwrap();
        back.origin = t.origin.clone();
        back
    }

    #[test]
    fn bundled_tables_round_trip_through_the_writer() {
        let c = crate::pricing::PriceCatalog::bundled().unwrap();
        for t in c.tables() {
            assert_eq!(&reparse(t), t, "{}", t.region);
        }
    }

    #[test]
    fn old_tables_without_the_new_fields_still_parse() {
        let text = "[table]\nregion = \"us-east-1\"\ncurrency = \"USD\"\neffective_date = \"2026-01-01\"\nsource = \"s\"\n\n[[price]]\nkey = \"a.b\"\ndescription = \"d\"\nunit = \"GB\"\nusd = \"0.1\"\noffer_code = \"X\"\nusage_type = \"U\"\neffective_date = \"2026-01-01\"\nsource = \"s\"\n";
        let t = PriceTable::parse(&SourceFile::new("t.toml", text)).unwrap();
        assert!(t.offer_files.is_empty());
        assert!(t.reserved("a.b").is_empty());
    }

    #[test]
    fn a_bad_checksum_is_an_error_with_its_location() {
        let text = "[table]\nregion = \"r\"\ncurrency = \"USD\"\neffective_date = \"2026-01-01\"\nsource = \"s\"\n\n[[offer_file]]\noffer_code = \"A\"\nregion = \"r\"\nversion = \"v\"\npublication_date = \"p\"\nurl = \"u\"\nsha256 = \"XYZ\"\nbytes = 1\n";
        let e = PriceTable::parse(&SourceFile::new("t.toml", text))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("t.toml:13:10: invalid sha256 `XYZ`"), "{e}");
    }

    #[test]
    fn text_that_is_not_a_toml_string_stays_one_value() {
        let evil =
            "20250828\"\n[[price]]\nkey = \"alb.hour\"\nusd = \"0\"\n# ''' \"\"\" \u{1b}[2J\r";
        let price = Price {
            key: "a.b".into(),
            description: evil.into(),
            unit: "GB".into(),
            rate: Rate::Flat(Decimal::ONE),
            offer_code: "X".into(),
            product_family: Some(evil.into()),
            usage_type: "U".into(),
            sku: None,
            effective_date: "2026-10-01".into(),
            publication_date: None,
            source: evil.into(),
            evidence: None,
        };
        let mut t = PriceTable::from_parts(evil, "2026-10-02", evil, "o", [price]);
        t.generated_by = Some(evil.into());
        t.offer_files.push(OfferFile {
            offer_code: "X".into(),
            region: evil.into(),
            version: evil.into(),
            publication_date: evil.into(),
            url: evil.into(),
            sha256: "0".repeat(64),
            bytes: 1,
        });
        let text = t.to_toml();
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["price"].as_array().map(Vec::len), Some(1), "{text}");
        assert!(
            text.lines().next().unwrap().contains("\\u000a[[price]]"),
            "{text}"
        );
        assert_eq!(reparse(&t), t);
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        (0u64..10_000_000_000, 0u32..11)
            .prop_map(|(m, s)| Decimal::from_i128_with_scale(i128::from(m), s))
    }

    fn rate() -> impl Strategy<Value = Rate> {
        prop_oneof![
            decimal().prop_map(Rate::Flat),
            (
                proptest::collection::vec((1u64..1_000_000, decimal()), 1..5),
                any::<bool>(),
                decimal()
            )
                .prop_map(|(steps, open, last)| {
                    let mut tiers = Vec::new();
                    let mut from = Decimal::ZERO;
                    for (w, usd) in steps {
                        let to = from + Decimal::from(w);
                        tiers.push(Tier {
                            from,
                            to: Some(to),
                            usd,
                        });
                        from = to;
                    }
                    if open {
                        tiers.push(Tier {
                            from,
                            to: None,
                            usd: last,
                        });
                    }
                    Rate::Tiered(tiers)
                }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_table_round_trips(
            rates in proptest::collection::vec(rate(), 1..6),
            text in "(\"\n\\[\\[price\\]\\]\nkey = |'''|\"\"\"|::)?[ -~\u{e9}\u{1F600}\"'\\\\\n\t\r\u{1b}\u{7f}\u{85}\u{200b}\u{202e}\u{feff}\u{e0041}]{0,30}",
            upfront in decimal(),
            with_class in any::<bool>(),
        ) {
            let prices = rates.into_iter().enumerate().map(|(i, rate)| Price {
                key: format!("k.{i}"),
                description: text.clone(),
                unit: "GB".into(),
                rate,
                offer_code: "AmazonX".into(),
                product_family: (i % 2 == 0).then(|| text.clone()),
                usage_type: format!("USE1-{i}"),
                sku: (i % 3 == 0).then(|| "SKU".to_string()),
                effective_date: "2026-10-01".into(),
                publication_date: (i % 2 == 1).then(|| "2026-10-02".to_string()),
                source: format!("src {text}"),
                evidence: Some("A".into()),
            });
            let mut t = PriceTable::from_parts("us-east-1", "2026-10-02", text.clone(), "o", prices);
            t.compiled_on = Some("2026-11-25".into());
            t.generated_by = Some(text.clone());
            t.offer_files.push(OfferFile {
                offer_code: "AmazonX".into(),
                region: "us-east-1".into(),
                version: "1".into(),
                publication_date: "2026-10-02T00:00:00Z".into(),
                url: text.clone(),
                sha256: "0".repeat(64),
                bytes: 12,
            });
            t.set_reserved("k.0", vec![ReservedRate {
                lease: "1yr".into(),
                purchase_option: text.clone(),
                offering_class: with_class.then(|| "standard".to_string()),
                upfront_usd: upfront,
                usd: Decimal::ZERO,
                effective_date: "2026-10-01".into(),
                source: with_class.then(|| "a cited page".to_string()),
                evidence: with_class.then(|| "C".to_string()),
            }]);
            prop_assert_eq!(reparse(&t), t);
        }
    }
}
