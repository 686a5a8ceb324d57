//! Validation of the inputs of the checks: `[reference]` (the figures a document states) and
//! `[budget]` (monthly limits), both keyed by cost group id.

use super::super::located::{Located, Num};
use super::super::raw::{BudgetRaw, ReferenceRaw};
use super::super::{Budget, Reference};
use super::{Validator, dec};
use crate::error::Result;
use crate::model::Group;
use crate::suggest;
use rust_decimal::Decimal;

impl Validator<'_> {
    /// Amounts keyed by group id, in group order; an unknown id is an error at its key.
    pub(super) fn group_amounts(
        &self,
        raw: &super::group_amounts::GroupAmountsRaw,
        table: &str,
        max: Decimal,
    ) -> Result<Vec<(Group, Decimal)>> {
        let mut groups = Vec::new();
        for (key, value) in &raw.0 {
            let Some(group) = Group::from_id(key.get()) else {
                return Err(self.err(
                    key.span(),
                    format!("unknown key `{}` in `{table}`", key.get().escape_debug()),
                    Some(suggest::hint_for(key.get(), Group::ALL.map(Group::id))),
                ));
            };
            groups.push((group, self.number(value, group.id(), Decimal::ZERO, max)?));
        }
        groups.sort_by_key(|(g, _)| *g);
        Ok(groups)
    }

    pub(super) fn budget(&self, b: &Located<BudgetRaw>) -> Result<Budget> {
        let max = dec(1_000_000_000);
        let raw = b.get();
        let monthly_usd = raw
            .monthly_usd
            .as_ref()
            .map(|v| self.number(v, "monthly_usd", Decimal::ZERO, max))
            .transpose()?;
        let groups = match &raw.groups {
            Some(g) => self.group_amounts(g.get(), "[budget.groups]", max)?,
            None => Vec::new(),
        };
        if monthly_usd.is_none() && groups.is_empty() {
            return Err(self.err(
                b.span(),
                "`[budget]` declares no limit".into(),
                Some("add `monthly_usd = 450` under `[budget]`, or group limits under `[budget.groups]` such as `rds = 150`".into()),
            ));
        }
        Ok(Budget {
            monthly_usd,
            groups,
        })
    }

    pub(super) fn reference(&self, r: &ReferenceRaw) -> Result<Reference> {
        let source = self.text(&r.source, "source", 200)?;
        let max = dec(1_000_000_000);
        let amount = |v: &Option<Located<Num>>, what: &str| {
            v.as_ref()
                .map(|v| self.number(v, what, Decimal::ZERO, max))
                .transpose()
        };
        let groups = self.group_amounts(&r.groups, "[reference]", max)?;
        let mut excludes = Vec::new();
        for e in &r.excludes {
            let text = self.text(e, "excludes", 200)?;
            let Some((g, component)) = text.split_once(':') else {
                return Err(self.err(
                    e.span(),
                    format!(
                        "`{}` is not of the form \"group: component\"",
                        text.escape_debug()
                    ),
                    Some("e.g. \"nat_gateway: data processed\"".into()),
                ));
            };
            let ids = Group::ALL.map(Group::id);
            let Some(group) = Group::from_id(g.trim()) else {
                return Err(self.err(
                    e.span(),
                    format!("unknown group `{}`", g.trim().escape_debug()),
                    Some(suggest::hint_for(g.trim(), ids)),
                ));
            };
            if !groups.iter().any(|(s, _)| *s == group) {
                return Err(self.err(
                    e.span(),
                    format!(
                        "group `{}` is excluded from but not stated in `[reference]`",
                        group.id()
                    ),
                    Some(format!(
                        "state `{} = ...` or drop this exclusion",
                        group.id()
                    )),
                ));
            }
            excludes.push((group, component.trim().to_string()));
        }
        Ok(Reference {
            source,
            total_usd: amount(&r.total_usd, "total_usd")?,
            groups,
            excludes,
        })
    }
}
