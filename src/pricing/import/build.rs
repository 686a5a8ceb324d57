//! A region's table from the offer files read for it.

use super::offer::OfferExtract;
use super::resolve::{offer_code, resolve};
use super::rules;
use super::selector::Selector;
use crate::error::{Error, Result};
use crate::pricing::table::{OfferFile, PriceTable};
use std::collections::BTreeSet;

/// What a build did besides the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub table: PriceTable,
    /// Keys priced from the offer files, in key order.
    pub from_offers: Vec<String>,
    /// Keys copied from the previous table: no offer file publishes them, their offer file was not
    /// given (`import`), or the file given lacks them (also in `lacking`).
    pub carried: Vec<String>,
    /// Keys of the previous table that an offer file given could hold but does not (a trimmed or
    /// filtered file, or a product AWS no longer lists): carried over, or dropped with
    /// `--drop-missing` (then in `dropped`).
    pub lacking: Vec<String>,
    /// Keys dropped because the offer file given lacks them (`--drop-missing`).
    pub dropped: Vec<String>,
    /// Fixed keys neither priced nor carried (no previous entry).
    pub omitted: Vec<String>,
    /// Fixed keys no product matched, with what was looked for (for `--verbose`).
    pub missing: Vec<(String, String)>,
    /// Per offer file read: its origin, how many products of a family costplan reads fit no
    /// selector, and the first of them (`SKU [family] usagetype (why)`).
    pub unmatched: Vec<(String, u64, Vec<String>)>,
}

/// How [`build_table`] treats offers and keys the files do not give.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// `pricing update`: every offer code of [`rules::OFFER_CODES`] must be given.
    pub require_all_offers: bool,
    /// Keys of the previous table that a given offer file lacks are dropped, not carried.
    pub drop_missing: bool,
}

/// Builds the table for `region` from extracts (one per offer code).
///
/// Keys of the previous table that the files do not give are carried over: keys no offer file
/// publishes ([`rules::carried_keys`]), keys of offers not given (`pricing import`; `pricing
/// update` requires every offer), and keys a given file lacks (listed in
/// [`BuildReport::lacking`]; dropped instead with `drop_missing`). A file that gives no price at
/// all for the region is an error naming what was looked for.
pub fn build_table(
    region: &str,
    selectors: &[Selector],
    files: &[(OfferExtract, OfferFile)],
    previous: Option<&PriceTable>,
    options: BuildOptions,
    compiled_on: &str,
    generated_by: &str,
) -> Result<BuildReport> {
    let mut seen: Vec<&str> = Vec::new();
    let mut prices = Vec::new();
    let mut reserved = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut missing = Vec::new();
    let mut unmatched = Vec::new();
    for (extract, _) in files {
        let code = offer_code(extract, None)?;
        if seen.contains(&code) {
            return Err(Error::import(
                &extract.origin,
                format!("offer `{code}` given twice for region {region}"),
            ));
        }
        if !selectors.iter().any(|s| s.offer_code == code) {
            return Err(Error::import(
                &extract.origin,
                format!(
                    "offer `{code}` has no price costplan uses (expected one of: {})",
                    rules::OFFER_CODES.join(", ")
                ),
            ));
        }
        seen.push(code);
        unmatched.push((
            extract.origin.clone(),
            extract.unmatched_count,
            extract.unmatched.clone(),
        ));
        match resolve(selectors, extract, region) {
            Ok(r) if r.prices.is_empty() => problems.push(
                Error::import(
                    &extract.origin,
                    format!(
                        "no product of this file gives a price for {region} ({} products read):\n  - {}",
                        extract.products_seen,
                        r.missing
                            .iter()
                            .map(|(k, why)| format!("`{k}`: {why}"))
                            .collect::<Vec<_>>()
                            .join("\n  - ")
                    ),
                )
                .to_string(),
            ),
            Ok(r) => {
                for kp in r.prices {
                    reserved.push((kp.price.key.clone(), kp.reserved));
                    prices.push(kp.price);
                }
                missing.extend(r.missing);
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    if !problems.is_empty() {
        return Err(Error::import(
            format!("offer files for {region}"),
            problems.join("\n"),
        ));
    }
    let missing_offers: Vec<&str> = rules::OFFER_CODES
        .iter()
        .copied()
        .filter(|c| !seen.contains(c) && selectors.iter().any(|s| s.offer_code == *c))
        .collect();
    if options.require_all_offers && !missing_offers.is_empty() {
        return Err(Error::import(
            format!("offer files for {region}"),
            format!("missing offer file(s): {}", missing_offers.join(", ")),
        ));
    }
    let mut from_offers: Vec<String> = prices.iter().map(|p| p.key.clone()).collect();
    from_offers.sort();
    let produced: BTreeSet<&str> = from_offers.iter().map(String::as_str).collect();
    let mut carried = Vec::new();
    let mut lacking = Vec::new();
    let mut dropped = Vec::new();
    if let Some(prev) = previous {
        for p in prev.prices() {
            if produced.contains(p.key.as_str()) {
                continue;
            }
            let always = rules::carried_keys().iter().any(|c| c.key == p.key);
            let offer_given = selectors
                .iter()
                .any(|s| seen.contains(&s.offer_code) && s.could_produce(&p.key));
            if !always && offer_given {
                lacking.push(p.key.clone());
                if options.drop_missing {
                    dropped.push(p.key.clone());
                    continue;
                }
            }
            carried.push(p.key.clone());
            reserved.push((p.key.clone(), prev.reserved(&p.key).to_vec()));
            prices.push(p.clone());
        }
    }
    let mut omitted: Vec<String> = selectors
        .iter()
        .filter(|s| !s.is_template())
        .map(|s| s.key.clone())
        .chain(rules::carried_keys().into_iter().map(|c| c.key))
        .filter(|k| !produced.contains(k.as_str()) && !carried.contains(k) && !dropped.contains(k))
        .collect();
    omitted.sort();
    omitted.dedup();
    let effective_date = prices
        .iter()
        .map(|p| p.effective_date.as_str())
        .max()
        .unwrap_or(compiled_on)
        .to_string();
    let mut table = PriceTable::from_parts(
        region,
        effective_date,
        format!(
            "AWS Price List Bulk API offer files (listed under [[offer_file]]){}",
            if carried.is_empty() {
                ""
            } else {
                "; some entries carried over from the previous table (see their source)"
            }
        ),
        format!("generated:{region}"),
        prices,
    );
    // Savings Plan rates come from their own price list: kept from the previous table.
    if let Some(prev) = previous {
        let keys: Vec<String> = table.prices().map(|p| p.key.clone()).collect();
        for key in keys {
            table.set_savings_plans(&key, prev.savings_plans(&key).to_vec());
        }
    }
    for (key, rates) in reserved {
        table.set_reserved(&key, rates);
    }
    table.compiled_on = Some(compiled_on.to_string());
    table.generated_by = Some(generated_by.to_string());
    table.offer_files = files.iter().map(|(_, f)| f.clone()).collect();
    table
        .offer_files
        .sort_by(|a, b| a.offer_code.cmp(&b.offer_code));
    Ok(BuildReport {
        table,
        from_offers,
        carried,
        lacking,
        dropped,
        omitted,
        missing,
        unmatched,
    })
}
