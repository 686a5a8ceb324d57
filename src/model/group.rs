//! Cost groups: the rows of the per-group subtotal, of the reconciliation and of the budget.
//!
//! Every group is declared once, in the [`groups!`] invocation below; its variant, id (used in
//! JSON, CSV, `[reference]` and `[budget.groups]`), label and description are all derived from
//! that one line, and so are [`Group::ALL`], [`Group::COUNT`] and [`PerGroup`].

use serde::{Deserialize, Serialize};

macro_rules! groups {
    ($( $variant:ident = $id:literal, $label:literal, $description:literal; )*) => {
        /// A cost group. Declared in `src/model/group.rs`, the one list of groups.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum Group {
            $(
                #[doc = $description]
                #[serde(rename = $id)]
                $variant,
            )*
        }

        impl Group {
            /// Every group, in display order.
            pub const ALL: [Group; [$($id),*].len()] = [$(Group::$variant),*];
            /// How many groups there are.
            pub const COUNT: usize = Group::ALL.len();

            /// The stable id used in JSON, CSV, `[reference]` and `[budget.groups]`.
            pub fn id(self) -> &'static str {
                match self { $(Group::$variant => $id,)* }
            }

            /// A readable label.
            pub fn label(self) -> &'static str {
                match self { $(Group::$variant => $label,)* }
            }

            /// What the group holds, for the topology reference and the JSON Schema.
            pub fn description(self) -> &'static str {
                match self { $(Group::$variant => $description,)* }
            }
        }
    };
}

groups! {
    EcsFargate = "ecs_fargate", "ECS Fargate", "ECS services on Fargate.";
    Rds = "rds", "RDS", "RDS instance, storage and backups.";
    Elasticache = "elasticache", "ElastiCache", "ElastiCache nodes and backups.";
    Alb = "alb", "ALB", "Application Load Balancer hours and LCUs.";
    NatGateway = "nat_gateway", "NAT Gateway", "NAT gateway hours and data processed.";
    DataTransfer = "data_transfer", "Data Transfer", "Internet, inter-AZ and inter-region data transfer.";
    Cloudwatch = "cloudwatch", "CloudWatch", "CloudWatch logs, metrics, alarms and dashboards.";
    SecretsManager = "secrets_manager", "Secrets Manager", "Secrets Manager secrets and API calls.";
    Ecr = "ecr", "ECR", "ECR image storage.";
    PublicIpv4 = "public_ipv4", "Public IPv4", "Public IPv4 addresses.";
    VpcEndpoints = "vpc_endpoints", "VPC Endpoints", "VPC interface endpoints.";
    S3 = "s3", "S3", "S3 Standard storage and requests.";
}

impl Group {
    pub fn from_id(id: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.id() == id)
    }

    /// The position of the group in [`Group::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// One value per group, indexed by [`Group`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PerGroup<T>(pub [T; Group::COUNT]);

impl<T: Default + Copy> Default for PerGroup<T> {
    fn default() -> Self {
        PerGroup([T::default(); Group::COUNT])
    }
}

impl<T> std::ops::Index<Group> for PerGroup<T> {
    type Output = T;
    fn index(&self, g: Group) -> &T {
        &self.0[g.index()]
    }
}

impl<T> std::ops::IndexMut<Group> for PerGroup<T> {
    fn index_mut(&mut self, g: Group) -> &mut T {
        &mut self.0[g.index()]
    }
}

impl<T> PerGroup<T> {
    /// `(group, value)` in group order.
    pub fn iter(&self) -> impl Iterator<Item = (Group, &T)> {
        Group::ALL.into_iter().zip(self.0.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_labels_and_order_come_from_one_declaration() {
        assert_eq!(Group::COUNT, Group::ALL.len());
        for (i, g) in Group::ALL.into_iter().enumerate() {
            assert_eq!(g.index(), i);
            assert_eq!(Group::from_id(g.id()), Some(g));
            assert_eq!(
                serde_json::to_string(&g).unwrap(),
                format!("\"{}\"", g.id())
            );
            assert!(!g.label().is_empty() && !g.description().is_empty());
        }
        assert_eq!(Group::from_id("nope"), None);
    }

    #[test]
    fn per_group_indexes_by_group() {
        let mut m = PerGroup::<u32>::default();
        m[Group::Rds] = 3;
        assert_eq!(m[Group::Rds], 3);
        assert_eq!(m.iter().filter(|(_, v)| **v != 0).count(), 1);
    }
}
