//! The Secrets Manager: the resource kind (a usage section, `[secrets_manager]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;

use super::Kind;
use super::usage::UsageInput;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;

/// `secrets_manager.secrets`
pub const SECRETS: UsageInput = UsageInput {
    path: "secrets_manager.secrets",
    whole: true,
    max: 1_000_000,
    doc: "Number of secrets stored. Whole number. Default 0.",
};

/// `secrets_manager.api_calls`
pub const API_CALLS: UsageInput = UsageInput {
    path: "secrets_manager.api_calls",
    whole: false,
    max: 1_000_000_000_000_000,
    doc: "API calls per month. Default 0.",
};

/// The inputs of `[secrets_manager]`: the one table their validation, paths, schema and docs read.
pub static INPUTS: [UsageInput; 2] = [SECRETS, API_CALLS];

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new(
    "secrets_manager",
    Group::SecretsManager,
    cost::price,
    selectors,
)
.usage(&INPUTS, "Secrets Manager secrets and API calls per month.");

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    b.add(
        key::SECRETS_MANAGER_SECRET,
        "Secrets Manager secret",
        "secret-month",
        "AWSSecretsManager",
        Some("Secret"),
        Some("AWSSecretsManager-Secrets"),
        rc,
        vec![],
    );
    b.add(
        key::SECRETS_MANAGER_API,
        "Secrets Manager API call",
        "request",
        "AWSSecretsManager",
        Some("API Request"),
        Some("AWSSecretsManagerAPIRequest"),
        rc,
        vec![],
    );
}
