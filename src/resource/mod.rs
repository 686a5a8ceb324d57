//! The registry of resource kinds. A kind is one folder under `src/resource/` holding everything
//! costplan knows about it: its cost model, the price keys it asks for, the import selectors
//! that fill those keys from AWS offer files, and (for plain usage sections such as `[s3]`) its
//! inputs with their bounds and docs. Adding a kind is a new folder plus one line in
//! [`REGISTRY`]; the tests in `registry_tests.rs` fail in one obvious place when a kind is half
//! added.
//!
//! Layering: a kind's folder may use `model`, `pricing`, `topology` and `estimate::Pricer`;
//! `topology` uses only [`usage`] and the registry's input tables from here.

pub mod usage;

pub mod alb;
pub mod cloudwatch;
pub mod data_transfer;
pub mod ecr;
pub mod elasticache;
pub mod fargate;
pub mod nat;
pub mod public_ipv4;
pub mod rds;
pub mod s3;
pub mod secrets_manager;
pub mod vpc_endpoints;

use crate::error::Result;
use crate::estimate::Pricer;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::topology::Topology;
use usage::UsageInput;

/// What every resource kind provides.
pub trait ResourceKind: Sync {
    /// The topology section the kind is written in (`service`, `database`, `s3`, …); its
    /// inputs are addressed as `<section>.<key>` in scenarios, sweeps and `--set`.
    fn section(&self) -> &'static str;
    /// The cost group its lines are in.
    fn group(&self) -> Group;
    /// The import selectors for the price keys its cost model asks for.
    fn selectors(&self, b: &mut RuleBuilder);
    /// Its cost model: adds the kind's line items for a topology.
    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()>;
    /// For a plain usage section (`[s3]`): its inputs, the one table of their paths, kinds,
    /// bounds, defaults and docs. Empty for kinds with a hand-written raw type in `topology`.
    fn usage_inputs(&self) -> &'static [UsageInput] {
        &[]
    }
    /// The section's doc, for a usage section (the reference and the JSON Schema).
    fn doc(&self) -> &'static str {
        ""
    }
    /// Instance classes or node types the kind prices that need a capacity hardware row: the
    /// price-key prefix they follow and whether a class has a row. `None` for kinds without.
    fn hardware(&self) -> Option<Hardware> {
        None
    }
}

/// Instance classes a kind prices and the capacity model's hardware rows for them.
pub struct Hardware {
    /// Price keys of instance classes start with this and end with the class
    /// (`rds.instance_hour.postgres.multi_az.db.t3.medium`).
    pub key_prefix: &'static str,
    /// Whether the capacity model has a hardware row for a class.
    pub has_row: fn(&str) -> bool,
}

impl Hardware {
    /// The class a price key names, if the key is one of this kind's class keys.
    pub fn class_of<'k>(&self, key: &'k str) -> Option<&'k str> {
        let rest = key.strip_prefix(self.key_prefix)?;
        // engine.deployment.class or engine.class: the class starts at `db.` / `cache.`.
        ["db.", "cache."]
            .iter()
            .find_map(|p| rest.find(p).map(|i| &rest[i..]))
    }
}

/// Every resource kind, in the order their lines are priced and listed.
pub static REGISTRY: &[&dyn ResourceKind] = &[
    &fargate::Fargate,
    &rds::Rds,
    &elasticache::ElastiCache,
    &alb::Alb,
    &nat::Nat,
    &data_transfer::DataTransfer,
    &cloudwatch::CloudWatch,
    &secrets_manager::SecretsManager,
    &ecr::Ecr,
    &public_ipv4::PublicIpv4,
    &vpc_endpoints::VpcEndpoints,
    &s3::S3,
];

/// The kinds written as plain usage sections (`[s3]`), read through the input table.
pub fn usage_kinds() -> impl Iterator<Item = &'static dyn ResourceKind> {
    REGISTRY
        .iter()
        .copied()
        .filter(|k| !k.usage_inputs().is_empty())
}

/// Runs every kind's cost model: the single cost model of costplan.
pub fn price_all(t: &Topology, p: &mut Pricer) -> Result<()> {
    for kind in REGISTRY {
        kind.price(t, p)?;
    }
    Ok(())
}

#[cfg(test)]
mod registry_tests;
