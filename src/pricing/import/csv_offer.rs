//! CSV offer files: five metadata rows (`"FormatVersion","v1.0"` ...), a header row, then one row
//! per (SKU, term, price dimension). Product attributes use display names ("Instance Type",
//! "Region Code"); they are mapped to the JSON attribute names so that the same selectors apply
//! and the JSON and CSV forms of one offer give the same table.

use super::matcher::Matcher;
use super::offer::{
    Dimension, OfferExtract, Product, ProductView, Term, TermType, date_part, parse_decimal,
    parse_range,
};
use super::selector::Selector;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::Read;

/// Metadata rows allowed before the header row.
const MAX_METADATA_ROWS: usize = 20;

/// The JSON attribute name for a CSV column ("Instance Type" → `instanceType`).
pub fn attribute_name(column: &str) -> String {
    match column {
        "serviceCode" => return "servicecode".into(),
        "usageType" => return "usagetype".into(),
        "serviceName" => return "servicename".into(),
        _ => {}
    }
    if !column.contains(' ') {
        // Single display words are lower case in JSON: "Memory" → `memory`, "vCPU" → `vcpu`.
        return column
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    let mut out = String::with_capacity(column.len());
    for (i, word) in column.split_whitespace().enumerate() {
        let clean: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut chars = clean.chars();
        if i == 0 {
            out.extend(clean.chars().flat_map(char::to_lowercase));
        } else if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
    }
    out
}

/// Fixed columns (not product attributes).
#[derive(Default)]
struct Columns {
    sku: usize,
    term_type: usize,
    price: usize,
    currency: usize,
    unit: Option<usize>,
    rate_code: Option<usize>,
    offer_term_code: Option<usize>,
    description: Option<usize>,
    effective_date: Option<usize>,
    starting_range: Option<usize>,
    ending_range: Option<usize>,
    lease: Option<usize>,
    purchase_option: Option<usize>,
    offering_class: Option<usize>,
    family: Option<usize>,
    /// Attribute columns: index and JSON name.
    attributes: Vec<(usize, String)>,
}

struct RowView<'a> {
    rec: &'a csv::StringRecord,
    cols: &'a Columns,
}

impl ProductView for RowView<'_> {
    fn sku(&self) -> &str {
        self.rec.get(self.cols.sku).unwrap_or("")
    }
    fn product_family(&self) -> Option<&str> {
        self.cols
            .family
            .and_then(|i| self.rec.get(i))
            .filter(|v| !v.is_empty())
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.cols
            .attributes
            .iter()
            .find(|(_, n)| n == name)
            .and_then(|(i, _)| self.rec.get(*i))
            .filter(|v| !v.is_empty())
    }
    fn to_product(&self) -> Product {
        Product::new(
            self.sku().to_string(),
            self.product_family().map(str::to_string),
            self.cols
                .attributes
                .iter()
                .filter_map(|(i, n)| self.rec.get(*i).map(|v| (n.clone(), v.to_string())))
                .collect(),
        )
    }
}

/// Reads a CSV offer file, keeping the products the selectors match and their terms.
pub fn parse_offer<R: Read>(
    input: R,
    selectors: &[Selector],
    origin: &str,
) -> Result<OfferExtract> {
    let bad = |line: u64, msg: String| Error::import(origin, format!("line {line}: {msg}"));
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(QuoteCount {
            inner: input,
            quotes: 0,
        });
    let mut out = OfferExtract {
        origin: origin.to_string(),
        ..OfferExtract::default()
    };
    let mut matcher = Matcher::new(selectors);
    let mut rec = csv::StringRecord::new();
    let mut cols: Option<Columns> = None;
    let mut rows = 0usize;
    let csv_err = |e: csv::Error| {
        let line = e.position().map_or(0, |p| p.line());
        bad(line, format!("invalid CSV: {e}"))
    };
    // No field of an offer file spans lines: one that does follows an unterminated quote, which
    // swallowed the rows after it.
    let spans_lines = |rec: &csv::StringRecord| {
        rec.as_slice().contains(['\n', '\r']).then(|| {
            let line = rec.position().map_or(0, |p| p.line());
            bad(
                line,
                "a field runs across lines: unterminated quote (malformed CSV)".into(),
            )
        })
    };
    while cols.is_none() {
        if !rdr.read_record(&mut rec).map_err(csv_err)? {
            return Err(Error::import(
                origin,
                "not a CSV offer file: no header row starting with \"SKU\"",
            ));
        }
        rows += 1;
        if let Some(e) = spans_lines(&rec) {
            return Err(e);
        }
        match rec.get(0) {
            Some("SKU") => cols = Some(columns(&rec).map_err(|m| bad(rows as u64, m))?),
            Some(k) if rows <= MAX_METADATA_ROWS => {
                let v = rec.get(1).unwrap_or("").to_string();
                match k {
                    "OfferCode" => {
                        matcher.set_offer_code(&v);
                        out.header.offer_code = Some(v);
                    }
                    "Version" => out.header.version = Some(v),
                    "Publication Date" => out.header.publication_date = Some(v),
                    _ => {}
                }
            }
            _ => {
                return Err(Error::import(
                    origin,
                    format!(
                        "not a CSV offer file: no header row starting with \"SKU\" in the first {MAX_METADATA_ROWS} rows"
                    ),
                ));
            }
        }
    }
    let Some(cols) = cols else {
        return Err(Error::import(origin, "not a CSV offer file"));
    };
    // Memory stays bounded by what is kept: the SKUs of kept products, and the last SKU seen (rows
    // of one product are usually consecutive). A product not kept is run past the selectors again
    // if its rows come back later, which changes nothing.
    let mut last: Option<(String, bool)> = None;
    let mut terms: BTreeMap<(String, TermType, String), Term> = BTreeMap::new();
    while rdr.read_record(&mut rec).map_err(csv_err)? {
        if let Some(e) = spans_lines(&rec) {
            return Err(e);
        }
        let line = rec.position().map_or(0, |p| p.line());
        let sku = rec.get(cols.sku).unwrap_or("");
        if sku.is_empty() {
            return Err(bad(line, "row without a SKU".into()));
        }
        let keep = match &last {
            Some((s, k)) if s == sku => *k,
            _ => {
                let k = if out.products.contains_key(sku) {
                    true
                } else {
                    let view = RowView {
                        rec: &rec,
                        cols: &cols,
                    };
                    out.products_seen += 1;
                    let k = matcher.offer(&view);
                    if k {
                        out.products.insert(sku.to_string(), view.to_product());
                    }
                    k
                };
                last = Some((sku.to_string(), k));
                k
            }
        };
        if !keep {
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("");
        let tt = rec.get(cols.term_type).unwrap_or("");
        let Some(term_type) = TermType::parse(tt) else {
            continue;
        };
        let currency = rec.get(cols.currency).unwrap_or("");
        if currency != "USD" {
            return Err(bad(line, format!("price in `{currency}`, expected USD")));
        }
        let price_text = rec.get(cols.price).unwrap_or("");
        let usd = parse_decimal(price_text).map_err(|e| bad(line, format!("PricePerUnit: {e}")))?;
        let begin = parse_range(get(cols.starting_range))
            .map_err(|e| bad(line, format!("StartingRange: {e}")))?;
        let end = parse_range(get(cols.ending_range))
            .map_err(|e| bad(line, format!("EndingRange: {e}")))?;
        let eff = get(cols.effective_date);
        let Some(effective_date) = date_part(eff) else {
            return Err(bad(
                line,
                format!("invalid EffectiveDate `{}`", eff.escape_debug()),
            ));
        };
        let code = get(cols.offer_term_code).to_string();
        let term = terms
            .entry((sku.to_string(), term_type, code.clone()))
            .or_insert_with(|| {
                let mut attrs = Vec::new();
                for (name, col) in [
                    ("LeaseContractLength", cols.lease),
                    ("OfferingClass", cols.offering_class),
                    ("PurchaseOption", cols.purchase_option),
                ] {
                    attrs.push((name.to_string(), get(col).to_string()));
                }
                Term {
                    sku: sku.to_string(),
                    term_type,
                    offer_term_code: code,
                    effective_date: effective_date.to_string(),
                    term_attributes: attrs,
                    dimensions: Vec::new(),
                }
            });
        term.dimensions.push(Dimension {
            rate_code: get(cols.rate_code).to_string(),
            description: get(cols.description).to_string(),
            unit: get(cols.unit).to_string(),
            begin_range: begin,
            end_range: end,
            usd,
        });
    }
    if rdr.get_ref().quotes % 2 == 1 {
        return Err(Error::import(
            origin,
            "unterminated quote (an odd number of `\"` in the file): malformed CSV",
        ));
    }
    out.bytes = rdr.position().byte();
    out.terms = terms
        .into_values()
        .map(|mut t| {
            t.normalize();
            t
        })
        .collect();
    out.matches = std::mem::take(&mut matcher.matches);
    out.near_misses = std::mem::take(&mut matcher.near_misses);
    out.unmatched = std::mem::take(&mut matcher.unmatched);
    out.unmatched_count = matcher.unmatched_count;
    Ok(out)
}

/// A reader that counts the `"` bytes going through it: a well-formed CSV has an even number
/// (quotes inside a quoted field are doubled), so an odd count means an unterminated quote.
struct QuoteCount<R> {
    inner: R,
    quotes: u64,
}

impl<R: Read> Read for QuoteCount<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.quotes += memchr::memchr_iter(b'"', &buf[..n]).count() as u64;
        Ok(n)
    }
}

fn columns(header: &csv::StringRecord) -> std::result::Result<Columns, String> {
    let mut names = std::collections::HashSet::new();
    for name in header.iter() {
        if !names.insert(name) {
            return Err(format!(
                "header row names the column `{}` twice: the file is ambiguous",
                name.escape_debug()
            ));
        }
    }
    let mut c = Columns::default();
    let mut required: [Option<usize>; 4] = [None; 4];
    for (i, name) in header.iter().enumerate() {
        match name {
            "SKU" => required[0] = Some(i),
            "TermType" => required[1] = Some(i),
            "PricePerUnit" => required[2] = Some(i),
            "Currency" => required[3] = Some(i),
            "Unit" => c.unit = Some(i),
            "RateCode" => c.rate_code = Some(i),
            "OfferTermCode" => c.offer_term_code = Some(i),
            "PriceDescription" => c.description = Some(i),
            "EffectiveDate" => c.effective_date = Some(i),
            "StartingRange" => c.starting_range = Some(i),
            "EndingRange" => c.ending_range = Some(i),
            "LeaseContractLength" => c.lease = Some(i),
            "PurchaseOption" => c.purchase_option = Some(i),
            "OfferingClass" => c.offering_class = Some(i),
            "Product Family" => c.family = Some(i),
            "RelatedTo" => {}
            other => c.attributes.push((i, attribute_name(other))),
        }
    }
    let names = ["SKU", "TermType", "PricePerUnit", "Currency"];
    for (slot, name) in required.iter().zip(names) {
        if slot.is_none() {
            return Err(format!("header row has no `{name}` column"));
        }
    }
    c.sku = required[0].unwrap_or(0);
    c.term_type = required[1].unwrap_or(0);
    c.price = required[2].unwrap_or(0);
    c.currency = required[3].unwrap_or(0);
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_map_to_json_attribute_names() {
        for (csv, json) in [
            ("Instance Type", "instanceType"),
            ("Region Code", "regionCode"),
            ("Location Type", "locationType"),
            ("Database Engine", "databaseEngine"),
            ("Deployment Option", "deploymentOption"),
            ("Cache Engine", "cacheEngine"),
            ("From Region Code", "fromRegionCode"),
            ("Volume API Name", "volumeApiName"),
            ("Pre Installed S/W", "preInstalledSw"),
            ("serviceCode", "servicecode"),
            ("usageType", "usagetype"),
            ("operation", "operation"),
            ("vCPU", "vcpu"),
            ("Tenancy", "tenancy"),
        ] {
            assert_eq!(attribute_name(csv), json, "{csv}");
        }
    }
}
