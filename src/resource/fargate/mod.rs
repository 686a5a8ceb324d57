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

#[cfg(test)]
mod tests {
    use crate::pricing::PriceCatalog;
    use crate::source::SourceFile;

    fn estimate(services: &str) -> crate::Result<crate::Estimate> {
        let catalog = PriceCatalog::bundled().unwrap();
        let text = format!("name = \"t\"\nregion = \"us-east-1\"\n{services}");
        let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)?;
        crate::estimate::price(&t, catalog.table("us-east-1").unwrap())
    }

    const FARGATE: &str = "[[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n";

    #[test]
    fn ec2_tasks_are_not_priced_as_fargate_and_the_estimate_says_why() {
        let e = estimate(&format!(
            "{FARGATE}[[service]]\nname = \"batch\"\ncount = 4\nvcpu = 3\nmemory_gb = 7\nlaunch_type = \"ec2\"\n"
        ))
        .unwrap();
        assert!(
            e.line_items.iter().all(|l| l.resource == "api"),
            "{:?}",
            e.line_items
        );
        assert_eq!(e.line_items.len(), 2);
        assert!(
            e.warnings
                .iter()
                .any(|w| w.contains("EC2 launch type") && w.contains("batch")),
            "{:?}",
            e.warnings
        );
    }

    #[test]
    fn ec2_refuses_fargate_spot_and_fargate_checks_its_sizes() {
        let spot = estimate(
            "[[service]]\nname = \"b\"\ncount = 1\nvcpu = 1\nmemory_gb = 2\nlaunch_type = \"ec2\"\ncapacity = \"spot\"\n",
        )
        .unwrap_err();
        assert!(spot.to_string().contains("Fargate Spot"), "{spot}");
        // 3 vCPU is no Fargate size, but fine on an EC2 instance.
        let fargate = estimate("[[service]]\nname = \"b\"\ncount = 1\nvcpu = 3\nmemory_gb = 7\n")
            .unwrap_err();
        assert!(
            fargate.to_string().contains("not a Fargate task size"),
            "{fargate}"
        );
        let typo = estimate(
            "[[service]]\nname = \"b\"\ncount = 1\nvcpu = 1\nmemory_gb = 2\nlaunch_type = \"ec3\"\n",
        )
        .unwrap_err();
        assert!(typo.to_string().contains("launch_type"), "{typo}");
    }
}
