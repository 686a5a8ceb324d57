//! Cost groups: the rows of the per-group subtotal and of the reconciliation.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    EcsFargate,
    Rds,
    Elasticache,
    Alb,
    NatGateway,
    DataTransfer,
    Cloudwatch,
    SecretsManager,
    Ecr,
    PublicIpv4,
    VpcEndpoints,
}

impl Group {
    pub const ALL: [Group; 11] = [
        Group::EcsFargate,
        Group::Rds,
        Group::Elasticache,
        Group::Alb,
        Group::NatGateway,
        Group::DataTransfer,
        Group::Cloudwatch,
        Group::SecretsManager,
        Group::Ecr,
        Group::PublicIpv4,
        Group::VpcEndpoints,
    ];

    /// The stable id used in JSON, CSV and the `[reference]` table.
    pub fn id(self) -> &'static str {
        match self {
            Group::EcsFargate => "ecs_fargate",
            Group::Rds => "rds",
            Group::Elasticache => "elasticache",
            Group::Alb => "alb",
            Group::NatGateway => "nat_gateway",
            Group::DataTransfer => "data_transfer",
            Group::Cloudwatch => "cloudwatch",
            Group::SecretsManager => "secrets_manager",
            Group::Ecr => "ecr",
            Group::PublicIpv4 => "public_ipv4",
            Group::VpcEndpoints => "vpc_endpoints",
        }
    }

    /// A readable label.
    pub fn label(self) -> &'static str {
        match self {
            Group::EcsFargate => "ECS Fargate",
            Group::Rds => "RDS",
            Group::Elasticache => "ElastiCache",
            Group::Alb => "ALB",
            Group::NatGateway => "NAT Gateway",
            Group::DataTransfer => "Data Transfer",
            Group::Cloudwatch => "CloudWatch",
            Group::SecretsManager => "Secrets Manager",
            Group::Ecr => "ECR",
            Group::PublicIpv4 => "Public IPv4",
            Group::VpcEndpoints => "VPC Endpoints",
        }
    }

    pub fn from_id(id: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.id() == id)
    }
}

impl std::fmt::Display for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
