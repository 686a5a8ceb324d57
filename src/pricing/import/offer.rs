//! What an offer file yields once filtered: the file's header, the products that matched a
//! selector, and their on-demand and reserved terms. JSON and CSV parsers both produce this.

use rust_decimal::Decimal;

/// The offer file's header fields (`offerCode`, `version`, `publicationDate`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferHeader {
    pub offer_code: Option<String>,
    pub version: Option<String>,
    /// As written in the file, e.g. `2025-08-28T17:27:23Z`.
    pub publication_date: Option<String>,
}

/// One product (SKU) with its attributes, in the JSON attribute names (`usagetype`, `regionCode`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub sku: String,
    pub product_family: Option<String>,
    /// Attribute name and value, sorted by name; empty values are dropped (JSON writes `""` where
    /// CSV leaves a cell empty, and neither means anything to a selector).
    pub attributes: Vec<(String, String)>,
}

/// A product as a selector sees it: SKU, family and attributes by JSON name. Parsers implement it
/// over reused buffers so that products nobody wants cost no allocation.
pub trait ProductView {
    fn sku(&self) -> &str;
    fn product_family(&self) -> Option<&str>;
    /// The attribute's value; `None` when absent or empty.
    fn attr(&self, name: &str) -> Option<&str>;

    fn usage_type(&self) -> &str {
        self.attr("usagetype").unwrap_or("")
    }

    fn to_product(&self) -> Product;
}

impl ProductView for Product {
    fn sku(&self) -> &str {
        &self.sku
    }
    fn product_family(&self) -> Option<&str> {
        self.product_family.as_deref()
    }
    fn attr(&self, name: &str) -> Option<&str> {
        Product::attr(self, name)
    }
    fn to_product(&self) -> Product {
        self.clone()
    }
}

impl Product {
    pub fn new(
        sku: String,
        product_family: Option<String>,
        mut attributes: Vec<(String, String)>,
    ) -> Self {
        attributes.retain(|(_, v)| !v.is_empty());
        attributes.sort();
        attributes.dedup_by(|a, b| a.0 == b.0);
        Product {
            sku,
            product_family: product_family.filter(|f| !f.is_empty()),
            attributes,
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()
            .map(|i| self.attributes[i].1.as_str())
    }

    pub fn usage_type(&self) -> &str {
        self.attr("usagetype").unwrap_or("")
    }
}

/// `OnDemand` or `Reserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TermType {
    OnDemand,
    Reserved,
}

impl TermType {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "OnDemand" => Some(TermType::OnDemand),
            "Reserved" => Some(TermType::Reserved),
            _ => None,
        }
    }
}

/// One price dimension of a term: a rate for a range of usage, or an upfront fee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    pub rate_code: String,
    pub description: String,
    pub unit: String,
    pub begin_range: Option<Decimal>,
    /// `None` = `"Inf"` or absent.
    pub end_range: Option<Decimal>,
    pub usd: Decimal,
}

/// One term of a product: its dimensions, effective date and (for reserved terms) attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub sku: String,
    pub term_type: TermType,
    pub offer_term_code: String,
    /// `YYYY-MM-DD` (the date part of the file's `effectiveDate`).
    pub effective_date: String,
    /// `LeaseContractLength`, `OfferingClass`, `PurchaseOption`, sorted by name.
    pub term_attributes: Vec<(String, String)>,
    /// Sorted by rate code.
    pub dimensions: Vec<Dimension>,
}

impl Term {
    pub fn term_attr(&self, name: &str) -> Option<&str> {
        self.term_attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sorts attributes and dimensions so that two parsers of the same data give equal terms.
    pub fn normalize(&mut self) {
        self.term_attributes.retain(|(_, v)| !v.is_empty());
        self.term_attributes.sort();
        self.dimensions
            .sort_by(|a, b| a.rate_code.cmp(&b.rate_code));
    }
}

/// The part of an offer file that matters: header, matched products and their terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfferExtract {
    pub header: OfferHeader,
    /// Where it was read from (path or URL), for messages.
    pub origin: String,
    /// Matched products, by SKU.
    pub products: std::collections::BTreeMap<String, Product>,
    /// For each selector (by index in the selector list), the products it matched and the key
    /// each gives.
    pub matches: Vec<Vec<super::matcher::Match>>,
    /// For each selector, products that almost matched (see [`super::matcher::Matcher`]).
    pub near_misses: Vec<Vec<String>>,
    /// Products of a family costplan reads that no selector took (listed up to a cap).
    pub unmatched: Vec<String>,
    /// How many products no selector took, listed or not.
    pub unmatched_count: u64,
    /// Terms of the matched products, in file order.
    pub terms: Vec<Term>,
    /// Bytes read (for throughput reports).
    pub bytes: u64,
    /// Products seen in the file, matched or not.
    pub products_seen: u64,
}

impl OfferExtract {
    /// Text from AWS data made visible, once, where it enters: every string kept from the offer
    /// file (header, SKUs, product families and attributes, term and price-dimension text, near
    /// misses) goes through [`crate::text::visible`], so a line feed, an escape, a bidirectional
    /// or zero-width character or a leading `::` is kept as `\uXXXX` text, never as the character.
    pub fn make_visible(&mut self) {
        fn fix(s: &mut String) {
            if let std::borrow::Cow::Owned(v) = crate::text::visible(s) {
                *s = v;
            }
        }
        fn fix_pairs(pairs: &mut [(String, String)]) {
            for (k, v) in pairs {
                fix(k);
                fix(v);
            }
        }
        let h = &mut self.header;
        for s in [&mut h.offer_code, &mut h.version, &mut h.publication_date]
            .into_iter()
            .flatten()
        {
            fix(s);
        }
        let products = std::mem::take(&mut self.products);
        self.products = products
            .into_iter()
            .map(|(mut sku, mut p)| {
                fix(&mut sku);
                fix(&mut p.sku);
                if let Some(f) = &mut p.product_family {
                    fix(f);
                }
                fix_pairs(&mut p.attributes);
                p.attributes.sort();
                (sku, p)
            })
            .collect();
        for m in self.matches.iter_mut().flatten() {
            fix(&mut m.key);
            fix(&mut m.sku);
        }
        for s in self
            .near_misses
            .iter_mut()
            .flatten()
            .chain(self.unmatched.iter_mut())
        {
            fix(s);
        }
        for t in &mut self.terms {
            fix(&mut t.sku);
            fix(&mut t.offer_term_code);
            fix(&mut t.effective_date);
            fix_pairs(&mut t.term_attributes);
            for d in &mut t.dimensions {
                fix(&mut d.rate_code);
                fix(&mut d.description);
                fix(&mut d.unit);
            }
        }
    }
}

/// A date part `YYYY-MM-DD` of an AWS timestamp such as `2025-08-01T00:00:00Z`, if it has one.
pub fn date_part(s: &str) -> Option<&str> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    let ok = b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    ok.then_some(d)
}

/// Parses an AWS range bound: a decimal, or `Inf` for unbounded (returned as `None`).
pub fn parse_range(s: &str) -> Result<Option<Decimal>, String> {
    let t = s.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("inf") {
        return Ok(None);
    }
    parse_decimal(t).map(Some)
}

/// Parses a decimal string such as `0.0404800000` or `1.0E-4` (CSV descriptions aside, AWS writes
/// plain decimals; exponent notation is accepted to be safe) exactly, through
/// [`crate::money::parse_exact`]: negative values and values that would have to be rounded
/// (more than 28 significant digits) are rejected.
pub fn parse_decimal(s: &str) -> Result<Decimal, String> {
    let t = s.trim();
    if crate::money::needs_rounding(t) {
        return Err(format!(
            "`{t}` has more than {} significant digits and would be rounded; costplan keeps prices exact",
            crate::money::EXACT_DIGITS
        ));
    }
    let v = crate::money::parse_exact(t)
        .ok_or_else(|| format!("`{}` is not a decimal number", t.escape_debug()))?;
    if v.is_sign_negative() && !v.is_zero() {
        return Err(format!("negative amount `{t}`"));
    }
    Ok(v.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_attributes_are_looked_up_by_name_and_empty_values_dropped() {
        let p = Product::new(
            "S".into(),
            Some("Compute".into()),
            vec![
                ("usagetype".into(), "USE1-Fargate-GB-Hours".into()),
                ("operation".into(), String::new()),
                ("regionCode".into(), "us-east-1".into()),
            ],
        );
        assert_eq!(p.attr("regionCode"), Some("us-east-1"));
        assert_eq!(p.attr("operation"), None);
        assert_eq!(p.usage_type(), "USE1-Fargate-GB-Hours");
    }

    #[test]
    fn ranges_and_decimals() {
        assert_eq!(parse_range("Inf").unwrap(), None);
        assert_eq!(parse_range("10240").unwrap(), Some(Decimal::from(10240)));
        assert_eq!(
            parse_decimal("0.0404800000").unwrap().to_string(),
            "0.04048"
        );
        assert_eq!(parse_decimal("1.0E-4").unwrap().to_string(), "0.0001");
        assert!(parse_decimal("-1").is_err());
        assert!(parse_decimal("abc").is_err());
        let e = parse_decimal("0.1234567890123456789012345678901234").unwrap_err();
        assert!(e.contains("would be rounded"), "{e}");
        assert_eq!(date_part("2025-08-01T00:00:00Z"), Some("2025-08-01"));
        assert_eq!(date_part("2025-08"), None);
    }
}
