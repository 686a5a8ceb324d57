//! Cost groups: the rows of the per-group subtotal, of the reconciliation and of the budget.
//!
//! Every group is declared once, in the [`groups!`] invocation below; its variant, id (used in
//! JSON, CSV, `[reference]` and `[budget.groups]`), label and description are all derived from
//! that one line, and so is [`Group::ALL`].

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
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_labels_and_order_come_from_one_declaration() {
        for g in Group::ALL {
            assert_eq!(Group::from_id(g.id()), Some(g));
            assert_eq!(
                serde_json::to_string(&g).unwrap(),
                format!("\"{}\"", g.id())
            );
            assert!(!g.label().is_empty() && !g.description().is_empty());
        }
        assert_eq!(Group::from_id("nope"), None);
    }
}
