//! The ElastiCache clusters: the resource kind (section `[cache]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

#[cfg(test)]
mod tests;

use super::Hardware;
use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::CACHE_ENGINES;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::{AttrMatch, Part, UnitScale};
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind =
    Kind::new("cache", Group::Elasticache, cost::price, selectors).hardware(Hardware {
        key_prefix: "elasticache.node_hour.",
        has_row: |class| crate::capacity::cache::node_type(class).is_some(),
    });

/// The import selectors of the kind's price keys: templates for every engine and node type an
/// offer file holds, node-based and serverless.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    // Nodes: `NodeUsage:<type>` (Extended Support surcharges, `…ExtendedSupportYr1_Yr2-NodeUsage:…`,
    // do not fit the usage type).
    b.template(
        "elasticache.node_hour.{engine}.{node}",
        "ElastiCache for {engine} {node} node",
        "node-hour",
        "AmazonElastiCache",
        Some("Cache Instance"),
        rc,
        vec![
            eq("locationType", "AWS Region"),
            AttrMatch::UsageTypeLike(&["NodeUsage:*"]),
        ],
        vec![
            ("engine", Part::AttrMap("cacheEngine", CACHE_ENGINES)),
            ("node", Part::Attr("instanceType")),
        ],
    );
    // Serverless: data stored per GB-hour (`CachedData:<Engine>`) and ECPUs
    // (`ElastiCacheProcessingUnits:<Engine>`), the engine from the usage type.
    const SERVERLESS_ENGINES: &[(&str, &str)] = &[
        ("Redis", "redis"),
        ("Valkey", "valkey"),
        ("Memcached", "memcached"),
    ];
    b.template(
        "elasticache.serverless_data_gb_hour.{engine}",
        "ElastiCache Serverless for {engine}, data stored",
        "GB-hour",
        "AmazonElastiCache",
        Some("ElastiCache Serverless"),
        rc,
        vec![AttrMatch::UsageTypeLike(&["CachedData:*"])],
        vec![("engine", Part::UsageTypeField(1, SERVERLESS_ENGINES))],
    );
    b.template(
        "elasticache.serverless_ecpu_million.{engine}",
        "ElastiCache Serverless for {engine}, ECPUs per million",
        "million ECPUs",
        "AmazonElastiCache",
        Some("ElastiCache Serverless"),
        rc,
        vec![AttrMatch::UsageTypeLike(&["ElastiCacheProcessingUnits:*"])],
        vec![("engine", Part::UsageTypeField(1, SERVERLESS_ENGINES))],
    )
    .unit_scale = Some(UnitScale {
        factor: 1_000_000,
        // The offer's unit is not verified: any other unit is an error naming it, never a guess.
        offer_units: Some(&["ECPU", "ECPUs"]),
    });
    b.add(
        key::ELASTICACHE_BACKUP_STORAGE,
        "ElastiCache backup storage beyond the free snapshot",
        "GB-month",
        "AmazonElastiCache",
        Some("Storage Snapshot"),
        Some("BackupUsage"),
        rc,
        vec![],
    );
}
