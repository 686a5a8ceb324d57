//! CloudWatch: log ingestion (custom and vended) and storage, Logs Insights, custom metrics
//! (tiered), metric streams, alarms by alarm metric (anomaly detection = 3), composite alarms,
//! dashboards and API requests, with the free tier's allowances taken off the billed quantity
//! when `free_tier = true` (the line's component says what was free).

use super::free_tier::{self, Allowance};
use super::*;
use crate::error::Result;
use crate::estimate::pricer::quantity_mul;
use crate::estimate::{Group, Pricer};
use crate::money::format_quantity;
use crate::pricing::key;
use crate::topology::Topology;
use rust_decimal::Decimal;

/// The component of a line, with what the free tier covered when it covered anything.
fn label(component: &str, free: Decimal, unit: &str) -> String {
    if free.is_zero() {
        component.to_string()
    } else {
        format!(
            "{component}, after {} {unit} free (free tier)",
            format_quantity(free)
        )
    }
}

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let u = &t.usage;
    let g = Group::Cloudwatch;
    let free = !u.get(&FREE_TIER).is_zero();

    // Logs: one ingestion allowance, Standard class first.
    let mut ingest = Allowance::new(free, free_tier::LOGS_INGESTED_GB);
    for (input, component, k) in [
        (
            &LOGS_INGESTED_GB,
            "ingestion (Standard)",
            key::CW_LOGS_INGESTED_STANDARD,
        ),
        (
            &LOGS_INGESTED_INFREQUENT_ACCESS_GB,
            "ingestion (Infrequent Access)",
            key::CW_LOGS_INGESTED_IA,
        ),
    ] {
        let (billed, gb_free) = ingest.take(u.get(input));
        p.add(g, "logs", label(component, gb_free, "GB"), billed, k)?;
    }
    p.add(
        g,
        "logs",
        "vended logs delivered to CloudWatch Logs",
        u.get(&VENDED_LOGS_GB),
        VENDED_LOGS_KEY,
    )?;
    p.add(
        g,
        "logs",
        "vended logs delivered to S3",
        u.get(&VENDED_LOGS_S3_GB),
        VENDED_LOGS_S3_KEY,
    )?;
    let (billed, gb_free) =
        Allowance::new(free, free_tier::LOGS_STORED_GB).take(u.get(&LOGS_STORED_GB));
    p.add(
        g,
        "logs",
        label("storage", gb_free, "GB-month"),
        billed,
        key::CW_LOGS_STORED,
    )?;
    p.add(
        g,
        "logs",
        "Logs Insights scanned",
        u.get(&LOGS_INSIGHTS_SCANNED_GB),
        key::CW_LOGS_INSIGHTS,
    )?;

    let (billed, n_free) =
        Allowance::new(free, free_tier::CUSTOM_METRICS).take(u.get(&CUSTOM_METRICS));
    p.add(
        g,
        "metrics",
        label("custom metrics", n_free, "metrics"),
        billed,
        key::CW_CUSTOM_METRIC,
    )?;
    p.add(
        g,
        "metrics",
        "metric stream updates",
        u.get(&METRIC_STREAM_UPDATES),
        METRIC_STREAM_UPDATE_KEY,
    )?;

    alarms(t, p, free)?;

    let (billed, n_free) = Allowance::new(free, free_tier::DASHBOARDS).take(u.get(&DASHBOARDS));
    p.add(
        g,
        "dashboards",
        label("dashboards", n_free, "dashboards"),
        billed,
        key::CW_DASHBOARD,
    )?;
    let (billed, n_free) = Allowance::new(free, free_tier::API_REQUESTS).take(u.get(&API_REQUESTS));
    p.add(
        g,
        "api",
        label("requests", n_free, "requests"),
        billed,
        key::CW_API_REQUEST,
    )
}

/// Alarms, billed per alarm metric; the free alarm metrics are standard-resolution ones.
fn alarms(t: &Topology, p: &mut Pricer, free: bool) -> Result<()> {
    let u = &t.usage;
    let g = Group::Cloudwatch;
    let mut allowance = Allowance::new(free, free_tier::ALARM_METRICS);
    let (billed, n_free) = allowance.take(u.get(&ALARMS));
    p.add(
        g,
        "alarms",
        label("standard resolution", n_free, "alarm metrics"),
        billed,
        key::CW_ALARM_STANDARD,
    )?;
    p.add(
        g,
        "alarms",
        "high resolution",
        u.get(&HIGH_RESOLUTION_ALARMS),
        key::CW_ALARM_HIGH_RES,
    )?;
    let metrics = |input: &UsageInput| {
        quantity_mul(
            "anomaly detection alarm metrics",
            u.get(input),
            ANOMALY_DETECTION_ALARM_METRICS,
        )
    };
    let (billed, n_free) = allowance.take(metrics(&ANOMALY_DETECTION_ALARMS)?);
    p.add(
        g,
        "alarms",
        label(
            "anomaly detection, standard resolution (3 alarm metrics each)",
            n_free,
            "alarm metrics",
        ),
        billed,
        key::CW_ALARM_STANDARD,
    )?;
    p.add(
        g,
        "alarms",
        "anomaly detection, high resolution (3 alarm metrics each)",
        metrics(&HIGH_RESOLUTION_ANOMALY_DETECTION_ALARMS)?,
        key::CW_ALARM_HIGH_RES,
    )?;
    p.add(
        g,
        "alarms",
        "composite",
        u.get(&COMPOSITE_ALARMS),
        COMPOSITE_ALARM_KEY,
    )
}
