//! Which bill lines an estimate line corresponds to.
//!
//! At usage-type precision (CUR, FOCUS with AWS's `x_` columns) a line is keyed by its offer code
//! and its usage type without the region prefix (`USE1-Fargate-GB-Hours` → `Fargate-GB-Hours`;
//! RDS and ElastiCache instance usage such as `InstanceUsage:db.t3.medium` has none), and the
//! region column (or the prefix, when the column is empty) must be the topology's region. Data
//! transfer usage types (`DataTransfer-*`) are billed under the product code of the service that
//! moved the bytes (`AmazonEC2`, `AWSCloudShell`, ...) while price tables carry them under
//! `AWSDataTransfer`: they match by usage type alone. The operation is not part of the key: where
//! two estimate lines share a usage type (RDS engines share `InstanceUsage:<class>`), they form
//! one comparison row naming both, and the row lists the operations the bill shows.
//!
//! At service precision (Cost Explorer by SERVICE, FOCUS with `ServiceName` alone) offer codes
//! map to the service names those bills use ([`SERVICES`]).

use crate::pricing::regions;

/// A usage-type-precision key: offer code and usage type without its region prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UsageKey {
    pub offer_code: String,
    pub usage_type: String,
}

/// The offer code data transfer is priced under.
pub const DATA_TRANSFER_OFFER: &str = "AWSDataTransfer";

/// A usage type's region prefix (as the region code it stands for) and the rest:
/// `USE1-Fargate-GB-Hours` → (`us-east-1`, `Fargate-GB-Hours`), `NatGateway-Hours` → (none, same).
pub fn split_region_prefix(usage_type: &str) -> (Option<&'static str>, &str) {
    match regions::by_usage_type(usage_type) {
        Some(r) => {
            let prefix = r.prefix.unwrap_or_default();
            (Some(r.code), &usage_type[prefix.len() + 1..])
        }
        None => (None, usage_type),
    }
}

/// The key of an offer code and usage type (from a price table or a bill line).
pub fn usage_key(offer_code: &str, usage_type: &str) -> UsageKey {
    let (_, rest) = split_region_prefix(usage_type.trim());
    let offer_code = if rest.starts_with("DataTransfer-") {
        DATA_TRANSFER_OFFER
    } else {
        offer_code.trim()
    };
    UsageKey {
        offer_code: offer_code.to_string(),
        usage_type: rest.to_string(),
    }
}

/// The region of a bill line: its region column, else the prefix of its usage type.
pub fn bill_region<'a>(region_column: &'a str, usage_type: &str) -> Option<&'a str> {
    if !region_column.trim().is_empty() {
        return Some(region_column.trim());
    }
    split_region_prefix(usage_type).0
}

/// One service as coarse bills name it, and the offer codes it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The label of the comparison row.
    pub label: &'static str,
    pub offer_codes: &'static [&'static str],
    /// The names Cost Explorer (`SERVICE`) and FOCUS (`ServiceName`) give it.
    pub bill_names: &'static [&'static str],
}

/// Offer codes ↔ service names of coarse bills. The names are those found in the real bills of
/// `../shared/fixtures/bills/` (Cost Explorer by SERVICE 2017-2025, the FOCUS 1.0 sample) and in
/// their offer files' `serviceName`; "Amazon ElastiCache" is the ElastiCache offer's name (no
/// fixture bill has ElastiCache). NAT gateways and data transfer out of EC2 are billed in Cost
/// Explorer as "EC2 - Other", so EC2, NAT and data transfer form one row.
pub const SERVICES: &[Service] = &[
    Service {
        label: "EC2, NAT gateway and data transfer",
        offer_codes: &["AmazonEC2", DATA_TRANSFER_OFFER],
        bill_names: &[
            "EC2 - Other",
            "Amazon Elastic Compute Cloud - Compute",
            "Amazon Elastic Compute Cloud",
            "AWS Data Transfer",
        ],
    },
    Service {
        label: "ECS (Fargate)",
        offer_codes: &["AmazonECS"],
        bill_names: &["Amazon Elastic Container Service"],
    },
    Service {
        label: "RDS",
        offer_codes: &["AmazonRDS"],
        bill_names: &["Amazon Relational Database Service"],
    },
    Service {
        label: "ElastiCache",
        offer_codes: &["AmazonElastiCache"],
        bill_names: &["Amazon ElastiCache"],
    },
    Service {
        label: "Elastic Load Balancing",
        offer_codes: &["AWSELB"],
        bill_names: &["Amazon Elastic Load Balancing", "Elastic Load Balancing"],
    },
    Service {
        label: "CloudWatch",
        offer_codes: &["AmazonCloudWatch"],
        bill_names: &["AmazonCloudWatch", "Amazon CloudWatch"],
    },
    Service {
        label: "Secrets Manager",
        offer_codes: &["AWSSecretsManager"],
        bill_names: &["AWS Secrets Manager"],
    },
    Service {
        label: "ECR",
        offer_codes: &["AmazonECR"],
        bill_names: &["Amazon EC2 Container Registry (ECR)"],
    },
    Service {
        label: "VPC (public IPv4, endpoints)",
        offer_codes: &["AmazonVPC"],
        bill_names: &["Amazon Virtual Private Cloud"],
    },
    Service {
        label: "S3",
        offer_codes: &["AmazonS3"],
        bill_names: &["Amazon Simple Storage Service"],
    },
];

/// The service an offer code bills under.
pub fn service_of_offer(offer_code: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.offer_codes.contains(&offer_code))
}

/// The service of a coarse bill's service key (a service name, or an offer code when the bill has one).
pub fn service_of_bill(name: &str) -> Option<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.bill_names.contains(&name) || s.offer_codes.contains(&name))
}

/// The offer code of a bill line's service key: the key itself when it is an offer code (CUR,
/// FOCUS `x_ServiceCode`), else the first offer code of the service it names (Cost Explorer
/// grouped by SERVICE and USAGE_TYPE names services, not offer codes).
pub fn offer_code_of(service_key: &str) -> &str {
    match service_of_bill(service_key) {
        Some(s) if !s.offer_codes.contains(&service_key) => s.offer_codes[0],
        _ => service_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_prefixes_are_stripped_where_they_are() {
        assert_eq!(
            usage_key("AmazonECS", "USE1-Fargate-GB-Hours"),
            usage_key("AmazonECS", "Fargate-GB-Hours")
        );
        assert_eq!(
            usage_key("AmazonEC2", "USE1-NatGateway-Bytes").usage_type,
            "NatGateway-Bytes"
        );
        // RDS and ElastiCache instance usage has no prefix, and nothing is cut from it.
        assert_eq!(
            usage_key("AmazonRDS", "Multi-AZUsage:db.t3.medium").usage_type,
            "Multi-AZUsage:db.t3.medium"
        );
        assert_eq!(
            usage_key("AmazonElastiCache", "NodeUsage:cache.t3.micro").usage_type,
            "NodeUsage:cache.t3.micro"
        );
        assert_eq!(
            split_region_prefix("EU-NatGateway-Hours"),
            (Some("eu-west-1"), "NatGateway-Hours")
        );
        assert_eq!(
            split_region_prefix("NatGateway-Hours"),
            (None, "NatGateway-Hours")
        );
    }

    #[test]
    fn service_names_stand_for_their_offer_code_at_usage_type_precision() {
        assert_eq!(
            offer_code_of("Amazon Elastic Container Service"),
            "AmazonECS"
        );
        assert_eq!(offer_code_of("EC2 - Other"), "AmazonEC2");
        assert_eq!(offer_code_of("AmazonECS"), "AmazonECS");
        assert_eq!(offer_code_of("AWSGlue"), "AWSGlue");
    }

    #[test]
    fn data_transfer_matches_whatever_service_moved_it() {
        assert_eq!(
            usage_key("AmazonEC2", "DataTransfer-Out-Bytes"),
            usage_key("AWSDataTransfer", "DataTransfer-Out-Bytes")
        );
        assert_eq!(
            usage_key("AWSCloudShell", "USE1-DataTransfer-Regional-Bytes").offer_code,
            DATA_TRANSFER_OFFER
        );
    }

    #[test]
    fn bill_regions_come_from_the_column_then_the_prefix() {
        assert_eq!(bill_region("us-east-1", "USW2-X"), Some("us-east-1"));
        assert_eq!(bill_region("", "USW2-Catalog-Request"), Some("us-west-2"));
        assert_eq!(bill_region("", "NatGateway-Hours"), None);
    }

    #[test]
    fn coarse_service_names_map_to_offer_codes() {
        let ec2 = service_of_bill("EC2 - Other").unwrap();
        assert_eq!(service_of_offer("AWSDataTransfer"), Some(ec2));
        assert_eq!(
            service_of_bill("Amazon Elastic Container Service")
                .unwrap()
                .label,
            "ECS (Fargate)"
        );
        assert_eq!(service_of_bill("Amazon Route 53"), None);
        // every offer code of the bundled tables has a service
        for code in [
            "AWSDataTransfer",
            "AWSELB",
            "AWSSecretsManager",
            "AmazonCloudWatch",
            "AmazonEC2",
            "AmazonECR",
            "AmazonECS",
            "AmazonElastiCache",
            "AmazonRDS",
            "AmazonS3",
            "AmazonVPC",
        ] {
            assert!(service_of_offer(code).is_some(), "{code}");
        }
    }
}
