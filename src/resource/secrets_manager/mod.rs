//! The Secrets Manager: the resource kind (a usage section, `[secrets_manager]`), its import selectors, and its cost
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

/// The Secrets Manager.
pub struct SecretsManager;

impl ResourceKind for SecretsManager {
    fn section(&self) -> &'static str {
        "secrets_manager"
    }

    fn group(&self) -> Group {
        Group::SecretsManager
    }

    fn usage_inputs(&self) -> &'static [UsageInput] {
        &INPUTS
    }

    fn doc(&self) -> &'static str {
        "Secrets Manager secrets and API calls per month."
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        cost::price(t, p)
    }

    fn selectors(&self, b: &mut RuleBuilder) {
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
}
