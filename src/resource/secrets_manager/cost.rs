//! Secrets Manager: secrets stored and API calls.

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let u = &t.usage;
    p.add(
        Group::SecretsManager,
        "secrets",
        "secrets stored",
        u.get(&super::SECRETS),
        key::SECRETS_MANAGER_SECRET,
    )?;
    p.add(
        Group::SecretsManager,
        "secrets",
        "API calls",
        u.get(&super::API_CALLS),
        key::SECRETS_MANAGER_API,
    )
}
