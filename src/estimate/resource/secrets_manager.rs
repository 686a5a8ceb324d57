//! Secrets Manager: secrets stored and API calls.

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let s = &t.secrets_manager;
    p.add(
        Group::SecretsManager,
        "secrets",
        "secrets stored",
        s.secrets,
        key::SECRETS_MANAGER_SECRET,
    )?;
    p.add(
        Group::SecretsManager,
        "secrets",
        "API calls",
        s.api_calls,
        key::SECRETS_MANAGER_API,
    )
}
