//! ECR: image storage (same-region pulls by Fargate are free).

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    p.add(
        Group::Ecr,
        "repositories",
        "image storage",
        t.usage.get(&super::STORAGE_GB),
        key::ECR_STORAGE,
    )
}
