//! From what an offer file yielded to prices: each key must have exactly one product and that
//! product exactly one on-demand term; its dimensions become a flat rate or tiers.

use super::offer::{Dimension, OfferExtract, Term, TermType, date_part};
use super::selector::{Duplicates, Selector};
use crate::error::{Error, Result};
use crate::pricing::table::{Price, Rate, ReservedRate, Tier};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// A resolved key: its on-demand price and the reserved rates of the same product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPrice {
    pub price: Price,
    pub reserved: Vec<ReservedRate>,
}

/// The offer code of an extract, checked against the one expected (if any).
pub fn offer_code<'a>(extract: &'a OfferExtract, expected: Option<&str>) -> Result<&'a str> {
    let Some(code) = extract.header.offer_code.as_deref() else {
        return Err(Error::import(
            &extract.origin,
            "not an offer file: no `offerCode`",
        ));
    };
    if let Some(want) = expected
        && want != code
    {
        return Err(Error::import(
            &extract.origin,
            format!("wrong offer code: expected `{want}`, the file is `{code}`"),
        ));
    }
    Ok(code)
}

/// What one offer file gave: prices, and the fixed keys of its offer that no product gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    /// One per key, in key order.
    pub prices: Vec<KeyPrice>,
    /// Fixed keys of this offer no product matched, with what was looked for and near misses.
    pub missing: Vec<(String, String)>,
}

/// Resolves every selector of the extract's offer code: each key from exactly one product (or
/// several with one price, for [`Duplicates::SamePrice`]) with exactly one on-demand term. A fixed
/// key no product matches is listed in [`Resolved::missing`]; every other problem is an error, all
/// reported together.
pub fn resolve(selectors: &[Selector], extract: &OfferExtract, region: &str) -> Result<Resolved> {
    let code = offer_code(extract, None)?;
    let version = extract.header.version.as_deref().unwrap_or("unknown");
    let published = extract
        .header
        .publication_date
        .as_deref()
        .unwrap_or("unknown");
    let source = format!(
        "AWS Price List {code} {region} offer file, version {version} (published {published})"
    );
    let publication_date = extract
        .header
        .publication_date
        .as_deref()
        .and_then(date_part)
        .map(str::to_string);
    let mut out = Resolved::default();
    let mut problems = Vec::new();
    // Key → (selector index, SKUs), in key order (a file's product order never matters).
    let mut by_key: BTreeMap<&str, (usize, Vec<&str>)> = BTreeMap::new();
    for (i, sel) in selectors.iter().enumerate() {
        if sel.offer_code != code {
            continue;
        }
        let matched = extract.matches.get(i).map_or(&[][..], Vec::as_slice);
        if matched.is_empty() && !sel.is_template() {
            let near = extract.near_misses.get(i).map_or(&[][..], Vec::as_slice);
            let found = if near.is_empty() {
                "no product has that family and usage type".to_string()
            } else {
                format!("near misses: {}", near.join("; "))
            };
            out.missing.push((
                sel.key.clone(),
                format!("no product matches ({}); {found}", sel.describe()),
            ));
        }
        for m in matched {
            let entry = by_key.entry(m.key.as_str()).or_insert((i, Vec::new()));
            if entry.0 != i {
                problems.push(format!(
                    "`{}`: given by two selectors ({}) and ({})",
                    m.key,
                    selectors[entry.0].describe(),
                    sel.describe()
                ));
                continue;
            }
            entry.1.push(m.sku.as_str());
        }
    }
    for (key, (i, mut skus)) in by_key {
        let sel = &selectors[i];
        skus.sort_unstable();
        skus.dedup();
        let priced: Vec<std::result::Result<KeyPrice, String>> = skus
            .iter()
            .map(|sku| price_for(sel, key, sku, extract, &source, publication_date.clone()))
            .collect();
        if let [one] = priced.as_slice() {
            match one {
                Ok(p) => out.prices.push(p.clone()),
                Err(e) => problems.push(format!("`{key}`: {e}")),
            }
            continue;
        }
        let listed = |with_rate: bool| -> Vec<String> {
            skus.iter()
                .zip(&priced)
                .map(|(s, p)| {
                    let ut = extract
                        .products
                        .get(*s)
                        .map(|p| p.usage_type())
                        .unwrap_or("");
                    match p {
                        Ok(p) if with_rate => format!(
                            "{s} ({ut}: {})",
                            crate::pricing::commands::rate_text(&p.price.rate)
                        ),
                        _ => format!("{s} ({ut})"),
                    }
                })
                .collect()
        };
        let same_price = priced.iter().all(|p| {
            p.as_ref().is_ok_and(|p| {
                priced[0]
                    .as_ref()
                    .is_ok_and(|q| q.price.rate == p.price.rate)
            })
        });
        match (sel.duplicates, same_price) {
            (Duplicates::SamePrice, true) => {
                if let Some(Ok(p)) = priced.into_iter().next() {
                    out.prices.push(p);
                }
            }
            (Duplicates::SamePrice, false) => problems.push(format!(
                "`{key}`: {} products with different prices match ({}): {}",
                skus.len(),
                sel.describe(),
                listed(true).join(", ")
            )),
            (Duplicates::Error, _) => problems.push(format!(
                "`{key}`: {} products match ({}): {}",
                skus.len(),
                sel.describe(),
                listed(false).join(", ")
            )),
        }
    }
    if !problems.is_empty() {
        return Err(Error::import(
            &extract.origin,
            format!(
                "{} price key(s) not resolved exactly once:\n  - {}",
                problems.len(),
                problems.join("\n  - ")
            ),
        ));
    }
    Ok(out)
}

fn price_for(
    sel: &Selector,
    key: &str,
    sku: &str,
    extract: &OfferExtract,
    source: &str,
    publication_date: Option<String>,
) -> std::result::Result<KeyPrice, String> {
    let product = extract
        .products
        .get(sku)
        .ok_or_else(|| format!("product {sku} was matched but not kept"))?;
    let on_demand: Vec<&Term> = extract
        .terms
        .iter()
        .filter(|t| t.sku == sku && t.term_type == TermType::OnDemand)
        .collect();
    let term = match on_demand.as_slice() {
        [t] => *t,
        [] => {
            return Err(format!(
                "product {sku} ({}) has no on-demand term",
                product.usage_type()
            ));
        }
        many => {
            let codes: Vec<&str> = many.iter().map(|t| t.offer_term_code.as_str()).collect();
            return Err(format!(
                "product {sku} has {} on-demand terms: {}",
                many.len(),
                codes.join(", ")
            ));
        }
    };
    let mut rate = rate_of(&term.dimensions).map_err(|e| format!("product {sku}: {e}"))?;
    let mut reserved = extract
        .terms
        .iter()
        .filter(|t| t.sku == sku && t.term_type == TermType::Reserved)
        .map(reserved_of)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| format!("product {sku}: {e}"))?;
    let mut description = sel.describe_key(key);
    if let Some(scale) = sel.unit_scale {
        let unit = term
            .dimensions
            .iter()
            .find(|d| d.unit != "Quantity")
            .map_or("", |d| d.unit.as_str());
        rate = match rate {
            Rate::Flat(usd) => Rate::Flat(
                scale
                    .apply(usd, unit)
                    .map_err(|e| format!("product {sku}: {e}"))?,
            ),
            Rate::Tiered(_) => {
                return Err(format!(
                    "product {sku}: tiered prices per `{unit}` are not converted to the key's unit"
                ));
            }
        };
        for r in &mut reserved {
            r.usd = scale
                .apply(r.usd, unit)
                .map_err(|e| format!("product {sku}: {e}"))?;
        }
        description = format!(
            "{description} (the offer's price per {unit} × {})",
            scale.factor
        );
    }
    Ok(KeyPrice {
        price: Price {
            key: key.to_string(),
            description,
            unit: sel.unit.clone(),
            rate,
            offer_code: sel.offer_code.to_string(),
            product_family: product.product_family.clone(),
            usage_type: product.usage_type().to_string(),
            sku: Some(sku.to_string()),
            effective_date: term.effective_date.clone(),
            publication_date,
            source: source.to_string(),
            evidence: Some("A".into()),
        },
        reserved,
    })
}

/// One dimension from 0 to unbounded is a flat rate; anything else is tiers, which must be
/// contiguous from 0 with only the last unbounded.
pub fn rate_of(dims: &[Dimension]) -> std::result::Result<Rate, String> {
    let mut usage: Vec<&Dimension> = dims.iter().filter(|d| d.unit != "Quantity").collect();
    if usage.is_empty() {
        return Err("the on-demand term has no price dimension".into());
    }
    usage.sort_by_key(|d| d.begin_range.unwrap_or(Decimal::ZERO));
    if let [d] = usage.as_slice()
        && d.begin_range.unwrap_or(Decimal::ZERO).is_zero()
        && d.end_range.is_none()
    {
        return Ok(Rate::Flat(d.usd));
    }
    let mut tiers: Vec<Tier> = Vec::with_capacity(usage.len());
    for (i, d) in usage.iter().enumerate() {
        let from = d.begin_range.unwrap_or(Decimal::ZERO);
        let expected = tiers.last().and_then(|t| t.to).unwrap_or(Decimal::ZERO);
        if from != expected {
            return Err(format!(
                "tier `{}` starts at {from}, expected {expected} (tiers must be contiguous from 0)",
                d.rate_code
            ));
        }
        if d.end_range.is_some_and(|to| to <= from) {
            return Err(format!("tier `{}` ends before it starts", d.rate_code));
        }
        if d.end_range.is_none() && i + 1 != usage.len() {
            return Err(format!(
                "tier `{}` is unbounded but is not the last",
                d.rate_code
            ));
        }
        tiers.push(Tier {
            from,
            to: d.end_range,
            usd: d.usd,
        });
    }
    Ok(Rate::Tiered(tiers))
}

fn reserved_of(t: &Term) -> std::result::Result<ReservedRate, String> {
    let attr = |n: &str| t.term_attr(n).map(str::to_string);
    let lease = attr("LeaseContractLength").ok_or_else(|| {
        format!(
            "reserved term {} has no LeaseContractLength",
            t.offer_term_code
        )
    })?;
    let purchase_option = attr("PurchaseOption")
        .ok_or_else(|| format!("reserved term {} has no PurchaseOption", t.offer_term_code))?;
    let upfront_usd = t
        .dimensions
        .iter()
        .filter(|d| d.unit == "Quantity")
        .try_fold(Decimal::ZERO, |acc, d| crate::money::exact_add(acc, d.usd))
        .ok_or("the upfront fees add up to more than 28 significant digits")?;
    let recurring: Vec<&Dimension> = t
        .dimensions
        .iter()
        .filter(|d| d.unit != "Quantity")
        .collect();
    let usd = match recurring.as_slice() {
        [] => Decimal::ZERO,
        [d] => d.usd,
        many => {
            return Err(format!(
                "reserved term {} has {} recurring dimensions",
                t.offer_term_code,
                many.len()
            ));
        }
    };
    Ok(ReservedRate {
        lease,
        purchase_option,
        offering_class: attr("OfferingClass"),
        upfront_usd: upfront_usd.normalize(),
        usd,
        effective_date: t.effective_date.clone(),
        source: None,
        evidence: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dim(code: &str, from: Option<i64>, to: Option<i64>, usd: &str) -> Dimension {
        Dimension {
            rate_code: code.into(),
            description: String::new(),
            unit: "GB".into(),
            begin_range: from.map(Decimal::from),
            end_range: to.map(Decimal::from),
            usd: usd.parse().unwrap(),
        }
    }

    #[test]
    fn one_open_dimension_is_flat_and_ranges_are_tiers_in_order() {
        assert_eq!(
            rate_of(&[dim("a", Some(0), None, "0.09")]).unwrap(),
            Rate::Flat("0.09".parse().unwrap())
        );
        let r = rate_of(&[
            dim("b", Some(10240), None, "0.085"),
            dim("a", Some(0), Some(10240), "0.09"),
        ])
        .unwrap();
        let Rate::Tiered(t) = r else {
            panic!("expected tiers")
        };
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].to, Some(Decimal::from(10240)));
        assert_eq!(t[1].to, None);
        // A single bounded range stays a tier: the free allowance's size is its end.
        assert!(matches!(
            rate_of(&[dim("f", Some(0), Some(100), "0")]).unwrap(),
            Rate::Tiered(_)
        ));
    }

    #[test]
    fn gapped_or_unordered_tiers_are_errors() {
        assert!(
            rate_of(&[
                dim("a", Some(0), Some(10), "1"),
                dim("b", Some(20), None, "1")
            ])
            .is_err()
        );
        assert!(rate_of(&[dim("a", Some(0), None, "1"), dim("b", Some(0), None, "1")]).is_err());
        assert!(rate_of(&[]).is_err());
    }
}
