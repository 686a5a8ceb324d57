//! One selector per price key of the bundled tables, for a region. The RDS and ElastiCache
//! selectors are generated from the class lists below.

use super::selector::{AttrMatch, CarriedKey, Selector};
use crate::pricing::key;

/// RDS for PostgreSQL instance classes the tables carry.
pub const RDS_CLASSES: &[&str] = &[
    "db.t3.micro",
    "db.t3.small",
    "db.t3.medium",
    "db.t3.large",
    "db.t4g.micro",
    "db.t4g.small",
    "db.t4g.medium",
    "db.t4g.large",
    "db.m5.large",
    "db.m6g.large",
    "db.m6g.xlarge",
    "db.m6g.2xlarge",
    "db.m6i.large",
    "db.m7g.large",
    "db.r5.large",
    "db.r6g.large",
    "db.r6g.xlarge",
    "db.r6g.2xlarge",
    "db.r7g.xlarge",
];

/// ElastiCache node types the tables carry (for both Redis OSS and Valkey).
pub const CACHE_NODES: &[&str] = &[
    "cache.t3.micro",
    "cache.t3.small",
    "cache.t3.medium",
    "cache.t4g.micro",
    "cache.t4g.small",
    "cache.t4g.medium",
    "cache.m6g.large",
    "cache.r6g.large",
];

/// The offer files `pricing update` downloads for a region.
pub const OFFER_CODES: &[&str] = &[
    "AmazonECS",
    "AmazonRDS",
    "AmazonElastiCache",
    "AWSELB",
    "AmazonEC2",
    "AWSDataTransfer",
    "AmazonCloudWatch",
    "AWSSecretsManager",
    "AmazonECR",
    "AmazonVPC",
];

/// Keys no offer file publishes; an update keeps the existing entries.
pub fn carried_keys() -> Vec<CarriedKey> {
    let reason = "Fargate Spot prices vary and are not published in the AmazonECS offer file";
    vec![
        CarriedKey {
            key: key::fargate_vcpu_hour(true, "linux", "x86_64"),
            reason,
        },
        CarriedKey {
            key: key::fargate_gb_hour(true, "linux", "x86_64"),
            reason,
        },
    ]
}

/// The region another region's inter-region transfer price is read for: the table keeps one
/// representative "to another region" price per source region.
pub fn inter_region_destination(region: &str) -> &'static str {
    if region == "us-east-1" {
        "us-west-2"
    } else {
        "us-east-1"
    }
}

/// CloudWatch rows: key, description, unit, product family, usage type, extra matches.
type CwRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<AttrMatch>,
);

struct Builder {
    region: String,
    out: Vec<Selector>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: impl Into<String>,
        description: impl Into<String>,
        unit: &str,
        offer_code: &'static str,
        family: Option<&'static str>,
        usage_type: Option<&str>,
        region_attr: Option<&'static str>,
        mut extra: Vec<AttrMatch>,
    ) {
        let mut attributes = Vec::new();
        if let Some(u) = usage_type {
            attributes.push(AttrMatch::UsageType(u.to_string()));
        }
        if let Some(r) = region_attr {
            attributes.push(AttrMatch::Equals(r, self.region.clone()));
        }
        attributes.append(&mut extra);
        self.out.push(Selector {
            key: key.into(),
            description: description.into(),
            unit: unit.to_string(),
            offer_code,
            product_family: family,
            attributes,
        });
    }
}

fn eq(name: &'static str, v: &str) -> AttrMatch {
    AttrMatch::Equals(name, v.to_string())
}

/// The selectors for every offer-file key of a region's table, in table order.
pub fn selectors(region: &str) -> Vec<Selector> {
    let mut b = Builder {
        region: region.to_string(),
        out: Vec::new(),
    };
    let rc = Some("regionCode");
    let no_ext = || AttrMatch::NotContains("usagetype", "ExtendedSupport");

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

    // RDS for PostgreSQL instances, generated from the class list.
    for class in RDS_CLASSES {
        for (dep, option, prefix, what) in [
            ("single_az", "Single-AZ", "InstanceUsage", "Single-AZ"),
            (
                "multi_az",
                "Multi-AZ",
                "Multi-AZUsage",
                "Multi-AZ (primary + standby)",
            ),
        ] {
            b.add(
                key::rds_instance_hour("postgres", dep, class),
                format!("RDS for PostgreSQL {class}, {what}"),
                "instance-hour",
                "AmazonRDS",
                Some("Database Instance"),
                Some(&format!("{prefix}:{class}")),
                rc,
                vec![
                    eq("instanceType", class),
                    eq("databaseEngine", "PostgreSQL"),
                    eq("deploymentOption", option),
                    no_ext(),
                ],
            );
        }
    }
    // RDS storage and IOPS.
    for (st, volume, storage_ut, iops_ut) in [
        ("gp2", "General Purpose", "GP2-Storage", None),
        (
            "gp3",
            "General Purpose-GP3",
            "GP3-Storage",
            Some("GP3-PIOPS"),
        ),
        ("io1", "Provisioned IOPS", "PIOPS-Storage", Some("PIOPS")),
    ] {
        for (dep, option, ut_prefix, what) in [
            ("single_az", "Single-AZ", "RDS:", "Single-AZ"),
            ("multi_az", "Multi-AZ", "RDS:Multi-AZ-", "Multi-AZ"),
        ] {
            b.add(
                key::rds_storage_gb_month(st, dep),
                format!("RDS {st} storage, {what}"),
                "GB-month",
                "AmazonRDS",
                Some("Database Storage"),
                Some(&format!("{ut_prefix}{storage_ut}")),
                rc,
                vec![eq("volumeType", volume), eq("deploymentOption", option)],
            );
            if let Some(iops) = iops_ut {
                b.add(
                    key::rds_iops_month(st, dep),
                    format!("RDS {st} provisioned IOPS, {what}"),
                    "IOPS-month",
                    "AmazonRDS",
                    Some("Provisioned IOPS"),
                    Some(&format!("{ut_prefix}{iops}")),
                    rc,
                    vec![eq("deploymentOption", option)],
                );
            }
        }
    }
    b.add(
        key::RDS_BACKUP_STORAGE,
        "RDS backup storage beyond the free allowance",
        "GB-month",
        "AmazonRDS",
        Some("Storage Snapshot"),
        Some("RDS:ChargedBackupUsage"),
        rc,
        vec![],
    );
    b.add(
        key::RDS_CPU_CREDIT,
        "RDS surplus CPU credits (burstable classes, unlimited mode)",
        "vCPU-hour",
        "AmazonRDS",
        Some("CPU Credits"),
        Some("CPUCredits:db.t4g"),
        rc,
        vec![],
    );

    // ElastiCache nodes, generated from the node list.
    for node in CACHE_NODES {
        for (engine, cache_engine, name) in [
            ("redis", "Redis", "Redis OSS"),
            ("valkey", "Valkey", "Valkey"),
        ] {
            b.add(
                key::elasticache_node_hour(engine, node),
                format!("ElastiCache for {name} {node} node"),
                "node-hour",
                "AmazonElastiCache",
                Some("Cache Instance"),
                Some(&format!("NodeUsage:{node}")),
                rc,
                vec![
                    eq("instanceType", node),
                    eq("cacheEngine", cache_engine),
                    no_ext(),
                ],
            );
        }
    }
    b.add(
        key::ELASTICACHE_BACKUP_STORAGE,
        "ElastiCache backup storage beyond the free snapshot",
        "GB-month",
        "AmazonElastiCache",
        Some("Storage Snapshot"),
        Some("BackupUsage"),
        rc,
        vec![],
    );

    // Application Load Balancer.
    let alb_guard = || {
        vec![
            eq("locationType", "AWS Region"),
            AttrMatch::NotStartsWith("usagetype", "TS-"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ]
    };
    b.add(
        key::ALB_HOUR,
        "Application Load Balancer hour",
        "ALB-hour",
        "AWSELB",
        Some("Load Balancer-Application"),
        Some("LoadBalancerUsage"),
        rc,
        alb_guard(),
    );
    b.add(
        key::ALB_LCU_HOUR,
        "Application Load Balancer capacity unit hour",
        "LCU-hour",
        "AWSELB",
        Some("Load Balancer-Application"),
        Some("LCUUsage"),
        rc,
        alb_guard(),
    );

    // NAT gateway (AmazonEC2): not the regional NAT gateway, provisioned or Outposts SKUs.
    let nat_guard = || {
        vec![
            AttrMatch::NotContains("usagetype", "Regional"),
            AttrMatch::NotContains("usagetype", "Prvd"),
            AttrMatch::NotContains("usagetype", "Outposts"),
        ]
    };
    b.add(
        key::NAT_GATEWAY_HOUR,
        "NAT gateway hour",
        "gateway-hour",
        "AmazonEC2",
        Some("NAT Gateway"),
        Some("NatGateway-Hours"),
        rc,
        nat_guard(),
    );
    b.add(
        key::NAT_DATA_PROCESSED,
        "NAT gateway data processed",
        "GB",
        "AmazonEC2",
        Some("NAT Gateway"),
        Some("NatGateway-Bytes"),
        rc,
        nat_guard(),
    );

    // Data transfer.
    let from = Some("fromRegionCode");
    b.add(
        key::INTERNET_OUT,
        "Data transfer out to the internet (tiered per month)",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("DataTransfer-Out-Bytes"),
        from,
        vec![
            eq("transferType", "AWS Outbound"),
            eq("toLocation", "External"),
        ],
    );
    b.add(
        key::INTERNET_OUT_FREE,
        "Data transfer out to the internet, free allowance aggregated across regions and services",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("Global-DataTransfer-Out-Bytes"),
        None,
        vec![],
    );
    b.add(
        key::INTER_AZ,
        "Data transfer between availability zones, charged in each direction",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("DataTransfer-Regional-Bytes"),
        from,
        vec![eq("transferType", "IntraRegion")],
    );
    let dest = inter_region_destination(region);
    b.add(
        key::INTER_REGION_OUT,
        format!("Data transfer out to another AWS region (price to {dest})"),
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        None,
        from,
        vec![
            eq("transferType", "InterRegion Outbound"),
            eq("toRegionCode", dest),
        ],
    );

    // CloudWatch.
    let cw: &[CwRow] = &[
        (
            key::CW_LOGS_INGESTED_STANDARD,
            "CloudWatch Logs ingestion, Standard class",
            "GB",
            "Data Payload",
            "DataProcessing-Bytes",
            vec![],
        ),
        (
            key::CW_LOGS_INGESTED_IA,
            "CloudWatch Logs ingestion, Infrequent Access class",
            "GB",
            "Data Payload",
            "DataProcessing-IA-Bytes",
            vec![],
        ),
        (
            key::CW_LOGS_STORED,
            "CloudWatch Logs storage (archive)",
            "GB-month",
            "Storage Snapshot",
            "TimedStorage-ByteHrs",
            vec![],
        ),
        (
            key::CW_LOGS_INSIGHTS,
            "CloudWatch Logs Insights data scanned",
            "GB",
            "Data Payload",
            "DataScanned-Bytes",
            vec![],
        ),
        (
            key::CW_CUSTOM_METRIC,
            "CloudWatch custom metrics (tiered per month)",
            "metric-month",
            "Metric",
            "CW:MetricMonitorUsage",
            vec![],
        ),
        (
            key::CW_ALARM_STANDARD,
            "CloudWatch alarm, standard resolution",
            "alarm-month",
            "Alarm",
            "CW:AlarmMonitorUsage",
            vec![eq("alarmType", "Standard")],
        ),
        (
            key::CW_ALARM_HIGH_RES,
            "CloudWatch alarm, high resolution",
            "alarm-month",
            "Alarm",
            "CW:AlarmMonitorUsage",
            vec![eq("alarmType", "High Resolution")],
        ),
        (
            key::CW_DASHBOARD,
            "CloudWatch dashboard",
            "dashboard-month",
            "Dashboard",
            "DashboardsUsageHour",
            vec![],
        ),
        (
            key::CW_API_REQUEST,
            "CloudWatch API requests (GetMetricData and others)",
            "request",
            "API Request",
            "CW:Requests",
            vec![],
        ),
    ];
    for (k, d, unit, fam, ut, extra) in cw {
        b.add(
            *k,
            *d,
            unit,
            "AmazonCloudWatch",
            Some(fam),
            Some(ut),
            rc,
            extra.clone(),
        );
    }

    b.add(
        key::SECRETS_MANAGER_SECRET,
        "Secrets Manager secret",
        "secret-month",
        "AWSSecretsManager",
        Some("Secret"),
        Some("AWSSecretsManager-Secrets"),
        rc,
        vec![],
    );
    b.add(
        key::SECRETS_MANAGER_API,
        "Secrets Manager API call",
        "request",
        "AWSSecretsManager",
        Some("API Request"),
        Some("AWSSecretsManagerAPIRequest"),
        rc,
        vec![],
    );
    b.add(
        key::ECR_STORAGE,
        "ECR image storage",
        "GB-month",
        "AmazonECR",
        Some("EC2 Container Registry"),
        Some("TimedStorage-ByteHrs"),
        rc,
        vec![],
    );
    b.add(
        key::PUBLIC_IPV4_HOUR,
        "Public IPv4 address, in use or idle (since 2024-02-01)",
        "IP-hour",
        "AmazonVPC",
        None,
        Some("PublicIPv4:InUseAddress"),
        rc,
        vec![],
    );
    b.add(
        key::VPC_ENDPOINT_AZ_HOUR,
        "VPC interface endpoint, per endpoint per AZ",
        "endpoint-AZ-hour",
        "AmazonVPC",
        Some("VpcEndpoint"),
        Some("VpcEndpoint-Hours"),
        rc,
        vec![],
    );
    b.add(
        key::VPC_ENDPOINT_GB,
        "VPC interface endpoint data processed (tiered per month)",
        "GB",
        "AmazonVPC",
        Some("VpcEndpoint"),
        Some("VpcEndpoint-Bytes"),
        rc,
        vec![],
    );
    b.out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::PriceCatalog;

    #[test]
    fn every_bundled_us_east_1_key_has_exactly_one_selector_or_is_carried() {
        let sel = selectors("us-east-1");
        let carried = carried_keys();
        let table = PriceCatalog::bundled().unwrap();
        let t = table.table("us-east-1").unwrap();
        for p in t.prices() {
            let n = sel.iter().filter(|s| s.key == p.key).count()
                + carried.iter().filter(|c| c.key == p.key).count();
            assert_eq!(n, 1, "{}", p.key);
        }
        for s in &sel {
            assert!(
                t.contains(&s.key),
                "selector for a key the table lacks: {}",
                s.key
            );
            assert!(OFFER_CODES.contains(&s.offer_code), "{}", s.offer_code);
        }
        assert_eq!(sel.len() + carried.len(), t.prices().count());
    }

    #[test]
    fn bundled_usage_types_are_what_the_selectors_look_for() {
        use crate::pricing::import::selector::usage_type_matches;
        let catalog = PriceCatalog::bundled().unwrap();
        for t in catalog.tables() {
            let sel = selectors(&t.region);
            for p in t.prices() {
                let Some(s) = sel.iter().find(|s| s.key == p.key) else {
                    continue; // carried keys
                };
                assert_eq!(s.offer_code, p.offer_code, "{} {}", t.region, p.key);
                for a in &s.attributes {
                    if let AttrMatch::UsageType(base) = a {
                        assert!(
                            usage_type_matches(&p.usage_type, base),
                            "{} {}: `{}` vs `{base}`",
                            t.region,
                            p.key,
                            p.usage_type
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn class_lists_generate_two_selectors_each() {
        let sel = selectors("eu-west-1");
        let rds = sel
            .iter()
            .filter(|s| s.key.starts_with("rds.instance_hour."))
            .count();
        let cache = sel
            .iter()
            .filter(|s| s.key.starts_with("elasticache.node_hour."))
            .count();
        assert_eq!(rds, RDS_CLASSES.len() * 2);
        assert_eq!(cache, CACHE_NODES.len() * 2);
        assert!(sel.iter().all(|s| {
            !s.attributes
                .contains(&AttrMatch::Equals("regionCode", "us-east-1".into()))
        }));
    }
}
