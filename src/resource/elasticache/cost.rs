//! ElastiCache: node hours (node-based clusters and replication groups), snapshot storage, and
//! ElastiCache Serverless data stored (GB-hours, at least the engine's minimum) and ECPUs.

use super::input::{Cache, CacheMode};
use crate::error::Result;
use crate::estimate::pricer::Spaced;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{Topology, named_resource};
use rust_decimal::Decimal;

/// Serverless data stored, GB-hour, for an engine.
pub fn serverless_data_gb_hour_key(engine: &str) -> String {
    format!("elasticache.serverless_data_gb_hour.{engine}")
}

/// Serverless ElastiCache Processing Units, per million, for an engine.
pub fn serverless_ecpu_million_key(engine: &str) -> String {
    format!("elasticache.serverless_ecpu_million.{engine}")
}

/// The least data a serverless cache is metered for, GB: 1 GB for Redis OSS and Memcached,
/// 100 MB for Valkey (cur.vantage.sh/aws/amazonelasticache, CachedData: "Each ElastiCache
/// Serverless cache is metered for a minimum of 1 GB of data stored for ElastiCache for
/// Memcached or Redis, and 100 MB for Valkey"; the same on aws.amazon.com/elasticache/pricing).
pub fn serverless_minimum_gb(engine: &str) -> Decimal {
    if engine == "valkey" {
        Decimal::new(1, 1)
    } else {
        Decimal::ONE
    }
}

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for c in &t.caches {
        price_cache(c, t.hours_per_month, p)?;
    }
    Ok(())
}

/// The lines of one cache.
pub fn price_cache(c: &Cache, hours_per_month: Decimal, p: &mut Pricer) -> Result<()> {
    if c.mode == CacheMode::Serverless {
        return price_serverless(c, hours_per_month, p);
    }
    let resource = named_resource(c.name.as_deref(), Spaced(&c.engine, &c.node_type));
    let what = match c.mode {
        CacheMode::ReplicationGroup => "nodes (shards × (1 + replicas))",
        _ => "nodes",
    };
    p.add(
        Group::Elasticache,
        &resource,
        what,
        quantity_mul(
            "node hours",
            Decimal::from(c.billed_nodes()),
            hours_per_month,
        )?,
        &key::elasticache_node_hour(&c.engine, &c.node_type),
    )?;
    if c.engine == "memcached" {
        return Ok(());
    }
    p.add(
        Group::Elasticache,
        &resource,
        "snapshot storage",
        c.snapshot_storage_gb,
        key::ELASTICACHE_BACKUP_STORAGE,
    )
}

fn price_serverless(c: &Cache, hours_per_month: Decimal, p: &mut Pricer) -> Result<()> {
    let resource = named_resource(c.name.as_deref(), Spaced(&c.engine, "serverless"));
    let metered_gb = c.data_stored_gb.max(serverless_minimum_gb(&c.engine));
    p.add(
        Group::Elasticache,
        &resource,
        "data stored",
        quantity_mul("serverless GB-hours", metered_gb, hours_per_month)?,
        &serverless_data_gb_hour_key(&c.engine),
    )?;
    p.add(
        Group::Elasticache,
        &resource,
        "ECPUs",
        c.ecpu_millions,
        &serverless_ecpu_million_key(&c.engine),
    )?;
    if c.engine == "memcached" {
        return Ok(());
    }
    p.add(
        Group::Elasticache,
        &resource,
        "snapshot storage",
        c.snapshot_storage_gb,
        key::ELASTICACHE_BACKUP_STORAGE,
    )
}
