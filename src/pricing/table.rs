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

/// A region's prices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTable {
    pub region: String,
    pub currency: String,
    pub effective_date: String,
    pub source: String,
    /// Where the table was read from: a path, or `bundled:<name>`.
    pub origin: String,
    prices: BTreeMap<String, Price>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    table: Spanned<RawHeader>,
    #[serde(default)]
    price: Vec<Spanned<RawPrice>>,
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
        let _ = header.generated_by;
        let mut prices = BTreeMap::new();
        for raw_price in raw.price {
            let span = raw_price.span();
            let p = raw_price.into_inner();
            let key = p.key.get_ref().clone();
            if key.is_empty() || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
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
            prices,
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
            prices: prices.into_iter().map(|p| (p.key.clone(), p)).collect(),
        }
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
    match text.parse::<Decimal>() {
        Ok(v) if v >= Decimal::ZERO => Ok(v),
        Ok(_) => Err(Error::PriceTable(Box::new(file.diagnostic(
            Some(s.span()),
            format!("negative price `{text}`"),
            None,
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
