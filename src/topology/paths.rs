//! The one table of input paths. Each entry names an input the way a scenario file does
//! (`service.worker.count`, `nat.gateways`, `database.deployment`), says what kind of value it
//! takes, how to write it into the raw topology (so overrides go through the same validation as
//! the file), and, for numbers that can move continuously, a getter and setter on the validated
//! [`Topology`] for the fast evaluation loop of sweeps, sensitivity and simulation.

use super::located::{Located, Num};
use super::raw::*;
use super::*;
use rust_decimal::prelude::ToPrimitive;

/// What an input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Whole,
    Text,
    Bool,
    /// An array of tables (`database.read_replica`).
    Tables,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Number => "a number",
            Kind::Whole => "a whole number",
            Kind::Text => "a string",
            Kind::Bool => "`true` or `false`",
            Kind::Tables => "an array of tables",
        }
    }
}

/// A value to write into the raw topology, with its span (in the shifted span space).
pub enum RawValue {
    Num(Located<Num>),
    Text(Located<String>),
    Bool(Located<bool>),
    Replicas(Vec<Located<ReadReplicaRaw>>),
    InterRegion(Vec<Located<InterRegionRaw>>),
}

/// Fast access to a numeric input of a validated topology (the second argument is the index of
/// the service, or of the table in its many-of-each section).
#[derive(Clone, Copy)]
pub struct Access {
    pub get: fn(&Topology, usize) -> Option<Decimal>,
    pub set: fn(&mut Topology, usize, Decimal),
}

pub struct PathDef {
    /// `service.*.count` for per-service inputs; otherwise the literal path.
    pub pattern: &'static str,
    pub kind: Kind,
    /// Bounds the validator enforces, for clamping a ±swing (numbers with [`Access`] only).
    pub min: i64,
    pub max: i64,
    /// Writes the value; false when the base topology has no such table to write into.
    pub write: fn(&mut TopologyRaw, usize, RawValue) -> bool,
    /// Present for inputs that move continuously between valid values (counts and usage).
    pub access: Option<Access>,
}

fn svc(r: &mut TopologyRaw, i: usize) -> Option<&mut ServiceRaw> {
    r.service.get_mut(i).map(|s| s.0.get_mut())
}
fn db(r: &mut TopologyRaw, i: usize) -> Option<&mut DatabaseRaw> {
    r.database.get_mut(i).map(|s| s.0.get_mut())
}
fn cache(r: &mut TopologyRaw, i: usize) -> Option<&mut CacheRaw> {
    r.cache.get_mut(i).map(|s| s.0.get_mut())
}
/// Writes a cache input that implies a mode, switching the cache to it: `nodes` makes a
/// node-based cluster, `shards`/`replicas_per_shard` a replication group, serverless usage or
/// `mode = "serverless"` a serverless cache (dropping the fields the new mode refuses).
fn cache_write(r: &mut TopologyRaw, i: usize, v: RawValue, field: &str) -> bool {
    let Some(c) = cache(r, i) else {
        return false;
    };
    let serverless = |c: &mut CacheRaw, span: std::ops::Range<usize>| {
        c.node_type = None;
        c.nodes = None;
        c.shards = None;
        c.replicas_per_shard = None;
        c.serverless = None;
        c.mode = Some(Located::new(span, "serverless".to_string()));
    };
    let nodes_mode = |c: &mut CacheRaw| {
        c.serverless = None;
        c.mode = None;
        c.data_stored_gb = None;
        c.ecpu_millions = None;
    };
    match (field, v) {
        ("nodes", RawValue::Num(x)) => {
            nodes_mode(c);
            c.shards = None;
            c.replicas_per_shard = None;
            c.nodes = Some(x);
        }
        ("shards", RawValue::Num(x)) => {
            nodes_mode(c);
            c.nodes = None;
            c.shards = Some(x);
        }
        ("replicas_per_shard", RawValue::Num(x)) => {
            nodes_mode(c);
            c.nodes = None;
            if c.shards.is_none() {
                c.shards = Some(Located::new(x.span(), Num::exact(Decimal::ONE)));
            }
            c.replicas_per_shard = Some(x);
        }
        ("data_stored_gb", RawValue::Num(x)) => {
            serverless(c, x.span());
            c.data_stored_gb = Some(x);
        }
        ("ecpu_millions", RawValue::Num(x)) => {
            serverless(c, x.span());
            c.ecpu_millions = Some(x);
        }
        ("mode", RawValue::Text(x)) => {
            if x.get().eq_ignore_ascii_case("serverless") {
                serverless(c, x.span());
            } else {
                c.serverless = None;
                c.mode = Some(x);
            }
        }
        ("serverless", RawValue::Bool(x)) => {
            if *x.get() {
                serverless(c, x.span());
            } else {
                c.mode = None;
                c.serverless = Some(x);
            }
        }
        _ => return false,
    }
    true
}
/// The `i`th database's `[database.commitment]`, created when a scenario writes into it.
fn db_commitment(r: &mut TopologyRaw, i: usize) -> Option<&mut super::commitments::CommitmentRaw> {
    db(r, i).map(|d| or_default(&mut d.commitment))
}
/// The `i`th cache's `[cache.commitment]`, created when a scenario writes into it.
fn cache_commitment(
    r: &mut TopologyRaw,
    i: usize,
) -> Option<&mut super::commitments::CommitmentRaw> {
    cache(r, i).map(|c| or_default(&mut c.commitment))
}
fn savings_plan(r: &mut TopologyRaw, i: usize) -> Option<&mut super::commitments::SavingsPlanRaw> {
    r.savings_plan.get_mut(i).map(|s| s.0.get_mut())
}
fn discounts(r: &mut TopologyRaw, _: usize) -> Option<&mut super::commitments::DiscountsRaw> {
    Some(or_default(&mut r.discounts))
}
fn nat(r: &mut TopologyRaw, _: usize) -> Option<&mut NatRaw> {
    r.nat.as_mut().map(|s| s.0.get_mut())
}
fn top(r: &mut TopologyRaw, _: usize) -> Option<&mut TopologyRaw> {
    Some(r)
}
fn or_default<T: Default>(o: &mut Option<Located<T>>) -> &mut T {
    o.get_or_insert_with(Default::default).0.get_mut()
}
/// The `i`th load balancer; a topology without one gets one (a scenario may add it).
fn lb(r: &mut TopologyRaw, i: usize) -> Option<&mut LoadBalancerRaw> {
    if i == 0 && r.load_balancer.is_empty() {
        r.load_balancer
            .push(Located::new(0..0, LoadBalancerRaw::default()));
    }
    r.load_balancer.get_mut(i).map(|s| s.0.get_mut())
}
fn lb_tcp(r: &mut TopologyRaw, i: usize) -> Option<&mut NlbTrafficRaw> {
    lb(r, i).map(|l| or_default(&mut l.tcp))
}
fn lb_udp(r: &mut TopologyRaw, i: usize) -> Option<&mut NlbTrafficRaw> {
    lb(r, i).map(|l| or_default(&mut l.udp))
}
fn lb_tls(r: &mut TopologyRaw, i: usize) -> Option<&mut NlbTrafficRaw> {
    lb(r, i).map(|l| or_default(&mut l.tls))
}
fn dt(r: &mut TopologyRaw, _: usize) -> Option<&mut DataTransferRaw> {
    Some(or_default(&mut r.data_transfer))
}
/// The `i`th destination of `[data_transfer] inter_region`.
fn dt_region(r: &mut TopologyRaw, i: usize) -> Option<&mut InterRegionRaw> {
    dt(r, i)?.inter_region.get_mut(i).map(|d| d.0.get_mut())
}
fn ip(r: &mut TopologyRaw, _: usize) -> Option<&mut PublicIpv4Raw> {
    Some(or_default(&mut r.public_ipv4))
}
fn vpc(r: &mut TopologyRaw, _: usize) -> Option<&mut VpcEndpointsRaw> {
    Some(or_default(&mut r.vpc_endpoints))
}

fn t_db(t: &Topology, i: usize) -> Option<&Database> {
    t.databases.get(i)
}
fn t_db_mut(t: &mut Topology, i: usize) -> Option<&mut Database> {
    t.databases.get_mut(i)
}
fn t_cache(t: &Topology, i: usize) -> Option<&Cache> {
    t.caches.get(i)
}
fn t_cache_mut(t: &mut Topology, i: usize) -> Option<&mut Cache> {
    t.caches.get_mut(i)
}
fn t_lb(t: &Topology, i: usize) -> Option<&LoadBalancer> {
    t.load_balancers.get(i)
}
fn t_lb_mut(t: &mut Topology, i: usize) -> Option<&mut LoadBalancer> {
    t.load_balancers.get_mut(i)
}
fn t_nat(t: &Topology, _: usize) -> Option<&Nat> {
    t.nat.as_ref()
}
fn t_nat_mut(t: &mut Topology, _: usize) -> Option<&mut Nat> {
    t.nat.as_mut()
}
fn t_svc(t: &Topology, i: usize) -> Option<&Service> {
    t.services.get(i)
}
fn t_svc_mut(t: &mut Topology, i: usize) -> Option<&mut Service> {
    t.services.get_mut(i)
}
fn t_dt(t: &Topology, _: usize) -> Option<&DataTransfer> {
    Some(&t.data_transfer)
}
fn t_dt_mut(t: &mut Topology, _: usize) -> Option<&mut DataTransfer> {
    Some(&mut t.data_transfer)
}
fn t_dt_region(t: &Topology, i: usize) -> Option<&InterRegion> {
    t.data_transfer.inter_region.get(i)
}
fn t_dt_region_mut(t: &mut Topology, i: usize) -> Option<&mut InterRegion> {
    t.data_transfer.inter_region.get_mut(i)
}
fn t_vpc(t: &Topology, _: usize) -> Option<&VpcEndpoints> {
    Some(&t.vpc_endpoints)
}
fn t_vpc_mut(t: &mut Topology, _: usize) -> Option<&mut VpcEndpoints> {
    Some(&mut t.vpc_endpoints)
}

/// A whole-number Decimal as u32 (values come from validated bounds; out of range saturates).
fn to_u32(v: Decimal) -> u32 {
    v.trunc().to_u32().unwrap_or(u32::MAX)
}

macro_rules! write_opt {
    ($sec:ident, $field:ident, $variant:ident) => {
        |r: &mut TopologyRaw, i: usize, v: RawValue| match ($sec(r, i), v) {
            (Some(s), RawValue::$variant(x)) => {
                s.$field = Some(x);
                true
            }
            _ => false,
        }
    };
}
macro_rules! write_req {
    ($sec:ident, $field:ident, $variant:ident) => {
        |r: &mut TopologyRaw, i: usize, v: RawValue| match ($sec(r, i), v) {
            (Some(s), RawValue::$variant(x)) => {
                s.$field = x;
                true
            }
            _ => false,
        }
    };
}
macro_rules! acc_dec {
    ($get:ident, $set:ident, $field:ident) => {
        Some(Access {
            get: |t: &Topology, i: usize| $get(t, i).map(|s| s.$field),
            set: |t: &mut Topology, i: usize, v: Decimal| {
                if let Some(s) = $set(t, i) {
                    s.$field = v;
                }
            },
        })
    };
}
macro_rules! acc_u32 {
    ($get:ident, $set:ident, $field:ident) => {
        Some(Access {
            get: |t: &Topology, i: usize| $get(t, i).map(|s| Decimal::from(s.$field)),
            set: |t: &mut Topology, i: usize, v: Decimal| {
                if let Some(s) = $set(t, i) {
                    s.$field = to_u32(v);
                }
            },
        })
    };
}
macro_rules! def {
    ($pattern:literal, $kind:ident, $write:expr) => {
        PathDef {
            pattern: $pattern,
            kind: Kind::$kind,
            min: 0,
            max: 0,
            write: $write,
            access: None,
        }
    };
    ($pattern:literal, $kind:ident, $min:expr, $max:expr, $write:expr, $access:expr) => {
        PathDef {
            pattern: $pattern,
            kind: Kind::$kind,
            min: $min,
            max: $max,
            write: $write,
            access: $access,
        }
    };
}

const GB: i64 = 100_000_000;
const RATE: i64 = 10_000_000;

/// Every input a scenario, sweep or range can address.
pub static PATHS: &[PathDef] = &[
    def!("region", Text, write_req!(top, region, Text)),
    def!(
        "hours_per_month",
        Number,
        write_opt!(top, hours_per_month, Num)
    ),
    def!(
        "service.*.count",
        Whole,
        0,
        10_000,
        write_req!(svc, count, Num),
        acc_u32!(t_svc, t_svc_mut, count)
    ),
    def!("service.*.vcpu", Number, write_req!(svc, vcpu, Num)),
    def!(
        "service.*.memory_gb",
        Number,
        write_req!(svc, memory_gb, Num)
    ),
    def!("service.*.arch", Text, write_opt!(svc, arch, Text)),
    def!("service.*.os", Text, write_opt!(svc, os, Text)),
    def!("service.*.capacity", Text, write_opt!(svc, capacity, Text)),
    def!(
        "service.*.launch_type",
        Text,
        write_opt!(svc, launch_type, Text)
    ),
    def!(
        "service.*.ephemeral_storage_gb",
        Number,
        20,
        200,
        write_opt!(svc, ephemeral_storage_gb, Num),
        acc_dec!(t_svc, t_svc_mut, ephemeral_storage_gb)
    ),
    def!(
        "service.*.hours_per_month",
        Number,
        write_opt!(svc, hours_per_month, Num)
    ),
    def!("database.*.engine", Text, write_req!(db, engine, Text)),
    def!(
        "database.*.engine_version",
        Text,
        write_opt!(db, engine_version, Text)
    ),
    def!(
        "database.*.storage_configuration",
        Text,
        write_opt!(db, storage_configuration, Text)
    ),
    def!("database.*.readers", Whole, write_opt!(db, readers, Num)),
    def!(
        "database.*.io_requests_million",
        Number,
        write_opt!(db, io_requests_million, Num)
    ),
    def!(
        "database.*.backtrack_change_records_million",
        Number,
        write_opt!(db, backtrack_change_records_million, Num)
    ),
    def!(
        "database.*.instance_class",
        Text,
        write_req!(db, instance_class, Text)
    ),
    def!(
        "database.*.deployment",
        Text,
        write_opt!(db, deployment, Text)
    ),
    def!(
        "database.*.storage_type",
        Text,
        write_opt!(db, storage_type, Text)
    ),
    def!(
        "database.*.storage_gb",
        Number,
        1,
        131_072,
        write_req!(db, storage_gb, Num),
        acc_dec!(t_db, t_db_mut, storage_gb)
    ),
    def!("database.*.iops", Whole, write_opt!(db, iops, Num)),
    def!(
        "database.*.throughput_mibps",
        Number,
        write_opt!(db, throughput_mibps, Num)
    ),
    def!(
        "database.*.backup_retention_days",
        Whole,
        write_opt!(db, backup_retention_days, Num)
    ),
    def!(
        "database.*.backup_storage_gb",
        Number,
        0,
        GB,
        write_opt!(db, backup_storage_gb, Num),
        acc_dec!(t_db, t_db_mut, backup_storage_gb)
    ),
    def!(
        "database.*.cpu_credits_vcpu_hours",
        Number,
        0,
        744 * 128,
        write_opt!(db, cpu_credits_vcpu_hours, Num),
        acc_dec!(t_db, t_db_mut, cpu_credits_vcpu_hours)
    ),
    def!(
        "database.*.read_replica",
        Tables,
        write_req!(db, read_replica, Replicas)
    ),
    def!(
        "database.*.commitment.term_years",
        Whole,
        write_opt!(db_commitment, term_years, Num)
    ),
    def!(
        "database.*.commitment.payment",
        Text,
        write_opt!(db_commitment, payment, Text)
    ),
    def!(
        "database.*.commitment.class",
        Text,
        write_opt!(db_commitment, class, Text)
    ),
    def!(
        "database.*.commitment.count",
        Whole,
        write_opt!(db_commitment, count, Num)
    ),
    def!("cache.*.engine", Text, write_req!(cache, engine, Text)),
    def!(
        "cache.*.commitment.term_years",
        Whole,
        write_opt!(cache_commitment, term_years, Num)
    ),
    def!(
        "cache.*.commitment.payment",
        Text,
        write_opt!(cache_commitment, payment, Text)
    ),
    def!(
        "cache.*.commitment.class",
        Text,
        write_opt!(cache_commitment, class, Text)
    ),
    def!(
        "cache.*.commitment.count",
        Whole,
        write_opt!(cache_commitment, count, Num)
    ),
    def!(
        "savings_plan.*.type",
        Text,
        write_opt!(savings_plan, plan_type, Text)
    ),
    def!(
        "savings_plan.*.hourly_commitment_usd",
        Number,
        write_opt!(savings_plan, hourly_commitment_usd, Num)
    ),
    def!(
        "savings_plan.*.term_years",
        Whole,
        write_opt!(savings_plan, term_years, Num)
    ),
    def!(
        "savings_plan.*.payment",
        Text,
        write_opt!(savings_plan, payment, Text)
    ),
    def!(
        "discounts.enterprise_percent",
        Number,
        write_opt!(discounts, enterprise_percent, Num)
    ),
    def!("start_month", Text, write_opt!(top, start_month, Text)),
    def!("cache.*.mode", Text, |r, i, v| cache_write(r, i, v, "mode")),
    def!("cache.*.serverless", Bool, |r, i, v| cache_write(
        r,
        i,
        v,
        "serverless"
    )),
    def!(
        "cache.*.node_type",
        Text,
        write_opt!(cache, node_type, Text)
    ),
    def!(
        "cache.*.nodes",
        Whole,
        0,
        500,
        |r, i, v| cache_write(r, i, v, "nodes"),
        acc_u32!(t_cache, t_cache_mut, nodes)
    ),
    def!(
        "cache.*.shards",
        Whole,
        1,
        500,
        |r, i, v| cache_write(r, i, v, "shards"),
        acc_u32!(t_cache, t_cache_mut, shards)
    ),
    def!(
        "cache.*.replicas_per_shard",
        Whole,
        0,
        5,
        |r, i, v| cache_write(r, i, v, "replicas_per_shard"),
        acc_u32!(t_cache, t_cache_mut, replicas_per_shard)
    ),
    def!(
        "cache.*.snapshot_storage_gb",
        Number,
        0,
        GB,
        write_opt!(cache, snapshot_storage_gb, Num),
        acc_dec!(t_cache, t_cache_mut, snapshot_storage_gb)
    ),
    def!(
        "cache.*.data_stored_gb",
        Number,
        0,
        5_000,
        |r, i, v| cache_write(r, i, v, "data_stored_gb"),
        acc_dec!(t_cache, t_cache_mut, data_stored_gb)
    ),
    def!(
        "cache.*.ecpu_millions",
        Number,
        0,
        1_000_000_000,
        |r, i, v| cache_write(r, i, v, "ecpu_millions"),
        acc_dec!(t_cache, t_cache_mut, ecpu_millions)
    ),
    def!(
        "load_balancer.*.count",
        Whole,
        0,
        100,
        write_opt!(lb, count, Num),
        acc_u32!(t_lb, t_lb_mut, count)
    ),
    def!("load_balancer.*.azs", Whole, write_opt!(lb, azs, Num)),
    def!(
        "load_balancer.*.new_connections_per_second",
        Number,
        0,
        RATE,
        write_opt!(lb, new_connections_per_second, Num),
        acc_dec!(t_lb, t_lb_mut, new_connections_per_second)
    ),
    def!(
        "load_balancer.*.active_connections_per_minute",
        Number,
        0,
        RATE * 60,
        write_opt!(lb, active_connections_per_minute, Num),
        acc_dec!(t_lb, t_lb_mut, active_connections_per_minute)
    ),
    def!(
        "load_balancer.*.processed_gb_per_hour",
        Number,
        0,
        1_000_000,
        write_opt!(lb, processed_gb_per_hour, Num),
        acc_dec!(t_lb, t_lb_mut, processed_gb_per_hour)
    ),
    def!(
        "load_balancer.*.rule_evaluations_per_second",
        Number,
        0,
        RATE,
        write_opt!(lb, rule_evaluations_per_second, Num),
        acc_dec!(t_lb, t_lb_mut, rule_evaluations_per_second)
    ),
    def!(
        "load_balancer.*.lambda_targets",
        Bool,
        write_opt!(lb, lambda_targets, Bool)
    ),
    def!("load_balancer.*.type", Text, write_opt!(lb, lb_type, Text)),
    def!(
        "load_balancer.*.trust_stores",
        Whole,
        write_opt!(lb, trust_stores, Num)
    ),
    def!(
        "load_balancer.*.mutual_tls",
        Bool,
        write_opt!(lb, mutual_tls, Bool)
    ),
    def!(
        "load_balancer.*.tcp.new_flows_per_second",
        Number,
        write_opt!(lb_tcp, new_flows_per_second, Num)
    ),
    def!(
        "load_balancer.*.tcp.active_flows",
        Number,
        write_opt!(lb_tcp, active_flows, Num)
    ),
    def!(
        "load_balancer.*.tcp.processed_gb_per_hour",
        Number,
        write_opt!(lb_tcp, processed_gb_per_hour, Num)
    ),
    def!(
        "load_balancer.*.udp.new_flows_per_second",
        Number,
        write_opt!(lb_udp, new_flows_per_second, Num)
    ),
    def!(
        "load_balancer.*.udp.active_flows",
        Number,
        write_opt!(lb_udp, active_flows, Num)
    ),
    def!(
        "load_balancer.*.udp.processed_gb_per_hour",
        Number,
        write_opt!(lb_udp, processed_gb_per_hour, Num)
    ),
    def!(
        "load_balancer.*.tls.new_flows_per_second",
        Number,
        write_opt!(lb_tls, new_flows_per_second, Num)
    ),
    def!(
        "load_balancer.*.tls.active_flows",
        Number,
        write_opt!(lb_tls, active_flows, Num)
    ),
    def!(
        "load_balancer.*.tls.processed_gb_per_hour",
        Number,
        write_opt!(lb_tls, processed_gb_per_hour, Num)
    ),
    def!(
        "nat.gateways",
        Whole,
        0,
        100,
        write_req!(nat, gateways, Num),
        acc_u32!(t_nat, t_nat_mut, gateways)
    ),
    def!(
        "nat.data_processed_gb",
        Number,
        0,
        GB,
        write_opt!(nat, data_processed_gb, Num),
        acc_dec!(t_nat, t_nat_mut, data_processed_gb)
    ),
    def!(
        "data_transfer.internet_out_gb",
        Number,
        0,
        GB,
        write_opt!(dt, internet_out_gb, Num),
        acc_dec!(t_dt, t_dt_mut, internet_out_gb)
    ),
    def!(
        "data_transfer.inter_az_gb",
        Number,
        0,
        GB,
        write_opt!(dt, inter_az_gb, Num),
        acc_dec!(t_dt, t_dt_mut, inter_az_gb)
    ),
    def!(
        "data_transfer.inter_region",
        Tables,
        write_req!(dt, inter_region, InterRegion)
    ),
    def!(
        "data_transfer.inter_region.*.gb",
        Number,
        0,
        GB,
        write_req!(dt_region, gb, Num),
        acc_dec!(t_dt_region, t_dt_region_mut, gb)
    ),
    def!(
        "data_transfer.inter_region_out_gb",
        Number,
        0,
        GB,
        write_opt!(dt, inter_region_out_gb, Num),
        acc_dec!(t_dt, t_dt_mut, inter_region_out_gb)
    ),
    def!(
        "data_transfer.free_tier",
        Bool,
        write_opt!(dt, free_tier, Bool)
    ),
    def!(
        "public_ipv4.addresses",
        Whole,
        0,
        100_000,
        write_opt!(ip, addresses, Num),
        Some(Access {
            get: |t: &Topology, _| Some(Decimal::from(t.public_ipv4_addresses())),
            set: |t: &mut Topology, _, v: Decimal| t.public_ipv4_addresses = Some(to_u32(v)),
        })
    ),
    def!(
        "vpc_endpoints.interface_endpoints",
        Whole,
        0,
        1_000,
        write_opt!(vpc, interface_endpoints, Num),
        acc_u32!(t_vpc, t_vpc_mut, interface_endpoints)
    ),
    def!("vpc_endpoints.azs", Whole, write_opt!(vpc, azs, Num)),
    def!(
        "vpc_endpoints.data_processed_gb",
        Number,
        0,
        GB,
        write_opt!(vpc, data_processed_gb, Num),
        acc_dec!(t_vpc, t_vpc_mut, data_processed_gb)
    ),
];

/// One concrete input: a table entry, the index of the service (or section table) it applies
/// to, and its concrete path.
#[derive(Clone)]
pub struct Target {
    pub def: &'static PathDef,
    pub index: usize,
    pub path: String,
}

impl Target {
    pub fn get(&self, t: &Topology) -> Option<Decimal> {
        self.def.access.and_then(|a| (a.get)(t, self.index))
    }
    pub fn set(&self, t: &mut Topology, v: Decimal) {
        if let Some(a) = self.def.access {
            (a.set)(t, self.index, v);
        }
    }
    pub fn whole(&self) -> bool {
        self.def.kind == Kind::Whole
    }
}

/// The inputs of the plain usage sections (`s3.storage_gb`), from each kind's input table
/// ([`crate::resource::usage`]); a target's index is the input's position in
/// [`crate::resource::usage::all_inputs`].
pub fn usage_paths() -> &'static [PathDef] {
    use crate::resource::usage::all_inputs;
    static DEFS: std::sync::LazyLock<Vec<PathDef>> = std::sync::LazyLock::new(|| {
        all_inputs()
            .iter()
            .map(|input| PathDef {
                pattern: input.path,
                kind: if input.is_flag() {
                    Kind::Bool
                } else if input.whole {
                    Kind::Whole
                } else {
                    Kind::Number
                },
                min: 0,
                max: input.max,
                write: |r: &mut TopologyRaw, i: usize, v: RawValue| {
                    let Some(input) = all_inputs().get(i) else {
                        return false;
                    };
                    let v = match v {
                        RawValue::Num(v) if !input.is_flag() => v,
                        // a flag (`cloudwatch.free_tier`) is held as 1 or 0
                        RawValue::Bool(b) if input.is_flag() => {
                            let n = if *b.get() {
                                Decimal::ONE
                            } else {
                                Decimal::ZERO
                            };
                            Located::new(b.span(), Num(n, None))
                        }
                        _ => return false,
                    };
                    let span = v.span();
                    r.usage
                        .entry(input.section())
                        .or_insert_with(|| Located::new(span, Default::default()))
                        .0
                        .get_mut()
                        .set(input.key(), v);
                    true
                },
                access: (!input.is_flag()).then_some(Access {
                    get: |t: &Topology, i: usize| all_inputs().get(i).map(|x| t.usage.get(x)),
                    set: |t: &mut Topology, i: usize, v: Decimal| {
                        if let Some(x) = all_inputs().get(i) {
                            t.usage.set(x.path, v);
                        }
                    },
                }),
            })
            .collect()
    });
    &DEFS
}

/// Every input definition: the hand-written table, then the usage sections'.
pub fn all_defs() -> impl Iterator<Item = &'static PathDef> {
    PATHS.iter().chain(usage_paths())
}

/// The names that make concrete paths: the services', and the optional name of each table of a
/// many-of-each section (`[[database]]`, `[[cache]]`, `[[load_balancer]]`), in file order.
#[derive(Debug, Clone, Default)]
pub struct Names<'a> {
    pub services: Vec<&'a str>,
    pub database: Vec<Option<&'a str>>,
    pub cache: Vec<Option<&'a str>>,
    pub load_balancer: Vec<Option<&'a str>>,
    /// The destinations of `[data_transfer] inter_region`, in file order.
    pub inter_region: Vec<&'a str>,
    /// The names of the `[[savings_plan]]` tables, in file order.
    pub savings_plan: Vec<Option<&'a str>>,
}

impl<'a> Names<'a> {
    /// The names of a validated topology.
    pub fn of(t: &'a Topology) -> Self {
        Names {
            services: t.services.iter().map(|s| s.name.as_str()).collect(),
            database: t.databases.iter().map(|d| d.name.as_deref()).collect(),
            cache: t.caches.iter().map(|c| c.name.as_deref()).collect(),
            load_balancer: t.load_balancers.iter().map(|l| l.name.as_deref()).collect(),
            inter_region: t
                .data_transfer
                .inter_region
                .iter()
                .map(|d| d.to_region.as_str())
                .collect(),
            savings_plan: t
                .finance
                .savings_plans
                .iter()
                .map(|s| Some(s.name.as_str()))
                .collect(),
        }
    }

    /// Services only (no database, cache or load balancer).
    pub fn services(services: impl IntoIterator<Item = &'a str>) -> Self {
        Names {
            services: services.into_iter().collect(),
            ..Names::default()
        }
    }

    fn of_section(&self, section: &str) -> Option<&[Option<&'a str>]> {
        match section {
            "database" => Some(&self.database),
            "cache" => Some(&self.cache),
            "load_balancer" => Some(&self.load_balancer),
            "savings_plan" => Some(&self.savings_plan),
            _ => None,
        }
    }
}

/// Every concrete input of a topology with these names, in table order. A table of a
/// many-of-each section is addressed `database.NAME.key`, or `database.key` when it is unnamed
/// (a single `[database]`); a section without tables keeps its unnamed paths, so a scenario
/// can write into it (and is told when there is nothing to write into).
pub fn targets(names: &Names<'_>) -> Vec<Target> {
    let mut out = Vec::new();
    for def in PATHS {
        if let Some(field) = def.pattern.strip_prefix("data_transfer.inter_region.*.") {
            // One path per destination, named by its region: `data_transfer.inter_region.us-east-2.gb`.
            for (i, to_region) in names.inter_region.iter().enumerate() {
                out.push(Target {
                    def,
                    index: i,
                    path: format!("data_transfer.inter_region.{to_region}.{field}"),
                });
            }
        } else if let Some(field) = def.pattern.strip_prefix("service.*.") {
            for (i, name) in names.services.iter().enumerate() {
                out.push(Target {
                    def,
                    index: i,
                    path: format!("service.{name}.{field}"),
                });
            }
        } else if let Some((section, field)) = def.pattern.split_once(".*.")
            && let Some(tables) = names.of_section(section)
        {
            if tables.is_empty() {
                out.push(Target {
                    def,
                    index: 0,
                    path: format!("{section}.{field}"),
                });
            }
            for (i, name) in tables.iter().enumerate() {
                out.push(Target {
                    def,
                    index: i,
                    path: match name {
                        Some(n) => format!("{section}.{n}.{field}"),
                        None => format!("{section}.{field}"),
                    },
                });
            }
        } else {
            out.push(Target {
                def,
                index: 0,
                path: def.pattern.to_string(),
            });
        }
    }
    for (i, def) in usage_paths().iter().enumerate() {
        out.push(Target {
            def,
            index: i,
            path: def.pattern.to_string(),
        });
    }
    out
}

/// Whether `pattern` (segments, `*` matching any one segment) matches `path`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('.');
    let mut q = path.split('.');
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

/// The inputs a path or pattern addresses, or a did-you-mean hint when it addresses none.
///
/// Where a section has one table, `database.key` and `database.*.key` address it named or not;
/// with several, `database.key` is refused with the names to choose from.
pub fn resolve(pattern: &str, all: &[Target]) -> Result<Vec<Target>, String> {
    let find = |p: &str| -> Vec<Target> {
        all.iter()
            .filter(|t| matches(p, &t.path))
            .cloned()
            .collect()
    };
    let found = find(pattern);
    if !found.is_empty() {
        return Ok(found);
    }
    let segments: Vec<&str> = pattern.split('.').collect();
    if let [section, field] = segments[..]
        && crate::topology::validate::MANY_OF_EACH.contains(&section)
    {
        let named = find(&format!("{section}.*.{field}"));
        match named.len() {
            0 => {}
            1 => return Ok(named),
            n => {
                let names: Vec<String> = named.iter().map(|t| format!("`{}`", t.path)).collect();
                return Err(format!(
                    "the topology has {n} `[[{section}]]` tables: write one of {} (or `{section}.*.{field}` for all)",
                    names.join(", ")
                ));
            }
        }
    }
    if let [section, "*", field] = segments[..]
        && crate::topology::validate::MANY_OF_EACH.contains(&section)
    {
        let unnamed = find(&format!("{section}.{field}"));
        if !unnamed.is_empty() {
            return Ok(unnamed);
        }
    }
    let mut candidates: Vec<&str> = all.iter().map(|t| t.path.as_str()).collect();
    candidates.extend(all_defs().map(|d| d.pattern));
    Err(
        match crate::suggest::did_you_mean(pattern, candidates.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                let mut sections: Vec<&str> = all_defs()
                    .map(|d| d.pattern.split('.').next().unwrap_or(""))
                    .collect();
                sections.sort_unstable();
                sections.dedup();
                format!(
                    "paths are `section.key` (sections: {}) or `service.NAME.key`; see `costplan schema`",
                    sections.join(", ")
                )
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_segment() {
        assert!(matches("service.*.count", "service.api.count"));
        assert!(!matches("service.*.count", "service.api.vcpu"));
        assert!(matches("data_transfer.*", "data_transfer.inter_az_gb"));
        assert!(!matches("data_transfer.*", "data_transfer"));
    }

    #[test]
    fn unknown_paths_get_a_suggestion() {
        let all = targets(&Names::services(["api", "worker"]));
        assert_eq!(resolve("service.*.count", &all).unwrap().len(), 2);
        let e = resolve("service.workr.count", &all).err().unwrap();
        assert!(e.contains("service.worker.count"), "{e}");
        let e = resolve("nat.gateway", &all).err().unwrap();
        assert!(e.contains("nat.gateways"), "{e}");
    }

    /// The table's bounds are the validator's: one above the table's maximum is refused, and
    /// the maximum itself is accepted (except where validation bounds the input by another:
    /// CPU credits by the month's hours, storage by the storage type: the table spans Aurora's
    /// 1 to 131,072 GB, the baseline's gp3 ends at 65,536).
    #[test]
    fn validation_enforces_the_bounds_of_the_table() {
        use crate::pricing::PriceCatalog;
        use crate::source::SourceFile;
        let catalog = PriceCatalog::bundled().unwrap();
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
        )
        .unwrap()
            + "\n[vpc_endpoints]\ninterface_endpoints = 2\n[s3]\nstorage_gb = 1\n";
        let file = SourceFile::new("baseline.toml", text);
        let base = super::super::validate::parse_raw(&file).unwrap();
        let relative = ["database.*.cpu_credits_vcpu_hours", "database.*.storage_gb"];
        let all = targets(&Names::services(["api"]));
        for t in all.iter().filter(|t| t.def.access.is_some()) {
            let check = |v: i64| {
                let mut raw = base.clone();
                let value = Located::new(0..0, Num::exact(Decimal::from(v)));
                assert!(
                    (t.def.write)(&mut raw, t.index, RawValue::Num(value)),
                    "{}",
                    t.path
                );
                super::super::validate::validate_raw(
                    raw,
                    super::super::validate::Sources::single(&file),
                    &catalog,
                )
            };
            assert!(
                check(t.def.max + 1).is_err(),
                "`{}` accepts more than its table maximum {}",
                t.path,
                t.def.max
            );
            if !relative.contains(&t.def.pattern) {
                assert!(
                    check(t.def.max).is_ok(),
                    "`{}` refuses its table maximum {}: {:?}",
                    t.path,
                    t.def.max,
                    check(t.def.max).err()
                );
            }
            if t.def.min > 0 {
                assert!(
                    check(t.def.min - 1).is_err(),
                    "`{}` accepts less than its table minimum",
                    t.path
                );
            }
        }
    }

    #[test]
    fn numeric_inputs_with_access_have_sane_bounds() {
        for d in all_defs() {
            if d.access.is_some() {
                assert!(
                    d.min <= d.max && matches!(d.kind, Kind::Number | Kind::Whole),
                    "{}",
                    d.pattern
                );
            }
        }
    }
}
