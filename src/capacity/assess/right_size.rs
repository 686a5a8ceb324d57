//! Right-sizing: the edits that make a topology fit its load, applied either to the validated
//! [`Topology`] (to price it with the estimate engine) or to the TOML text (for `--apply`, keeping
//! the author's comments and layout).
//!
//! What changes: service task counts (to the required count), task sizes (to the smallest Fargate
//! size that holds a stated need), the load balancer's four LCU dimensions (to the derived average),
//! NAT / internet / inter-AZ GB (to the derived volume, only where the file states the share it
//! rests on), the database class (up, when connections during a deploy do not fit) and the cache
//! node (up, when the data fills more than 80 % of usable memory). Nothing else is touched.

use super::{CapacityReport, analyse, database_capacity, required_tasks};
use crate::capacity::{cache, database};
use crate::error::{Error, Result};
use crate::pricing::PriceTable;
use crate::topology::validate::MAX_TASKS_PER_SERVICE;
use crate::topology::{Service, Topology};
use rust_decimal::Decimal;
use serde::Serialize;

/// One change, described for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub component: String,
    pub key: &'static str,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceEdit {
    pub index: usize,
    pub count: Option<u32>,
    pub size: Option<(Decimal, Decimal)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LoadBalancerEdit {
    pub new_connections_per_second: Decimal,
    pub active_connections_per_minute: Decimal,
    pub processed_gb_per_hour: Decimal,
    pub rule_evaluations_per_second: Decimal,
}

/// The edits that right-size a topology.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RightSizing {
    pub services: Vec<ServiceEdit>,
    pub load_balancer: Option<LoadBalancerEdit>,
    pub nat_processed_gb: Option<Decimal>,
    pub internet_out_gb: Option<Decimal>,
    pub inter_az_gb: Option<Decimal>,
    pub db_class: Option<String>,
    /// Surplus CPU credits the stated database CPU load costs in Unlimited mode.
    pub db_cpu_credits_vcpu_hours: Option<Decimal>,
    pub cache_node: Option<String>,
    pub changes: Vec<Change>,
}

fn fmt(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Computes the edits for `t` at `factor` times its stated load.
pub fn right_size(t: &Topology, table: &PriceTable, factor: Decimal) -> Result<RightSizing> {
    let report = analyse(t, table, factor)?;
    right_size_from(t, table, factor, &report)
}

/// As [`right_size`], reusing a report already computed at the same factor.
pub fn right_size_from(
    t: &Topology,
    table: &PriceTable,
    factor: Decimal,
    report: &CapacityReport,
) -> Result<RightSizing> {
    let mut rs = RightSizing::default();
    let mut counts: Vec<u64> = t.services.iter().map(|s| u64::from(s.count)).collect();
    for (i, (s, row)) in t.services.iter().zip(&report.services).enumerate() {
        let mut edit = ServiceEdit {
            index: i,
            count: None,
            size: None,
        };
        if let Some(z) = &row.sizing
            && z.tasks_required != u64::from(s.count)
        {
            let to = u32::try_from(z.tasks_required)
                .ok()
                .filter(|n| *n <= MAX_TASKS_PER_SERVICE)
                .ok_or_else(|| Error::CapacityLimit {
                    service: s.name.clone(),
                    message: format!(
                        "service `{}` needs {} tasks at this load, more than the {MAX_TASKS_PER_SERVICE} one service may run",
                        s.name, z.tasks_required
                    ),
                    hint: "check the units (rates are per second, durations in ms or s); if the load is right, split the service into several".into(),
                })?;
            counts[i] = u64::from(to);
            edit.count = Some(to);
            rs.changes.push(Change {
                component: format!("service {}", s.name),
                key: "count",
                from: s.count.to_string(),
                to: to.to_string(),
            });
        }
        if let Some(f) = &row.fargate
            && let (Some(v), Some(m)) = (f.smallest_vcpu, f.smallest_memory_gb)
            && (v, m) != (s.vcpu, s.memory_gb)
        {
            edit.size = Some((v, m));
            rs.changes.push(Change {
                component: format!("service {}", s.name),
                key: "vcpu, memory_gb",
                from: format!("{}, {}", fmt(s.vcpu), fmt(s.memory_gb)),
                to: format!("{}, {}", fmt(v), fmt(m)),
            });
        }
        if edit.count.is_some() || edit.size.is_some() {
            rs.services.push(edit);
        }
    }
    // `--apply` writes an ALB's four LCU dimensions; an NLB's per-protocol traffic is left as written.
    if let (Some(lb), Some(d)) = (t.load_balancers.first(), &report.load_balancer)
        && lb.lb_type == crate::resource::alb::input::LbType::Application
    {
        let e = LoadBalancerEdit {
            new_connections_per_second: d.avg_new_connections_per_second,
            active_connections_per_minute: d.avg_active_connections_per_minute,
            processed_gb_per_hour: d.avg_processed_gb_per_hour,
            rule_evaluations_per_second: d.avg_rule_evaluations_per_second,
        };
        let current = (
            lb.new_connections_per_second,
            lb.active_connections_per_minute,
            lb.processed_gb_per_hour,
            lb.rule_evaluations_per_second,
        );
        let derived = (
            e.new_connections_per_second,
            e.active_connections_per_minute,
            e.processed_gb_per_hour,
            e.rule_evaluations_per_second,
        );
        if current != derived {
            rs.changes.push(Change {
                component: "load balancer".into(),
                key: "LCU dimensions",
                from: format!(
                    "{} LCU",
                    fmt(crate::resource::alb::cost::lcus(lb).round_dp(4))
                ),
                to: format!("{} LCU", fmt(d.avg.billed)),
            });
            rs.load_balancer = Some(e);
        }
    }
    if let Some(tr) = &report.traffic {
        for v in tr
            .volumes
            .iter()
            .filter(|v| v.share_stated && v.derived_gb != v.stated_gb)
        {
            *rs.volume_mut(v.what) = Some(v.derived_gb);
            rs.changes.push(Change {
                component: v.what.to_string(),
                key: "GB per month",
                from: fmt(v.stated_gb),
                to: fmt(v.derived_gb),
            });
        }
    }
    if let Some(db) = t.databases.first() {
        let right_sized = |i: usize, _: &Service| counts[i];
        if let Some(d) = database_capacity(t, table, factor, &right_sized)?
            && let Some(c) = &d.connections
            && c.status != database::ConnectionStatus::Ok.id()
            && let Some(class) = &c.smallest_fitting_class
            && *class != db.instance_class
        {
            rs.changes.push(Change {
                component: "database".into(),
                key: "instance_class",
                from: db.instance_class.clone(),
                to: class.clone(),
            });
            rs.db_class = Some(class.clone());
        }
    }
    // burstable class above its baseline: the surplus credits are billed; price them
    if let (Some(db), Some(credits)) = (
        t.databases.first(),
        report.database.as_ref().and_then(|d| d.credits.as_ref()),
    ) && rs.db_class.is_none()
        && credits.surplus_vcpu_hours_per_month != db.cpu_credits_vcpu_hours
    {
        rs.changes.push(Change {
            component: "database".into(),
            key: "cpu_credits_vcpu_hours",
            from: fmt(db.cpu_credits_vcpu_hours),
            to: fmt(credits.surplus_vcpu_hours_per_month),
        });
        rs.db_cpu_credits_vcpu_hours = Some(credits.surplus_vcpu_hours_per_month);
    }
    if let (Some(c), Some(row)) = (t.caches.first(), &report.cache)
        && row.status != Some(cache::MemoryStatus::Ok.id())
        && row.status.is_some()
        && let Some(node) = &row.smallest_fitting_node
        && *node != c.node_type
    {
        rs.changes.push(Change {
            component: "cache".into(),
            key: "node_type",
            from: c.node_type.clone(),
            to: node.clone(),
        });
        rs.cache_node = Some(node.clone());
    }
    Ok(rs)
}

impl RightSizing {
    /// The edit of one traffic volume, by its [`super::VolumeRow::what`].
    pub fn volume_mut(&mut self, what: &str) -> &mut Option<Decimal> {
        match what {
            "internet out" => &mut self.internet_out_gb,
            "nat processed" => &mut self.nat_processed_gb,
            _ => &mut self.inter_az_gb,
        }
    }

    /// The topology with the edits applied (for pricing with the estimate engine).
    pub fn apply_to(&self, t: &Topology) -> Topology {
        let mut out = t.clone();
        for e in &self.services {
            let s = &mut out.services[e.index];
            if let Some(n) = e.count {
                s.count = n;
            }
            if let Some((v, m)) = e.size {
                s.vcpu = v;
                s.memory_gb = m;
            }
        }
        if let (Some(lb), Some(e)) = (out.load_balancers.first_mut(), &self.load_balancer) {
            lb.new_connections_per_second = e.new_connections_per_second;
            lb.active_connections_per_minute = e.active_connections_per_minute;
            lb.processed_gb_per_hour = e.processed_gb_per_hour;
            lb.rule_evaluations_per_second = e.rule_evaluations_per_second;
        }
        if let (Some(nat), Some(gb)) = (out.nat.as_mut(), self.nat_processed_gb) {
            nat.data_processed_gb = gb;
        }
        if let Some(gb) = self.internet_out_gb {
            out.data_transfer.internet_out_gb = gb;
        }
        if let Some(gb) = self.inter_az_gb {
            out.data_transfer.inter_az_gb = gb;
        }
        if let (Some(db), Some(class)) = (out.databases.first_mut(), &self.db_class) {
            db.instance_class = class.clone();
        }
        if let (Some(db), Some(h)) = (out.databases.first_mut(), self.db_cpu_credits_vcpu_hours) {
            db.cpu_credits_vcpu_hours = h;
        }
        if let (Some(c), Some(node)) = (out.caches.first_mut(), &self.cache_node) {
            c.node_type = node.clone();
        }
        out
    }

    /// The topology text with the edits applied, comments and layout kept (the header naming the
    /// changes and both costs is `report::capacity::apply_header`).
    pub fn apply_to_text(&self, source_path: &str, text: &str) -> Result<String> {
        let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
            Error::capacity(format!("{source_path}: cannot edit the topology: {e}"))
        })?;
        let services = doc
            .get_mut("service")
            .and_then(|s| s.as_array_of_tables_mut());
        if let Some(services) = services {
            for e in &self.services {
                let Some(table) = services.get_mut(e.index) else {
                    continue;
                };
                if let Some(n) = e.count {
                    set(table, "count", Decimal::from(n));
                }
                if let Some((v, m)) = e.size {
                    set(table, "vcpu", v);
                    set(table, "memory_gb", m);
                }
            }
        }
        if let Some(e) = &self.load_balancer
            && let Some(t) = first_table(&mut doc, "load_balancer")
        {
            set(
                t,
                "new_connections_per_second",
                e.new_connections_per_second,
            );
            set(
                t,
                "active_connections_per_minute",
                e.active_connections_per_minute,
            );
            set(t, "processed_gb_per_hour", e.processed_gb_per_hour);
            set(
                t,
                "rule_evaluations_per_second",
                e.rule_evaluations_per_second,
            );
        }
        if let Some(gb) = self.nat_processed_gb
            && let Some(t) = doc.get_mut("nat").and_then(|t| t.as_table_mut())
        {
            set(t, "data_processed_gb", gb);
        }
        for (key, gb) in [
            ("internet_out_gb", self.internet_out_gb),
            ("inter_az_gb", self.inter_az_gb),
        ] {
            if let Some(gb) = gb {
                if doc.get("data_transfer").is_none() {
                    doc.insert("data_transfer", toml_edit::table());
                }
                if let Some(t) = doc.get_mut("data_transfer").and_then(|t| t.as_table_mut()) {
                    set(t, key, gb);
                }
            }
        }
        if let Some(t) = first_table(&mut doc, "database") {
            if let Some(class) = &self.db_class {
                set_str(t, "instance_class", class);
            }
            if let Some(h) = self.db_cpu_credits_vcpu_hours {
                set(t, "cpu_credits_vcpu_hours", h);
            }
        }
        if let Some(node) = &self.cache_node
            && let Some(t) = first_table(&mut doc, "cache")
        {
            set_str(t, "node_type", node);
        }
        Ok(doc.to_string())
    }
}

/// Sets `key` to a number, written exactly (integer when whole), keeping the line's comment.
fn set(table: &mut toml_edit::Table, key: &str, value: Decimal) {
    let v = value.normalize();
    let literal = v.to_string();
    let parsed: toml_edit::Value = literal
        .parse()
        .unwrap_or_else(|_| toml_edit::Value::from(literal.clone()));
    put(table, key, parsed);
}

fn set_str(table: &mut toml_edit::Table, key: &str, value: &str) {
    put(table, key, toml_edit::Value::from(value));
}

/// Replaces (or adds) `key`, keeping the line's comment and noting the old value in it.
fn put(table: &mut toml_edit::Table, key: &str, mut value: toml_edit::Value) {
    if let Some(old) = table.get(key).and_then(|i| i.as_value()) {
        let mut bare = old.clone();
        bare.decor_mut().clear();
        let was = bare.to_string();
        let was = was.trim();
        if was == value.to_string().trim() {
            return;
        }
        let decor = old.decor().clone();
        let prefix = decor
            .prefix()
            .and_then(|p| p.as_str())
            .unwrap_or(" ")
            .to_string();
        let suffix = decor
            .suffix()
            .and_then(|s| s.as_str())
            .unwrap_or("")
            .to_string();
        let suffix = if suffix.contains('#') {
            format!("{suffix} (costplan: was {was})")
        } else {
            format!("{suffix}  # costplan: was {was}")
        };
        value.decor_mut().set_prefix(prefix);
        value.decor_mut().set_suffix(suffix);
    } else {
        value
            .decor_mut()
            .set_suffix("  # added by costplan capacity --apply");
    }
    table.insert(key, toml_edit::Item::Value(value));
}

/// The right-sized count of every service at `factor` (the provisioned count where unsized).
pub fn right_sized_counts(t: &Topology, factor: Decimal) -> Result<Vec<u64>> {
    let zones = t.load.availability_zones;
    t.services
        .iter()
        .map(|s| Ok(required_tasks(s, zones, factor)?.unwrap_or(u64::from(s.count))))
        .collect()
}

/// The first table of a many-of-each section, written `[section]` or `[[section]]` (capacity
/// sizes the first database, cache and load balancer: the ones `[load]` describes).
fn first_table<'d>(
    doc: &'d mut toml_edit::DocumentMut,
    section: &str,
) -> Option<&'d mut toml_edit::Table> {
    match doc.get_mut(section)? {
        toml_edit::Item::Table(t) => Some(t),
        toml_edit::Item::ArrayOfTables(a) => a.get_mut(0),
        _ => None,
    }
}
