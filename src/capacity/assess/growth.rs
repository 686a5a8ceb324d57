//! `capacity --growth R --months N`: month-by-month required capacity and the cost of the
//! right-sized topology under compound growth, and the month at which each component must change.
//!
//! Each month is priced by the one estimate engine on the topology of that month: right-sized for
//! the grown load, with the volumes the load drives (internet out, NAT processed, inter-AZ) grown
//! with it, derived from the load where the file states the share they rest on, else the stated
//! volume times the load factor.

use super::analyse;
use super::right_size::{RightSizing, right_size_from};
use crate::capacity::database::CreditRisk;
use crate::capacity::growth::{ComponentTimeline, compound_factors};
use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::pricing::PriceTable;
use crate::topology::Topology;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthMonth {
    pub month: u32,
    pub load_factor: Decimal,
    /// Required tasks per service, in topology order (`None`: not sized from load).
    pub tasks: Vec<Option<u64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lcu_peak: Option<Decimal>,
    /// Internet-out GB the month's estimate prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_out_gb: Option<Decimal>,
    /// NAT-processed GB the month's estimate prices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_processed_gb: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_connections_during_deploy: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_credit_risk: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_fill_percent: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_node: Option<String>,
    /// Monthly cost of the topology right-sized for this month's load, from the estimate engine (exact).
    pub monthly_usd: Decimal,
    /// The estimate behind `monthly_usd` (its lines, for a display that adds up).
    #[serde(skip)]
    pub estimate: Estimate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentChange {
    pub component: String,
    pub provisioned: String,
    /// First month the provisioned value no longer suffices (`None`: holds for the whole plan).
    pub change_month: Option<u32>,
    pub needed_then: Option<String>,
}

/// One commitment over the plan: in which month the grown (or shrunk) usage outgrows it (the rest
/// is billed on demand) or falls below it (part of it is paid for and unused).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentCourse {
    pub name: String,
    pub kind: crate::estimate::commitment::CommitmentKind,
    /// First month some of the usage it may cover is left on demand: the need grew past the
    /// reserved count or the hourly commitment (`None`: it covers all of it for the whole plan).
    pub spill_month: Option<u32>,
    /// First month part of it goes unused (waste): the usage fell below it, or the resource was
    /// right-sized to a class it does not cover (`None`: fully used for the whole plan).
    pub waste_month: Option<u32>,
    pub months: Vec<CommitmentMonth>,
}

/// A commitment in one month of the plan (exact; as the month's estimate applies it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentMonth {
    pub month: u32,
    /// Share of the usage it may cover that it covers (0–1); `None` with no such usage.
    pub coverage: Option<Decimal>,
    /// Share of it used (0–1).
    pub utilisation: Option<Decimal>,
    /// What it covers at on-demand prices.
    pub covered_on_demand_monthly_usd: Decimal,
    /// Paid for and not used.
    pub unused_monthly_usd: Decimal,
}

/// Each commitment of the plan's months (they are the same commitments every month: the
/// reservations pinned to today's class and count).
fn commitment_courses(rows: &[GrowthMonth]) -> Vec<CommitmentCourse> {
    let Some(first) = rows.first().and_then(|r| r.estimate.commitments.as_ref()) else {
        return Vec::new();
    };
    first
        .applied
        .committed
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let months: Vec<CommitmentMonth> = rows
                .iter()
                .filter_map(|r| {
                    let c = r.estimate.commitments.as_ref()?.applied.committed.get(i)?;
                    Some(CommitmentMonth {
                        month: r.month,
                        coverage: c.coverage,
                        utilisation: c.utilisation,
                        covered_on_demand_monthly_usd: c.covered_on_demand_monthly_usd,
                        unused_monthly_usd: c.unused_monthly_usd,
                    })
                })
                .collect();
            CommitmentCourse {
                name: l.name.clone(),
                kind: l.kind,
                spill_month: months
                    .iter()
                    .find(|m| m.coverage.is_some_and(|c| c < Decimal::ONE))
                    .map(|m| m.month),
                waste_month: months
                    .iter()
                    .find(|m| m.utilisation.is_none_or(|u| u < Decimal::ONE))
                    .map(|m| m.month),
                months,
            }
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrowthReport {
    pub name: String,
    pub monthly_growth_percent: Decimal,
    pub months: u32,
    pub services: Vec<String>,
    /// Cost of the topology as written (no growth, no right-sizing), exact.
    pub current_monthly_usd: Decimal,
    /// The estimate behind `current_monthly_usd`.
    #[serde(skip)]
    pub current: Estimate,
    pub rows: Vec<GrowthMonth>,
    pub changes: Vec<ComponentChange>,
    /// With commitments: when each stops covering the need or becomes oversized.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<CommitmentCourse>,
}

/// Grows the volumes whose share the file does not state with the load: the stated GB times
/// `factor` (where the share is stated, [`right_size_from`] already set the volume derived at
/// `factor`).
fn grow_stated_volumes(
    rs: &mut RightSizing,
    report: &super::CapacityReport,
    factor: Decimal,
) -> Result<()> {
    let Some(traffic) = &report.traffic else {
        return Ok(());
    };
    for v in traffic.volumes.iter().filter(|v| !v.share_stated) {
        let grown = v
            .stated_gb
            .checked_mul(factor)
            .ok_or_else(|| Error::overflow(format!("the grown {} GB", v.what)))?
            .normalize();
        if grown != v.stated_gb {
            *rs.volume_mut(v.what) = Some(grown);
        }
    }
    Ok(())
}

/// The growth plan of `t` at `monthly_rate` (a fraction: 0.1 = 10 %) for `months` months.
pub fn plan(
    t: &Topology,
    table: &PriceTable,
    monthly_rate: Decimal,
    months: u32,
) -> Result<GrowthReport> {
    let factors = compound_factors(monthly_rate, months)?;
    let current = crate::estimate(t, table)?;
    // Months are right-sized copies of `t`; its reservations stay on today's class and count.
    let mut pinned = t.clone();
    crate::estimate::commitment::pin_reservations(&mut pinned);
    let mut rows = Vec::with_capacity(factors.len());
    for (m, &f) in factors.iter().enumerate() {
        let report = analyse(t, table, f)?;
        let mut rs = right_size_from(t, table, f, &report)?;
        grow_stated_volumes(&mut rs, &report, f)?;
        let month_topology = rs.apply_to(&pinned);
        let cost = crate::estimate(&month_topology, table)?;
        let has_volume = |what: &str| {
            report
                .traffic
                .as_ref()
                .is_some_and(|tr| tr.volumes.iter().any(|v| v.what == what))
        };
        let db = report.database.as_ref();
        rows.push(GrowthMonth {
            month: u32::try_from(m).unwrap_or(u32::MAX),
            load_factor: f.round_dp(4).normalize(),
            tasks: report
                .services
                .iter()
                .map(|s| s.sizing.as_ref().map(|z| z.tasks_required))
                .collect(),
            lcu_peak: report.load_balancer.as_ref().map(|l| l.peak.billed),
            internet_out_gb: has_volume("internet out")
                .then_some(month_topology.data_transfer.internet_out_gb),
            nat_processed_gb: month_topology
                .nat
                .as_ref()
                .filter(|_| has_volume("nat processed"))
                .map(|n| n.data_processed_gb),
            db_connections_during_deploy: {
                // demand at this month's right-sized counts (provisioned where not sized)
                let counts: Vec<u64> = report
                    .services
                    .iter()
                    .map(|s| {
                        s.sizing
                            .as_ref()
                            .map_or(u64::from(s.provisioned), |z| z.tasks_required)
                    })
                    .collect();
                let sized = |i: usize, _: &crate::topology::Service| counts[i];
                super::database_capacity(t, table, f, &sized)?
                    .and_then(|d| d.connections)
                    .map(|c| c.during_deploy)
            },
            db_class: t.databases.first().map(|d| {
                rs.db_class
                    .clone()
                    .unwrap_or_else(|| d.instance_class.clone())
            }),
            db_credit_risk: db.and_then(|d| d.credits.as_ref()).map(|c| c.risk),
            // fill of the node in use that month (the right-sized one once it changes)
            cache_fill_percent: match (&rs.cache_node, report.cache.as_ref()) {
                (Some(node), Some(c)) => crate::capacity::cache::node_type(node).and_then(|n| {
                    let (engine, shards) = t.caches.first().map_or(("redis", 1), |c| {
                        (c.engine.as_str(), c.data_partitions().max(1))
                    });
                    let usable = n.usable_gib_for(engine, t.load.cache_reserved_memory_percent)
                        * Decimal::from(shards);
                    c.data_gb
                        .and_then(|d| d.checked_div(usable))
                        .map(|f| (f * Decimal::ONE_HUNDRED).round_dp(1).normalize())
                }),
                (_, c) => c.and_then(|c| c.fill_percent),
            },
            cache_node: t
                .caches
                .first()
                .filter(|c| !c.is_serverless())
                .map(|c| rs.cache_node.clone().unwrap_or_else(|| c.node_type.clone())),
            monthly_usd: cost.total_monthly_usd,
            estimate: cost,
        });
    }
    let mut changes = Vec::new();
    for (i, s) in t.services.iter().enumerate() {
        let required: Option<Vec<u64>> = rows.iter().map(|r| r.tasks[i]).collect();
        let Some(required) = required else { continue };
        let timeline = ComponentTimeline::new(s.name.clone(), u64::from(s.count), required);
        changes.push(ComponentChange {
            component: format!("service {} tasks", s.name),
            provisioned: s.count.to_string(),
            change_month: timeline.change_month,
            needed_then: timeline
                .change_month
                .map(|m| timeline.required[m as usize].to_string()),
        });
    }
    let first = |pred: &dyn Fn(&GrowthMonth) -> bool| rows.iter().find(|r| pred(r));
    if let Some(db) = t.databases.first() {
        let change = first(&|r| {
            r.db_class
                .as_deref()
                .is_some_and(|c| c != db.instance_class)
        });
        changes.push(ComponentChange {
            component: "database instance_class".into(),
            provisioned: db.instance_class.clone(),
            change_month: change.map(|r| r.month),
            needed_then: change.and_then(|r| r.db_class.clone()),
        });
        if rows.iter().any(|r| r.db_credit_risk.is_some()) {
            let change =
                first(&|r| r.db_credit_risk == Some(CreditRisk::SustainedAboveBaseline.id()));
            changes.push(ComponentChange {
                component: "database CPU credits".into(),
                provisioned: db.instance_class.clone(),
                change_month: change.map(|r| r.month),
                needed_then: change.map(|_| "a class whose baseline covers the average CPU".into()),
            });
        }
    }
    if let Some(c) = t.caches.first().filter(|c| !c.is_serverless()) {
        let change = first(&|r| r.cache_node.as_deref().is_some_and(|n| n != c.node_type));
        changes.push(ComponentChange {
            component: "cache node_type".into(),
            provisioned: c.node_type.clone(),
            change_month: change.map(|r| r.month),
            needed_then: change.and_then(|r| r.cache_node.clone()),
        });
    }
    Ok(GrowthReport {
        name: t.name.clone(),
        monthly_growth_percent: (monthly_rate * Decimal::ONE_HUNDRED).normalize(),
        months,
        services: t.services.iter().map(|s| s.name.clone()).collect(),
        current_monthly_usd: current.total_monthly_usd,
        current,
        commitments: commitment_courses(&rows),
        rows,
        changes,
    })
}
