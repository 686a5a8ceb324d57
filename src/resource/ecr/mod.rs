//! ECR image storage: the resource kind (a usage section, `[ecr]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;

use super::Kind;
use super::usage::UsageInput;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;

/// `ecr.storage_gb`
pub const STORAGE_GB: UsageInput = UsageInput {
    path: "ecr.storage_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of images stored. Default 0.",
};

/// The inputs of `[ecr]`: the one table their validation, paths, schema and docs read.
pub static INPUTS: [UsageInput; 1] = [STORAGE_GB];

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind =
    Kind::new("ecr", Group::Ecr, cost::price, selectors).usage(&INPUTS, "ECR image storage.");

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
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
