//! The account of a Terraform plan's resources: for each, whether the estimate prices it, it is
//! free, it was skipped (with the reason), or costplan does not support its type. Carried by an
//! estimate made from a plan so that no resource is ever silently dropped.

use serde::{Deserialize, Serialize};

/// What the estimate did with a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Mapped onto the topology and priced.
    Priced,
    /// Costs nothing by itself (security groups, IAM, listeners, subnets…).
    Free,
    /// A supported type, left out for the reason given (an EC2 launch type, a member priced with its group).
    Skipped,
    /// A type costplan does not price.
    Unsupported,
}

impl PlanStatus {
    pub fn id(self) -> &'static str {
        match self {
            PlanStatus::Priced => "priced",
            PlanStatus::Free => "free",
            PlanStatus::Skipped => "skipped",
            PlanStatus::Unsupported => "not supported",
        }
    }
}

/// One resource of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanResource {
    pub address: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: PlanStatus,
    /// What it became (`service api`, `database orders`) or why it was skipped.
    pub note: String,
}

/// Every managed resource of a plan after it is applied, and what the estimate did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAccount {
    /// The plan file and its Terraform version.
    pub source: String,
    pub resources: Vec<PlanResource>,
    /// Resource types costplan does not price, with how many resources of each, by count then type.
    pub unsupported_types: Vec<(String, usize)>,
    /// Usage-file keys Infracost reads and costplan does not price, as `address: key`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored_usage: Vec<String>,
}

impl PlanAccount {
    /// How many resources have the status.
    pub fn count(&self, status: PlanStatus) -> usize {
        self.resources.iter().filter(|r| r.status == status).count()
    }
}
