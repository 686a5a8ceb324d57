//! CloudWatch: log ingestion and storage, Logs Insights, custom metrics (tiered), alarms, dashboards, API requests.

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let c = &t.cloudwatch;
    let g = Group::Cloudwatch;
    p.add(
        g,
        "logs",
        "ingestion (Standard)",
        c.logs_ingested_gb,
        key::CW_LOGS_INGESTED_STANDARD,
    )?;
    p.add(
        g,
        "logs",
        "ingestion (Infrequent Access)",
        c.logs_ingested_infrequent_access_gb,
        key::CW_LOGS_INGESTED_IA,
    )?;
    p.add(g, "logs", "storage", c.logs_stored_gb, key::CW_LOGS_STORED)?;
    p.add(
        g,
        "logs",
        "Logs Insights scanned",
        c.logs_insights_scanned_gb,
        key::CW_LOGS_INSIGHTS,
    )?;
    p.add(
        g,
        "metrics",
        "custom metrics",
        c.custom_metrics,
        key::CW_CUSTOM_METRIC,
    )?;
    p.add(
        g,
        "alarms",
        "standard resolution",
        c.alarms,
        key::CW_ALARM_STANDARD,
    )?;
    p.add(
        g,
        "alarms",
        "high resolution",
        c.high_resolution_alarms,
        key::CW_ALARM_HIGH_RES,
    )?;
    p.add(
        g,
        "dashboards",
        "dashboards",
        c.dashboards,
        key::CW_DASHBOARD,
    )?;
    p.add(g, "api", "requests", c.api_requests, key::CW_API_REQUEST)
}
