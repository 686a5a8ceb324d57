//! CloudWatch: log ingestion and storage, Logs Insights, custom metrics (tiered), alarms, dashboards, API requests.

use crate::error::Result;
use crate::estimate::{Group, Pricer};
use crate::pricing::key;
use crate::topology::Topology;

pub fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
    let u = &t.usage;
    let g = Group::Cloudwatch;
    p.add(
        g,
        "logs",
        "ingestion (Standard)",
        u.get(&super::LOGS_INGESTED_GB),
        key::CW_LOGS_INGESTED_STANDARD,
    )?;
    p.add(
        g,
        "logs",
        "ingestion (Infrequent Access)",
        u.get(&super::LOGS_INGESTED_INFREQUENT_ACCESS_GB),
        key::CW_LOGS_INGESTED_IA,
    )?;
    p.add(
        g,
        "logs",
        "storage",
        u.get(&super::LOGS_STORED_GB),
        key::CW_LOGS_STORED,
    )?;
    p.add(
        g,
        "logs",
        "Logs Insights scanned",
        u.get(&super::LOGS_INSIGHTS_SCANNED_GB),
        key::CW_LOGS_INSIGHTS,
    )?;
    p.add(
        g,
        "metrics",
        "custom metrics",
        u.get(&super::CUSTOM_METRICS),
        key::CW_CUSTOM_METRIC,
    )?;
    p.add(
        g,
        "alarms",
        "standard resolution",
        u.get(&super::ALARMS),
        key::CW_ALARM_STANDARD,
    )?;
    p.add(
        g,
        "alarms",
        "high resolution",
        u.get(&super::HIGH_RESOLUTION_ALARMS),
        key::CW_ALARM_HIGH_RES,
    )?;
    p.add(
        g,
        "dashboards",
        "dashboards",
        u.get(&super::DASHBOARDS),
        key::CW_DASHBOARD,
    )?;
    p.add(
        g,
        "api",
        "requests",
        u.get(&super::API_REQUESTS),
        key::CW_API_REQUEST,
    )
}
