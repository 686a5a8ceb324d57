//! The import rules: the selectors of a region, fixed keys and key templates. Each resource kind
//! declares its own (`src/resource/<kind>/mod.rs`); this file holds the builder, the offer codes,
//! the carried keys and the attribute maps the templates share.

use super::selector::{AttrMatch, CarriedKey, Part, Selector};
use crate::pricing::key;

/// `databaseEngine` → engine word of the RDS engines costplan prices (the commercial engines,
/// licence-included or BYOL, are not mapped: their products are listed as unmatched).
pub const RDS_ENGINES: &[(&str, &str)] = &[
    ("PostgreSQL", "postgres"),
    ("MySQL", "mysql"),
    ("MariaDB", "mariadb"),
];

/// `databaseEngine` → engine word of the Aurora engines.
pub const AURORA_ENGINES: &[(&str, &str)] = &[
    ("Aurora PostgreSQL", "aurora-postgresql"),
    ("Aurora MySQL", "aurora-mysql"),
];

/// `deploymentOption` → deployment word: one standby, or a Multi-AZ DB cluster of a writer and
/// two readable standbys (one price per cluster-hour).
pub const RDS_DEPLOYMENTS: &[(&str, &str)] = &[
    ("Single-AZ", "single_az"),
    ("Multi-AZ", "multi_az"),
    ("Multi-AZ (readable standbys)", "multi_az_cluster"),
];

/// `volumeType` → storage word of RDS storage (not Aurora's, which has its own keys).
pub const RDS_VOLUMES: &[(&str, &str)] = &[
    ("General Purpose", "gp2"),
    ("General Purpose-GP3", "gp3"),
    ("Provisioned IOPS", "io1"),
    ("Provisioned IOPS-IO2", "io2"),
    ("Magnetic", "magnetic"),
];

/// `cacheEngine` → engine word of ElastiCache.
pub const CACHE_ENGINES: &[(&str, &str)] = &[
    ("Redis", "redis"),
    ("Valkey", "valkey"),
    ("Memcached", "memcached"),
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
    /// Returns it for the rarer settings ([`Selector::duplicates`], [`Selector::unit_scale`]).
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
    ) -> &mut Selector {
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
            ..Selector::default()
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    /// A key template: `key` with `{name}` parts derived from each product by `parts`; the
    /// product must have the family and every attribute match (plus the region attribute).
    #[allow(clippy::too_many_arguments)]
    pub fn template(
        &mut self,
        key: &str,
        description: &str,
        unit: &str,
        offer_code: &'static str,
        family: Option<&'static str>,
        region_attr: Option<&'static str>,
        attributes: Vec<AttrMatch>,
        parts: Vec<(&'static str, Part)>,
    ) -> &mut Selector {
        let s = self.add(
            key,
            description,
            unit,
            offer_code,
            family,
            None,
            region_attr,
            attributes,
        );
        s.parts = parts;
        s
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
    use crate::pricing::import::offer::Product;
    use crate::pricing::import::selector::usage_type_stem;

    #[test]
    fn every_bundled_key_has_exactly_one_selector_or_is_carried() {
        let carried = carried_keys();
        let catalog = PriceCatalog::bundled().unwrap();
        for t in catalog.tables() {
            let sel = selectors(&t.region);
            for p in t.prices() {
                let n = sel.iter().filter(|s| s.could_produce(&p.key)).count()
                    + carried.iter().filter(|c| c.key == p.key).count();
                assert_eq!(n, 1, "{} {}", t.region, p.key);
            }
        }
        // Selectors may give keys the bundled tables do not carry yet (`pricing update` fetches
        // them); their offer files are downloaded.
        let sel = selectors("us-east-1");
        for s in &sel {
            assert!(OFFER_CODES.contains(&s.offer_code), "{}", s.offer_code);
        }
        // No two selectors can give the same key.
        for (i, a) in sel.iter().enumerate() {
            for b in &sel[i + 1..] {
                assert!(
                    !(a.could_produce(&b.key) || b.could_produce(&a.key)),
                    "{} / {}",
                    a.key,
                    b.key
                );
            }
        }
    }

    #[test]
    fn bundled_usage_types_are_what_the_selectors_look_for() {
        use crate::pricing::import::selector::usage_type_matches;
        let catalog = PriceCatalog::bundled().unwrap();
        for t in catalog.tables() {
            let sel = selectors(&t.region);
            for p in t.prices() {
                let Some(s) = sel.iter().find(|s| s.could_produce(&p.key)) else {
                    continue; // carried keys
                };
                assert_eq!(s.offer_code, p.offer_code, "{} {}", t.region, p.key);
                for a in &s.attributes {
                    let ok = match a {
                        AttrMatch::UsageType(base) => usage_type_matches(&p.usage_type, base),
                        AttrMatch::UsageTypeLike(_) => a.matches(&Product::new(
                            "S".into(),
                            None,
                            vec![("usagetype".into(), p.usage_type.clone())],
                        )),
                        _ => true,
                    };
                    assert!(
                        ok,
                        "{} {}: `{}` vs {}",
                        t.region,
                        p.key,
                        p.usage_type,
                        a.describe()
                    );
                }
                // A part read from the usage type gives the key's word from the bundled one.
                let words = s.split_key(&p.key).unwrap();
                for (name, part) in &s.parts {
                    if matches!(part, Part::UsageType(_) | Part::UsageTypeField(..)) {
                        let probe = Product::new(
                            "S".into(),
                            None,
                            vec![("usagetype".into(), p.usage_type.clone())],
                        );
                        let want = &words.iter().find(|(n, _)| n == name).unwrap().1;
                        assert_eq!(
                            part.derive(&probe).as_deref(),
                            Ok(want.as_str()),
                            "{} {}: {} from `{}`",
                            t.region,
                            p.key,
                            name,
                            usage_type_stem(&p.usage_type)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn templates_not_lists_no_class_or_node_is_named_in_the_rules() {
        let sel = selectors("eu-west-1");
        let rds: Vec<_> = sel
            .iter()
            .filter(|s| s.key.starts_with("rds.instance_hour."))
            .collect();
        let cache: Vec<_> = sel
            .iter()
            .filter(|s| s.key.starts_with("elasticache.node_hour."))
            .collect();
        // One template for the RDS engines, one for Aurora; one for every cache engine.
        assert_eq!(rds.len(), 2);
        assert_eq!(cache.len(), 1);
        assert!(rds.iter().chain(&cache).all(|s| s.is_template()));
        for key in [
            "rds.instance_hour.mysql.multi_az.db.x9z.48xlarge",
            "rds.instance_hour.mariadb.multi_az_cluster.db.m6gd.large",
            "rds.instance_hour.aurora-postgresql.io_optimized.db.r7g.xlarge",
            "elasticache.node_hour.memcached.cache.m4.large",
            "rds.extended_support_vcpu_hour.aurora-mysql.year3",
            "rds.storage_gb_month.io2.multi_az",
            "rds.iops_month.io2.multi_az_cluster",
            "data_transfer.inter_region_out_gb.ap-northeast-1",
            "elasticache.serverless_ecpu_million.valkey",
        ] {
            assert_eq!(
                sel.iter().filter(|s| s.could_produce(key)).count(),
                1,
                "{key}"
            );
        }
        assert!(
            !sel.iter()
                .any(|s| s.could_produce("rds.instance_hour.oracle.single_az.db.m5.large"))
        );
        assert!(sel.iter().all(|s| {
            !s.attributes
                .contains(&AttrMatch::Equals("regionCode", "us-east-1".into()))
        }));
    }
}
