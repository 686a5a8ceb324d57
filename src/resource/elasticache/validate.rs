//! Validation of the `elasticache` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::pricing::{PriceTable, key};
use crate::suggest;
use crate::topology::validate::Validator;

impl Validator<'_> {
    pub(crate) fn cache(&self, c: &CacheRaw, table: &PriceTable) -> Result<Cache> {
        let engine = self
            .choice(&c.engine, "cache engine", &["redis", "valkey"])?
            .to_string();
        let prefix = key::elasticache_node_prefix(&engine);
        let node = c.node_type.get();
        if !table.contains(&format!("{prefix}{node}")) {
            let known: Vec<&str> = table.keys_with_prefix(&prefix).collect();
            return Err(self.err(
                c.node_type.span(),
                format!(
                    "unknown node type `{}` for {engine} in the {} price table",
                    node.escape_debug(),
                    table.region
                ),
                Some(suggest::hint_for(node, known.iter().copied())),
            ));
        }
        Ok(Cache {
            name: None,
            engine,
            node_type: node.clone(),
            nodes: self.whole(&c.nodes, "nodes", 500)?,
            backup_storage_gb: self.gb(&c.backup_storage_gb, "backup_storage_gb")?,
        })
    }
}
