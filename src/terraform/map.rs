//! Mapping a plan's AWS resources onto topologies, one per region: ECS services and their task
//! definitions (launch type, capacity provider strategies, a cluster's default strategy, every
//! form of `cpu`/`memory`), RDS instances, ElastiCache clusters and replication groups, load
//! balancers, NAT gateways, public IPv4 addresses, CloudWatch log groups, alarms and dashboards,
//! Secrets Manager secrets, ECR repositories, interface endpoints and S3 buckets, with the usage
//! a usage file gives them. The result is topology text (each table commented with the addresses it
//! came from) that the normal reader validates, and an account of every resource.

use super::account::{self, Account, PlanResource, Status};
use super::plan::{Plan, Resource, number};
use super::usage::{Usage, UsageFile};
use crate::error::{Error, Result};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A plan mapped: one topology text per region (the default region's first), and the account.
#[derive(Debug, Clone)]
pub struct Imported {
    pub topologies: Vec<RegionTopology>,
    pub account: Account,
}

/// The topology of one region, as TOML text.
#[derive(Debug, Clone)]
pub struct RegionTopology {
    pub region: String,
    pub toml: String,
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The topology's name (default: the plan file's stem).
    pub name: String,
    /// The region of resources whose provider does not state one.
    pub region: Option<String>,
    /// Where the plan came from, for comments and the account.
    pub source: String,
}

/// What one region's resources add up to.
#[derive(Default)]
struct Builder {
    services: Vec<(String, Vec<String>)>,
    databases: Vec<(String, Vec<String>)>,
    caches: Vec<(String, Vec<String>)>,
    load_balancers: Vec<(String, Vec<String>)>,
    nat_gateways: u32,
    nat_gb: Decimal,
    nat_from: Vec<String>,
    eips: u32,
    lb_public_ips: u32,
    ip_from: Vec<String>,
    endpoints: Vec<(u32, Decimal, String)>,
    /// `[cloudwatch]`, `[secrets_manager]`, `[ecr]`, `[s3]` and `[data_transfer]` keys, summed.
    sums: BTreeMap<(&'static str, &'static str), Decimal>,
    sum_from: BTreeMap<&'static str, Vec<String>>,
    /// Names given so far, per section (names are unique within a section).
    names: BTreeMap<&'static str, Vec<String>>,
}

impl Builder {
    fn add(&mut self, section: &'static str, key: &'static str, v: Decimal, from: &str) {
        *self.sums.entry((section, key)).or_default() += v;
        let f = self.sum_from.entry(section).or_default();
        if !f.iter().any(|x| x == from) {
            f.push(from.to_string());
        }
    }

    /// A name unique in its section: the first of the candidates (the resource's own name,
    /// its `for_each` key, its name in the configuration, its address) that is not taken, made
    /// of the characters a name may hold (ECS service names: letters, digits, `-`, `_`).
    fn unique(
        &mut self,
        section: &'static str,
        r: &Resource,
        own: Option<&str>,
        suffix: &str,
    ) -> String {
        let ecs = section == "service";
        let clean = |s: &str| -> String {
            let mut out = String::new();
            for c in s.chars() {
                let ok = if ecs {
                    c.is_ascii_alphanumeric() || c == '-' || c == '_'
                } else {
                    crate::text::check_name(&c.to_string()).is_ok()
                };
                if ok {
                    out.push(c);
                } else if !out.ends_with('-') && !out.is_empty() {
                    out.push('-');
                }
            }
            let out = out.trim_end_matches('-').to_string();
            out.chars().take(100).collect()
        };
        let key = r.index.as_ref().and_then(|i| match i {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(format!("{}-{n}", r.name)),
            _ => None,
        });
        let taken = self.names.entry(section).or_default();
        let candidates = [
            own.map(str::to_string),
            key,
            Some(r.name.clone()),
            Some(r.address.clone()),
        ];
        let mut name = candidates
            .iter()
            .flatten()
            .map(|c| format!("{}{suffix}", clean(c)))
            .find(|c| !c.is_empty() && c != suffix && !taken.contains(c))
            .unwrap_or_else(|| format!("{}{suffix}", clean(&r.address)));
        let base = name.clone();
        let mut i = 2;
        while taken.contains(&name) {
            name = format!("{base}-{i}");
            i += 1;
        }
        taken.push(name.clone());
        name
    }
}

/// The resource types mapped onto a topology.
pub const MAPPED_TYPES: &[&str] = &[
    "aws_ecs_service",
    "aws_ecs_task_set",
    "aws_db_instance",
    "aws_elasticache_cluster",
    "aws_elasticache_replication_group",
    "aws_lb",
    "aws_alb",
    "aws_nat_gateway",
    "aws_eip",
    "aws_cloudwatch_log_group",
    "aws_cloudwatch_metric_alarm",
    "aws_cloudwatch_dashboard",
    "aws_secretsmanager_secret",
    "aws_ecr_repository",
    "aws_vpc_endpoint",
    "aws_s3_bucket",
];

/// Maps a plan (with an optional usage file) onto topologies and accounts for every resource.
pub fn import(plan: &Plan, usage: Option<&UsageFile>, options: &Options) -> Result<Imported> {
    let empty = UsageFile::default();
    let usage = usage.unwrap_or(&empty);
    let mut account = Account {
        source: options.source.clone(),
        resources: Vec::new(),
        unsupported_types: Vec::new(),
        ignored_usage: usage.ignored.clone(),
    };
    let region_of =
        |r: &Resource| -> Option<String> { r.region.clone().or_else(|| options.region.clone()) };
    // Regions in order of first appearance; the default region first when it has resources.
    let mut regions: Vec<String> = Vec::new();
    let mut missing_region: Vec<&str> = Vec::new();
    // Only resources that land in a topology need a region; free and unsupported ones do not.
    for r in plan
        .resources
        .iter()
        .filter(|r| r.is_aws() && MAPPED_TYPES.contains(&r.kind.as_str()))
    {
        match region_of(r) {
            Some(reg) if !regions.contains(&reg) => regions.push(reg),
            Some(_) => {}
            None => missing_region.push(&r.address),
        }
    }
    let inferred = infer_region(plan);
    if !missing_region.is_empty() {
        match &inferred {
            Some(reg) => {
                if !regions.contains(reg) {
                    regions.push(reg.clone());
                }
            }
            None => {
                return Err(Error::usage(format!(
                    "the plan does not say the region of {} (first: `{}`): its provider's region is not a constant\n  = hint: pass `--region REGION`",
                    plural(missing_region.len(), "resource"),
                    missing_region[0]
                )));
            }
        }
    }
    if regions.is_empty() {
        regions.push(
            options
                .region
                .clone()
                .unwrap_or_else(|| "us-east-1".to_string()),
        );
    }
    let mut builders: Vec<Builder> = regions.iter().map(|_| Builder::default()).collect();
    let index_of = |r: &Resource| -> usize {
        let reg = region_of(r)
            .or_else(|| inferred.clone())
            .unwrap_or_default();
        regions.iter().position(|x| *x == reg).unwrap_or(0)
    };
    for r in &plan.resources {
        let mut note = |status: Status, note: String| {
            account.resources.push(PlanResource {
                address: r.address.clone(),
                kind: r.kind.clone(),
                status,
                note,
            });
        };
        if !r.is_aws() {
            if account::is_free(&r.kind, &r.provider) {
                note(Status::Free, "not an AWS resource".into());
            } else {
                note(
                    Status::Unsupported,
                    format!(
                        "provider {}",
                        r.provider.rsplit('/').next().unwrap_or(&r.provider)
                    ),
                );
            }
            continue;
        }
        let b = &mut builders[index_of(r)];
        let u = usage.for_resource(&r.address, &r.kind);
        let (status, text) = match r.kind.as_str() {
            "aws_ecs_service" => service(plan, r, b),
            "aws_ecs_task_set" => task_set(plan, r, b),
            "aws_db_instance" => database(r, &u, b),
            "aws_elasticache_cluster" => cache_cluster(plan, r, &u, b),
            "aws_elasticache_replication_group" => replication_group(r, &u, b),
            "aws_lb" | "aws_alb" => load_balancer(r, &u, b),
            "aws_nat_gateway" => {
                b.nat_gateways += 1;
                let gb = u.number("monthly_data_processed_gb").unwrap_or_default();
                b.nat_gb += gb;
                b.nat_from.push(r.address.clone());
                (Status::Priced, format!("nat gateway ({gb} GB processed)"))
            }
            "aws_eip" => {
                b.eips += 1;
                b.ip_from.push(r.address.clone());
                (Status::Priced, "public IPv4 address".into())
            }
            "aws_cloudwatch_log_group" => {
                let ia = r.str("log_group_class") == Some("INFREQUENT_ACCESS");
                let ingested = u.number("monthly_data_ingested_gb").unwrap_or_default();
                let key = if ia {
                    "logs_ingested_infrequent_access_gb"
                } else {
                    "logs_ingested_gb"
                };
                b.add("cloudwatch", key, ingested, &r.address);
                b.add(
                    "cloudwatch",
                    "logs_stored_gb",
                    u.number("storage_gb").unwrap_or_default(),
                    &r.address,
                );
                b.add(
                    "cloudwatch",
                    "logs_insights_scanned_gb",
                    u.number("monthly_data_scanned_gb").unwrap_or_default(),
                    &r.address,
                );
                (
                    Status::Priced,
                    format!("cloudwatch logs ({ingested} GB ingested)"),
                )
            }
            "aws_cloudwatch_metric_alarm" => alarm(r, b),
            "aws_cloudwatch_dashboard" => {
                b.add("cloudwatch", "dashboards", Decimal::ONE, &r.address);
                (Status::Priced, "cloudwatch dashboard".into())
            }
            "aws_secretsmanager_secret" => {
                b.add("secrets_manager", "secrets", Decimal::ONE, &r.address);
                b.add(
                    "secrets_manager",
                    "api_calls",
                    u.number("monthly_requests").unwrap_or_default(),
                    &r.address,
                );
                (Status::Priced, "secret".into())
            }
            "aws_ecr_repository" => {
                let gb = u.number("storage_gb").unwrap_or_default();
                b.add("ecr", "storage_gb", gb, &r.address);
                (Status::Priced, format!("ecr storage ({gb} GB)"))
            }
            "aws_vpc_endpoint" => match r.str("vpc_endpoint_type").unwrap_or("Gateway") {
                "Interface" => {
                    let azs = r
                        .list("subnet_ids")
                        .len()
                        .max(if r.is_unknown("subnet_ids") { 2 } else { 1 });
                    let gb = u.number("monthly_data_processed_gb").unwrap_or_default();
                    b.endpoints.push((
                        u32::try_from(azs).unwrap_or(u32::MAX),
                        gb,
                        r.address.clone(),
                    ));
                    (Status::Priced, format!("interface endpoint in {azs} AZs"))
                }
                "Gateway" => (
                    Status::Free,
                    "gateway endpoint (S3, DynamoDB): no charge".into(),
                ),
                other => (Status::Unsupported, format!("{other} endpoint")),
            },
            "aws_s3_bucket" => {
                let gb = u.number("standard.storage_gb").unwrap_or_default();
                b.add("s3", "storage_gb", gb, &r.address);
                b.add(
                    "s3",
                    "put_requests",
                    u.number("standard.monthly_tier_1_requests")
                        .unwrap_or_default(),
                    &r.address,
                );
                b.add(
                    "s3",
                    "get_requests",
                    u.number("standard.monthly_tier_2_requests")
                        .unwrap_or_default(),
                    &r.address,
                );
                (Status::Priced, format!("s3 standard ({gb} GB)"))
            }
            kind if account::is_free(kind, &r.provider) => (Status::Free, "no charge".into()),
            _ => (Status::Unsupported, "type not priced by costplan".into()),
        };
        note(status, text);
    }
    // Pseudo-resources of the usage file.
    for (address, u) in usage.pseudo("aws_data_transfer") {
        let reg = u
            .text("region")
            .map(str::to_string)
            .unwrap_or_else(|| regions[0].clone());
        let Some(i) = regions.iter().position(|x| *x == reg) else {
            return Err(Error::usage(format!(
                "{}: `{address}` is in region {reg}, where the plan has no resources (regions: {})",
                usage.path,
                regions.join(", ")
            )));
        };
        let b = &mut builders[i];
        let n = |k: &str| u.number(k).unwrap_or_default();
        b.add(
            "data_transfer",
            "internet_out_gb",
            n("monthly_outbound_internet_gb"),
            &address,
        );
        b.add(
            "data_transfer",
            "inter_az_gb",
            n("monthly_intra_region_gb"),
            &address,
        );
        b.add(
            "data_transfer",
            "inter_region_out_gb",
            n("monthly_outbound_other_regions_gb") + n("monthly_outbound_us_east_to_us_east_gb"),
            &address,
        );
    }
    for (address, u) in usage.pseudo("costplan.cloudwatch") {
        let b = &mut builders[0];
        b.add(
            "cloudwatch",
            "custom_metrics",
            u.number("custom_metrics").unwrap_or_default(),
            &address,
        );
    }
    account::finish(&mut account);
    let topologies = regions
        .iter()
        .zip(&builders)
        .map(|(region, b)| RegionTopology {
            region: region.clone(),
            toml: write(region, b, plan, options, regions.len() > 1),
        })
        .collect();
    Ok(Imported {
        topologies,
        account,
    })
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The region the plan's availability zones name (`eu-west-1a` → `eu-west-1`), when they agree.
fn infer_region(plan: &Plan) -> Option<String> {
    let mut found: Option<String> = None;
    for r in &plan.resources {
        // `arn:aws:SERVICE:REGION:ACCOUNT:…`
        if let Some(region) = r
            .str("arn")
            .and_then(|a| a.split(':').nth(3))
            .filter(|x| !x.is_empty())
        {
            match &found {
                None => found = Some(region.to_string()),
                Some(f) if f != region => return None,
                Some(_) => {}
            }
        }
        let azs = r.str("availability_zone").into_iter().chain(
            r.list("availability_zones")
                .iter()
                .filter_map(Value::as_str),
        );
        for az in azs {
            let region = az.trim_end_matches(|c: char| c.is_ascii_lowercase());
            if region.len() < 4 || !az.ends_with(|c: char| c.is_ascii_lowercase()) {
                continue;
            }
            match &found {
                None => found = Some(region.to_string()),
                Some(f) if f != region => return None,
                Some(_) => {}
            }
        }
    }
    found
}

/// `"512"` CPU units, `"1 vCPU"`, `"0.5 vcpu"` → vCPU.
pub fn parse_cpu(v: &Value) -> Option<Decimal> {
    let s = match v {
        Value::String(s) => s.trim().to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if let Some(x) = s.strip_suffix("vcpu") {
        return crate::money::parse_exact(x.trim());
    }
    let units = crate::money::parse_exact(&s)?;
    Some((units / Decimal::from(1024)).normalize())
}

/// `"1024"` MiB, `"2 GB"`, `"0.5gb"` → GB.
pub fn parse_memory(v: &Value) -> Option<Decimal> {
    let s = match v {
        Value::String(s) => s.trim().to_ascii_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    if let Some(x) = s.strip_suffix("gb") {
        return crate::money::parse_exact(x.trim());
    }
    let mib = crate::money::parse_exact(&s)?;
    Some((mib / Decimal::from(1024)).normalize())
}

/// The task definition a service or task set runs: through the configuration's reference
/// (`aws_ecs_task_definition.api.arn`), then a known family name, then the only one in its module.
fn task_definition<'p>(plan: &'p Plan, r: &Resource) -> Option<&'p Resource> {
    let in_module = |name: &str| -> Vec<&'p Resource> {
        plan.resources
            .iter()
            .filter(|t| {
                t.kind == "aws_ecs_task_definition" && t.module == r.module && t.name == name
            })
            .collect()
    };
    for reference in r.references("task_definition") {
        if let Some(rest) = reference.strip_prefix("aws_ecs_task_definition.") {
            let name = rest.split(['.', '[']).next().unwrap_or(rest);
            let candidates = in_module(name);
            if let Some(same) = candidates.iter().find(|t| t.index == r.index) {
                return Some(same);
            }
            if let Some(first) = candidates.first() {
                return Some(first);
            }
        }
    }
    if let Some(known) = r.str("task_definition") {
        let family = known.rsplit('/').next().unwrap_or(known);
        let family = family.split(':').next().unwrap_or(family);
        if let Some(t) = plan
            .resources
            .iter()
            .find(|t| t.kind == "aws_ecs_task_definition" && t.str("family") == Some(family))
        {
            return Some(t);
        }
    }
    let mut only = plan
        .resources
        .iter()
        .filter(|t| t.kind == "aws_ecs_task_definition" && t.module == r.module);
    match (only.next(), only.next()) {
        (Some(t), None) => Some(t),
        _ => None,
    }
}

/// Tasks per capacity provider: base first, then the rest by weight.
fn split_by_strategy(desired: u32, strategy: &[Value]) -> Vec<(String, u32)> {
    let items: Vec<(String, u32, u32)> = strategy
        .iter()
        .filter_map(|s| {
            Some((
                s.get("capacity_provider")?.as_str()?.to_string(),
                s.get("weight")
                    .and_then(number)
                    .and_then(|d| u32::try_from(d.trunc().mantissa()).ok())
                    .unwrap_or(0),
                s.get("base")
                    .and_then(number)
                    .and_then(|d| u32::try_from(d.trunc().mantissa()).ok())
                    .unwrap_or(0),
            ))
        })
        .collect();
    let mut out: Vec<(String, u32)> = items.iter().map(|(p, _, _)| (p.clone(), 0)).collect();
    let mut left = desired;
    for (i, (_, _, base)) in items.iter().enumerate() {
        let take = (*base).min(left);
        out[i].1 += take;
        left -= take;
    }
    let total_weight: u32 = items.iter().map(|(_, w, _)| *w).sum();
    if total_weight > 0 && left > 0 {
        let mut given = 0;
        for (i, (_, w, _)) in items.iter().enumerate() {
            let share = u32::try_from(u64::from(left) * u64::from(*w) / u64::from(total_weight))
                .unwrap_or(0);
            out[i].1 += share;
            given += share;
        }
        // the remainder to the heaviest providers, in order
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(items[i].1));
        for i in order.into_iter().cycle().take((left - given) as usize) {
            out[i].1 += 1;
        }
    }
    out
}

/// The cluster default strategy the service falls back on (the plan's only
/// `aws_ecs_cluster_capacity_providers`, or the one whose cluster name the service names).
fn default_strategy<'p>(plan: &'p Plan, r: &Resource) -> Option<&'p [Value]> {
    let all: Vec<&Resource> = plan
        .resources
        .iter()
        .filter(|c| c.kind == "aws_ecs_cluster_capacity_providers")
        .collect();
    let cluster = r.str("cluster").map(|c| c.rsplit('/').next().unwrap_or(c));
    let found = all
        .iter()
        .find(|c| cluster.is_some() && c.str("cluster_name") == cluster)
        .or_else(|| if all.len() == 1 { all.first() } else { None })?;
    let s = found.list("default_capacity_provider_strategy");
    (!s.is_empty()).then_some(s)
}

fn service(plan: &Plan, r: &Resource, b: &mut Builder) -> (Status, String) {
    if r.block("deployment_controller")
        .and_then(|d| d.get("type"))
        .and_then(Value::as_str)
        == Some("EXTERNAL")
    {
        return (
            Status::Free,
            "external deployment: its tasks are its task sets'".into(),
        );
    }
    if r.str("scheduling_strategy") == Some("DAEMON") {
        return (
            Status::Skipped,
            "DAEMON scheduling runs on EC2 container instances (priced elsewhere)".into(),
        );
    }
    let desired = r
        .num("desired_count")
        .map_or(1, |d| u32::try_from(d.trunc().mantissa()).unwrap_or(0));
    let strategy = r.list("capacity_provider_strategy");
    let plan_of: Vec<(String, u32)> = match r.str("launch_type").filter(|l| !l.is_empty()) {
        Some(lt) => vec![(lt.to_string(), desired)],
        None if !strategy.is_empty() => split_by_strategy(desired, strategy),
        None => match default_strategy(plan, r) {
            Some(s) => split_by_strategy(desired, s),
            None => {
                return (
                    Status::Skipped,
                    "no launch type and no capacity provider strategy: ECS runs it on EC2 (priced elsewhere)".into(),
                );
            }
        },
    };
    tasks(plan, r, &plan_of, b)
}

fn task_set(plan: &Plan, r: &Resource, b: &mut Builder) -> (Status, String) {
    let parent = r.references("service").iter().find_map(|reference| {
        let rest = reference.strip_prefix("aws_ecs_service.")?;
        let name = rest.split(['.', '[']).next()?;
        plan.resources
            .iter()
            .find(|s| s.kind == "aws_ecs_service" && s.module == r.module && s.name == name)
    });
    let desired = parent
        .and_then(|p| p.num("desired_count"))
        .unwrap_or(Decimal::ONE);
    let scale = r
        .block("scale")
        .and_then(|s| s.get("value"))
        .and_then(number)
        .unwrap_or(Decimal::ONE_HUNDRED);
    let count = (desired * scale / Decimal::ONE_HUNDRED).ceil();
    let count = u32::try_from(count.mantissa() / 10i128.pow(count.scale())).unwrap_or(0);
    let lt = r
        .str("launch_type")
        .filter(|l| !l.is_empty())
        .unwrap_or("FARGATE");
    let strategy = r.list("capacity_provider_strategy");
    let plan_of = if strategy.is_empty() {
        vec![(lt.to_string(), count)]
    } else {
        split_by_strategy(count, strategy)
    };
    tasks(plan, r, &plan_of, b)
}

/// The services of one ECS service (or task set): one per Fargate capacity provider it uses.
fn tasks(
    plan: &Plan,
    r: &Resource,
    providers: &[(String, u32)],
    b: &mut Builder,
) -> (Status, String) {
    let fargate: Vec<&(String, u32)> = providers
        .iter()
        .filter(|(p, _)| p == "FARGATE" || p == "FARGATE_SPOT")
        .collect();
    if fargate.is_empty() {
        let what: Vec<&str> = providers.iter().map(|(p, _)| p.as_str()).collect();
        return (
            Status::Skipped,
            format!(
                "launch type {}: the tasks run on EC2 capacity, priced elsewhere",
                what.join(", ")
            ),
        );
    }
    let Some(td) = task_definition(plan, r) else {
        return (
            Status::Skipped,
            "its task definition is not in the plan (or not found through the configuration's references)".into(),
        );
    };
    let (Some(vcpu), Some(memory_gb)) = (
        td.values.get("cpu").and_then(parse_cpu),
        td.values.get("memory").and_then(parse_memory),
    ) else {
        return (
            Status::Skipped,
            format!(
                "task definition {} has no task-level cpu and memory (Fargate needs both)",
                td.address
            ),
        );
    };
    let platform = td.block("runtime_platform");
    let arch = match platform
        .and_then(|p| p.get("cpu_architecture"))
        .and_then(Value::as_str)
    {
        Some("ARM64") => "arm64",
        _ => "x86_64",
    };
    let os = match platform
        .and_then(|p| p.get("operating_system_family"))
        .and_then(Value::as_str)
    {
        Some(f) if f.starts_with("WINDOWS") => "windows",
        _ => "linux",
    };
    let ephemeral = td
        .block("ephemeral_storage")
        .and_then(|e| e.get("size_in_gib"))
        .and_then(number);
    let mut made = Vec::new();
    for (provider, count) in fargate {
        let spot = provider == "FARGATE_SPOT";
        let name = b.unique("service", r, r.str("name"), if spot { "-spot" } else { "" });
        let mut t = String::new();
        field_str(&mut t, "name", &name);
        field(&mut t, "count", Decimal::from(*count));
        field(&mut t, "vcpu", vcpu);
        field(&mut t, "memory_gb", memory_gb);
        field_str(&mut t, "arch", arch);
        field_str(&mut t, "os", os);
        if spot {
            field_str(&mut t, "capacity", "spot");
        }
        if let Some(e) = ephemeral {
            field(&mut t, "ephemeral_storage_gb", e);
        }
        b.services
            .push((t, vec![r.address.clone(), td.address.clone()]));
        made.push(format!(
            "service {name} ({count} × {vcpu} vCPU/{memory_gb} GB {os}/{arch}{})",
            if spot { ", spot" } else { "" }
        ));
    }
    (Status::Priced, made.join("; "))
}

fn database(r: &Resource, u: &Usage, b: &mut Builder) -> (Status, String) {
    // A read replica (`replicate_source_db`) is an instance of its own, priced as a database.
    let Some(engine) = r.str("engine") else {
        return (Status::Skipped, "engine unknown until apply".into());
    };
    let Some(class) = r.str("instance_class") else {
        return (Status::Skipped, "instance class unknown until apply".into());
    };
    let deployment = if r.bool("multi_az") == Some(true) {
        "multi-az"
    } else {
        "single-az"
    };
    let storage_type = match r.str("storage_type") {
        Some("standard") => "magnetic",
        Some(s) if !s.is_empty() => s,
        _ => "gp2",
    };
    let name = b.unique("database", r, r.str("identifier"), "");
    let mut t = String::new();
    field_str(&mut t, "name", &name);
    field_str(&mut t, "engine", engine);
    field_str(&mut t, "instance_class", class);
    field_str(&mut t, "deployment", deployment);
    field_str(&mut t, "storage_type", storage_type);
    field(
        &mut t,
        "storage_gb",
        r.num("allocated_storage").unwrap_or(Decimal::from(20)),
    );
    if matches!(storage_type, "io1" | "io2" | "gp3")
        && let Some(iops) = r.num("iops").filter(|i| !i.is_zero())
    {
        field(&mut t, "iops", iops);
    }
    if storage_type == "gp3"
        && let Some(tp) = r.num("storage_throughput").filter(|i| !i.is_zero())
    {
        field(&mut t, "throughput_mibps", tp);
    }
    if let Some(days) = r.num("backup_retention_period") {
        field(&mut t, "backup_retention_days", days);
    }
    if let Some(gb) = u.number("additional_backup_storage_gb") {
        field(&mut t, "backup_storage_gb", gb);
    }
    if let Some(h) = u.number("monthly_cpu_credit_hrs") {
        field(&mut t, "cpu_credits_vcpu_hours", h);
    }
    b.databases.push((t, vec![r.address.clone()]));
    (
        Status::Priced,
        format!("database {name} ({engine} {class} {deployment})"),
    )
}

fn cache_cluster(plan: &Plan, r: &Resource, u: &Usage, b: &mut Builder) -> (Status, String) {
    if let Some(group) = r.str("replication_group_id").filter(|g| !g.is_empty()) {
        let in_plan = plan.resources.iter().any(|g| {
            g.kind == "aws_elasticache_replication_group"
                && g.str("replication_group_id") == Some(group)
        });
        if in_plan {
            return (
                Status::Free,
                format!("a member of replication group {group}, priced with it"),
            );
        }
    }
    let engine = r.str("engine").unwrap_or("redis");
    let Some(node) = r.str("node_type") else {
        return (Status::Skipped, "node type unknown until apply".into());
    };
    let nodes = r.num("num_cache_nodes").unwrap_or(Decimal::ONE);
    let name = b.unique("cache", r, r.str("cluster_id"), "");
    let mut t = String::new();
    field_str(&mut t, "name", &name);
    field_str(&mut t, "engine", engine);
    field_str(&mut t, "node_type", node);
    field(&mut t, "nodes", nodes);
    if let Some(gb) = u.number("snapshot_storage_size_gb") {
        field(&mut t, "snapshot_storage_gb", gb);
    }
    b.caches.push((t, vec![r.address.clone()]));
    (
        Status::Priced,
        format!("cache {name} ({nodes} × {engine} {node})"),
    )
}

fn replication_group(r: &Resource, u: &Usage, b: &mut Builder) -> (Status, String) {
    let engine = r.str("engine").filter(|e| !e.is_empty()).unwrap_or("redis");
    let Some(node) = r.str("node_type") else {
        return (Status::Skipped, "node type unknown until apply".into());
    };
    // Cluster mode: shards × (1 + replicas); otherwise one shard of `num_cache_clusters` nodes.
    let cluster_mode = r.bool("cluster_mode_enabled") == Some(true)
        || r.str("cluster_mode")
            .is_some_and(|m| m.eq_ignore_ascii_case("enabled"));
    let (shards, replicas) = match (
        r.num("num_node_groups"),
        r.num("replicas_per_node_group"),
        r.num("num_cache_clusters"),
    ) {
        (Some(groups), Some(replicas), _) if cluster_mode || groups > Decimal::ONE => {
            (groups, replicas)
        }
        (_, _, Some(n)) if n >= Decimal::ONE => (Decimal::ONE, n - Decimal::ONE),
        (_, Some(replicas), _) => (Decimal::ONE, replicas),
        _ => (Decimal::ONE, Decimal::ZERO),
    };
    let name = b.unique("cache", r, r.str("replication_group_id"), "");
    let mut t = String::new();
    field_str(&mut t, "name", &name);
    field_str(&mut t, "engine", engine);
    field_str(&mut t, "node_type", node);
    field(&mut t, "shards", shards);
    field(&mut t, "replicas_per_shard", replicas);
    if let Some(gb) = u.number("snapshot_storage_size_gb") {
        field(&mut t, "snapshot_storage_gb", gb);
    }
    b.caches.push((t, vec![r.address.clone()]));
    (
        Status::Priced,
        format!("cache {name} ({shards} shards × (1 + {replicas}) {engine} {node})"),
    )
}

fn load_balancer(r: &Resource, u: &Usage, b: &mut Builder) -> (Status, String) {
    let kind = r
        .str("load_balancer_type")
        .filter(|k| !k.is_empty())
        .unwrap_or("application");
    if kind != "application" {
        return (Status::Unsupported, format!("{kind} load balancer"));
    }
    let subnets = r.list("subnets").len().max(r.list("subnet_mapping").len());
    let azs = if subnets >= 2 { subnets } else { 2 };
    let name = b.unique("load_balancer", r, r.str("name"), "");
    let mut t = String::new();
    field_str(&mut t, "name", &name);
    field(&mut t, "azs", Decimal::from(azs));
    for (key, usage_key) in [
        ("new_connections_per_second", "new_connections"),
        ("active_connections_per_minute", "active_connections"),
        ("processed_gb_per_hour", "processed_bytes_gb"),
        ("rule_evaluations_per_second", "rule_evaluations"),
    ] {
        if let Some(v) = u.number(usage_key) {
            field(&mut t, key, v);
        }
    }
    if r.bool("internal") != Some(true) {
        b.lb_public_ips += u32::try_from(azs).unwrap_or(0);
        b.ip_from.push(r.address.clone());
    }
    b.load_balancers.push((t, vec![r.address.clone()]));
    (
        Status::Priced,
        format!("load balancer {name} (application, {azs} AZs)"),
    )
}

fn alarm(r: &Resource, b: &mut Builder) -> (Status, String) {
    let queries = r.list("metric_query");
    let metrics = queries
        .iter()
        .filter(|q| {
            q.get("metric")
                .and_then(Value::as_array)
                .is_some_and(|m| !m.is_empty())
        })
        .count()
        .max(1);
    let period = r.num("period").or_else(|| {
        queries
            .iter()
            .filter_map(|q| {
                q.get("metric")?
                    .as_array()?
                    .first()?
                    .get("period")
                    .and_then(number)
            })
            .min()
    });
    let high_res = period.is_some_and(|p| p < Decimal::from(60));
    let key = if high_res {
        "high_resolution_alarms"
    } else {
        "alarms"
    };
    b.add("cloudwatch", key, Decimal::from(metrics), &r.address);
    (
        Status::Priced,
        format!(
            "{} alarm, {}",
            if high_res {
                "high-resolution"
            } else {
                "standard"
            },
            plural(metrics, "metric")
        ),
    )
}

fn field(t: &mut String, key: &str, v: Decimal) {
    let _ = writeln!(t, "{key} = {}", v.normalize());
}

fn field_str(t: &mut String, key: &str, v: &str) {
    let _ = writeln!(t, "{key} = {}", toml_edit::Value::from(v));
}

/// A comment naming addresses, one line (addresses are plan text: keep them on one line).
fn comment(addresses: &[String]) -> String {
    let shown: Vec<String> = addresses
        .iter()
        .map(|a| crate::text::visible(a).replace(['\n', '\r'], " "))
        .collect();
    format!("# from {}\n", shown.join(", "))
}

fn write(region: &str, b: &Builder, plan: &Plan, o: &Options, several: bool) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Generated by `costplan import terraform` from {} (Terraform {}, plan format {}).",
        crate::text::visible(&o.source).replace(['\n', '\r'], " "),
        crate::text::visible(&plan.terraform_version),
        crate::text::visible(&plan.format_version)
    );
    let _ = writeln!(
        t,
        "# Each table names the resource addresses it came from; usage comes from the usage file.\n"
    );
    let name = if several {
        format!("{} ({region})", o.name)
    } else {
        o.name.clone()
    };
    field_str(&mut t, "name", &name);
    field_str(&mut t, "region", region);
    for (section, items) in [
        ("service", &b.services),
        ("database", &b.databases),
        ("cache", &b.caches),
        ("load_balancer", &b.load_balancers),
    ] {
        for (body, from) in items {
            let _ = write!(t, "\n{}[[{section}]]\n{body}", comment(from));
        }
    }
    if b.nat_gateways > 0 {
        let _ = write!(t, "\n{}[nat]\n", comment(&b.nat_from));
        field(&mut t, "gateways", Decimal::from(b.nat_gateways));
        field(&mut t, "data_processed_gb", b.nat_gb);
    }
    if !b.endpoints.is_empty() {
        let from: Vec<String> = b.endpoints.iter().map(|e| e.2.clone()).collect();
        let same_azs = b
            .endpoints
            .iter()
            .all(|e| e.0 == b.endpoints[0].0 && e.0 >= 2);
        let gb: Decimal = b.endpoints.iter().map(|e| e.1).sum();
        let _ = write!(t, "\n{}[vpc_endpoints]\n", comment(&from));
        if same_azs {
            field(
                &mut t,
                "interface_endpoints",
                Decimal::from(b.endpoints.len()),
            );
            field(&mut t, "azs", Decimal::from(b.endpoints[0].0));
        } else {
            // endpoints in different numbers of AZs: the sum of endpoint-AZs, two per endpoint
            let endpoint_azs: u32 = b.endpoints.iter().map(|e| e.0).sum();
            let _ = writeln!(
                t,
                "# endpoints span different numbers of AZs: {endpoint_azs} endpoint-AZs in all"
            );
            field(
                &mut t,
                "interface_endpoints",
                Decimal::from(endpoint_azs)
                    .checked_div(Decimal::TWO)
                    .unwrap_or_default()
                    .ceil(),
            );
            field(&mut t, "azs", Decimal::TWO);
        }
        field(&mut t, "data_processed_gb", gb);
    }
    let _ = write!(t, "\n{}[public_ipv4]\n", comment(&b.ip_from));
    let _ = writeln!(
        t,
        "# one per Elastic IP ({}) and one per AZ of each internet-facing load balancer ({})",
        b.eips, b.lb_public_ips
    );
    field(&mut t, "addresses", Decimal::from(b.eips + b.lb_public_ips));
    for section in [
        "data_transfer",
        "cloudwatch",
        "secrets_manager",
        "ecr",
        "s3",
    ] {
        let keys: Vec<(&str, Decimal)> = b
            .sums
            .iter()
            .filter(|((s, _), _)| *s == section)
            .map(|((_, k), v)| (*k, *v))
            .collect();
        if keys.is_empty() {
            continue;
        }
        let from = b.sum_from.get(section).cloned().unwrap_or_default();
        let _ = write!(t, "\n{}[{section}]\n", comment(&from));
        for (k, v) in keys {
            field(&mut t, k, v);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cpu_and_memory_in_every_form_terraform_accepts() {
        assert_eq!(parse_cpu(&json!("512")), Some(Decimal::new(5, 1)));
        assert_eq!(parse_cpu(&json!("1 vCPU")), Some(Decimal::ONE));
        assert_eq!(parse_cpu(&json!("0.25 vcpu")), Some(Decimal::new(25, 2)));
        assert_eq!(parse_cpu(&json!(2048)), Some(Decimal::TWO));
        assert_eq!(parse_memory(&json!("2 GB")), Some(Decimal::TWO));
        assert_eq!(parse_memory(&json!("1024")), Some(Decimal::ONE));
        assert_eq!(parse_memory(&json!("512")), Some(Decimal::new(5, 1)));
        assert_eq!(parse_cpu(&json!("lots")), None);
    }

    #[test]
    fn strategies_fill_the_base_then_split_by_weight() {
        let s = json!([
            {"capacity_provider": "FARGATE", "weight": 1, "base": 2},
            {"capacity_provider": "FARGATE_SPOT", "weight": 3, "base": 0}
        ]);
        let got = split_by_strategy(10, s.as_array().unwrap());
        assert_eq!(
            got,
            [("FARGATE".to_string(), 4), ("FARGATE_SPOT".to_string(), 6)]
        );
        let got = split_by_strategy(1, s.as_array().unwrap());
        assert_eq!(
            got,
            [("FARGATE".to_string(), 1), ("FARGATE_SPOT".to_string(), 0)]
        );
        let even = json!([
            {"capacity_provider": "FARGATE", "weight": 1},
            {"capacity_provider": "FARGATE_SPOT", "weight": 1}
        ]);
        let got = split_by_strategy(5, even.as_array().unwrap());
        assert_eq!(got.iter().map(|x| x.1).sum::<u32>(), 5);
    }
}
