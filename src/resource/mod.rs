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

/// A resource kind: what every kind provides, as data. Each folder declares one `KIND` with
/// [`Kind::new`] and, where they apply, [`Kind::usage`] and [`Kind::hardware`].
pub struct Kind {
    section: &'static str,
    group: Group,
    price: fn(&Topology, &mut Pricer) -> Result<()>,
    selectors: fn(&mut RuleBuilder),
    usage_inputs: &'static [UsageInput],
    doc: &'static str,
    hardware: Option<Hardware>,
}

impl Kind {
    /// A kind written in topology section `section` (`service`, `database`, `s3`, …; its inputs are
    /// addressed as `<section>.<key>`), whose lines go in `group`, priced by `price` from the keys
    /// that `selectors` import.
    pub const fn new(
        section: &'static str,
        group: Group,
        price: fn(&Topology, &mut Pricer) -> Result<()>,
        selectors: fn(&mut RuleBuilder),
    ) -> Kind {
        Kind {
            section,
            group,
            price,
            selectors,
            usage_inputs: &[],
            doc: "",
            hardware: None,
        }
    }

    /// A plain usage section (`[s3]`): its inputs, the one table of their paths, bounds and docs,
    /// and the section's doc.
    pub const fn usage(mut self, inputs: &'static [UsageInput], doc: &'static str) -> Kind {
        self.usage_inputs = inputs;
        self.doc = doc;
        self
    }

    /// Instance classes or node types that need a capacity hardware row.
    pub const fn hardware(mut self, hardware: Hardware) -> Kind {
        self.hardware = Some(hardware);
        self
    }

    pub fn section(&self) -> &'static str {
        self.section
    }

    pub fn group(&self) -> Group {
        self.group
    }

    /// Adds the kind's line items for a topology: its cost model.
    pub fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        (self.price)(t, p)
    }

    /// Adds the import selectors of the price keys the cost model asks for.
    pub fn selectors(&self, b: &mut RuleBuilder) {
        (self.selectors)(b)
    }

    /// The inputs of a plain usage section; empty for kinds with a hand-written input type.
    pub fn usage_inputs(&self) -> &'static [UsageInput] {
        self.usage_inputs
    }

    /// The section's doc, for a usage section.
    pub fn doc(&self) -> &'static str {
        self.doc
    }

    pub fn hardware_rows(&self) -> Option<&Hardware> {
        self.hardware.as_ref()
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
        // A class starts a dot-separated segment (`mariadb.` contains `db.` but is an engine).
        ["db.", "cache."].iter().find_map(|p| {
            rest.match_indices(p)
                .find(|(i, _)| *i == 0 || rest.as_bytes()[i - 1] == b'.')
                .map(|(i, _)| &rest[i..])
        })
    }
}

/// Every resource kind, in the order their lines are priced and listed.
pub static REGISTRY: &[&Kind] = &[
    &fargate::KIND,
    &rds::KIND,
    &elasticache::KIND,
    &alb::KIND,
    &nat::KIND,
    &data_transfer::KIND,
    &cloudwatch::KIND,
    &secrets_manager::KIND,
    &ecr::KIND,
    &public_ipv4::KIND,
    &vpc_endpoints::KIND,
    &s3::KIND,
];

/// The kinds written as plain usage sections (`[s3]`), read through the input table.
pub fn usage_kinds() -> impl Iterator<Item = &'static Kind> {
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
