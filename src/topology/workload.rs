//! The load profile (`[load]`, `[service.load]`) and recovery targets (`[recovery]`): raw TOML
//! shapes with spans, and the validated values the capacity report reads. Every key carries its
//! unit in its name; the doc comments state the defaults and become the JSON Schema descriptions.

use super::located::{Located, Num};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

/// Load defaults for every service, and load on shared components. Optional: without it (and
/// without `[service.load]`) `costplan capacity` sizes nothing from load.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoadRaw {
    /// Availability Zones the tasks spread over; task counts survive the loss of one. Default: the load balancer's `azs`, else 2. 1 to 6.
    #[serde(default)]
    pub availability_zones: Option<Located<Num>>,
    /// Highest utilisation of the task slots at peak, percent. Default 70 (AWS ECS guide: 60–80). Above 0, at most 100.
    #[serde(default)]
    pub target_utilisation_percent: Option<Located<Num>>,
    /// Queueing objective: the wait, in ms, that at most `wait_probability_percent` of requests may exceed at peak. Default 100.
    #[serde(default)]
    pub wait_threshold_ms: Option<Located<Num>>,
    /// Queueing objective: the largest share of requests, percent, that may wait longer than `wait_threshold_ms`. Default 5.
    #[serde(default)]
    pub wait_probability_percent: Option<Located<Num>>,
    /// Requests (or jobs) one task serves at once: threads, event-loop slots, worker processes. Default 4.
    #[serde(default)]
    pub concurrency_per_task: Option<Located<Num>>,
    /// Mean request size in bytes, headers included. Default 1000.
    #[serde(default)]
    pub request_bytes: Option<Located<Num>>,
    /// Mean response size in bytes, headers included. Default 10000.
    #[serde(default)]
    pub response_bytes: Option<Located<Num>>,
    /// Share of response bytes that leave for the internet, percent. Default 100 for services with a request rate.
    #[serde(default)]
    pub internet_egress_percent: Option<Located<Num>>,
    /// Share of request + response bytes that pass a NAT gateway (calls from private subnets out), percent. Default 0.
    #[serde(default)]
    pub nat_percent: Option<Located<Num>>,
    /// Share of request + response bytes that cross an AZ boundary, percent. Default 0.
    #[serde(default)]
    pub cross_az_percent: Option<Located<Num>>,
    /// Database connections each task opens (its pool size). Default 0.
    #[serde(default)]
    pub db_connections_per_task: Option<Located<Num>>,
    /// ECS deployment `maximumPercent`: tasks running at once during a rolling deploy, percent of the count. Default 200.
    #[serde(default)]
    pub deploy_maximum_percent: Option<Located<Num>>,
    /// Requests per client connection to the load balancer (keep-alive reuse). Default 10.
    #[serde(default)]
    pub requests_per_connection: Option<Located<Num>>,
    /// Mean lifetime of a client connection to the load balancer, seconds. Default 60.
    #[serde(default)]
    pub connection_duration_seconds: Option<Located<Num>>,
    /// Listener rules evaluated per request (the first 10 are free). Default 1.
    #[serde(default)]
    pub rules_per_request: Option<Located<Num>>,
    /// Data held in the cache, GB (GiB). Default: not stated, no memory check.
    #[serde(default)]
    pub cache_data_gb: Option<Located<Num>>,
    /// ElastiCache `reserved-memory-percent`. Default 25.
    #[serde(default)]
    pub cache_reserved_memory_percent: Option<Located<Num>>,
    /// Measured or configured `max_connections`. Default: `LEAST(memory/9531392, 5000)` at 90% of class memory.
    #[serde(default)]
    pub db_max_connections: Option<Located<Num>>,
    /// Average database CPU utilisation, percent. Default: not stated, no credit check.
    #[serde(default)]
    pub db_avg_cpu_percent: Option<Located<Num>>,
    /// Peak database CPU utilisation, percent. Default: `db_avg_cpu_percent`.
    #[serde(default)]
    pub db_peak_cpu_percent: Option<Located<Num>>,
    /// Hours per day the database runs at `db_peak_cpu_percent`. Default 0. At most 24.
    #[serde(default)]
    pub db_peak_hours_per_day: Option<Located<Num>>,
}

/// Load on one service: a request rate (request-serving) or a job rate (workers), plus overrides of
/// the `[load]` defaults.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceLoadRaw {
    /// Average requests per second over the month.
    #[serde(default)]
    pub avg_requests_per_second: Option<Located<Num>>,
    /// Peak requests per second; the task count is sized for it. Default: `avg_requests_per_second`.
    #[serde(default)]
    pub peak_requests_per_second: Option<Located<Num>>,
    /// Mean time a task slot spends on one request, ms. Required with a request rate.
    #[serde(default)]
    pub service_time_ms: Option<Located<Num>>,
    /// Average jobs per second taken from the queue (workers).
    #[serde(default)]
    pub avg_jobs_per_second: Option<Located<Num>>,
    /// Peak jobs per second. Default: `avg_jobs_per_second`.
    #[serde(default)]
    pub peak_jobs_per_second: Option<Located<Num>>,
    /// Mean duration of one job, seconds. Required with a job rate.
    #[serde(default)]
    pub job_duration_seconds: Option<Located<Num>>,
    /// Largest acceptable mean time a job waits in the queue, seconds. Default: none (utilisation only).
    #[serde(default)]
    pub max_queue_wait_seconds: Option<Located<Num>>,
    /// Overrides `[load] concurrency_per_task`.
    #[serde(default)]
    pub concurrency_per_task: Option<Located<Num>>,
    /// Overrides `[load] target_utilisation_percent`.
    #[serde(default)]
    pub target_utilisation_percent: Option<Located<Num>>,
    /// Overrides `[load] wait_threshold_ms`.
    #[serde(default)]
    pub wait_threshold_ms: Option<Located<Num>>,
    /// Overrides `[load] wait_probability_percent`.
    #[serde(default)]
    pub wait_probability_percent: Option<Located<Num>>,
    /// Never fewer tasks than this (counts are also rounded up to a multiple of the AZ count). Default: one per Availability Zone.
    #[serde(default)]
    pub min_tasks: Option<Located<Num>>,
    /// Overrides `[load] request_bytes`.
    #[serde(default)]
    pub request_bytes: Option<Located<Num>>,
    /// Overrides `[load] response_bytes`.
    #[serde(default)]
    pub response_bytes: Option<Located<Num>>,
    /// Overrides `[load] internet_egress_percent`.
    #[serde(default)]
    pub internet_egress_percent: Option<Located<Num>>,
    /// Overrides `[load] nat_percent`.
    #[serde(default)]
    pub nat_percent: Option<Located<Num>>,
    /// Overrides `[load] cross_az_percent`.
    #[serde(default)]
    pub cross_az_percent: Option<Located<Num>>,
    /// Overrides `[load] db_connections_per_task`.
    #[serde(default)]
    pub db_connections_per_task: Option<Located<Num>>,
    /// vCPU one task needs; `capacity` names the smallest Fargate size that fits. Default: not stated.
    #[serde(default)]
    pub needed_vcpu: Option<Located<Num>>,
    /// Memory one task needs, GB; `capacity` names the smallest Fargate size that fits. Default: not stated.
    #[serde(default)]
    pub needed_memory_gb: Option<Located<Num>>,
}

/// Recovery targets, checked against the database and stack configuration.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRaw {
    /// Recovery time objective, minutes: longest acceptable outage. Must be met strictly (RTO < target).
    pub rto_minutes: Located<Num>,
    /// Recovery point objective, minutes: most data, in time, that may be lost. Must be met strictly.
    pub rpo_minutes: Located<Num>,
    /// Cross-Region protection: "none" (default), "backup-replication" or "read-replica".
    #[serde(default)]
    pub cross_region: Option<Located<String>>,
    /// Whether an application stack already runs in the recovery Region. Default false.
    #[serde(default)]
    pub dr_stack_provisioned: Option<Located<bool>>,
    /// Measured duration of a restore drill, minutes. Default: not tested.
    #[serde(default)]
    pub tested_restore_minutes: Option<Located<Num>>,
    /// Whether losing a whole Region is in scope. Default true.
    #[serde(default)]
    pub region_loss_in_scope: Option<Located<bool>>,
}

/// Topology-wide load settings, defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// Whether the file has a `[load]` section or any `[service.load]`.
    pub stated: bool,
    pub availability_zones: u32,
    pub deploy_maximum_percent: u32,
    pub requests_per_connection: Decimal,
    pub connection_duration_seconds: Decimal,
    pub rules_per_request: Decimal,
    pub cache_data_gb: Option<Decimal>,
    pub cache_reserved_memory_percent: u32,
    pub db_max_connections: Option<u64>,
    pub db_avg_cpu_percent: Option<Decimal>,
    pub db_peak_cpu_percent: Option<Decimal>,
    pub db_peak_hours_per_day: Decimal,
    /// Which traffic shares the file states explicitly (only those replace stated volumes in `--apply`).
    pub stated_shares: StatedShares,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatedShares {
    pub internet_egress: bool,
    pub nat: bool,
    pub cross_az: bool,
}

/// What a service does under load.
#[derive(Debug, Clone, PartialEq)]
pub enum Workload {
    /// Serves requests: sized with Erlang C against the wait objective.
    Requests {
        avg_per_second: Decimal,
        peak_per_second: Decimal,
        service_time_ms: Decimal,
        wait_threshold_ms: Decimal,
        wait_probability_percent: Decimal,
    },
    /// Drains a job queue: sized with Erlang C against a mean queue wait, or utilisation only.
    Jobs {
        avg_per_second: Decimal,
        peak_per_second: Decimal,
        duration_seconds: Decimal,
        max_queue_wait_seconds: Option<Decimal>,
    },
    /// No rate stated: not sized from load.
    Unstated,
}

/// One service's load, `[load]` defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceLoad {
    pub workload: Workload,
    pub concurrency_per_task: u32,
    pub target_utilisation_percent: Decimal,
    pub min_tasks: Option<u32>,
    pub request_bytes: Decimal,
    pub response_bytes: Decimal,
    pub internet_egress_percent: Decimal,
    pub nat_percent: Decimal,
    pub cross_az_percent: Decimal,
    pub db_connections_per_task: u32,
    pub needed_vcpu: Option<Decimal>,
    pub needed_memory_gb: Option<Decimal>,
}

/// Recovery targets and DR setup.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovery {
    pub rto_minutes: Decimal,
    pub rpo_minutes: Decimal,
    pub cross_region: CrossRegion,
    pub dr_stack_provisioned: bool,
    pub tested_restore_minutes: Option<Decimal>,
    pub region_loss_in_scope: bool,
}

/// Cross-Region protection of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossRegion {
    None,
    /// Cross-Region automated backup replication (snapshots and transaction logs copied).
    BackupReplication,
    /// Cross-Region read replica, promoted on failover.
    ReadReplica,
}

impl CrossRegion {
    pub fn id(self) -> &'static str {
        match self {
            CrossRegion::None => "none",
            CrossRegion::BackupReplication => "backup-replication",
            CrossRegion::ReadReplica => "read-replica",
        }
    }
}
