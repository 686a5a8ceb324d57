//! The ECS services on AWS Fargate: the resource kind (section `[service]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
pub mod sizes;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("service", Group::EcsFargate, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
    // Fargate (AmazonECS, productFamily Compute; excludes `Compute Metering` by family).
    let fargate: &[(String, &str, &str, &str)] = &[
        (
            key::fargate_vcpu_hour(false, "linux", "x86_64"),
            "AWS Fargate vCPU, Linux/x86_64",
            "vCPU-hour",
            "Fargate-vCPU-Hours:perCPU",
        ),
        (
            key::fargate_gb_hour(false, "linux", "x86_64"),
            "AWS Fargate memory, Linux/x86_64",
            "GB-hour",
            "Fargate-GB-Hours",
        ),
        (
            key::fargate_vcpu_hour(false, "linux", "arm64"),
            "AWS Fargate vCPU, Linux/ARM (Graviton)",
            "vCPU-hour",
            "Fargate-ARM-vCPU-Hours:perCPU",
        ),
        (
            key::fargate_gb_hour(false, "linux", "arm64"),
            "AWS Fargate memory, Linux/ARM (Graviton)",
            "GB-hour",
            "Fargate-ARM-GB-Hours",
        ),
        (
            key::fargate_vcpu_hour(false, "windows", "x86_64"),
            "AWS Fargate vCPU, Windows/x86_64",
            "vCPU-hour",
            "Fargate-Windows-vCPU-Hours:perCPU",
        ),
        (
            key::fargate_gb_hour(false, "windows", "x86_64"),
            "AWS Fargate memory, Windows/x86_64",
            "GB-hour",
            "Fargate-Windows-GB-Hours",
        ),
        (
            key::FARGATE_WINDOWS_LICENSE.to_string(),
            "AWS Fargate Windows OS licence fee, per vCPU",
            "vCPU-hour",
            "Fargate-Windows-OS-Hours:perCPU",
        ),
        (
            key::FARGATE_EPHEMERAL_STORAGE.to_string(),
            "AWS Fargate ephemeral storage beyond the 20 GB included",
            "GB-hour",
            "Fargate-EphemeralStorage-GB-Hours",
        ),
    ];
    for (k, d, unit, ut) in fargate {
        b.add(
            k.clone(),
            *d,
            unit,
            "AmazonECS",
            Some("Compute"),
            Some(ut),
            rc,
            vec![],
        );
    }
}
