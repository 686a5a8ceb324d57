//! ElastiCache: node hours and backup storage.

use crate::error::Result;
use crate::estimate::pricer::Spaced;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::{Cache, Topology, named_resource};
use rust_decimal::Decimal;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    for c in &t.caches {
        price_cache(t, c, p)?;
    }
    Ok(())
}

/// The lines of one cache.
fn price_cache(t: &Topology, c: &Cache, p: &mut Pricer) -> Result<()> {
    let resource = named_resource(c.name.as_deref(), Spaced(&c.engine, &c.node_type));
    p.add(
        Group::Elasticache,
        &resource,
        "nodes",
        quantity_mul("node hours", Decimal::from(c.nodes), t.hours_per_month)?,
        &key::elasticache_node_hour(&c.engine, &c.node_type),
    )?;
    p.add(
        Group::Elasticache,
        &resource,
        "backup storage",
        c.backup_storage_gb,
        key::ELASTICACHE_BACKUP_STORAGE,
    )
}
