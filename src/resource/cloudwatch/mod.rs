//! The CloudWatch logs, metrics, alarms and dashboards: the resource kind (a usage section, `[cloudwatch]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;

use super::Kind;
use super::usage::UsageInput;
use crate::model::Group;
use crate::pricing::import::rules::CwRow;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::key;

/// `cloudwatch.logs_ingested_gb`
pub const LOGS_INGESTED_GB: UsageInput = UsageInput {
    path: "cloudwatch.logs_ingested_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of logs ingested per month, Standard class. Default 0.",
};

/// `cloudwatch.logs_ingested_infrequent_access_gb`
pub const LOGS_INGESTED_INFREQUENT_ACCESS_GB: UsageInput = UsageInput {
    path: "cloudwatch.logs_ingested_infrequent_access_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of logs ingested per month, Infrequent Access class. Default 0.",
};

/// `cloudwatch.logs_stored_gb`
pub const LOGS_STORED_GB: UsageInput = UsageInput {
    path: "cloudwatch.logs_stored_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of logs stored (average over the month). Default 0.",
};

/// `cloudwatch.logs_insights_scanned_gb`
pub const LOGS_INSIGHTS_SCANNED_GB: UsageInput = UsageInput {
    path: "cloudwatch.logs_insights_scanned_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB scanned by Logs Insights queries per month. Default 0.",
};

/// `cloudwatch.custom_metrics`
pub const CUSTOM_METRICS: UsageInput = UsageInput {
    path: "cloudwatch.custom_metrics",
    whole: true,
    max: 100_000_000,
    doc: "Custom metrics (tiered). Whole number. Default 0.",
};

/// `cloudwatch.alarms`
pub const ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.alarms",
    whole: true,
    max: 1_000_000,
    doc: "Standard-resolution alarms. Whole number. Default 0.",
};

/// `cloudwatch.high_resolution_alarms`
pub const HIGH_RESOLUTION_ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.high_resolution_alarms",
    whole: true,
    max: 1_000_000,
    doc: "High-resolution alarms. Whole number. Default 0.",
};

/// `cloudwatch.dashboards`
pub const DASHBOARDS: UsageInput = UsageInput {
    path: "cloudwatch.dashboards",
    whole: true,
    max: 100_000,
    doc: "Dashboards. Whole number. Default 0.",
};

/// `cloudwatch.api_requests`
pub const API_REQUESTS: UsageInput = UsageInput {
    path: "cloudwatch.api_requests",
    whole: false,
    max: 1_000_000_000_000_000,
    doc: "API requests per month (GetMetricData and others). Default 0.",
};

/// The inputs of `[cloudwatch]`: the one table their validation, paths, schema and docs read.
pub static INPUTS: [UsageInput; 9] = [
    LOGS_INGESTED_GB,
    LOGS_INGESTED_INFREQUENT_ACCESS_GB,
    LOGS_STORED_GB,
    LOGS_INSIGHTS_SCANNED_GB,
    CUSTOM_METRICS,
    ALARMS,
    HIGH_RESOLUTION_ALARMS,
    DASHBOARDS,
    API_REQUESTS,
];

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("cloudwatch", Group::Cloudwatch, cost::price, selectors).usage(
    &INPUTS,
    "CloudWatch logs, metrics, alarms and dashboards per month.",
);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    let rc = Some("regionCode");
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
    // Vended logs (VPC Flow Logs and others delivered to CloudWatch Logs), in volume tiers.
    b.add(
        "cloudwatch.vended_logs_gb",
        "CloudWatch vended logs delivered to CloudWatch Logs (tiered per month)",
        "GB",
        "AmazonCloudWatch",
        Some("Data Payload"),
        Some("VendedLog-Bytes"),
        rc,
        vec![],
    );
}
