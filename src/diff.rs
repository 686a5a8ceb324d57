//! The cost difference between two estimates, and the gates CI applies to it.
//!
//! Lines are matched by a stable identity: the group, the resource name and the component kind,
//! without the instance class (`db.t3.medium`, `cache.t3.micro`) or the option a component is
//! priced for (`Linux/x86_64, on-demand`, `Multi-AZ`). So reordering changes nothing, an
//! instance-class change or a platform swap shows as one changed line per component with its net
//! delta ("changed: db.t3.medium → db.t4g.medium"), and renaming a service shows as one line
//! removed and one added. The identity is derived from the line's existing text so the JSON
//! estimate contract (read on either side) stays as it is. The diff compares the
//! displayed figures: each line's monthly amount rounded to the cent (see [`crate::money`]), so
//! the old and new totals are exactly the totals `estimate` displays for each side, every table of
//! the diff adds up, and a gate never disagrees with the report it accompanies.

use crate::estimate::{Estimate, Group, LineItem};
use crate::model::{PlanAccount, PlanStatus};
use crate::money::{format_percent, format_usd, percent_change, round_cents, shown_sum};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The version of the JSON diff contract (`costplan diff --format json`).
pub const DIFF_SCHEMA_VERSION: u32 = 1;

/// What happened to a line or a group between base and head.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Change {
    pub fn id(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
            Change::Unchanged => "unchanged",
        }
    }
}

/// Old and new displayed monthly amounts; `None` where the line or group does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amounts {
    pub old_usd: Option<Decimal>,
    pub new_usd: Option<Decimal>,
    /// new − old, with a missing side counted as zero.
    pub delta_usd: Decimal,
    /// delta / old in percent, one decimal; `None` when there is no old amount or it is zero.
    pub delta_percent: Option<Decimal>,
}

/// A displayed amount: rounded to the cent and always written with two decimals.
fn cents(amount: Decimal) -> Decimal {
    let mut r = round_cents(amount);
    r.rescale(2);
    r
}

impl Amounts {
    fn new(old_usd: Option<Decimal>, new_usd: Option<Decimal>) -> Self {
        let (old_usd, new_usd) = (old_usd.map(cents), new_usd.map(cents));
        let old = old_usd.unwrap_or_default();
        let delta_usd = cents(new_usd.unwrap_or_default() - old);
        Amounts {
            old_usd,
            new_usd,
            delta_usd,
            delta_percent: old_usd.and_then(|o| percent_change(delta_usd, o)),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineDiff {
    pub change: Change,
    pub group: Group,
    /// The head's resource and component (the base's for a removed line).
    pub resource: String,
    pub component: String,
    /// For a changed line whose class or option changed: what changed, old → new, e.g.
    /// `db.t3.medium → db.t4g.medium`. Absent otherwise (so the JSON of a diff without such a
    /// change is as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub unit: String,
    pub old_quantity: Option<Decimal>,
    pub new_quantity: Option<Decimal>,
    #[serde(flatten)]
    pub amounts: Amounts,
}

impl LineDiff {
    /// `changed`, or with a class or option change `changed: db.t3.medium → db.t4g.medium`.
    pub fn change_label(&self) -> String {
        match &self.variant {
            Some(v) => format!("{}: {v}", self.change.id()),
            None => self.change.id().to_string(),
        }
    }

    /// The quantity base → head with its unit: `2 → 4 task`, `730 instance-hour` when it did not
    /// move, one side only for an added or removed line.
    pub fn quantity_change(&self) -> String {
        let q = crate::money::format_quantity;
        match (self.old_quantity, self.new_quantity) {
            (Some(a), Some(b)) if a != b => format!("{} → {} {}", q(a), q(b), self.unit),
            (Some(a), _) | (None, Some(a)) => format!("{} {}", q(a), self.unit),
            (None, None) => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupDiff {
    pub change: Change,
    pub group: Group,
    #[serde(flatten)]
    pub amounts: Amounts,
}

/// One side of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub name: String,
    pub region: String,
    pub price_table_effective_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateDiff {
    pub schema_version: u32,
    pub base: Side,
    pub head: Side,
    /// Total monthly cost, old → new.
    pub total: Amounts,
    /// Every group present on either side, in group order; their amounts add up to `total`.
    pub groups: Vec<GroupDiff>,
    /// Lines that were added, removed or changed, the largest |delta| first.
    pub lines: Vec<LineDiff>,
    /// How many lines are the same on both sides.
    pub unchanged_lines: usize,
    /// How the head stands against its `[budget]`, when it declares one. Rendered in the reports
    /// (the PR comment says when the head is over budget); not part of the JSON diff contract,
    /// which stays as it was (`costplan check` is the budget's machine-readable verdict).
    #[serde(skip)]
    pub head_budget: Option<crate::model::BudgetStatus>,
    /// Each side's commitments, discounts and credits (month 1, exact), when it has any: the PR
    /// comment names the commitments the change affects. Like `head_budget`, not part of the
    /// JSON diff contract (`estimate --format json` carries them in full).
    #[serde(skip)]
    pub commitments: [Option<crate::estimate::commitment::CommitmentSummary>; 2],
    /// When a side is a Terraform plan: what each plan's estimate left out and what changed
    /// between the plans, by resource type. Absent when neither side is a plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terraform: Option<PlanDiff>,
}

/// How many of a plan's resources its estimate priced, found free, skipped or does not support,
/// and how many the plan destroys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCounts {
    /// The plan file and its Terraform version.
    pub source: String,
    pub priced: usize,
    pub free: usize,
    pub skipped: usize,
    pub not_supported: usize,
    pub destroyed: usize,
}

/// What a row of the plan accounting counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanRowKind {
    /// Resources of a type costplan does not price: left out of the estimate.
    NotSupported,
    /// Resources of a supported type left out for a reason (an EC2 launch type…).
    Skipped,
    /// Resources the plan destroys.
    Destroyed,
    /// With a plan on both sides: resources in the head's plan and not in the base's.
    Added,
    /// With a plan on both sides: resources in the base's plan and not in the head's.
    Removed,
}

impl PlanRowKind {
    pub fn id(self) -> &'static str {
        match self {
            PlanRowKind::NotSupported => "not supported",
            PlanRowKind::Skipped => "skipped",
            PlanRowKind::Destroyed => "destroyed by the plan",
            PlanRowKind::Added => "added",
            PlanRowKind::Removed => "removed",
        }
    }
}

/// One resource type's count on each side: `None` for a side that is not a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub what: PlanRowKind,
    #[serde(rename = "type")]
    pub kind: String,
    pub base: Option<usize>,
    pub head: Option<usize>,
}

/// The Terraform accounting of a diff (see [`EstimateDiff::terraform`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDiff {
    pub base: Option<PlanCounts>,
    pub head: Option<PlanCounts>,
    /// By kind, then by type.
    pub rows: Vec<PlanRow>,
}

/// The plan accounting of two estimates, when either is a plan's.
fn plan_diff(base: Option<&PlanAccount>, head: Option<&PlanAccount>) -> Option<PlanDiff> {
    use std::collections::{BTreeMap, HashSet};
    if base.is_none() && head.is_none() {
        return None;
    }
    let counts = |a: &PlanAccount| PlanCounts {
        source: a.source.clone(),
        priced: a.count(PlanStatus::Priced),
        free: a.count(PlanStatus::Free),
        skipped: a.count(PlanStatus::Skipped),
        not_supported: a.count(PlanStatus::Unsupported),
        destroyed: a.count(PlanStatus::Destroyed),
    };
    // (kind, type) → (base count, head count)
    let mut rows: BTreeMap<(PlanRowKind, String), (usize, usize)> = BTreeMap::new();
    let status_kind = |s: PlanStatus| match s {
        PlanStatus::Unsupported => Some(PlanRowKind::NotSupported),
        PlanStatus::Skipped => Some(PlanRowKind::Skipped),
        PlanStatus::Destroyed => Some(PlanRowKind::Destroyed),
        PlanStatus::Priced | PlanStatus::Free => None,
    };
    for (a, head_side) in [(base, false), (head, true)] {
        for r in a.iter().flat_map(|a| &a.resources) {
            if let Some(k) = status_kind(r.status) {
                let e = rows.entry((k, r.kind.clone())).or_default();
                if head_side { e.1 += 1 } else { e.0 += 1 }
            }
        }
    }
    if let (Some(b), Some(h)) = (base, head) {
        let after = |a: &'_ PlanAccount| -> HashSet<String> {
            a.resources
                .iter()
                .filter(|r| r.status != PlanStatus::Destroyed)
                .map(|r| r.address.clone())
                .collect()
        };
        let (in_base, in_head) = (after(b), after(h));
        for r in h
            .resources
            .iter()
            .filter(|r| r.status != PlanStatus::Destroyed)
        {
            if !in_base.contains(&r.address) {
                rows.entry((PlanRowKind::Added, r.kind.clone()))
                    .or_default()
                    .1 += 1;
            }
        }
        for r in b
            .resources
            .iter()
            .filter(|r| r.status != PlanStatus::Destroyed)
        {
            if !in_head.contains(&r.address) {
                rows.entry((PlanRowKind::Removed, r.kind.clone()))
                    .or_default()
                    .0 += 1;
            }
        }
    }
    Some(PlanDiff {
        base: base.map(counts),
        head: head.map(counts),
        rows: rows
            .into_iter()
            .map(|((what, kind), (b, h))| PlanRow {
                what,
                kind,
                base: base.map(|_| b),
                head: head.map(|_| h),
            })
            .collect(),
    })
}

impl EstimateDiff {
    /// True when no line was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The old and new total monthly cost (zero-based when a side is absent, which it never is).
    pub fn totals(&self) -> (Decimal, Decimal) {
        (
            self.total.old_usd.unwrap_or_default(),
            self.total.new_usd.unwrap_or_default(),
        )
    }
}

/// What matches a line across two estimates: group, resource and component kind, without the
/// instance class or the priced option (see the module documentation).
pub type Identity = (Group, String, String);

/// The stable identity of a line item.
pub fn identity(l: &LineItem) -> Identity {
    let (resource, _) = split_resource(&l.resource);
    let (component, _) = split_component(&l.component);
    (l.group, resource, component)
}

/// An instance class or node type as AWS writes it: `db.t3.medium`, `cache.r7g.large`.
fn is_class(word: &str) -> bool {
    let mut parts = word.split('.');
    matches!(parts.next(), Some("db" | "cache"))
        && parts.clone().count() == 2
        && parts.all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A resource name without its instance class, and the class words removed.
fn split_resource(resource: &str) -> (String, Vec<&str>) {
    let (classes, rest): (Vec<&str>, Vec<&str>) = resource.split(' ').partition(|w| is_class(w));
    (rest.join(" "), classes)
}

/// A component without the option it is priced for, and the options removed: a parenthesised
/// part naming a platform (`(Linux/arm64, spot)`, it holds a `/`), a deployment (`(Multi-AZ)`)
/// or the vCPUs an Extended Support line is billed for (`(4 vCPU)`, which follow the class).
/// Tier ranges and other notes stay: they tell lines of one resource apart.
fn split_component(component: &str) -> (String, Vec<&str>) {
    let mut kind = String::with_capacity(component.len());
    let mut options = Vec::new();
    let mut rest = component;
    while let Some(open) = rest.find(" (") {
        let Some(len) = rest[open..].find(')') else {
            break;
        };
        let inner = &rest[open + 2..open + len];
        kind.push_str(&rest[..open]);
        if inner.contains('/')
            || inner == "Single-AZ"
            || inner == "Multi-AZ"
            || inner
                .strip_suffix(" vCPU")
                .is_some_and(|n| n.parse::<u64>().is_ok())
        {
            options.extend(inner.split(", "));
        } else {
            kind.push_str(&rest[open..=open + len]);
        }
        rest = &rest[open + len + 1..];
    }
    kind.push_str(rest);
    (kind, options)
}

/// `db.t3.medium → db.t4g.medium`: the class and option words that differ between two lines of
/// one identity; `None` when they are the same.
pub fn variant(old: &LineItem, new: &LineItem) -> Option<String> {
    let words = |l: &LineItem| -> Vec<String> {
        let (_, classes) = split_resource(&l.resource);
        let (_, options) = split_component(&l.component);
        classes
            .into_iter()
            .chain(options)
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(old), words(new));
    if a == b {
        return None;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = if a.len() == b.len() {
        a.iter()
            .zip(&b)
            .filter(|(x, y)| x != y)
            .map(|(x, y)| (x.as_str(), y.as_str()))
            .unzip()
    } else {
        (
            a.iter().map(String::as_str).collect(),
            b.iter().map(String::as_str).collect(),
        )
    };
    Some(format!("{} → {}", a.join(", "), b.join(", ")))
}

/// Compares base and head line by line.
pub fn diff(base: &Estimate, head: &Estimate) -> EstimateDiff {
    // Pair lines by identity; should an identity repeat (a hand-made JSON estimate), its
    // occurrences pair up in order.
    let mut base_by_id: HashMap<Identity, Vec<&LineItem>> = HashMap::new();
    for l in &base.line_items {
        base_by_id.entry(identity(l)).or_default().push(l);
    }
    for v in base_by_id.values_mut() {
        v.reverse();
    }
    let mut lines = Vec::new();
    let mut unchanged_lines = 0;
    for new in &head.line_items {
        let old = base_by_id.get_mut(&identity(new)).and_then(Vec::pop);
        match old {
            // The same figures under another class name (storage of a resized database) did
            // not change in cost: the line whose cost moved names the class change.
            Some(old) if same(old, new) => unchanged_lines += 1,
            Some(old) => lines.push(line_diff(Change::Changed, Some(old), new)),
            None => lines.push(line_diff(Change::Added, None, new)),
        }
    }
    // What is left of the base was removed; keep the base's order before ranking.
    for old in &base.line_items {
        if let Some(v) = base_by_id.get_mut(&identity(old))
            && let Some(l) = v.pop()
        {
            lines.push(line_diff(Change::Removed, Some(l), l));
        }
    }
    lines.sort_by(|a, b| {
        b.amounts
            .delta_usd
            .abs()
            .cmp(&a.amounts.delta_usd.abs())
            .then_with(|| a.group.cmp(&b.group))
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.component.cmp(&b.component))
    });

    let displayed = |e: &Estimate, g: Group| -> Option<Decimal> {
        let mut it = e.line_items.iter().filter(|l| l.group == g).peekable();
        it.peek()?;
        Some(shown_sum(it.map(|l| l.monthly_usd)))
    };
    let mut groups = Vec::new();
    for g in Group::ALL {
        let (old, new) = (displayed(base, g), displayed(head, g));
        let change = match (old, new) {
            (None, None) => continue,
            (None, Some(_)) => Change::Added,
            (Some(_), None) => Change::Removed,
            _ if lines.iter().any(|l| l.group == g) => Change::Changed,
            _ => Change::Unchanged,
        };
        groups.push(GroupDiff {
            change,
            group: g,
            amounts: Amounts::new(old, new),
        });
    }
    let total = |e: &Estimate| shown_sum(e.line_items.iter().map(|l| l.monthly_usd));
    EstimateDiff {
        schema_version: DIFF_SCHEMA_VERSION,
        base: side(base),
        head: side(head),
        total: Amounts::new(Some(total(base)), Some(total(head))),
        groups,
        lines,
        unchanged_lines,
        head_budget: head.budget.clone(),
        commitments: [base.commitments.clone(), head.commitments.clone()],
        terraform: plan_diff(base.plan.as_ref(), head.plan.as_ref()),
    }
}

fn side(e: &Estimate) -> Side {
    Side {
        name: e.name.clone(),
        region: e.region.clone(),
        price_table_effective_date: e.price_table.effective_date.clone(),
    }
}

fn same(a: &LineItem, b: &LineItem) -> bool {
    a.quantity == b.quantity
        && a.unit_price_usd == b.unit_price_usd
        && a.monthly_usd == b.monthly_usd
}

fn line_diff(change: Change, old: Option<&LineItem>, new: &LineItem) -> LineDiff {
    let (old, new_line) = match change {
        Change::Removed => (old, None),
        _ => (old, Some(new)),
    };
    let any = new_line.or(old).unwrap_or(new);
    LineDiff {
        change,
        group: any.group,
        resource: any.resource.clone(),
        component: any.component.clone(),
        variant: old.zip(new_line).and_then(|(o, n)| variant(o, n)),
        unit: any.unit.clone(),
        old_quantity: old.map(|l| l.quantity),
        new_quantity: new_line.map(|l| l.quantity),
        amounts: Amounts::new(old.map(|l| l.monthly_usd), new_line.map(|l| l.monthly_usd)),
    }
}

/// A CI gate on the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Fail when the monthly total increases by more than this many USD.
    IncreaseUsd(Decimal),
    /// Fail when the monthly total increases by more than this percentage.
    IncreasePercent(Decimal),
    /// Fail when the new monthly total is above this many USD.
    TotalUsd(Decimal),
}

impl Gate {
    /// The command-line flag that sets the gate.
    pub fn flag(self) -> &'static str {
        match self {
            Gate::IncreaseUsd(_) => "--fail-on-increase-usd",
            Gate::IncreasePercent(_) => "--fail-on-increase-percent",
            Gate::TotalUsd(_) => "--fail-on-total-usd",
        }
    }

    /// A one-line reason when the diff breaches the gate; `None` when it passes.
    pub fn check(self, diff: &EstimateDiff) -> Option<String> {
        let (old, new) = diff.totals();
        let delta = diff.total.delta_usd;
        let change = format!("${} → ${}", format_usd(old), format_usd(new));
        match self {
            Gate::IncreaseUsd(limit) => (delta > limit).then(|| {
                format!(
                    "gate {} breached: monthly cost increases by ${} ({change}), more than ${}",
                    self.flag(),
                    format_usd(delta),
                    format_usd(limit)
                )
            }),
            Gate::IncreasePercent(limit) => {
                if delta <= Decimal::ZERO {
                    return None;
                }
                match diff.total.delta_percent {
                    Some(p) if p > limit => Some(format!(
                        "gate {} breached: monthly cost increases by {} ({change}), more than {}%",
                        self.flag(),
                        format_percent(p),
                        limit.normalize()
                    )),
                    Some(_) => None,
                    // From nothing to something: an unbounded increase.
                    None => Some(format!(
                        "gate {} breached: monthly cost increases from $0.00 to ${}, an unbounded percentage",
                        self.flag(),
                        format_usd(new)
                    )),
                }
            }
            Gate::TotalUsd(limit) => (new > limit).then(|| {
                format!(
                    "gate {} breached: new monthly total ${} ({change}) is above ${}",
                    self.flag(),
                    format_usd(new),
                    format_usd(limit)
                )
            }),
        }
    }
}

/// The reasons of every gate the diff breaches, in the order given.
pub fn breaches(diff: &EstimateDiff, gates: &[Gate]) -> Vec<String> {
    gates.iter().filter_map(|g| g.check(diff)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::{PriceTableInfo, group_totals};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn line(group: Group, resource: &str, usd: &str) -> LineItem {
        LineItem {
            group,
            resource: resource.into(),
            component: "c".into(),
            quantity: Decimal::ONE,
            unit: "u".into(),
            unit_price_usd: d(usd),
            monthly_usd: d(usd),
            price_key: "k".into(),
            price_source: "s".into(),
            price_effective_date: "2026-01-01".into(),
        }
    }

    fn estimate(lines: Vec<LineItem>) -> Estimate {
        let groups = group_totals(&lines).unwrap();
        let total = groups.iter().map(|g| g.monthly_usd).sum::<Decimal>();
        Estimate {
            schema_version: crate::estimate::SCHEMA_VERSION,
            name: "t".into(),
            region: "r".into(),
            currency: "USD".into(),
            hours_per_month: Decimal::from(730),
            price_table: PriceTableInfo {
                region: "r".into(),
                effective_date: "2026-01-01".into(),
                source: "s".into(),
            },
            line_items: lines,
            groups,
            total_monthly_usd: total,
            total_annual_usd: total * Decimal::from(12),
            reference: None,
            warnings: vec![],
            budget: None,
            plan: None,
            assumptions: vec![],
            commitments: None,
        }
    }

    #[test]
    fn repeated_identities_pair_in_order() {
        let a = estimate(vec![line(Group::Ecr, "x", "1"), line(Group::Ecr, "x", "2")]);
        let b = estimate(vec![line(Group::Ecr, "x", "1")]);
        let diff = diff(&a, &b);
        assert_eq!(diff.unchanged_lines, 1);
        assert_eq!(diff.lines.len(), 1);
        assert_eq!(diff.lines[0].change, Change::Removed);
        assert_eq!(diff.lines[0].amounts.delta_usd, d("-2.00"));
        assert_eq!(diff.groups[0].change, Change::Changed);
    }

    #[test]
    fn groups_appear_and_disappear() {
        let a = estimate(vec![line(Group::Ecr, "x", "1")]);
        let b = estimate(vec![line(Group::Rds, "db", "3")]);
        let diff = diff(&a, &b);
        let changes: Vec<(Group, Change)> =
            diff.groups.iter().map(|g| (g.group, g.change)).collect();
        assert_eq!(
            changes,
            vec![(Group::Rds, Change::Added), (Group::Ecr, Change::Removed)]
        );
        assert_eq!(diff.lines[0].change, Change::Added, "largest change first");
        assert_eq!(diff.total.delta_usd, d("2.00"));
        assert_eq!(diff.total.delta_percent, Some(d("200.0")));
    }

    #[test]
    fn gates_breach_strictly_above_their_limit() {
        let diff = diff(
            &estimate(vec![line(Group::Ecr, "x", "10")]),
            &estimate(vec![line(Group::Ecr, "x", "11")]),
        );
        assert!(Gate::IncreaseUsd(d("1")).check(&diff).is_none());
        assert!(Gate::IncreaseUsd(d("0.99")).check(&diff).is_some());
        assert!(Gate::IncreasePercent(d("10")).check(&diff).is_none());
        assert!(Gate::IncreasePercent(d("9.9")).check(&diff).is_some());
        assert!(Gate::TotalUsd(d("11")).check(&diff).is_none());
        let reason = Gate::TotalUsd(d("10.5")).check(&diff).unwrap();
        assert_eq!(
            reason,
            "gate --fail-on-total-usd breached: new monthly total $11.00 ($10.00 → $11.00) is above $10.50"
        );
    }

    #[test]
    fn any_rise_from_nothing_breaches_a_percent_gate() {
        let diff = diff(
            &estimate(vec![]),
            &estimate(vec![line(Group::Ecr, "x", "0.01")]),
        );
        assert_eq!(diff.total.delta_percent, None);
        let reason = Gate::IncreasePercent(d("1000")).check(&diff).unwrap();
        assert!(reason.contains("from $0.00 to $0.01"), "{reason}");
        let none = diff_of_nothing();
        assert!(Gate::IncreasePercent(Decimal::ZERO).check(&none).is_none());
    }

    fn named(group: Group, resource: &str, component: &str, usd: &str) -> LineItem {
        LineItem {
            resource: resource.into(),
            component: component.into(),
            ..line(group, resource, usd)
        }
    }

    #[test]
    fn an_instance_class_change_is_one_changed_line_with_its_net() {
        let base = estimate(vec![
            named(
                Group::Rds,
                "postgres db.t3.medium",
                "instance (Multi-AZ)",
                "99.28",
            ),
            named(
                Group::Rds,
                "postgres db.t3.medium",
                "gp2 storage (Multi-AZ)",
                "23",
            ),
        ]);
        let head = estimate(vec![
            named(
                Group::Rds,
                "postgres db.t4g.medium",
                "instance (Multi-AZ)",
                "94.90",
            ),
            named(
                Group::Rds,
                "postgres db.t4g.medium",
                "gp2 storage (Multi-AZ)",
                "23",
            ),
        ]);
        let dd = diff(&base, &head);
        assert_eq!(dd.lines.len(), 1, "storage costs the same: {:#?}", dd.lines);
        assert_eq!(dd.unchanged_lines, 1);
        let instance = &dd.lines[0];
        assert_eq!(instance.change, Change::Changed);
        assert_eq!(instance.amounts.delta_usd, d("-4.38"));
        assert_eq!(instance.resource, "postgres db.t4g.medium");
        assert_eq!(
            instance.variant.as_deref(),
            Some("db.t3.medium → db.t4g.medium")
        );
        assert_eq!(dd.total.delta_usd, d("-4.38"));
    }

    #[test]
    fn a_platform_swap_nets_per_component() {
        let base = estimate(vec![
            named(
                Group::EcsFargate,
                "api",
                "vCPU (Linux/x86_64, on-demand)",
                "36.04",
            ),
            named(
                Group::EcsFargate,
                "api",
                "memory (Linux/x86_64, on-demand)",
                "15.84",
            ),
        ]);
        let head = estimate(vec![
            named(
                Group::EcsFargate,
                "api",
                "vCPU (Linux/arm64, on-demand)",
                "28.83",
            ),
            named(
                Group::EcsFargate,
                "api",
                "memory (Linux/arm64, on-demand)",
                "12.67",
            ),
        ]);
        let dd = diff(&base, &head);
        let moves: Vec<(Change, Decimal, Option<&str>)> = dd
            .lines
            .iter()
            .map(|l| (l.change, l.amounts.delta_usd, l.variant.as_deref()))
            .collect();
        assert_eq!(
            moves,
            vec![
                (
                    Change::Changed,
                    d("-7.21"),
                    Some("Linux/x86_64 → Linux/arm64")
                ),
                (
                    Change::Changed,
                    d("-3.17"),
                    Some("Linux/x86_64 → Linux/arm64")
                ),
            ]
        );
    }

    #[test]
    fn extended_support_keeps_its_identity_when_the_vcpus_change() {
        let mut old = line(Group::Rds, "catalog: mysql db.t3.large", "292");
        old.component = "Extended Support mysql 8.0, year 1-2 (4 vCPU)".into();
        let mut new = old.clone();
        new.component = "Extended Support mysql 8.0, year 1-2 (2 vCPU)".into();
        assert_eq!(identity(&old), identity(&new));
        assert_eq!(variant(&old, &new).as_deref(), Some("4 vCPU → 2 vCPU"));
    }

    #[test]
    fn identity_keeps_tiers_and_names_apart() {
        let id = |r: &str, c: &str| identity(&named(Group::DataTransfer, r, c, "1"));
        assert_eq!(
            id(
                "postgres db.r6g.xlarge read replica (eu-west-1)",
                "instance (Single-AZ)"
            ),
            (
                Group::DataTransfer,
                "postgres read replica (eu-west-1)".into(),
                "instance".into()
            )
        );
        assert_ne!(
            id("internet", "out (0–10,240 GB tier)"),
            id("internet", "out (10,240–51,200 GB tier)")
        );
        assert_eq!(
            id("db.example", "x").1,
            "db.example",
            "not a class: two parts only"
        );
    }

    fn diff_of_nothing() -> EstimateDiff {
        diff(&estimate(vec![]), &estimate(vec![]))
    }
}
