//! Checks that read a priced estimate: the budget ([`budget`]) and the reconciliation with the
//! figures a document states ([`reconcile`]). [`estimate`] is the one composition of pricing and
//! checks that the commands use.

pub mod budget;
pub mod reconcile;

use crate::error::Result;
use crate::estimate::{Estimate, pricer::PriceMemo};
use crate::pricing::PriceTable;
use crate::topology::Topology;

/// Prices a topology and runs its checks: what `costplan estimate` shows.
pub fn estimate(topology: &Topology, table: &PriceTable) -> Result<Estimate> {
    let mut e = crate::estimate::price(topology, table)?;
    apply(topology, &mut e);
    Ok(e)
}

/// Like [`estimate`], resolving prices through a memo kept across evaluations.
pub fn estimate_memo<'t>(
    topology: &Topology,
    table: &'t PriceTable,
    memo: &PriceMemo<'t>,
) -> Result<Estimate> {
    let mut e = crate::estimate::price_memo(topology, table, memo)?;
    apply(topology, &mut e);
    Ok(e)
}

/// Runs the topology's checks on its estimate: reconciliation (and its warnings) and budget.
pub fn apply(topology: &Topology, estimate: &mut Estimate) {
    if let Some(r) = &topology.reference {
        let warnings = reconcile::unmatched_excludes(r, &estimate.line_items);
        estimate.warnings.extend(warnings);
        estimate.reference = Some(reconcile::reconcile(r, estimate));
    }
    estimate.budget = topology
        .budget
        .as_ref()
        .map(|b| budget::assess(b, &estimate.line_items));
}

#[cfg(test)]
mod tests {
    use crate::model::Group;
    use crate::pricing::PriceCatalog;
    use crate::source::SourceFile;
    use rust_decimal::Decimal;

    const TOPOLOGY: &str = r#"name = "t"
region = "us-east-1"
[[service]]
name = "api"
count = 2
vcpu = 0.5
memory_gb = 1
[ecr]
storage_gb = 1
[reference]
source = "doc"
ecs_fargate = 100
total_usd = 100
[budget]
monthly_usd = 10
"#;

    fn topology() -> (crate::Topology, PriceCatalog) {
        let catalog = PriceCatalog::bundled().unwrap();
        let t = crate::topology::parse(&SourceFile::new("t.toml", TOPOLOGY), &catalog).unwrap();
        (t, catalog)
    }

    #[test]
    fn pricing_alone_runs_no_check() {
        let (t, catalog) = topology();
        let e = crate::estimate::price(&t, catalog.table("us-east-1").unwrap()).unwrap();
        assert!(e.reference.is_none() && e.budget.is_none());
        assert!(!e.line_items.is_empty());
    }

    #[test]
    fn reconciliation_lists_unstated_groups() {
        let (t, catalog) = topology();
        let e = super::estimate(&t, catalog.table("us-east-1").unwrap()).unwrap();
        let r = e.reference.unwrap();
        assert_eq!(r.unstated_groups, vec![Group::Ecr]);
        assert_eq!(r.rows[0].stated_usd, Some(Decimal::from(100)));
        assert_eq!(
            r.difference_usd,
            Some(e.total_monthly_usd - Decimal::from(100))
        );
        assert!(e.budget.unwrap().over_budget);
    }
}
