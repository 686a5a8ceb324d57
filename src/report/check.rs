//! What `costplan check` prints: the verdict on stdout (validity, the displayed monthly cost, each
//! budget limit, then the recovery targets) and one stderr line per budget limit it breaches.

use super::view::EstimateView;
use crate::capacity::assess::RecoveryReport;
use crate::estimate::Estimate;
use crate::money::format_usd;
use std::fmt::Write;

/// The verdict printed on stdout; `recovery` adds the recovery verdict of [`recovery_lines`].
pub fn verdict(path: &str, estimate: &Estimate, recovery: Option<&RecoveryReport>) -> String {
    let view = EstimateView::new(estimate);
    let mut out = String::new();
    let total = format_usd(view.total_monthly_usd);
    match &estimate.budget {
        None => {
            let _ = writeln!(
                out,
                "ok: {path} is valid; `{}` costs ${total} per month (no budget declared)",
                estimate.name
            );
        }
        Some(budget) => {
            let word = if budget.over_budget {
                "over budget"
            } else {
                "ok"
            };
            let _ = writeln!(
                out,
                "{word}: {path} is valid; `{}` costs ${total} per month",
                estimate.name
            );
            for l in &budget.limits {
                let status = if l.over_budget {
                    format!("over by ${}", format_usd(-l.headroom_usd))
                } else {
                    format!("${} headroom", format_usd(l.headroom_usd))
                };
                let _ = writeln!(
                    out,
                    "  {:<16} {:>12} of {:>12}  {status}",
                    l.label(),
                    format!("${}", format_usd(l.spent_usd)),
                    format!("${}", format_usd(l.monthly_usd))
                );
            }
        }
    }
    if let Some(r) = recovery {
        out.push_str(&recovery_lines(r));
    }
    out
}

/// The recovery verdict in a few lines: the overall status, then each failure case with its
/// achievable RPO / RTO and the mechanism (`costplan capacity` shows the full reasons).
pub fn recovery_lines(rec: &RecoveryReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "recovery: RTO < {} min, RPO < {} min: {}",
        rec.rto_minutes, rec.rpo_minutes, rec.overall
    );
    for s in &rec.scenarios {
        let mechanism = s.reason.split("; ").next().unwrap_or("");
        let _ = writeln!(
            out,
            "  {:<28} {:<8} RPO {}, RTO {}: {mechanism}",
            s.scenario, s.status, s.rpo, s.rto
        );
    }
    out
}

/// One stderr line per budget limit the estimate breaches (what makes `check` exit 1).
pub fn breach_lines(estimate: &Estimate) -> Vec<String> {
    let Some(budget) = &estimate.budget else {
        return Vec::new();
    };
    budget
        .breaches()
        .map(|l| {
            format!(
                "budget breached: {} costs ${} per month, ${} over the limit of ${}",
                match l.group {
                    Some(g) => format!("group `{}`", g.id()),
                    None => format!("`{}`", estimate.name),
                },
                format_usd(l.spent_usd),
                format_usd(-l.headroom_usd),
                format_usd(l.monthly_usd)
            )
        })
        .collect()
}
