//! The ECR image storage: the resource kind (a usage section, `[ecr]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;

use super::ResourceKind;
use super::usage::UsageInput;
use crate::error::Result;
use crate::estimate::Pricer;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;
use crate::topology::Topology;

/// `ecr.storage_gb`
pub const STORAGE_GB: UsageInput = UsageInput {
    path: "ecr.storage_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of images stored. Default 0.",
};

/// The inputs of `[ecr]`: the one table their validation, paths, schema and docs read.
pub static INPUTS: [UsageInput; 1] = [STORAGE_GB];

/// The ECR image storage.
pub struct Ecr;

impl ResourceKind for Ecr {
    fn section(&self) -> &'static str {
        "ecr"
    }

    fn group(&self) -> Group {
        Group::Ecr
    }

    fn usage_inputs(&self) -> &'static [UsageInput] {
        &INPUTS
    }

    fn doc(&self) -> &'static str {
        "ECR image storage."
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        cost::price(t, p)
    }

    fn selectors(&self, b: &mut RuleBuilder) {
        let rc = Some("regionCode");
        b.add(
            key::ECR_STORAGE,
            "ECR image storage",
            "GB-month",
            "AmazonECR",
            Some("EC2 Container Registry"),
            Some("TimedStorage-ByteHrs"),
            rc,
            vec![],
        );
    }
}
