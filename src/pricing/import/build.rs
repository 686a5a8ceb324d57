//! A region's table from the offer files read for it.

use super::offer::OfferExtract;
use super::resolve::{offer_code, resolve};
use super::rules;
use super::selector::Selector;
use crate::error::{Error, Result};
use crate::pricing::table::{OfferFile, PriceTable};

/// What a build did besides the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    pub table: PriceTable,
    /// Keys priced from the offer files.
    pub from_offers: Vec<String>,
    /// Keys copied from the previous table: no offer file publishes them, or (for `import`) their
    /// offer file was not given.
    pub carried: Vec<String>,
    /// Keys neither priced nor carried (no previous entry).
    pub omitted: Vec<String>,
}

/// Builds the table for `region` from extracts (one per offer code).
///
/// With `require_all_offers` (`pricing update`), every offer code of [`rules::OFFER_CODES`] must be
/// present and every selector resolve; otherwise (`pricing import`) the keys of offers not given
/// are carried over from `previous`.
pub fn build_table(
    region: &str,
    selectors: &[Selector],
    files: &[(OfferExtract, OfferFile)],
    previous: Option<&PriceTable>,
    require_all_offers: bool,
    compiled_on: &str,
    generated_by: &str,
) -> Result<BuildReport> {
    let mut seen: Vec<&str> = Vec::new();
    let mut prices = Vec::new();
    let mut reserved = Vec::new();
    let mut problems: Vec<String> = Vec::new();
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
        match resolve(selectors, extract, region) {
            Ok(list) => {
                for kp in list {
                    reserved.push((kp.price.key.clone(), kp.reserved));
                    prices.push(kp.price);
                }
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
    let missing: Vec<&str> = rules::OFFER_CODES
        .iter()
        .copied()
        .filter(|c| !seen.contains(c) && selectors.iter().any(|s| s.offer_code == *c))
        .collect();
    if require_all_offers && !missing.is_empty() {
        return Err(Error::import(
            format!("offer files for {region}"),
            format!("missing offer file(s): {}", missing.join(", ")),
        ));
    }
    let from_offers: Vec<String> = prices.iter().map(|p| p.key.clone()).collect();
    let mut carried = Vec::new();
    let mut omitted = Vec::new();
    let carry_keys = rules::carried_keys().into_iter().map(|c| c.key).chain(
        selectors
            .iter()
            .filter(|s| missing.contains(&s.offer_code))
            .map(|s| s.key.clone()),
    );
    for key in carry_keys {
        match previous.and_then(|t| t.get(&key).ok()) {
            Some(p) => {
                carried.push(key.clone());
                reserved.push((
                    key.clone(),
                    previous
                        .map(|t| t.reserved(&key).to_vec())
                        .unwrap_or_default(),
                ));
                prices.push(p.clone());
            }
            None => omitted.push(key),
        }
    }
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
        omitted,
    })
}
