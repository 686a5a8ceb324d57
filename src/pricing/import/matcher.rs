//! Runs selectors over the products of an offer file as they stream by, keeping only the products
//! some selector wants (with the key each one gives), a few near misses to explain a fixed
//! selector that matched nothing, and the products of a family costplan reads that fit no
//! selector (counted, and listed up to a cap).

use super::offer::ProductView;
use super::selector::{AttrMatch, Selector};
use std::collections::HashSet;

/// How many near misses are kept per selector.
const NEAR_MISSES: usize = 3;
/// How many unmatched products are listed (all are counted).
pub const UNMATCHED_LISTED: usize = 500;

/// A product a selector matched and the key it gives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub key: String,
    pub sku: String,
}

pub struct Matcher<'a> {
    selectors: &'a [Selector],
    /// For each selector, the products it matched with their keys.
    pub matches: Vec<Vec<Match>>,
    /// For each selector, products that had its family and usage type but failed another
    /// condition, as `SKU usagetype (condition)`.
    pub near_misses: Vec<Vec<String>>,
    /// Products of a family some selector reads that no selector took, as
    /// `SKU [family] usagetype (why)`, at most [`UNMATCHED_LISTED`].
    pub unmatched: Vec<String>,
    /// How many such products (each SKU once).
    pub unmatched_count: u64,
    unmatched_skus: HashSet<String>,
    /// `None` until the file's offer code is known: then only that offer's selectors run.
    offer_code: Option<String>,
}

impl<'a> Matcher<'a> {
    pub fn new(selectors: &'a [Selector]) -> Self {
        Matcher {
            selectors,
            matches: vec![Vec::new(); selectors.len()],
            near_misses: vec![Vec::new(); selectors.len()],
            unmatched: Vec::new(),
            unmatched_count: 0,
            unmatched_skus: HashSet::new(),
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

    /// Offers a product; true when a selector took it (the caller keeps it).
    pub fn offer(&mut self, p: &dyn ProductView) -> bool {
        let mut kept = false;
        // A family some selector of this offer reads, and why each template of it did not fit.
        let mut family_read = false;
        let mut why: Vec<String> = Vec::new();
        for (i, s) in self.selectors.iter().enumerate() {
            if let Some(code) = &self.offer_code
                && s.offer_code != code
            {
                continue;
            }
            if let Some(f) = s.product_family {
                if p.product_family() != Some(f) {
                    continue;
                }
                family_read = true;
            }
            let mut failed = None;
            let mut usage_ok = true;
            for a in &s.attributes {
                if !a.matches(p) {
                    if matches!(a, AttrMatch::UsageType(_) | AttrMatch::UsageTypeLike(_)) {
                        usage_ok = false;
                    }
                    failed = Some(a);
                    break;
                }
            }
            match failed {
                None => match s.derive_key(p) {
                    Ok(key) => {
                        self.matches[i].push(Match {
                            key,
                            sku: p.sku().to_string(),
                        });
                        kept = true;
                    }
                    Err(e) if s.product_family.is_some() => why.push(e),
                    Err(_) => {}
                },
                Some(a) if s.is_template() && s.product_family.is_some() => {
                    why.push(format!("not {}", a.describe()));
                }
                Some(a) if usage_ok && !s.is_template() => {
                    let has_usage_rule = s
                        .attributes
                        .iter()
                        .any(|a| matches!(a, AttrMatch::UsageType(_)));
                    if has_usage_rule && self.near_misses[i].len() < NEAR_MISSES {
                        let miss =
                            format!("{} {} (fails {})", p.sku(), p.usage_type(), a.describe());
                        if !self.near_misses[i].contains(&miss) {
                            self.near_misses[i].push(miss);
                        }
                    }
                }
                Some(_) => {}
            }
        }
        if !kept && family_read && self.unmatched_skus.insert(p.sku().to_string()) {
            self.unmatched_count += 1;
            if self.unmatched.len() < UNMATCHED_LISTED {
                why.dedup();
                let why = if why.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", why.join("; "))
                };
                self.unmatched.push(format!(
                    "{} [{}] {}{why}",
                    p.sku(),
                    p.product_family().unwrap_or(""),
                    p.usage_type()
                ));
            }
        }
        kept
    }
}
