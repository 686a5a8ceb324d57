//! Runs selectors over the products of an offer file as they stream by, keeping only the products
//! some selector wants (and a few near misses, to explain a selector that matched nothing).

use super::offer::ProductView;
use super::selector::{AttrMatch, Selector};

/// How many near misses are kept per selector.
const NEAR_MISSES: usize = 3;

pub struct Matcher<'a> {
    selectors: &'a [Selector],
    /// For each selector, the SKUs of the products it matched.
    pub matches: Vec<Vec<String>>,
    /// For each selector, products that had its family and usage type but failed another
    /// condition, as `SKU usagetype (condition)`.
    pub near_misses: Vec<Vec<String>>,
    /// `None` until the file's offer code is known: then only that offer's selectors run.
    offer_code: Option<String>,
}

impl<'a> Matcher<'a> {
    pub fn new(selectors: &'a [Selector]) -> Self {
        Matcher {
            selectors,
            matches: vec![Vec::new(); selectors.len()],
            near_misses: vec![Vec::new(); selectors.len()],
            offer_code: None,
        }
    }

    pub fn selectors(&self) -> &'a [Selector] {
        self.selectors
    }

    /// Restricts matching to the selectors of this offer code (once the header has been read).
    pub fn set_offer_code(&mut self, code: &str) {
        self.offer_code = Some(code.to_string());
    }

    /// Offers a product; true when a selector matched it (the caller keeps it).
    pub fn offer(&mut self, p: &dyn ProductView) -> bool {
        let mut kept = false;
        for (i, s) in self.selectors.iter().enumerate() {
            if let Some(code) = &self.offer_code
                && s.offer_code != code
            {
                continue;
            }
            if let Some(f) = s.product_family
                && p.product_family() != Some(f)
            {
                continue;
            }
            let mut failed = None;
            let mut usage_ok = true;
            for a in &s.attributes {
                if !a.matches(p) {
                    if matches!(a, AttrMatch::UsageType(_)) {
                        usage_ok = false;
                    }
                    failed = Some(a);
                    break;
                }
            }
            match failed {
                None => {
                    self.matches[i].push(p.sku().to_string());
                    kept = true;
                }
                Some(a) if usage_ok && self.near_misses[i].len() < NEAR_MISSES => {
                    let has_usage_rule = s
                        .attributes
                        .iter()
                        .any(|a| matches!(a, AttrMatch::UsageType(_)));
                    let miss = format!("{} {} (fails {})", p.sku(), p.usage_type(), a.describe());
                    if has_usage_rule && !self.near_misses[i].contains(&miss) {
                        self.near_misses[i].push(miss);
                    }
                }
                Some(_) => {}
            }
        }
        kept
    }
}
