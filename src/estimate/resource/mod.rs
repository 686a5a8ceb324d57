//! One cost model per AWS resource kind. Each states the monthly quantities of a topology and
//! the price key for each; the [`super::Pricer`] does the lookups and arithmetic.

pub mod alb;
pub mod cloudwatch;
pub mod data_transfer;
pub mod ecr;
pub mod elasticache;
pub mod fargate;
pub mod nat;
pub mod public_ipv4;
pub mod rds;
pub mod secrets_manager;
pub mod vpc_endpoints;

use crate::topology::{CapacityProvider, Deployment, Topology};

/// Design warnings a topology triggers: facts about resilience and price quality, not errors.
pub fn warnings(t: &Topology) -> Vec<String> {
    let mut out = Vec::new();
    for s in &t.services {
        if s.capacity == CapacityProvider::Spot && s.count > 0 {
            out.push(format!(
                "service `{}` runs on Fargate Spot: tasks can be interrupted with two minutes' notice, and Spot prices vary (the table's Spot price is a dated snapshot)",
                s.name
            ));
        }
    }
    if let Some(nat) = &t.nat
        && nat.gateways == 1
        && !t.services.is_empty()
    {
        out.push("one NAT gateway: losing its AZ cuts outbound traffic for tasks in the other AZs (the seed design has one per AZ)".into());
    }
    if let Some(db) = &t.database
        && db.deployment == Deployment::SingleAz
    {
        out.push(
            "single-AZ database: no standby for automatic failover (the seed design is Multi-AZ)"
                .into(),
        );
    }
    if let Some(db) = &t.database
        && db.backup_retention_days == 0
    {
        out.push("database backup retention is 0 days: automated backups and point-in-time recovery are off".into());
    }
    if let Some(c) = &t.cache
        && c.nodes == 1
    {
        out.push("one cache node: no replica to fail over to".into());
    }
    if t.data_transfer.free_tier {
        out.push("the free internet allowance is account-wide across regions and services: apply it in one estimate only".into());
    }
    out
}
