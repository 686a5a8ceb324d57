//! The CloudWatch logs, metrics, alarms and dashboards: the resource kind (a usage section,
//! `[cloudwatch]`), its import selectors, and its cost model in [`cost`]; the free tier's
//! allowances are in [`free_tier`].
//!
//! Alarms are billed per alarm metric: an alarm on one metric is one alarm metric, an alarm on a
//! metric math expression of N metrics is N, an anomaly detection alarm is 3 (the metric and the
//! upper and lower bounds of its band). Composite alarms, vended logs (VPC Flow Logs and other
//! AWS service logs) delivered to CloudWatch Logs or to S3 and metric streams have prices of
//! their own.

pub mod cost;
pub mod free_tier;
#[cfg(test)]
mod tests;

use super::Kind;
use super::usage::UsageInput;
use crate::model::Group;
use crate::pricing::import::rules::CwRow;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::key;

/// Vended logs (VPC Flow Logs, Route 53 resolver logs, …) delivered to CloudWatch Logs, tiered
/// per month.
pub const VENDED_LOGS_KEY: &str = "cloudwatch.vended_logs_gb";
/// Vended logs delivered to Amazon S3, tiered per month (S3 storage is priced in `[s3]`).
pub const VENDED_LOGS_S3_KEY: &str = "cloudwatch.vended_logs_s3_gb";
/// A composite alarm for a month.
pub const COMPOSITE_ALARM_KEY: &str = "cloudwatch.composite_alarm_month";
/// One metric update sent by a metric stream.
pub const METRIC_STREAM_UPDATE_KEY: &str = "cloudwatch.metric_stream_update";

/// Alarm metrics one anomaly detection alarm is billed as: the metric and the upper and lower
/// bounds of its band (infracost golden `cloudwatch_metric_alarm_test`, 2024-07-01: one
/// high-resolution anomaly detection alarm = "3 alarms $0.90").
pub const ANOMALY_DETECTION_ALARM_METRICS: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(3, 0, 0, false, 0);

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
    doc: "Standard-resolution alarm metrics: an alarm on one metric counts 1, an alarm on a metric math expression of N metrics counts N. Whole number. Default 0.",
};

/// `cloudwatch.high_resolution_alarms`
pub const HIGH_RESOLUTION_ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.high_resolution_alarms",
    whole: true,
    max: 1_000_000,
    doc: "High-resolution alarm metrics, counted like `alarms`. Whole number. Default 0.",
};

/// `cloudwatch.anomaly_detection_alarms`
pub const ANOMALY_DETECTION_ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.anomaly_detection_alarms",
    whole: true,
    max: 1_000_000,
    doc: "Standard-resolution anomaly detection alarms; each is billed as 3 alarm metrics (the metric and the upper and lower bounds of its band). Whole number. Default 0.",
};

/// `cloudwatch.high_resolution_anomaly_detection_alarms`
pub const HIGH_RESOLUTION_ANOMALY_DETECTION_ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.high_resolution_anomaly_detection_alarms",
    whole: true,
    max: 1_000_000,
    doc: "High-resolution anomaly detection alarms, 3 high-resolution alarm metrics each. Whole number. Default 0.",
};

/// `cloudwatch.composite_alarms`
pub const COMPOSITE_ALARMS: UsageInput = UsageInput {
    path: "cloudwatch.composite_alarms",
    whole: true,
    max: 1_000_000,
    doc: "Composite alarms (rules over other alarms), priced per alarm-month. Whole number. Default 0.",
};

/// `cloudwatch.vended_logs_gb`
pub const VENDED_LOGS_GB: UsageInput = UsageInput {
    path: "cloudwatch.vended_logs_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of vended logs (VPC Flow Logs and other AWS service logs) delivered to CloudWatch Logs per month, tiered (10 TB, 20 TB, 20 TB, beyond); their storage counts in `logs_stored_gb`. Default 0.",
};

/// `cloudwatch.vended_logs_s3_gb`
pub const VENDED_LOGS_S3_GB: UsageInput = UsageInput {
    path: "cloudwatch.vended_logs_s3_gb",
    whole: false,
    max: 100_000_000,
    doc: "GB of vended logs delivered to Amazon S3 per month, tiered; S3 storage is priced in `[s3]`. Default 0.",
};

/// `cloudwatch.metric_stream_updates`
pub const METRIC_STREAM_UPDATES: UsageInput = UsageInput {
    path: "cloudwatch.metric_stream_updates",
    whole: true,
    max: 1_000_000_000_000_000,
    doc: "Metric updates sent by metric streams per month (a metric streamed every minute is about 43,800 updates). Whole number. Default 0.",
};

/// `cloudwatch.free_tier`
pub const FREE_TIER: UsageInput = UsageInput::flag(
    "cloudwatch.free_tier",
    "Apply CloudWatch's always-free allowances (5 GB of log ingestion and 5 GB of log storage, 10 custom metrics, 10 standard-resolution alarm metrics, 3 dashboards, 1,000,000 API requests per month); each line says what was free. One allowance per account, so set it on one topology only. Default false.",
);

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
pub static INPUTS: [UsageInput; 16] = [
    LOGS_INGESTED_GB,
    LOGS_INGESTED_INFREQUENT_ACCESS_GB,
    VENDED_LOGS_GB,
    VENDED_LOGS_S3_GB,
    LOGS_STORED_GB,
    LOGS_INSIGHTS_SCANNED_GB,
    CUSTOM_METRICS,
    METRIC_STREAM_UPDATES,
    ALARMS,
    HIGH_RESOLUTION_ALARMS,
    ANOMALY_DETECTION_ALARMS,
    HIGH_RESOLUTION_ANOMALY_DETECTION_ALARMS,
    COMPOSITE_ALARMS,
    DASHBOARDS,
    API_REQUESTS,
    FREE_TIER,
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
    let cw_more: &[CwRow] = &[
        (
            VENDED_LOGS_KEY,
            "CloudWatch vended logs delivered to CloudWatch Logs (tiered per month)",
            "GB",
            "Data Payload",
            "VendedLog-Bytes",
            vec![],
        ),
        (
            COMPOSITE_ALARM_KEY,
            "CloudWatch composite alarm",
            "alarm-month",
            "Alarm",
            "CW:CompositeAlarmMonitorUsage",
            vec![],
        ),
    ];
    for (k, d, unit, fam, ut, extra) in cw.iter().chain(cw_more) {
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
    // The product family of these rows is not in the sources found; the usage type (region
    // prefix aside) picks the row.
    let no_family: &[(&str, &str, &str, &str)] = &[
        (
            VENDED_LOGS_S3_KEY,
            "CloudWatch vended logs delivered to Amazon S3 (tiered per month)",
            "GB",
            "S3-Egress-Bytes",
        ),
        (
            METRIC_STREAM_UPDATE_KEY,
            "CloudWatch metric stream update",
            "metric update",
            "CW:MetricStreamUsage",
        ),
    ];
    for (k, d, unit, ut) in no_family {
        b.add(*k, *d, unit, "AmazonCloudWatch", None, Some(ut), rc, vec![]);
    }
}
