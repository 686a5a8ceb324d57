//! The import rules: one selector per price key of the bundled tables, for a region. Each
//! resource kind declares its own selectors (`src/resource/<kind>/mod.rs`); this file holds the
//! builder, the offer codes, carried keys and the class lists.

use super::selector::{AttrMatch, CarriedKey, Selector};
use crate::pricing::key;

/// RDS for PostgreSQL instance classes the tables carry.
pub const RDS_CLASSES: &[&str] = &[
    "db.t3.micro",
    "db.t3.small",
    "db.t3.medium",
    "db.t3.large",
    "db.t4g.micro",
    "db.t4g.small",
    "db.t4g.medium",
    "db.t4g.large",
    "db.m5.large",
    "db.m6g.large",
    "db.m6g.xlarge",
    "db.m6g.2xlarge",
    "db.m6i.large",
    "db.m7g.large",
    "db.r5.large",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
];

/// The offer files `pricing update` downloads for a region: every offer a registered resource
/// kind selects prices from, in registry order.
pub static OFFER_CODES: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut codes: Vec<&'static str> = Vec::new();
    for s in selectors("us-east-1") {
        if !codes.contains(&s.offer_code) {
            codes.push(s.offer_code);
        }
    }
    codes
});

/// Keys no offer file publishes; an update keeps the existing entries.
pub fn carried_keys() -> Vec<CarriedKey> {
    let reason = "Fargate Spot prices vary and are not published in the AmazonECS offer file";
    vec![
        CarriedKey {
            key: key::fargate_vcpu_hour(true, "linux", "x86_64"),
            reason,
        },
        CarriedKey {
            key: key::fargate_gb_hour(true, "linux", "x86_64"),
            reason,
        },
    ]
}

/// The region another region's inter-region transfer price is read for: the table keeps one
/// representative "to another region" price per source region.
pub fn inter_region_destination(region: &str) -> &'static str {
    if region == "us-east-1" {
        "us-west-2"
    } else {
        "us-east-1"
    }
}

/// CloudWatch rows: key, description, unit, product family, usage type, extra matches.
pub type CwRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<AttrMatch>,
);

/// Collects the selectors of a region; each resource kind adds its own.
pub struct RuleBuilder {
    pub region: String,
    out: Vec<Selector>,
}

impl RuleBuilder {
    /// An empty builder for `region`.
    pub fn new(region: &str) -> Self {
        RuleBuilder {
            region: region.to_string(),
            out: Vec::new(),
        }
    }

    /// The selectors added, in order.
    pub fn finish(self) -> Vec<Selector> {
        self.out
    }

    /// A selector for `key`: offer code, product family, usage type (the region prefix is
    /// matched by the selector) and attributes, with the region attribute `region_attr` if any.
    #[allow(clippy::too_many_arguments)]
    pub fn add(
        &mut self,
        key: impl Into<String>,
        description: impl Into<String>,
        unit: &str,
        offer_code: &'static str,
        family: Option<&'static str>,
        usage_type: Option<&str>,
        region_attr: Option<&'static str>,
        mut extra: Vec<AttrMatch>,
    ) {
        let mut attributes = Vec::new();
        if let Some(u) = usage_type {
            attributes.push(AttrMatch::UsageType(u.to_string()));
        }
        if let Some(r) = region_attr {
            attributes.push(AttrMatch::Equals(r, self.region.clone()));
        }
        attributes.append(&mut extra);
        self.out.push(Selector {
            key: key.into(),
            description: description.into(),
            unit: unit.to_string(),
            offer_code,
            product_family: family,
            attributes,
        });
    }
}

/// An attribute that must equal `v`.
pub fn eq(name: &'static str, v: &str) -> AttrMatch {
    AttrMatch::Equals(name, v.to_string())
}

/// The selectors for every offer-file key of a region's table, in table order.
/// The selectors for every offer-file key of a region's table: each resource kind's own
/// (`src/resource/<kind>/`), in registry order.
pub fn selectors(region: &str) -> Vec<Selector> {
    let mut b = RuleBuilder::new(region);
    for kind in crate::resource::REGISTRY {
        kind.selectors(&mut b);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PriceCatalog;

    #[test]
    fn every_bundled_us_east_1_key_has_exactly_one_selector_or_is_carried() {
        let sel = selectors("us-east-1");
        let carried = carried_keys();
        let table = PriceCatalog::bundled().unwrap();
        let t = table.table("us-east-1").unwrap();
        for p in t.prices() {
            let n = sel.iter().filter(|s| s.key == p.key).count()
                + carried.iter().filter(|c| c.key == p.key).count();
            assert_eq!(n, 1, "{}", p.key);
        }
        for s in &sel {
            assert!(
                t.contains(&s.key),
                "selector for a key the table lacks: {}",
                s.key
            );
            assert!(OFFER_CODES.contains(&s.offer_code), "{}", s.offer_code);
        }
        assert_eq!(sel.len() + carried.len(), t.prices().count());
    }

    #[test]
    fn bundled_usage_types_are_what_the_selectors_look_for() {
        use crate::pricing::import::selector::usage_type_matches;
        let catalog = PriceCatalog::bundled().unwrap();
        for t in catalog.tables() {
            let sel = selectors(&t.region);
            for p in t.prices() {
                let Some(s) = sel.iter().find(|s| s.key == p.key) else {
                    continue; // carried keys
                };
                assert_eq!(s.offer_code, p.offer_code, "{} {}", t.region, p.key);
                for a in &s.attributes {
                    if let AttrMatch::UsageType(base) = a {
                        assert!(
                            usage_type_matches(&p.usage_type, base),
                            "{} {}: `{}` vs `{base}`",
                            t.region,
                            p.key,
                            p.usage_type
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn class_lists_generate_two_selectors_each() {
        let sel = selectors("eu-west-1");
        let rds = sel
            .iter()
            .filter(|s| s.key.starts_with("rds.instance_hour."))
            .count();
        let cache = sel
            .iter()
            .filter(|s| s.key.starts_with("elasticache.node_hour."))
            .count();
        assert_eq!(rds, RDS_CLASSES.len() * 2);
        // one selector per node-hour key of the bundled table (the ElastiCache kind's list)
        let table = crate::pricing::PriceCatalog::bundled().unwrap();
        let priced = table
            .table("us-east-1")
            .unwrap()
            .keys_with_prefix("elasticache.node_hour.")
            .count();
        assert_eq!(cache, priced);
        assert!(sel.iter().all(|s| {
            !s.attributes
                .contains(&AttrMatch::Equals("regionCode", "us-east-1".into()))
        }));
    }
}
