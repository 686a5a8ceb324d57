//! The view of a Terraform plan's account ([`crate::model::PlanAccount`]) in an estimate: a
//! summary line and the resources the estimate did not price (skipped, with the reason, and not
//! supported, by type). Every format shows it; CSV and JSON list every resource.

use super::grid::{Cell, Grid};
use crate::model::{PlanAccount, PlanStatus};

/// `Terraform plan p.json (Terraform 1.11.4): 40 resources: 20 priced, 15 free, 2 skipped, 3 not supported (aws_sqs_queue 2, aws_lambda_function 1)`.
pub fn summary(a: &PlanAccount) -> String {
    let mut s = format!(
        "Terraform plan {}: {} resources: {} priced, {} free, {} skipped, {} not supported",
        a.source,
        a.resources.len() - a.count(PlanStatus::Destroyed),
        a.count(PlanStatus::Priced),
        a.count(PlanStatus::Free),
        a.count(PlanStatus::Skipped),
        a.count(PlanStatus::Unsupported),
    );
    let destroyed = a.count(PlanStatus::Destroyed);
    if destroyed > 0 {
        s.push_str(&format!(", {destroyed} destroyed by the plan"));
    }
    if !a.unsupported_types.is_empty() {
        let types: Vec<String> = a
            .unsupported_types
            .iter()
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        s.push_str(&format!(" ({})", types.join(", ")));
    }
    s
}

/// The resources left out of the estimate: skipped and not supported, in plan order.
pub fn left_out(a: &PlanAccount) -> Grid {
    let mut g = Grid::new(&["resource", "type", "status", "why"]);
    for r in a
        .resources
        .iter()
        .filter(|r| matches!(r.status, PlanStatus::Skipped | PlanStatus::Unsupported))
    {
        g.rows.push(vec![
            Cell::Text(r.address.clone()),
            Cell::Text(r.kind.clone()),
            Cell::Text(r.status.id().to_string()),
            Cell::Text(r.note.clone()),
        ]);
    }
    g
}

/// Every resource of the plan and what became of it.
pub fn all(a: &PlanAccount) -> Grid {
    let mut g = Grid::new(&["resource", "type", "status", "what"]);
    for r in &a.resources {
        g.rows.push(vec![
            Cell::Text(r.address.clone()),
            Cell::Text(r.kind.clone()),
            Cell::Text(r.status.id().to_string()),
            Cell::Text(r.note.clone()),
        ]);
    }
    g
}

/// Usage keys the usage file gave that costplan does not price.
pub fn ignored_usage(a: &PlanAccount) -> Option<String> {
    (!a.ignored_usage.is_empty()).then(|| {
        format!(
            "Usage keys read but not priced by costplan: {}",
            a.ignored_usage.join(", ")
        )
    })
}

/// The plan accounting of a diff, one line per side that is a plan: `base: Terraform plan
/// base.json (Terraform 1.11.4): 30 priced, 31 free, 0 skipped, 2 not supported, 1 destroyed by the plan`.
pub fn diff_summary(d: &crate::diff::PlanDiff) -> Vec<String> {
    [("base", &d.base), ("head", &d.head)]
        .into_iter()
        .filter_map(|(side, c)| {
            c.as_ref().map(|c| {
                format!(
                    "{side}: Terraform plan {}: {} priced, {} free, {} skipped, {} not supported, {} destroyed by the plan",
                    c.source, c.priced, c.free, c.skipped, c.not_supported, c.destroyed
                )
            })
        })
        .collect()
}

/// The plan accounting of a diff by resource type: left out of each side's estimate (not
/// supported, skipped), destroyed by each plan, and added or removed between two plans. A side
/// that is not a plan shows `–`.
pub fn diff_grid(d: &crate::diff::PlanDiff) -> Grid {
    let mut g = Grid::new(&["resources", "type", "base", "head"]);
    let count = |n: Option<usize>| n.map_or(Cell::Text("–".into()), |n| Cell::Number(n.into()));
    for r in &d.rows {
        g.rows.push(vec![
            Cell::Text(r.what.id().to_string()),
            Cell::Text(r.kind.clone()),
            count(r.base),
            count(r.head),
        ]);
    }
    g
}
