//! ElastiCache node memory: cache data against usable node memory. Redis OSS and Valkey keep
//! `maxmemory` minus `reserved-memory-percent` (default 25 %) for data, reference §3; Memcached
//! has no reserved-memory percentage: items get `max_cache_memory` minus
//! `memcached_connections_overhead` (default 100 MB) (AWS ElastiCache for Memcached User Guide,
//! "Memcached connection overhead", awsdocs/amazon-elasticache-docs
//! doc_source/memcache/ParameterGroups.Memcached.md at 7ed0a8ac, 2023-06-15).

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// `reserved-memory-percent` default.
pub const DEFAULT_RESERVED_PERCENT: u32 = 25;
/// Bytes in a GiB.
pub const BYTES_PER_GIB: u64 = 1 << 30;
/// Simultaneous connections one node accepts.
pub const MAX_CONNECTIONS_PER_NODE: u64 = 65_000;

/// Memcached's default `memcached_connections_overhead`, MB.
pub const MEMCACHED_CONNECTIONS_OVERHEAD_MB: u64 = 100;
/// Bytes in a MiB (ElastiCache's "megabytes" of `max_cache_memory`).
const BYTES_PER_MIB: u64 = 1 << 20;

/// One node type: Redis OSS `maxmemory`, Memcached `max_cache_memory`, and network bandwidth
/// (baseline / burst, Gbps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeType {
    pub name: &'static str,
    pub maxmemory_bytes: u64,
    pub memcached_max_cache_memory_mb: u64,
    pub baseline_gbps: Decimal,
    pub burst_gbps: Decimal,
}

/// A row; bandwidths in thousandths of a Gbps (Mbps), burst = baseline where AWS lists none.
const fn node(
    name: &'static str,
    maxmemory_bytes: u64,
    memcached_max_cache_memory_mb: u64,
    baseline_mbps: u32,
    burst_mbps: u32,
) -> NodeType {
    NodeType {
        name,
        maxmemory_bytes,
        memcached_max_cache_memory_mb,
        baseline_gbps: Decimal::from_parts(baseline_mbps, 0, 0, false, 3),
        burst_gbps: Decimal::from_parts(burst_mbps, 0, 0, false, 3),
    }
}

/// Node types, smallest `maxmemory` first. `maxmemory`: ElastiCache for Redis User Guide,
/// "Redis node-type specific parameters" (doc_source/redis/ParameterGroups.Redis.md);
/// `max_cache_memory`: "Memcached node-type specific parameters"
/// (doc_source/memcache/ParameterGroups.Memcached.md); bandwidth: "Supported node types"
/// (doc_source/redis/CacheNodes.SupportedTypes.md, "N/A" burst = baseline); all in
/// awsdocs/amazon-elasticache-docs at commit 7ed0a8ac (2023-06-15). Every node type the price
/// tables carry has a row here (the registry test enforces it).
pub const NODE_TYPES: &[NodeType] = &[
    node("cache.t3.micro", 536_870_912, 512, 64, 5_000),
    node("cache.t4g.micro", 536_870_912, 512, 64, 5_000),
    node("cache.t2.micro", 581_959_680, 555, 64, 1_024),
    node("cache.t3.small", 1_471_026_299, 1_402, 128, 5_000),
    node("cache.t4g.small", 1_471_026_299, 1_402, 128, 5_000),
    node("cache.t2.small", 1_665_138_688, 1_588, 128, 1_024),
    node("cache.t3.medium", 3_317_862_236, 3_364, 256, 5_000),
    node("cache.t4g.medium", 3_317_862_236, 3_164, 256, 5_000),
    node("cache.t2.medium", 3_461_349_376, 3_301, 256, 1_024),
    node("cache.m5.large", 6_854_542_746, 6_537, 750, 10_000),
    node("cache.m6g.large", 6_854_542_746, 6_537, 750, 10_000),
    node("cache.m4.large", 6_892_593_152, 6_573, 450, 1_200),
    node("cache.m4.xlarge", 11_496_376_320, 11_496, 750, 2_800),
    node("cache.r4.large", 13_201_781_556, 12_590, 750, 10_000),
    node("cache.m5.xlarge", 13_891_921_715, 13_248, 1_250, 10_000),
    node("cache.m6g.xlarge", 13_891_921_715, 13_248, 1_250, 10_000),
    node("cache.r5.large", 14_037_181_030, 13_387, 750, 10_000),
    node("cache.r6g.large", 14_037_181_030, 13_387, 750, 10_000),
    node("cache.r4.xlarge", 26_898_228_839, 25_652, 1_250, 10_000),
    node("cache.m5.2xlarge", 27_966_669_210, 26_671, 2_500, 10_000),
    node("cache.m6g.2xlarge", 27_966_669_210, 26_671, 2_500, 10_000),
    node("cache.r5.xlarge", 28_261_849_702, 26_953, 1_250, 10_000),
    node("cache.r6g.xlarge", 28_261_849_702, 26_953, 1_250, 10_000),
    node("cache.m4.2xlarge", 31_889_126_359, 30_412, 1_000, 10_000),
    node("cache.r4.2xlarge", 54_197_537_997, 51_686, 2_500, 10_000),
    node("cache.m5.4xlarge", 56_116_178_125, 53_516, 5_000, 10_000),
    node("cache.m6g.4xlarge", 56_116_178_125, 53_516, 5_000, 10_000),
    node("cache.r5.2xlarge", 56_711_183_565, 54_084, 2_500, 10_000),
    node("cache.r6g.2xlarge", 56_711_183_565, 54_084, 2_500, 10_000),
    node("cache.m4.4xlarge", 65_257_290_629, 62_234, 2_000, 10_000),
    node("cache.r4.4xlarge", 108_858_546_586, 103_815, 5_000, 10_000),
    node(
        "cache.m6g.8xlarge",
        111_325_552_312,
        107_000,
        12_000,
        12_000,
    ),
    node("cache.r5.4xlarge", 113_609_865_216, 108_347, 5_000, 10_000),
    node("cache.r6g.4xlarge", 113_609_865_216, 108_347, 5_000, 10_000),
    node("cache.m4.10xlarge", 166_047_614_239, 158_355, 5_000, 10_000),
    node(
        "cache.m5.12xlarge",
        168_715_971_994,
        160_900,
        12_000,
        12_000,
    ),
    node(
        "cache.m6g.12xlarge",
        168_715_971_994,
        160_900,
        20_000,
        20_000,
    ),
    node("cache.r4.8xlarge", 218_255_432_090, 208_144, 12_000, 12_000),
    node(
        "cache.m6g.16xlarge",
        225_000_375_228,
        214_577,
        25_000,
        25_000,
    ),
    node(
        "cache.r6g.8xlarge",
        225_000_375_228,
        214_577,
        12_000,
        12_000,
    ),
    node(
        "cache.m5.24xlarge",
        337_500_562_842,
        321_865,
        25_000,
        25_000,
    ),
    node(
        "cache.r5.12xlarge",
        341_206_346_547,
        325_400,
        12_000,
        12_000,
    ),
    node(
        "cache.r6g.12xlarge",
        341_206_346_547,
        325_400,
        20_000,
        20_000,
    ),
    node(
        "cache.r4.16xlarge",
        437_021_573_120,
        416_776,
        25_000,
        25_000,
    ),
    node(
        "cache.r6g.16xlarge",
        450_000_750_456,
        429_154,
        25_000,
        25_000,
    ),
    node(
        "cache.r5.24xlarge",
        682_485_973_811,
        650_869,
        25_000,
        25_000,
    ),
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

    /// Memory for items of a Memcached node: `max_cache_memory` minus the default connection
    /// overhead, in GiB (no reserved percentage).
    pub fn memcached_usable_gib(&self) -> Decimal {
        let mb = self
            .memcached_max_cache_memory_mb
            .saturating_sub(MEMCACHED_CONNECTIONS_OVERHEAD_MB);
        Decimal::from(mb * BYTES_PER_MIB) / Decimal::from(BYTES_PER_GIB)
    }

    /// Data memory of one node for `engine`: Memcached without a reserve, Redis OSS and Valkey
    /// with `reserved_percent` kept back.
    pub fn usable_gib_for(&self, engine: &str, reserved_percent: u32) -> Decimal {
        if engine == "memcached" {
            self.memcached_usable_gib()
        } else {
            self.usable_gib(reserved_percent)
        }
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
    /// Usable memory of one shard (every replica holds the shard's data; a Memcached node is
    /// a shard of its own).
    pub usable_gib_per_shard: Decimal,
    /// Partitions the data is spread over: replication-group shards or Memcached nodes.
    pub shards: u32,
    /// data / (usable × shards), a fraction.
    pub fill: Decimal,
    pub status: MemoryStatus,
    /// The smallest known node type that holds the data with this shard count.
    pub smallest_fitting: Option<&'static str>,
}

/// Checks `data_gib` of cache data against `shards` shards of `node` running `engine`, with
/// `reserved_percent` kept back (Redis OSS and Valkey only).
pub fn check_memory(
    node: &NodeType,
    engine: &str,
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
    let per_shard = node.usable_gib_for(engine, reserved_percent);
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
        .find(|n| n.usable_gib_for(engine, reserved_percent) * shards_d >= data_gib)
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
        let c = check_memory(micro, "redis", 1, d("0.2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Ok);
        let c = check_memory(micro, "redis", 1, d("0.35"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Tight);
        let c = check_memory(micro, "redis", 1, d("2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Exceeded);
        assert_eq!(c.smallest_fitting, Some("cache.t3.medium"));
        let c = check_memory(micro, "redis", 8, d("2"), 25).unwrap();
        assert_eq!(c.status, MemoryStatus::Ok);
        let c = check_memory(micro, "redis", 1, d("1000"), 25).unwrap();
        assert_eq!(c.smallest_fitting, None);
        assert!(check_memory(micro, "redis", 0, d("1"), 25).is_err());
        assert!(check_memory(micro, "redis", 1, d("1"), 100).is_err());
        assert!(check_memory(micro, "redis", 1, d("-1"), 25).is_err());
    }

    #[test]
    fn memcached_has_no_reserved_percentage() {
        // max_cache_memory 6,537 MB less the 100 MB connection overhead, whatever the reserve
        let m5 = node_type("cache.m5.large").unwrap();
        assert_eq!(m5.memcached_usable_gib(), d("6437") / d("1024"));
        assert_eq!(
            m5.usable_gib_for("memcached", 25),
            m5.usable_gib_for("memcached", 0)
        );
        assert_eq!(m5.usable_gib_for("valkey", 25), m5.usable_gib(25));
        // 6 GiB fits one Memcached m5.large node but not a Redis one (4.79 GiB usable)
        assert_eq!(
            check_memory(m5, "memcached", 1, d("6"), 25).unwrap().status,
            MemoryStatus::Tight
        );
        assert_eq!(
            check_memory(m5, "redis", 1, d("6"), 25).unwrap().status,
            MemoryStatus::Exceeded
        );
    }

    #[test]
    fn shards_add_capacity() {
        // r6g.large: 13.07 GiB maxmemory, 9.80 usable per shard; 25 GiB needs three shards
        let r = node_type("cache.r6g.large").unwrap();
        let one = check_memory(r, "redis", 1, d("25"), 25).unwrap();
        assert_eq!(one.status, MemoryStatus::Exceeded);
        let three = check_memory(r, "redis", 3, d("25"), 25).unwrap();
        assert_eq!(three.status, MemoryStatus::Tight);
        assert_eq!(three.fill.round_dp(3), d("0.850"));
    }

    #[test]
    fn rows_are_sorted_and_unique() {
        for w in NODE_TYPES.windows(2) {
            assert!(
                w[0].maxmemory_bytes <= w[1].maxmemory_bytes,
                "{}",
                w[1].name
            );
        }
        let mut names = std::collections::HashSet::new();
        for n in NODE_TYPES {
            assert!(names.insert(n.name), "{} twice", n.name);
            assert!(n.burst_gbps >= n.baseline_gbps, "{}", n.name);
        }
        let m4 = node_type("cache.m4.large").unwrap();
        assert_eq!((m4.baseline_gbps, m4.burst_gbps), (d("0.45"), d("1.2")));
    }
}
