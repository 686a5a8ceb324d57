//! Design warnings: facts about a topology's resilience and price quality that are not errors.

use crate::topology::{Arch, CapacityProvider, Deployment, LaunchType, Topology};

/// A design warning: a short stable code (for tables and CSV) and a sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

/// Design warnings a topology triggers: facts about resilience and price quality, not errors.
pub fn warnings(t: &Topology) -> Vec<String> {
    design_warnings(t).into_iter().map(|w| w.message).collect()
}

/// Design warnings with their codes: what the topology gives up against a multi-AZ design with
/// failover (a NAT gateway per AZ, a Multi-AZ database, a cache replica). Each is worded about
/// the user's topology, never about the seed design it may have started from.
pub fn design_warnings(t: &Topology) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut w = |code: &'static str, message: String| out.push(Warning { code, message });
    for s in &t.services {
        if s.capacity == CapacityProvider::Spot && s.count > 0 {
            w(
                "spot",
                format!(
                    "service `{}` runs on Fargate Spot: tasks can be interrupted with two minutes' notice, and Spot prices vary (the table's Spot price is a dated snapshot)",
                    s.name
                ),
            );
        }
    }
    let on_ec2: Vec<&str> = t
        .services
        .iter()
        .filter(|s| s.launch_type == LaunchType::Ec2 && s.count > 0)
        .map(|s| s.name.as_str())
        .collect();
    if !on_ec2.is_empty() {
        // costplan has no EC2 capacity resource yet, so nothing in a topology provides it.
        w(
            "ec2-capacity",
            format!(
                "services on the EC2 launch type are priced with the EC2 instances that host them, not here, and this topology declares no EC2 capacity for them, so their compute is not in this estimate: {}",
                on_ec2.join(", ")
            ),
        );
    }
    let arm: Vec<&str> = t
        .services
        .iter()
        .filter(|s| s.arch == Arch::Arm64 && s.count > 0)
        .map(|s| s.name.as_str())
        .collect();
    if !arm.is_empty() {
        w(
            "arm64",
            format!(
                "services on arm64 (Graviton) need arm64 or multi-arch images: {}",
                arm.join(", ")
            ),
        );
    }
    if let Some(nat) = &t.nat
        && !t.services.is_empty()
    {
        if nat.gateways == 1 {
            w("single-nat", "one NAT gateway: losing its AZ cuts outbound traffic for tasks in the other AZs (one NAT gateway per AZ avoids this)".into());
        } else if nat.gateways == 0 {
            w(
                "no-nat",
                "no NAT gateway: tasks in private subnets reach only what VPC endpoints serve"
                    .into(),
            );
        }
    }
    for db in &t.databases {
        let database = called("database", db.name.as_deref());
        if db.deployment == Deployment::SingleAz {
            w(
                "single-az-db",
                format!(
                    "single-AZ {database}: no standby for automatic failover (a Multi-AZ deployment adds one)"
                ),
            );
        }
        if db
            .aurora
            .as_ref()
            .is_some_and(|a| a.reader_classes.is_empty())
        {
            w(
                "aurora-no-reader",
                format!(
                    "Aurora {database} has no reader: a failed writer is replaced by a new instance instead of failing over to a reader (`readers = 1` adds one)"
                ),
            );
        }
        if let (Some(s), Some(version)) = (&db.support, &db.engine_version) {
            match (s.standard_support_ends, s.extended_support) {
                (Some(end), Some(year)) => w(
                    "extended-support",
                    format!(
                        "{database}: {} {version} is past the end of standard support ({end}): RDS Extended Support is charged per vCPU-hour at the {} rate as of {} (the price table's date); upgrading the major version ends the charge",
                        db.engine,
                        year.label(),
                        s.as_of
                    ),
                ),
                (Some(end), None) if s.ends_within_six_months => w(
                    "extended-support-soon",
                    format!(
                        "{database}: {} {version}: standard support ends {end}, within six months of {} (the price table's date); after it RDS Extended Support is charged per vCPU-hour unless the major version is upgraded",
                        db.engine, s.as_of
                    ),
                ),
                (None, _) => w(
                    "support-calendar",
                    format!(
                        "{database}: {} {version}: costplan's support calendar has no end-of-standard-support date for major version {}, so no RDS Extended Support is charged; check AWS's release calendar",
                        db.engine, s.major
                    ),
                ),
                _ => {}
            }
        }
        if db.backup_retention_days == 0 {
            w(
                "no-backups",
                format!(
                    "{database} backup retention is 0 days: automated backups and point-in-time recovery are off"
                ),
            );
        }
        for r in &db.read_replicas {
            if r.region != t.region {
                w(
                    "cross-region-replica",
                    format!(
                        "read replica in {}: asynchronous (seconds of lag), promoted by hand in a disaster; the region's other services are not included",
                        r.region
                    ),
                );
            }
        }
    }
    for c in t.caches.iter().filter(|c| !c.is_serverless()) {
        let of = match c.name.as_deref() {
            Some(n) => format!(" in cache `{n}`"),
            None => String::new(),
        };
        if c.billed_nodes() == 1 && c.engine == "memcached" {
            w(
                "single-cache-node",
                format!(
                    "one cache node{of}: Memcached keeps no replicas, so a node failure empties the cache (more nodes spread the loss)"
                ),
            );
        } else if c.billed_nodes() == 1 {
            w(
                "single-cache-node",
                format!(
                    "one cache node{of}: no replica to fail over to (a node per AZ gives the cache one)"
                ),
            );
        } else if c.billed_nodes() == 0 {
            w(
                "no-cache",
                format!("no cache nodes{of}: every read goes to the database"),
            );
        }
    }
    if !t.data_transfer.inter_region_out_gb.is_zero() {
        let to = crate::resource::data_transfer::input::representative_destination(&t.region);
        let gb = t.data_transfer.inter_region_out_gb.normalize();
        w(
            "inter-region-destination",
            format!(
                "`data_transfer.inter_region_out_gb` states no destination, so its {gb} GB are priced as transfer to {to}; the price depends on the destination: write `inter_region = [{{ to_region = \"{to}\", gb = {gb} }}]` with the real destination instead"
            ),
        );
    }
    if t.data_transfer.free_tier {
        w("free-tier", "the free internet allowance is account-wide across regions and services: apply it in one estimate only".into());
    }
    out
}

/// `database`, or `database `orders`` for a named one.
fn called(what: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{what} `{n}`"),
        None => what.to_string(),
    }
}
