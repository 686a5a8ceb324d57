//! Capacity of a topology under its stated load: the glue between the validated [`Topology`] and
//! the pure models in [`crate::capacity`]. Produces a [`CapacityReport`] (what each component
//! needs against what is provisioned), the failing checks ([`Breach`]), the right-sizing edits
//! that [`right_size`] turns into a topology, and growth plans ([`growth`]). Costs always come
//! from [`crate::estimate()`]. Nothing here renders or rounds money: the views and formats of
//! these results are in `report::capacity*`.
#![allow(clippy::float_arithmetic)] // utilisation and wait figures from the queueing model; no money here

pub mod growth;
pub mod right_size;

use crate::capacity::{cache, database, lcu, recovery, sizing, traffic, worker};
use crate::error::{Error, Result};
use crate::estimate::Estimate;
use crate::pricing::{PriceTable, key};
use crate::source::SourceFile;
use crate::topology::workload::{Load, ServiceLoad, Workload};
use crate::topology::{Service, Topology};
use rust_decimal::Decimal;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use serde::Serialize;

/// Percent → fraction.
fn fraction(percent: Decimal) -> Decimal {
    percent / Decimal::ONE_HUNDRED
}

fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::MAX)
}

/// A float measure for reports: `None` when infinite or not a number (shown as `∞` / `null`).
fn measure(x: f64, dp: u32) -> Option<Decimal> {
    if x.is_finite() {
        Decimal::from_f64(x).map(|d| d.round_dp(dp).normalize())
    } else {
        None
    }
}

fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_add(b)
        .ok_or_else(|| Error::overflow(what.to_string()))
}

fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| Error::overflow(what.to_string()))
}

/// The whole capacity picture of a topology.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapacityReport {
    pub name: String,
    pub region: String,
    /// Load multiplier applied to every rate (1 today; > 1 in a growth month).
    pub load_factor: Decimal,
    pub availability_zones: u32,
    pub services: Vec<ServiceCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer: Option<LoadBalancerCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic: Option<TrafficCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache: Option<CacheCapacity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovery: Option<RecoveryReport>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceCapacity {
    pub name: String,
    /// `requests`, `jobs` or `unstated`.
    pub workload: &'static str,
    pub provisioned: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sizing: Option<ServiceSizingRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fargate: Option<FargateFit>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceSizingRow {
    /// Peak offered load in busy slots (rate × service time).
    pub offered_load: Option<Decimal>,
    pub concurrency_per_task: u32,
    pub slots_needed: u64,
    /// Tasks before the AZ-loss rounding.
    pub tasks_needed: u64,
    /// Tasks to provision: survives one AZ loss, balanced across AZs.
    pub tasks_required: u64,
    pub tasks_per_zone: u64,
    /// Utilisation of the provisioned slots, percent (`None` = no tasks for a non-zero load).
    pub utilisation_avg_percent: Option<Decimal>,
    pub utilisation_peak_percent: Option<Decimal>,
    /// Mean queue wait at peak with the provisioned tasks, ms (`None` = unbounded).
    pub mean_wait_peak_ms: Option<Decimal>,
    pub objective: String,
    pub objective_met: bool,
    /// `ok`, `under`, or `over` (more than twice what is required).
    pub status: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FargateFit {
    pub needed_vcpu: Decimal,
    pub needed_memory_gb: Decimal,
    pub current_vcpu: Decimal,
    pub current_memory_gb: Decimal,
    /// The smallest valid Fargate size holding the need (`None`: nothing fits on this OS).
    pub smallest_vcpu: Option<Decimal>,
    pub smallest_memory_gb: Option<Decimal>,
    pub current_fits: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LcuRow {
    pub requests_per_second: Decimal,
    pub new_connections: Decimal,
    pub active_connections: Decimal,
    pub processed_bytes: Decimal,
    pub rule_evaluations: Decimal,
    pub billed: Decimal,
    pub dominant: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadBalancerCapacity {
    /// The billed unit: `LCU` (Application Load Balancer) or `NLCU` (Network Load Balancer).
    pub unit: &'static str,
    /// For an NLB, the protocol its derived traffic is sized as (`TCP`, `UDP`, `TLS`).
    pub protocol: Option<&'static str>,
    pub avg: LcuRow,
    pub peak: LcuRow,
    /// Capacity units (LCU or NLCU) per hour from the traffic the topology states, if it has a
    /// load balancer.
    pub stated_lcu: Option<Decimal>,
    /// The four dimensions at average load, as `[load_balancer]` keys (used by `--apply`).
    pub avg_new_connections_per_second: Decimal,
    pub avg_active_connections_per_minute: Decimal,
    pub avg_processed_gb_per_hour: Decimal,
    pub avg_rule_evaluations_per_second: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VolumeRow {
    pub what: &'static str,
    pub derived_gb: Decimal,
    pub stated_gb: Decimal,
    pub comparison: &'static str,
    /// Whether the derivation rests on a share the file states (only then `--apply` uses it).
    pub share_stated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrafficCapacity {
    pub requests_per_month: Decimal,
    pub volumes: Vec<VolumeRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatabaseCapacity {
    pub instance_class: String,
    /// Whether costplan knows the class's hardware; without it the checks are skipped.
    pub known_class: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connections: Option<ConnectionsRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits: Option<CreditsRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConnectionsRow {
    pub steady: u64,
    pub during_deploy: u64,
    pub deploy_maximum_percent: u32,
    pub max_connections: u64,
    pub max_connections_source: &'static str,
    pub usable: u64,
    pub status: &'static str,
    /// The smallest class of the price table (same family first) whose connections hold the deploy peak.
    pub smallest_fitting_class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditsRow {
    pub avg_cpu_percent: Decimal,
    pub peak_cpu_percent: Decimal,
    pub baseline_percent: Option<u32>,
    pub risk: &'static str,
    pub surplus_vcpu_hours_per_month: Decimal,
    pub peak_hours_sustainable: Option<Decimal>,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheCapacity {
    pub node_type: String,
    pub known_node: bool,
    /// Partitions the data is spread over (replication-group shards, Memcached nodes); shown
    /// when more than one.
    #[serde(skip_serializing_if = "is_one")]
    pub shards: u32,
    /// How usable memory is counted for the engine (rendered in the text report).
    #[serde(skip)]
    pub usable_rule: &'static str,
    /// What a partition is called for the engine: "shards" or (Memcached) "nodes".
    #[serde(skip)]
    pub partitions: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_gb: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usable_gb: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill_percent: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// The smallest node of the price table (same family first) holding the data at most 80 % full.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub smallest_fitting_node: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioRow {
    pub scenario: &'static str,
    pub status: &'static str,
    pub rpo: String,
    pub rto: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryReport {
    pub rto_minutes: Decimal,
    pub rpo_minutes: Decimal,
    pub overall: &'static str,
    pub scenarios: Vec<ScenarioRow>,
    #[serde(skip)]
    pub overall_status: Option<recovery::RecoveryStatus>,
}

/// The capacity model of one service at a load factor, or `None` when it states no rate.
pub fn service_model(
    l: &ServiceLoad,
    zones: u32,
    factor: Decimal,
) -> Result<Option<sizing::ServiceLoad>> {
    let zones_u64 = u64::from(zones);
    let min_tasks = l.min_tasks.map_or(zones_u64, u64::from);
    let target = to_f64(fraction(l.target_utilisation_percent));
    let scaled = |r: Decimal| mul(r, factor, "the grown load").map(to_f64);
    Ok(match &l.workload {
        Workload::Requests {
            avg_per_second,
            peak_per_second,
            service_time_ms,
            wait_threshold_ms,
            wait_probability_percent,
        } => Some(sizing::ServiceLoad {
            avg_rate_per_s: scaled(*avg_per_second)?,
            peak_rate_per_s: scaled(*peak_per_second)?,
            service_time_s: to_f64(*service_time_ms / Decimal::ONE_THOUSAND),
            concurrency_per_task: l.concurrency_per_task,
            target_utilisation: target,
            objective: sizing::Objective::WaitTail {
                threshold_s: to_f64(*wait_threshold_ms / Decimal::ONE_THOUSAND),
                max_probability: to_f64(fraction(*wait_probability_percent)),
            },
            zones,
            min_tasks,
        }),
        Workload::Jobs {
            avg_per_second,
            peak_per_second,
            duration_seconds,
            max_queue_wait_seconds,
        } => Some(
            worker::WorkerLoad {
                avg_jobs_per_s: scaled(*avg_per_second)?,
                peak_jobs_per_s: scaled(*peak_per_second)?,
                job_duration_s: to_f64(*duration_seconds),
                concurrency_per_task: l.concurrency_per_task,
                target_utilisation: target,
                max_queue_wait_s: max_queue_wait_seconds.map(to_f64),
                zones,
                min_tasks,
            }
            .as_service_load(),
        ),
        Workload::Unstated => None,
    })
}

fn objective_text(l: &ServiceLoad) -> String {
    match &l.workload {
        Workload::Requests {
            wait_threshold_ms,
            wait_probability_percent,
            ..
        } => format!(
            "P(wait > {} ms) ≤ {}%, utilisation ≤ {}%",
            wait_threshold_ms.normalize(),
            wait_probability_percent.normalize(),
            l.target_utilisation_percent.normalize()
        ),
        Workload::Jobs {
            max_queue_wait_seconds: Some(w),
            ..
        } => format!(
            "mean queue wait ≤ {} s, utilisation ≤ {}%",
            w.normalize(),
            l.target_utilisation_percent.normalize()
        ),
        _ => format!(
            "utilisation ≤ {}%",
            l.target_utilisation_percent.normalize()
        ),
    }
}

/// A capacity result above a limit ([`Error::CapacityLimit`]) as a diagnostic pointing at the
/// load figure that caused it: the service's peak (else average) request or job rate in the
/// topology file at `path`, else its name. Other errors are returned unchanged.
/// A capacity or overflow error that no single figure caused is given the file and a hint.
pub fn locate_limit(err: Error, path: &std::path::Path) -> Error {
    let whole_file = |message: String| -> Error {
        crate::error::Diagnostic {
            path: path.display().to_string(),
            line: 0,
            column: 0,
            message,
            hint: Some("check the load figures (`[load]`, `[service.load]`) and the units in their key names, and `--growth`/`--months` when given (see docs/capacity.md)".into()),
            excerpt: None,
        }
        .into()
    };
    let (service, message, hint) = match &err {
        Error::CapacityLimit {
            service,
            message,
            hint,
        } => (service, message, hint),
        Error::Capacity { .. } | Error::Overflow { .. } => return whole_file(err.to_string()),
        _ => return err,
    };
    let Ok(file) = SourceFile::read(path, crate::topology::validate::MAX_TOPOLOGY_BYTES) else {
        return err;
    };
    let Ok(raw) = crate::topology::validate::parse_raw(&file) else {
        return err;
    };
    let Some(s) = raw
        .service
        .iter()
        .map(|s| s.get())
        .find(|s| s.name.get() == service)
    else {
        return err;
    };
    let figure = s.load.as_ref().and_then(|l| {
        let l = l.get();
        [
            &l.peak_requests_per_second,
            &l.avg_requests_per_second,
            &l.peak_jobs_per_second,
            &l.avg_jobs_per_second,
        ]
        .into_iter()
        .find_map(|f| f.as_ref().map(|f| f.span()))
    });
    let span = figure.unwrap_or_else(|| s.name.span());
    file.diagnostic(Some(span), message.clone(), Some(hint.clone()))
        .into()
}

/// Required tasks of one service at a load factor (`None` when it states no rate).
pub fn required_tasks(service: &Service, zones: u32, factor: Decimal) -> Result<Option<u64>> {
    let Some(l) = &service.load else {
        return Ok(None);
    };
    match service_model(l, zones, factor)? {
        Some(m) => Ok(Some(m.size()?.tasks_required)),
        None => Ok(None),
    }
}

fn service_capacity(s: &Service, zones: u32, factor: Decimal) -> Result<ServiceCapacity> {
    let workload = match s.load.as_ref().map(|l| &l.workload) {
        Some(Workload::Requests { .. }) => "requests",
        Some(Workload::Jobs { .. }) => "jobs",
        _ => "unstated",
    };
    let mut row = ServiceCapacity {
        name: s.name.clone(),
        workload,
        provisioned: s.count,
        sizing: None,
        fargate: None,
    };
    let Some(l) = &s.load else {
        return Ok(row);
    };
    if let Some(model) = service_model(l, zones, factor)? {
        let sized = model.size()?;
        let a = model.assess(&sized, u64::from(s.count))?;
        let pct = |x: f64| measure(x * 100.0, 1);
        row.sizing = Some(ServiceSizingRow {
            offered_load: measure(sized.at_need.load_erlangs, 2),
            concurrency_per_task: model.concurrency_per_task,
            slots_needed: sized.servers_needed,
            tasks_needed: sized.tasks_needed,
            tasks_required: sized.tasks_required,
            tasks_per_zone: sized.tasks_per_zone,
            utilisation_avg_percent: pct(a.utilisation_avg),
            utilisation_peak_percent: pct(a.utilisation_peak),
            mean_wait_peak_ms: measure(a.mean_wait_peak_s * 1000.0, 2),
            objective: objective_text(l),
            objective_met: a.objective_met,
            status: a.status.id(),
        });
    }
    if s.launch_type == crate::topology::LaunchType::Fargate
        && (l.needed_vcpu.is_some() || l.needed_memory_gb.is_some())
    {
        let need_vcpu = l.needed_vcpu.unwrap_or(Decimal::ZERO);
        let need_mem = l.needed_memory_gb.unwrap_or(Decimal::ZERO);
        let smallest =
            crate::resource::fargate::sizes::smallest_fitting(need_vcpu, need_mem, s.os, s.arch);
        row.fargate = Some(FargateFit {
            needed_vcpu: need_vcpu,
            needed_memory_gb: need_mem,
            current_vcpu: s.vcpu,
            current_memory_gb: s.memory_gb,
            smallest_vcpu: smallest.map(|t| t.vcpu),
            smallest_memory_gb: smallest.map(|t| t.memory_gb),
            current_fits: s.vcpu >= need_vcpu && s.memory_gb >= need_mem,
        });
    }
    Ok(row)
}

/// Sum over request-serving services of rate and bytes: (avg rps, peak rps, avg bytes/s, peak bytes/s).
fn request_totals(
    t: &Topology,
    factor: Decimal,
) -> Result<Option<(Decimal, Decimal, Decimal, Decimal)>> {
    let mut any = false;
    let (mut avg, mut peak, mut avg_b, mut peak_b) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for s in &t.services {
        let Some(l) = &s.load else { continue };
        if let Workload::Requests {
            avg_per_second,
            peak_per_second,
            ..
        } = &l.workload
        {
            any = true;
            let bytes = l.request_bytes + l.response_bytes;
            let a = mul(*avg_per_second, factor, "the request rate")?;
            let p = mul(*peak_per_second, factor, "the request rate")?;
            avg = add(avg, a, "the request rate")?;
            peak = add(peak, p, "the request rate")?;
            avg_b = add(
                avg_b,
                mul(a, bytes, "the processed bytes")?,
                "the processed bytes",
            )?;
            peak_b = add(
                peak_b,
                mul(p, bytes, "the processed bytes")?,
                "the processed bytes",
            )?;
        }
    }
    Ok(any.then_some((avg, peak, avg_b, peak_b)))
}

fn lcu_row(b: &lcu::LcuBreakdown, rps: Decimal) -> LcuRow {
    let r = |d: Decimal| d.round_dp(4).normalize();
    LcuRow {
        requests_per_second: rps.normalize(),
        new_connections: r(b.new_connections),
        active_connections: r(b.active_connections),
        processed_bytes: r(b.processed_bytes),
        rule_evaluations: r(b.rule_evaluations),
        billed: r(b.billed),
        dominant: b.dominant.id(),
    }
}

/// The protocol a Network Load Balancer's derived request traffic is sized as: the one whose
/// traffic the topology states (TLS, then UDP, when TCP states none), TCP otherwise.
fn nlb_protocol(
    lb: &crate::resource::alb::input::LoadBalancer,
) -> &'static crate::resource::alb::nlcu::NlcuDimensions {
    use crate::resource::alb::nlcu;
    let stated = |t: &crate::resource::alb::input::NlbTraffic| {
        !(t.new_flows_per_second.is_zero()
            && t.active_flows.is_zero()
            && t.processed_gb_per_hour.is_zero())
    };
    if stated(&lb.tcp) {
        &nlcu::TCP
    } else if stated(&lb.tls) {
        &nlcu::TLS
    } else if stated(&lb.udp) {
        &nlcu::UDP
    } else {
        &nlcu::TCP
    }
}

fn load_balancer_capacity(t: &Topology, factor: Decimal) -> Result<Option<LoadBalancerCapacity>> {
    let Some((avg, peak, avg_b, peak_b)) = request_totals(t, factor)? else {
        return Ok(None);
    };
    let l = &t.load;
    let traffic = |rps: Decimal, bytes_per_s: Decimal| -> Result<lcu::AlbTraffic> {
        Ok(lcu::AlbTraffic {
            requests_per_s: rps,
            new_connections_per_s: rps / l.requests_per_connection,
            connection_duration_s: l.connection_duration_seconds,
            bytes_per_request: if rps.is_zero() {
                Decimal::ZERO
            } else {
                bytes_per_s
                    .checked_div(rps)
                    .ok_or_else(|| Error::overflow("bytes per request"))?
            },
            rules_per_request: l.rules_per_request,
            lambda_targets: t.load_balancers.first().is_some_and(|lb| lb.lambda_targets),
        })
    };
    let avg_t = traffic(avg, avg_b)?;
    let peak_t = traffic(peak, peak_b)?;
    let nlb = t
        .load_balancers
        .first()
        .filter(|lb| lb.lb_type == crate::resource::alb::input::LbType::Network);
    let (unit, protocol, profile) = match nlb {
        None => ("LCU", None, lcu::lcu_profile(&avg_t, &peak_t)?),
        Some(lb) => {
            let dims = nlb_protocol(lb);
            let profile = lcu::LcuProfile {
                avg: avg_t.nlcu(dims)?,
                peak: peak_t.nlcu(dims)?,
            };
            ("NLCU", Some(dims.protocol), profile)
        }
    };
    let round = |d: Decimal| d.round_dp(6).normalize();
    Ok(Some(LoadBalancerCapacity {
        unit,
        protocol,
        avg: lcu_row(&profile.avg, avg),
        peak: lcu_row(&profile.peak, peak),
        stated_lcu: t
            .load_balancers
            .first()
            .map(crate::resource::alb::cost::capacity_units)
            .transpose()?
            .map(|u| u.round_dp(4).normalize()),
        avg_new_connections_per_second: round(avg_t.new_connections_per_s),
        avg_active_connections_per_minute: round(profile.avg.active_connection_count),
        avg_processed_gb_per_hour: round(profile.avg.processed_gb_per_hour),
        avg_rule_evaluations_per_second: round(mul(
            avg,
            (l.rules_per_request - lcu::FREE_RULES).max(Decimal::ZERO),
            "rule evaluations",
        )?),
    }))
}

fn traffic_capacity(t: &Topology, factor: Decimal) -> Result<Option<TrafficCapacity>> {
    let mut total = traffic::MonthlyTraffic::default();
    let mut any = false;
    for s in &t.services {
        let Some(l) = &s.load else { continue };
        let avg = match &l.workload {
            Workload::Requests { avg_per_second, .. } | Workload::Jobs { avg_per_second, .. } => {
                *avg_per_second
            }
            Workload::Unstated => continue,
        };
        any = true;
        let st = traffic::ServiceTraffic {
            avg_requests_per_s: mul(avg, factor, "the grown load")?,
            request_bytes: l.request_bytes,
            response_bytes: l.response_bytes,
            internet_egress_share: fraction(l.internet_egress_percent),
            nat_share: fraction(l.nat_percent),
            cross_az_share: fraction(l.cross_az_percent),
        };
        total = total.add(&st.monthly(t.hours_per_month)?)?;
    }
    if !any {
        return Ok(None);
    }
    let round = |d: Decimal| d.round_dp(3).normalize();
    let row = |what, derived: Decimal, stated: Decimal, share_stated| VolumeRow {
        what,
        derived_gb: round(derived),
        stated_gb: stated.normalize(),
        comparison: traffic::VolumeComparison::of(stated, derived).id(),
        share_stated,
    };
    let shares = t.load.stated_shares;
    let mut volumes = vec![row(
        "internet out",
        total.internet_out_gb,
        t.data_transfer.internet_out_gb,
        shares.internet_egress,
    )];
    if let Some(nat) = &t.nat {
        volumes.push(row(
            "nat processed",
            total.nat_processed_gb,
            nat.data_processed_gb,
            shares.nat,
        ));
    }
    volumes.push(row(
        "inter-AZ",
        total.cross_az_gb,
        t.data_transfer.inter_az_gb,
        shares.cross_az,
    ));
    Ok(Some(TrafficCapacity {
        requests_per_month: total.requests.round_dp(0),
        volumes,
    }))
}

/// Connection demand of every service that opens database connections, at the given task counts.
fn pool_demand(t: &Topology, tasks: &dyn Fn(usize, &Service) -> u64) -> Vec<database::PoolDemand> {
    t.services
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let l = s.load.as_ref()?;
            (l.db_connections_per_task > 0).then(|| database::PoolDemand {
                service: s.name.clone(),
                tasks: tasks(i, s),
                connections_per_task: u64::from(l.db_connections_per_task),
            })
        })
        .collect()
}

/// Classes to try for a database, same family first, smallest memory first, priced in `table`.
pub fn db_candidates(
    current: &str,
    engine: &str,
    deployment: &str,
    table: &PriceTable,
) -> Vec<&'static database::DbClass> {
    let family = family_of(current);
    let prefix = key::rds_instance_prefix(engine, deployment);
    let mut all: Vec<&'static database::DbClass> = database::DB_CLASSES
        .iter()
        .filter(|c| table.contains(&format!("{prefix}{}", c.name)))
        .collect();
    all.sort_by_key(|c| (family_of(c.name) != family, c.memory_gib, c.vcpu));
    all
}

/// `db.t3.medium` → `db.t3`.
fn family_of(name: &str) -> &str {
    name.rfind('.').map_or(name, |i| &name[..i])
}

fn database_capacity(
    t: &Topology,
    table: &PriceTable,
    factor: Decimal,
    tasks: &dyn Fn(usize, &Service) -> u64,
) -> Result<Option<DatabaseCapacity>> {
    let Some(db) = t.databases.first() else {
        return Ok(None);
    };
    let l: &Load = &t.load;
    let Some(class) = database::db_class(&db.instance_class) else {
        return Ok(Some(DatabaseCapacity {
            instance_class: db.instance_class.clone(),
            known_class: false,
            connections: None,
            credits: None,
        }));
    };
    let demand = pool_demand(t, tasks);
    let connections = if demand.is_empty() {
        None
    } else {
        let c = database::check_connections(
            &demand,
            l.deploy_maximum_percent,
            class,
            &db.engine,
            l.db_max_connections,
        )?;
        let smallest = if l.db_max_connections.is_some() {
            None
        } else {
            db_candidates(&db.instance_class, &db.engine, db.deployment.key(), table)
                .into_iter()
                .find(|k| k.usable_connections_for(&db.engine) >= c.during_deploy)
                .map(|k| k.name.to_string())
        };
        Some(ConnectionsRow {
            steady: c.steady,
            during_deploy: c.during_deploy,
            deploy_maximum_percent: l.deploy_maximum_percent,
            max_connections: c.max_connections,
            max_connections_source: if l.db_max_connections.is_some() {
                "stated"
            } else {
                database::max_connections_formula(&db.engine)
            },
            usable: c.usable,
            status: c.status.id(),
            smallest_fitting_class: smallest,
        })
    };
    let credits = match l.db_avg_cpu_percent {
        Some(avg) => {
            let cap = |p: Decimal| {
                mul(p, factor, "the database CPU").map(|v| v.min(Decimal::ONE_HUNDRED))
            };
            let avg = cap(avg)?;
            let peak = cap(l.db_peak_cpu_percent.unwrap_or(avg))?.max(avg);
            let c = database::check_credits(
                class,
                avg,
                peak,
                l.db_peak_hours_per_day,
                t.hours_per_month,
            )?;
            Some(CreditsRow {
                avg_cpu_percent: avg.normalize(),
                peak_cpu_percent: peak.normalize(),
                baseline_percent: c.baseline_percent,
                risk: c.risk.id(),
                surplus_vcpu_hours_per_month: c
                    .surplus_vcpu_hours_per_month
                    .round_dp(2)
                    .normalize(),
                peak_hours_sustainable: c.peak_hours_sustainable.map(|h| h.normalize()),
            })
        }
        None => None,
    };
    Ok(Some(DatabaseCapacity {
        instance_class: db.instance_class.clone(),
        known_class: true,
        connections,
        credits,
    }))
}

/// Node types to try for a cache, same family first, smallest first, priced in `table`.
pub fn cache_candidates(
    current: &str,
    engine: &str,
    table: &PriceTable,
) -> Vec<&'static cache::NodeType> {
    let family = family_of(current);
    let prefix = key::elasticache_node_prefix(engine);
    let mut all: Vec<&'static cache::NodeType> = cache::NODE_TYPES
        .iter()
        .filter(|n| table.contains(&format!("{prefix}{}", n.name)))
        .collect();
    all.sort_by_key(|n| (family_of(n.name) != family, n.maxmemory_bytes));
    all
}

fn cache_capacity(
    t: &Topology,
    table: &PriceTable,
    factor: Decimal,
) -> Result<Option<CacheCapacity>> {
    // a serverless cache has no node to fill: it scales itself
    let Some(c) = t.caches.first().filter(|c| !c.is_serverless()) else {
        return Ok(None);
    };
    let node = cache::node_type(&c.node_type);
    let shards = c.data_partitions().max(1);
    let mut row = CacheCapacity {
        node_type: c.node_type.clone(),
        known_node: node.is_some(),
        shards,
        usable_rule: if c.engine == "memcached" {
            "max_cache_memory minus connection overhead"
        } else {
            "maxmemory minus reserved"
        },
        partitions: if c.engine == "memcached" {
            "nodes"
        } else {
            "shards"
        },
        data_gb: None,
        usable_gb: None,
        fill_percent: None,
        status: None,
        smallest_fitting_node: None,
    };
    let (Some(node), Some(data)) = (node, t.load.cache_data_gb) else {
        return Ok(Some(row));
    };
    let data = mul(data, factor, "the cache data")?;
    let reserved = t.load.cache_reserved_memory_percent;
    // the data is sharded over the replication group's shards (replicas hold copies and add
    // no capacity) or over a Memcached cluster's nodes; a cluster-mode-disabled group is one shard
    let m = cache::check_memory(node, &c.engine, shards, data, reserved)?;
    let limit = Decimal::new(8, 1);
    row.data_gb = Some(data.round_dp(3).normalize());
    row.usable_gb = Some(
        (m.usable_gib_per_shard * Decimal::from(shards))
            .round_dp(3)
            .normalize(),
    );
    row.fill_percent = Some((m.fill * Decimal::ONE_HUNDRED).round_dp(1).normalize());
    row.status = Some(m.status.id());
    row.smallest_fitting_node = cache_candidates(&c.node_type, &c.engine, table)
        .into_iter()
        .find(|n| n.usable_gib_for(&c.engine, reserved) * Decimal::from(shards) * limit >= data)
        .map(|n| n.name.to_string());
    Ok(Some(row))
}

/// The recovery checks for a topology with `[recovery]`.
pub fn recovery_report(t: &Topology) -> Result<Option<RecoveryReport>> {
    let Some(r) = &t.recovery else {
        return Ok(None);
    };
    let targets = recovery::RecoveryTargets {
        rto_minutes: r.rto_minutes,
        rpo_minutes: r.rpo_minutes,
    };
    let (multi_az, aurora_reader, retention) = t.databases.first().map_or((false, false, 0), |d| {
        let reader = d
            .aurora
            .as_ref()
            .is_some_and(|a| !a.reader_classes.is_empty());
        (
            d.deployment.has_failover() || reader,
            reader,
            d.backup_retention_days,
        )
    });
    let cfg = recovery::ResilienceConfig {
        multi_az,
        aurora_reader,
        backup_retention_days: retention,
        cross_region: r.cross_region,
        app_zones: t.load.availability_zones,
        dr_stack_provisioned: r.dr_stack_provisioned,
        tested_restore_minutes: r.tested_restore_minutes,
        region_loss_in_scope: r.region_loss_in_scope,
    };
    let checks = recovery::check(&targets, &cfg)?;
    let overall = recovery::overall(&checks);
    Ok(Some(RecoveryReport {
        rto_minutes: r.rto_minutes.normalize(),
        rpo_minutes: r.rpo_minutes.normalize(),
        overall: overall.id(),
        overall_status: Some(overall),
        scenarios: checks
            .into_iter()
            .map(|c| ScenarioRow {
                scenario: c.scenario.id(),
                status: c.status.id(),
                rpo: c.rpo.describe(),
                rto: c.rto.describe(),
                reason: c.reason,
            })
            .collect(),
    }))
}

/// The capacity report of `t` with every rate multiplied by `factor` (1 = as stated).
pub fn analyse(t: &Topology, table: &PriceTable, factor: Decimal) -> Result<CapacityReport> {
    let zones = t.load.availability_zones;
    let services = t
        .services
        .iter()
        .map(|s| service_capacity(s, zones, factor))
        .collect::<Result<Vec<_>>>()?;
    let provisioned = |_: usize, s: &Service| u64::from(s.count);
    let mut notes = Vec::new();
    if !t.load.stated {
        notes.push(
            "no [load] or [service.load] in the topology: nothing is sized from load; add them to size services"
                .to_string(),
        );
    }
    // `[load]` describes one database, cache and load balancer: the first of each.
    for (section, names) in [
        (
            "database",
            t.databases
                .iter()
                .map(|d| d.name.as_deref())
                .collect::<Vec<_>>(),
        ),
        (
            "cache",
            t.caches.iter().map(|c| c.name.as_deref()).collect(),
        ),
        (
            "load_balancer",
            t.load_balancers.iter().map(|l| l.name.as_deref()).collect(),
        ),
    ] {
        if let [first, rest @ ..] = &names[..]
            && !rest.is_empty()
        {
            let others: Vec<String> = rest
                .iter()
                .map(|n| format!("`{}`", n.unwrap_or("?")))
                .collect();
            notes.push(format!(
                "the load in [load] is checked against the first [[{section}]] `{}`; {} carry no stated load and are not checked",
                first.unwrap_or("?"),
                others.join(", ")
            ));
        }
    }
    let database = database_capacity(t, table, factor, &provisioned)?;
    if let Some(d) = &database
        && !d.known_class
    {
        notes.push(format!(
            "costplan has no hardware figures for `{}`; database checks skipped",
            d.instance_class
        ));
    }
    let cache = cache_capacity(t, table, factor)?;
    if let Some(c) = &cache
        && !c.known_node
    {
        notes.push(format!(
            "costplan has no memory figures for `{}`; cache check skipped",
            c.node_type
        ));
    }
    if t.load_balancers.is_empty()
        && t.services.iter().any(|s| {
            matches!(
                s.load.as_ref().map(|l| &l.workload),
                Some(Workload::Requests { .. })
            )
        })
    {
        notes.push("services serve requests but the topology has no [load_balancer]; LCUs shown for reference".to_string());
    }
    Ok(CapacityReport {
        name: t.name.clone(),
        region: t.region.clone(),
        load_factor: factor.normalize(),
        availability_zones: zones,
        services,
        load_balancer: load_balancer_capacity(t, factor)?,
        traffic: traffic_capacity(t, factor)?,
        database,
        cache,
        recovery: recovery_report(t)?,
        notes,
    })
}

/// Recovery cases a scenario does worse on than its base (`meets` → `at risk` or `fails`, `at risk` →
/// `fails`), as design warnings for `compare`. A base without `[recovery]` counts as meeting every
/// case; a scenario without `[recovery]` has no targets to break.
pub fn recovery_regressions(
    base: &Topology,
    scenario: &Topology,
) -> Result<Vec<crate::estimate::warnings::Warning>> {
    let Some(after) = recovery_report(scenario)? else {
        return Ok(Vec::new());
    };
    let before = recovery_report(base)?;
    let status_of = |r: &RecoveryReport, id: &str| {
        r.scenarios
            .iter()
            .find(|s| s.scenario == id)
            .map(|s| s.status)
    };
    let rank = |s: &str| match s {
        "fails" => 2,
        "at risk" => 1,
        _ => 0,
    };
    let mut out = Vec::new();
    for case in &after.scenarios {
        let was = before
            .as_ref()
            .and_then(|b| status_of(b, case.scenario))
            .unwrap_or(recovery::RecoveryStatus::Meets.id());
        if rank(case.status) > rank(was) {
            out.push(crate::estimate::warnings::Warning {
                code: "recovery",
                message: format!(
                    "recovery targets (RTO < {} min, RPO < {} min): {} goes from {was} to {}: {}",
                    after.rto_minutes, after.rpo_minutes, case.scenario, case.status, case.reason
                ),
            });
        }
    }
    Ok(out)
}

/// One check that fails: each one makes `capacity` exit 1, and each is named on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    /// A service runs fewer tasks than its load requires.
    ServiceUnder {
        service: String,
        provisioned: u32,
        required: u64,
    },
    /// A service's Fargate task size is smaller than its stated per-task need.
    TaskTooSmall { service: String },
    /// The database's connections do not hold the deploy peak (`status` is the check's id).
    DatabaseConnections {
        instance_class: String,
        during_deploy: u64,
        usable: u64,
        status: &'static str,
    },
    /// The cache data does not fit the node's usable memory.
    CacheMemory { node_type: String },
    /// A recovery case fails its RTO / RPO targets.
    Recovery {
        scenario: &'static str,
        rto_minutes: Decimal,
        rpo_minutes: Decimal,
    },
}

impl CapacityReport {
    /// Every failing check, in report order: `capacity` exits 1 when there is any.
    pub fn breaches(&self) -> Vec<Breach> {
        let mut out = Vec::new();
        for s in &self.services {
            if let Some(z) = &s.sizing
                && z.status == sizing::Status::Under.id()
            {
                out.push(Breach::ServiceUnder {
                    service: s.name.clone(),
                    provisioned: s.provisioned,
                    required: z.tasks_required,
                });
            }
            if s.fargate.as_ref().is_some_and(|f| !f.current_fits) {
                out.push(Breach::TaskTooSmall {
                    service: s.name.clone(),
                });
            }
        }
        if let Some(d) = &self.database
            && let Some(c) = &d.connections
            && c.status != database::ConnectionStatus::Ok.id()
        {
            out.push(Breach::DatabaseConnections {
                instance_class: d.instance_class.clone(),
                during_deploy: c.during_deploy,
                usable: c.usable,
                status: c.status,
            });
        }
        if let Some(c) = &self.cache
            && c.status == Some(cache::MemoryStatus::Exceeded.id())
        {
            out.push(Breach::CacheMemory {
                node_type: c.node_type.clone(),
            });
        }
        if let Some(r) = &self.recovery {
            for case in &r.scenarios {
                if case.status == recovery::RecoveryStatus::Fails.id() {
                    out.push(Breach::Recovery {
                        scenario: case.scenario,
                        rto_minutes: r.rto_minutes,
                        rpo_minutes: r.rpo_minutes,
                    });
                }
            }
        }
        out
    }
}

/// Current and right-sized cost, both from the estimate engine (exact).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostComparison {
    pub current_monthly_usd: Decimal,
    pub right_sized_monthly_usd: Decimal,
    pub difference_monthly_usd: Decimal,
    pub changes: Vec<right_size::Change>,
    /// Each Compute Savings Plan of the topology against the right-sized Fargate usage: the
    /// commitment that usage would use in full (see [`crate::estimate::commitment::savings_plan_fit`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub savings_plans: Vec<crate::estimate::commitment::SavingsPlanFit>,
}

impl CostComparison {
    pub fn new(current: &Estimate, right_sized: &Estimate, rs: &right_size::RightSizing) -> Self {
        CostComparison {
            current_monthly_usd: current.total_monthly_usd,
            right_sized_monthly_usd: right_sized.total_monthly_usd,
            difference_monthly_usd: right_sized.total_monthly_usd - current.total_monthly_usd,
            changes: rs.changes.clone(),
            savings_plans: Vec::new(),
        }
    }
}
