//! ElastiCache for Redis memory: data size against usable node memory, `maxmemory` minus the
//! `reserved-memory-percent` (default 25 %), reference §3.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// `reserved-memory-percent` default.
pub const DEFAULT_RESERVED_PERCENT: u32 = 25;
/// Bytes in a GiB.
pub const BYTES_PER_GIB: u64 = 1 << 30;
/// Simultaneous connections one node accepts.
pub const MAX_CONNECTIONS_PER_NODE: u64 = 65_000;

/// One node type: `maxmemory` and network bandwidth (baseline / burst, Gbps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeType {
    pub name: &'static str,
    pub maxmemory_bytes: u64,
    pub baseline_gbps: Decimal,
    pub burst_gbps: Decimal,
}

const fn node(
    name: &'static str,
    maxmemory_bytes: u64,
    baseline_mbps: i64,
    burst_gbps: i64,
) -> NodeType {
    NodeType {
        name,
        maxmemory_bytes,
        baseline_gbps: Decimal::from_parts(baseline_mbps as u32, 0, 0, false, 3),
        burst_gbps: Decimal::from_parts(burst_gbps as u32, 0, 0, false, 0),
    }
}

/// Node types with published `maxmemory` (ParameterGroups.Redis.md), smallest first.
pub const NODE_TYPES: &[NodeType] = &[
    node("cache.t3.micro", 536_870_912, 64, 5),
    node("cache.t4g.micro", 536_870_912, 64, 5),
    node("cache.t3.small", 1_471_026_299, 128, 5),
    node("cache.t4g.small", 1_471_026_299, 128, 5),
    node("cache.t3.medium", 3_317_862_236, 256, 5),
    node("cache.t4g.medium", 3_317_862_236, 256, 5),
    node("cache.m5.large", 6_854_542_746, 750, 10),
    node("cache.m6g.large", 6_854_542_746, 750, 10),
    node("cache.r5.large", 14_037_181_030, 750, 10),
    node("cache.r6g.large", 14_037_181_030, 750, 10),
];

pub fn node_type(name: &str) -> Option<&'static NodeType> {
    NODE_TYPES.iter().find(|n| n.name == name)
}

impl NodeType {
    pub fn maxmemory_gib(&self) -> Decimal {
        Decimal::from(self.maxmemory_bytes) / Decimal::from(BYTES_PER_GIB)
    }

    /// Data memory after the reserve: `maxmemory × (1 − reserved%)`, in GiB.
    pub fn usable_gib(&self, reserved_percent: u32) -> Decimal {
        let keep = Decimal::from(100u32.saturating_sub(reserved_percent)) / Decimal::ONE_HUNDRED;
        self.maxmemory_gib() * keep
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemoryStatus {
    Ok,
    /// Above 80 % of usable memory: evictions are near.
    Tight,
    /// Does not fit.
    Exceeded,
}

impl MemoryStatus {
    pub fn id(self) -> &'static str {
        match self {
            MemoryStatus::Ok => "ok",
            MemoryStatus::Tight => "tight",
            MemoryStatus::Exceeded => "exceeded",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryCheck {
    pub data_gib: Decimal,
    /// Usable memory of one shard (every replica holds the shard's data).
    pub usable_gib_per_shard: Decimal,
    pub shards: u32,
    /// data / (usable × shards), a fraction.
    pub fill: Decimal,
    pub status: MemoryStatus,
    /// The smallest known node type that holds the data with this shard count.
    pub smallest_fitting: Option<&'static str>,
}

/// Checks `data_gib` of cache data against `shards` shards of `node` with `reserved_percent` kept back.
pub fn check_memory(
    node: &NodeType,
    shards: u32,
    data_gib: Decimal,
    reserved_percent: u32,
) -> Result<MemoryCheck> {
    if shards == 0 {
        return Err(Error::capacity(
            "a cache needs at least one shard".to_string(),
        ));
    }
    if reserved_percent >= 100 {
        return Err(Error::capacity(format!(
            "reserved memory percent must be below 100, got {reserved_percent}"
        )));
    }
    if data_gib.is_sign_negative() && !data_gib.is_zero() {
        return Err(Error::capacity(format!(
            "cache data size must not be negative, got {data_gib}"
        )));
    }
    let per_shard = node.usable_gib(reserved_percent);
    let total = per_shard * Decimal::from(shards);
    let fill = data_gib
        .checked_div(total)
        .ok_or_else(|| Error::overflow("cache memory fill"))?;
    let status = if fill > Decimal::ONE {
        MemoryStatus::Exceeded
    } else if fill > Decimal::new(8, 1) {
        MemoryStatus::Tight
    } else {
        MemoryStatus::Ok
    };
    let shards_d = Decimal::from(shards);
    let smallest_fitting = NODE_TYPES
        .iter()
        .find(|n| n.usable_gib(reserved_percent) * shards_d >= data_gib)
        .map(|n| n.name);
    Ok(MemoryCheck {
        data_gib,
        usable_gib_per_shard: per_shard,
        shards,
        fill,
        status,
        smallest_fitting,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn usable_memory_matches_the_reference() {
        let micro = node_type("cache.t3.micro").unwrap();
        assert_eq!(micro.maxmemory_gib(), d("0.5"));
        assert_eq!(micro.usable_gib(25), d("0.375"));
        let r = node_type("cache.r6g.large").unwrap();
        assert_eq!(r.usable_gib(25).round_dp(2), d("9.80"));
        assert_eq!(
            node_type("cache.m5.large")
                .unwrap()
                .usable_gib(25)
                .round_dp(2),
            d("4.79")
        );
        assert_eq!(micro.baseline_gbps, d("0.064"));
    }

    #[test]
    fn data_against_nodes() {
        let micro = node_type("cache.t3.micro").unwrap();
        let c = check_memory(micro, 1, d("0.2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Ok);
        let c = check_memory(micro, 1, d("0.35"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Tight);
        let c = check_memory(micro, 1, d("2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Exceeded);
        assert_eq!(c.smallest_fitting, Some("cache.t3.medium"));
        let c = check_memory(micro, 8, d("2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Ok);
        let c = check_memory(micro, 1, d("100"), 25).unwrap();
        assert_eq!(c.smallest_fitting, None);
        assert!(check_memory(micro, 0, d("1"), 25).is_err());
        assert!(check_memory(micro, 1, d("1"), 100).is_err());
        assert!(check_memory(micro, 1, d("-1"), 25).is_err());
    }
}
