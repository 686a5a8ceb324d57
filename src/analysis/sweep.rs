//! `sweep`: total and per-group cost for each value of one or two inputs.

use super::model::PricedModel;
use crate::error::{Error, Result};
use crate::model::Group;
use crate::topology::paths::Target;
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// The most values one swept input may take.
pub const MAX_POINTS_PER_AXIS: usize = 1_000;
/// The most evaluations one sweep may make (both axes together).
pub const MAX_POINTS: usize = 10_000;

/// `PATH=FROM..TO[:STEP]`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub path: String,
    pub from: Decimal,
    pub to: Decimal,
    pub step: Option<Decimal>,
}

impl FromStr for Axis {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let usage = || {
            format!(
                "expected PATH=FROM..TO[:STEP], e.g. `service.worker.count=1..20` or `nat.data_processed_gb=0..1000:100`, found `{s}`"
            )
        };
        let (path, range) = s.split_once('=').ok_or_else(usage)?;
        let (range, step) = match range.split_once(':') {
            Some((r, st)) => (r, Some(st)),
            None => (range, None),
        };
        let (from, to) = range.split_once("..").ok_or_else(usage)?;
        let num = |t: &str| {
            crate::money::parse_exact(t).ok_or_else(|| {
                format!("`{t}` is not a number with at most 28 significant digits in `{s}`")
            })
        };
        let axis = Axis {
            path: path.trim().to_string(),
            from: num(from)?,
            to: num(to)?,
            step: step.map(num).transpose()?,
        };
        if axis.path.is_empty() {
            return Err(usage());
        }
        if axis.from > axis.to {
            return Err(format!("FROM must not be above TO in `{s}`"));
        }
        if axis.step.is_some_and(|st| st <= Decimal::ZERO) {
            return Err(format!("STEP must be positive in `{s}`"));
        }
        Ok(axis)
    }
}

impl Axis {
    /// The values: FROM, FROM+STEP, … up to TO (TO included when it is on a step). The default
    /// step is 1 for whole-number inputs, else a tenth of the span.
    pub fn values(&self, target: &Target) -> Result<Vec<Decimal>> {
        let span = self.to.checked_sub(self.from).ok_or_else(|| {
            Error::overflow(format!(
                "the span of `{}` = {}..{} (beyond the range of exact decimals, about ±7.9e28)",
                self.path, self.from, self.to
            ))
        })?;
        let step = match self.step {
            Some(s) => s,
            None if target.whole() => Decimal::ONE,
            None if span.is_zero() => Decimal::ONE,
            None => span / Decimal::TEN,
        };
        let count = span.checked_div(step).map_or(Decimal::MAX, |c| c.floor());
        if count >= Decimal::from(MAX_POINTS_PER_AXIS) {
            return Err(Error::usage(format!(
                "`{}` would take {} values; the limit is {MAX_POINTS_PER_AXIS} per input (use a larger STEP)",
                self.path,
                count.saturating_add(Decimal::ONE)
            )));
        }
        let mut out = Vec::new();
        let mut v = self.from;
        while v <= self.to && out.len() < MAX_POINTS_PER_AXIS {
            out.push(v.normalize());
            match v.checked_add(step) {
                Some(next) => v = next,
                None => break,
            }
        }
        Ok(out)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// One value per axis.
    pub values: Vec<Decimal>,
    pub total_monthly_usd: Decimal,
    /// Per group, in group order (groups with a cost at any point).
    pub groups: Vec<(Group, Decimal)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    pub name: String,
    pub axes: Vec<String>,
    pub base_values: Vec<Decimal>,
    pub base_total_monthly_usd: Decimal,
    pub groups: Vec<Group>,
    pub points: Vec<SweepPoint>,
}

pub fn sweep(model: &PricedModel, axes: &[Axis]) -> Result<Sweep> {
    if axes.is_empty() || axes.len() > 2 {
        return Err(Error::usage(
            "sweep one or two inputs: `--set PATH=FROM..TO[:STEP]` once or twice",
        ));
    }
    if axes.len() == 2 && axes[0].path == axes[1].path {
        return Err(Error::usage(format!("`{}` is swept twice", axes[0].path)));
    }
    let mut targets = Vec::new();
    let mut values = Vec::new();
    for a in axes {
        let (t, _) = model.input(&a.path)?;
        let vs = a.values(t)?;
        for v in &vs {
            model.check_value(t, *v)?;
        }
        targets.push(t.clone());
        values.push(vs);
    }
    let total_points = values.iter().map(Vec::len).product::<usize>();
    if total_points > MAX_POINTS {
        return Err(Error::usage(format!(
            "the sweep would make {total_points} evaluations; the limit is {MAX_POINTS} (use larger steps)"
        )));
    }
    let base = model.base_totals()?;
    let mut t = model.topology.clone();
    let mut raw_points = Vec::with_capacity(total_points);
    let second: Vec<Option<Decimal>> = match values.get(1) {
        Some(v) => v.iter().copied().map(Some).collect(),
        None => vec![None],
    };
    for v0 in &values[0] {
        targets[0].set(&mut t, *v0);
        for v1 in &second {
            let mut vals = vec![*v0];
            if let Some(v1) = v1 {
                targets[1].set(&mut t, *v1);
                vals.push(*v1);
            }
            raw_points.push((vals, model.evaluate(&t)?));
        }
    }
    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|g| {
            !base.group(*g).is_zero() || raw_points.iter().any(|(_, p)| !p.group(*g).is_zero())
        })
        .collect();
    let points = raw_points
        .into_iter()
        .map(|(values, p)| SweepPoint {
            values,
            total_monthly_usd: p.shown_total,
            groups: groups.iter().map(|g| (*g, p.shown_group(*g))).collect(),
        })
        .collect();
    Ok(Sweep {
        name: model.topology.name.clone(),
        axes: axes.iter().map(|a| a.path.clone()).collect(),
        base_values: targets
            .iter()
            .filter_map(|t| t.get(&model.topology))
            .collect(),
        base_total_monthly_usd: base.shown_total,
        groups,
        points,
    })
}
