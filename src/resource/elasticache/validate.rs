//! Validation of the `[cache]` input: engine, mode (node-based cluster, replication group or
//! serverless), node type against the region's price table, and the combinations AWS refuses
//! (Memcached replicas or snapshots, more than 5 replicas per shard, more than 500 shards).

use super::input::*;
use crate::error::Result;
use crate::pricing::{PriceTable, key};
use crate::suggest;
use crate::topology::located::{Located, Num};
use crate::topology::validate::{Validator, dec};
use rust_decimal::Decimal;

/// Engines, as written and as used in price keys.
pub const ENGINES: &[&str] = &["redis", "valkey", "memcached"];
/// Most shards (node groups) in one replication group.
pub const MAX_SHARDS: u32 = 500;
/// Most read replicas per shard.
pub const MAX_REPLICAS_PER_SHARD: u32 = 5;
/// Most nodes of a node-based cluster (the bound `nodes` always had).
pub const MAX_NODES: u32 = 500;
/// Most data a serverless cache may hold, GB (ElastiCache Serverless scales to 5 TB).
pub const MAX_SERVERLESS_GB: i64 = 5_000;

impl Validator<'_> {
    pub(crate) fn cache(&self, c: &CacheRaw, table: &PriceTable) -> Result<Cache> {
        let engine = self.choice(&c.engine, "cache engine", ENGINES)?.to_string();
        let memcached = engine == "memcached";
        let mode = self.cache_mode(c)?;
        let snapshot_storage_gb = self.gb(&c.snapshot_storage_gb, "snapshot_storage_gb")?;
        if memcached
            && !snapshot_storage_gb.is_zero()
            && let Some(v) = &c.snapshot_storage_gb
        {
            return Err(self.err(
                v.span(),
                "Memcached keeps no snapshots: `snapshot_storage_gb` must be 0".into(),
                Some("remove `snapshot_storage_gb`, or use engine \"redis\" or \"valkey\"".into()),
            ));
        }
        if mode == CacheMode::Serverless {
            if let Some(r) = &c.commitment {
                return Err(self.err(
                    r.span(),
                    "a serverless cache has no reserved nodes: `[cache.commitment]` is for node-based caches".into(),
                    Some("remove `[cache.commitment]`, or give the cache `node_type` and `nodes`".into()),
                ));
            }
            return self.serverless_cache(c, engine, snapshot_storage_gb);
        }
        for (field, what) in [
            (&c.data_stored_gb, "data_stored_gb"),
            (&c.ecpu_millions, "ecpu_millions"),
        ] {
            if let Some(v) = field {
                return Err(self.err(
                    v.span(),
                    format!("`{what}` is for serverless caches; this cache is node-based"),
                    Some("add `mode = \"serverless\"` (and drop `node_type`), or remove it".into()),
                ));
            }
        }
        let node_type = self.cache_node_type(c, &engine, table)?;
        let (nodes, shards, replicas_per_shard) = match mode {
            CacheMode::ReplicationGroup => {
                if memcached {
                    let span = c
                        .shards
                        .as_ref()
                        .or(c.replicas_per_shard.as_ref())
                        .map(|v| v.span());
                    return Err(self.err(
                        span.unwrap_or_else(|| c.engine.span()),
                        "Memcached has no replication groups: no shards or replicas".into(),
                        Some("write `nodes = N` for a Memcached cluster of N nodes, or use engine \"redis\" or \"valkey\"".into()),
                    ));
                }
                let shards = match &c.shards {
                    Some(v) => self.shards(v)?,
                    None => 1,
                };
                let replicas = match &c.replicas_per_shard {
                    Some(v) => self.replicas_per_shard(v)?,
                    None => 0,
                };
                (0, shards, replicas)
            }
            _ => {
                let Some(nodes) = &c.nodes else {
                    return Err(self.err(
                        c.engine.span(),
                        "a node-based cache needs `nodes` (or `shards` for a replication group)".into(),
                        Some("write `nodes = 2`, or `shards = 1` with `replicas_per_shard = 1`, or `mode = \"serverless\"`".into()),
                    ));
                };
                (self.whole(nodes, "nodes", MAX_NODES)?, 0, 0)
            }
        };
        Ok(Cache {
            name: None,
            engine,
            mode,
            node_type,
            nodes,
            shards,
            replicas_per_shard,
            snapshot_storage_gb,
            commitment: match &c.commitment {
                Some(r) => Some(self.no_ranges(|| self.reservation(r, "cache.commitment"))?),
                None => None,
            },
            data_stored_gb: Decimal::ZERO,
            ecpu_millions: Decimal::ZERO,
        })
    }

    /// The mode from `mode`, `serverless` and which size fields are present.
    fn cache_mode(&self, c: &CacheRaw) -> Result<CacheMode> {
        let by_mode = match &c.mode {
            Some(m) => {
                Some(self.choice(m, "cache mode", &["nodes", "serverless"])? == "serverless")
            }
            None => None,
        };
        let serverless = match (&c.serverless, by_mode) {
            (Some(s), Some(m)) if *s.get() != m => {
                return Err(self.err(
                    s.span(),
                    format!(
                        "`serverless = {}` contradicts `mode = \"{}\"`",
                        s.get(),
                        if m { "serverless" } else { "nodes" }
                    ),
                    Some("keep one of the two".into()),
                ));
            }
            (Some(s), _) => *s.get(),
            (None, m) => m.unwrap_or(false),
        };
        if serverless {
            let sized: [(&Option<Located<Num>>, &str); 3] = [
                (&c.nodes, "nodes"),
                (&c.shards, "shards"),
                (&c.replicas_per_shard, "replicas_per_shard"),
            ];
            for (field, what) in sized {
                if let Some(v) = field {
                    return Err(self.err(
                        v.span(),
                        format!("a serverless cache has no `{what}`: it scales itself"),
                        Some("remove it and give `data_stored_gb` and `ecpu_millions`, or drop `mode = \"serverless\"`".into()),
                    ));
                }
            }
            if let Some(n) = &c.node_type {
                return Err(self.err(
                    n.span(),
                    "a serverless cache has no `node_type`".into(),
                    Some("remove `node_type`, or drop `mode = \"serverless\"`".into()),
                ));
            }
            return Ok(CacheMode::Serverless);
        }
        match (&c.nodes, &c.shards, &c.replicas_per_shard) {
            (Some(_), Some(s), _) => Err(self.err(
                s.span(),
                "give either `nodes` (a node-based cluster) or `shards` (a replication group), not both".into(),
                Some("a replication group bills shards × (1 + replicas_per_shard) nodes; remove `nodes`".into()),
            )),
            (_, None, Some(r)) => Err(self.err(
                r.span(),
                "`replicas_per_shard` needs `shards`".into(),
                Some("add `shards = 1` (cluster mode disabled) or more".into()),
            )),
            (_, Some(_), _) => Ok(CacheMode::ReplicationGroup),
            _ => Ok(CacheMode::Nodes),
        }
    }

    fn shards(&self, v: &Located<Num>) -> Result<u32> {
        let shards = self.whole(v, "shards", MAX_SHARDS)?;
        if shards == 0 {
            return Err(self.err(
                v.span(),
                "a replication group needs at least one shard, found 0".into(),
                Some(format!(
                    "allowed: 1 to {MAX_SHARDS}; 1 is cluster mode disabled"
                )),
            ));
        }
        Ok(shards)
    }

    fn replicas_per_shard(&self, v: &Located<Num>) -> Result<u32> {
        let Num(x, _) = *v.get();
        if x > Decimal::from(MAX_REPLICAS_PER_SHARD) {
            return Err(self.err(
                v.span(),
                format!("a shard has at most {MAX_REPLICAS_PER_SHARD} read replicas, found {x}"),
                Some(format!(
                    "allowed: 0 to {MAX_REPLICAS_PER_SHARD}; add shards to scale further"
                )),
            ));
        }
        self.whole(v, "replicas_per_shard", MAX_REPLICAS_PER_SHARD)
    }

    fn cache_node_type(&self, c: &CacheRaw, engine: &str, table: &PriceTable) -> Result<String> {
        let Some(n) = &c.node_type else {
            return Err(self.err(
                c.engine.span(),
                "a node-based cache needs `node_type`".into(),
                Some(
                    "write e.g. `node_type = \"cache.t4g.small\"`, or `mode = \"serverless\"`"
                        .into(),
                ),
            ));
        };
        let prefix = key::elasticache_node_prefix(engine);
        let node = n.get();
        let price_key = format!("{prefix}{node}");
        if !table.contains(&price_key) && crate::capacity::cache::node_type(node).is_some() {
            // a real node type whose price this table lacks: say which price and how to fetch it
            let region = &table.region;
            return Err(self.err(
                n.span(),
                format!("price `{price_key}` is not in the {region} price table"),
                Some(format!(
                    "fetch it with `costplan pricing update --region {region} --out pricing`, then run with `--prices pricing`"
                )),
            ));
        }
        if !table.contains(&price_key) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            return Err(self.err(
                n.span(),
                format!(
                    "unknown node type `{}` for {engine} in the {} price table",
                    node.escape_debug(),
                    table.region
                ),
                Some(if known.is_empty() {
                    format!(
                        "the {} price table has no {engine} node prices; fetch them with `costplan pricing update --region {} --out pricing`",
                        table.region, table.region
                    )
                } else {
                    suggest::hint_for(node, known.iter().copied())
                }),
            ));
        }
        Ok(node.clone())
    }

    fn serverless_cache(
        &self,
        c: &CacheRaw,
        engine: String,
        snapshot_storage_gb: Decimal,
    ) -> Result<Cache> {
        let data_stored_gb = self.opt_number(
            &c.data_stored_gb,
            "data_stored_gb",
            Decimal::ZERO,
            Decimal::ZERO,
            dec(MAX_SERVERLESS_GB),
        )?;
        let ecpu_millions = self.opt_number(
            &c.ecpu_millions,
            "ecpu_millions",
            Decimal::ZERO,
            Decimal::ZERO,
            dec(1_000_000_000),
        )?;
        Ok(Cache {
            name: None,
            engine,
            mode: CacheMode::Serverless,
            node_type: String::new(),
            nodes: 0,
            shards: 0,
            replicas_per_shard: 0,
            snapshot_storage_gb,
            data_stored_gb,
            ecpu_millions,
            commitment: None,
        })
    }
}
