//! A validated topology with its price table, ready to be evaluated many times.
//!
//! Parsing, validation and the choice of price table happen once; each evaluation sets inputs
//! through the typed accessors of [`crate::topology::paths`] and runs the per-resource models in
//! totals-only mode ([`crate::estimate::totals`]): the same models and arithmetic as `estimate`,
//! without building line items.

use crate::error::{Error, Result};
use crate::estimate::pricer::PriceMemo;
use crate::estimate::{Totals, totals_memo};
use crate::pricing::{PriceCatalog, PriceTable};
use crate::topology::Topology;
use crate::topology::paths::{self, Target};
use rust_decimal::Decimal;

pub struct PricedModel<'c> {
    pub topology: Topology,
    pub table: &'c PriceTable,
    /// Every numeric input that can move continuously, with the base's value.
    pub inputs: Vec<(Target, Decimal)>,
    memo: PriceMemo<'c>,
}

impl<'c> PricedModel<'c> {
    pub fn new(topology: Topology, catalog: &'c PriceCatalog) -> Result<Self> {
        let table = catalog.table(&topology.region)?;
        let inputs = paths::targets(&paths::Names::of(&topology))
            .into_iter()
            .filter_map(|t| t.get(&topology).map(|v| (t, v)))
            .collect();
        Ok(PricedModel {
            topology,
            table,
            inputs,
            memo: PriceMemo::default(),
        })
    }

    /// Totals of a topology derived from this model's base.
    pub fn evaluate(&self, t: &Topology) -> Result<Totals> {
        totals_memo(t, self.table, &self.memo)
    }

    /// The full estimate (line items, groups, reconciliation) of a topology derived from this
    /// model's base, with prices resolved through the model's memo.
    pub fn estimate(&self, t: &Topology) -> Result<crate::Estimate> {
        crate::checks::estimate_memo(t, self.table, &self.memo)
    }

    /// The base's totals.
    pub fn base_totals(&self) -> Result<Totals> {
        self.evaluate(&self.topology)
    }

    /// The numeric input at `path`, or a usage error with a did-you-mean.
    pub fn input(&self, path: &str) -> Result<&(Target, Decimal)> {
        if let Some(found) = self.inputs.iter().find(|(t, _)| t.path == path) {
            return Ok(found);
        }
        let all = paths::targets(&paths::Names::of(&self.topology));
        let resolved = paths::resolve(path, &all);
        // `database.storage_gb` of a topology with one named database is that database's.
        if let Ok([one]) = resolved.as_deref()
            && let Some(found) = self.inputs.iter().find(|(t, _)| t.path == one.path)
        {
            return Ok(found);
        }
        let hint = match resolved {
            Ok(found) if found.iter().any(|t| t.def.access.is_none()) => format!(
                "`{path}` is not a count or usage quantity that can move continuously; numeric inputs: {}",
                self.sample_paths()
            ),
            Ok(_) => format!("`{path}` has no value in this topology (its table is absent)"),
            Err(hint) => hint,
        };
        Err(Error::usage(format!(
            "unknown input `{path}`\n  = hint: {hint}"
        )))
    }

    fn sample_paths(&self) -> String {
        let names: Vec<&str> = self
            .inputs
            .iter()
            .take(6)
            .map(|(t, _)| t.path.as_str())
            .collect();
        format!("{}, …", names.join(", "))
    }

    /// Checks that `v` is a valid value of the input (its validated bounds, whole steps).
    pub fn check_value(&self, target: &Target, v: Decimal) -> Result<()> {
        let (min, max) = (Decimal::from(target.def.min), Decimal::from(target.def.max));
        if v < min || v > max {
            return Err(Error::usage(format!(
                "`{}` = {} is outside its allowed range {min} to {max}",
                target.path,
                v.normalize()
            )));
        }
        if target.whole() && !v.fract().is_zero() {
            return Err(Error::usage(format!(
                "`{}` must be a whole number, found {}",
                target.path,
                v.normalize()
            )));
        }
        Ok(())
    }
}
