//! `sweep`: total and per-group cost for each value of one or two inputs.
//!
//! Counts and usage quantities are evaluated in totals-only mode (fast). Commitment inputs
//! (`database.commitment.term_years`, `savings_plan.NAME.payment`, …, see
//! [`super::commitment_inputs`]) have no fast path: when one is swept, or the topology states
//! commitments at all, every point is also estimated in full with its commitments (a full estimate
//! per point, about 10–20× the cost of a totals-only point), and each point carries its amortised
//! month, its saving against on-demand and its break-even month.

use super::commitment_inputs;
use super::model::PricedModel;
use crate::error::{Error, Result};
use crate::estimate::commitment::CommitmentSummary;
use crate::model::Group;
use crate::topology::Topology;
use crate::topology::paths::{self, Target};
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

/// The most values one swept input may take.
pub const MAX_POINTS_PER_AXIS: usize = 1_000;
/// The most evaluations one sweep may make (both axes together).
pub const MAX_POINTS: usize = 10_000;

/// `PATH=FROM..TO[:STEP]` or `PATH=A,B,…` (a list, for text inputs such as a payment option),
/// parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Axis {
    pub path: String,
    pub from: Decimal,
    pub to: Decimal,
    pub step: Option<Decimal>,
    /// The values of a list (`PATH=A,B,…`) as written; empty for a range.
    pub choices: Vec<String>,
}

impl FromStr for Axis {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let usage = || {
            format!(
                "expected PATH=FROM..TO[:STEP] or PATH=A,B,…, e.g. `savings_plan.fargate-1yr.payment=no_upfront,all_upfront`, `service.worker.count=1..20` or `nat.data_processed_gb=0..1000:100`, found `{s}`"
            )
        };
        let (path, range) = s.split_once('=').ok_or_else(usage)?;
        let is_list = !range.contains("..")
            && (range.contains(',')
                || (!range.trim().is_empty() && crate::money::parse_exact(range.trim()).is_none()));
        if is_list {
            let choices: Vec<String> = range.split(',').map(|c| c.trim().to_string()).collect();
            if path.trim().is_empty() || choices.iter().any(String::is_empty) {
                return Err(usage());
            }
            if choices.len() > MAX_POINTS_PER_AXIS {
                return Err(format!("more than {MAX_POINTS_PER_AXIS} values in `{s}`"));
            }
            return Ok(Axis {
                path: path.trim().to_string(),
                from: Decimal::ZERO,
                to: Decimal::ZERO,
                step: None,
                choices,
            });
        }
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
            choices: Vec::new(),
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

/// What a point's commitments, discounts and credits come to (when the topology states any).
#[derive(Debug, Clone, Serialize)]
pub struct PointCommitments {
    /// Month 1 with upfront fees spread over their terms, exact.
    pub amortised_monthly_usd: Decimal,
    /// The on-demand month less the amortised month, exact (negative: the commitments cost more).
    pub saving_monthly_usd: Decimal,
    /// When everything together pays back against on-demand (cash), within 36 months.
    pub break_even_month: Option<u32>,
    /// The whole summary, for the reports' rounded view.
    #[serde(skip)]
    pub summary: Box<CommitmentSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SweepPoint {
    /// One value per axis (for a text input, its 1-based position in the list).
    pub values: Vec<Decimal>,
    /// One value per axis as a scenario writes it (`no_upfront`, `3`).
    pub labels: Vec<String>,
    pub total_monthly_usd: Decimal,
    /// Per group, in group order (groups with a cost at any point).
    pub groups: Vec<(Group, Decimal)>,
    /// With commitments in the topology: the point's amortised month, saving and break-even.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitments: Option<PointCommitments>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sweep {
    pub name: String,
    pub axes: Vec<String>,
    pub base_values: Vec<Decimal>,
    /// The base's value of each axis as a scenario writes it (`-` when the topology has none).
    pub base_labels: Vec<String>,
    pub base_total_monthly_usd: Decimal,
    pub groups: Vec<Group>,
    pub points: Vec<SweepPoint>,
    /// Whether each axis takes text (shown as written, not as a number).
    #[serde(skip)]
    pub text_axes: Vec<bool>,
}

/// How one axis is set.
enum Setter {
    Fast(Target),
    Commitment(Target),
}

impl Setter {
    fn target(&self) -> &Target {
        match self {
            Setter::Fast(t) | Setter::Commitment(t) => t,
        }
    }
}

/// The axis's input: a fast (totals-only) input, or a commitment input.
fn setter(model: &PricedModel, path: &str) -> Result<Setter> {
    let fast = model.input(path);
    if let Ok((t, _)) = fast {
        return Ok(Setter::Fast(t.clone()));
    }
    let all = paths::targets(&paths::Names::of(&model.topology));
    if let Ok(found) = paths::resolve(path, &all)
        && let [one] = found.as_slice()
        && commitment_inputs::is_commitment(one)
    {
        return Ok(Setter::Commitment(one.clone()));
    }
    fast.map(|(t, _)| Setter::Fast(t.clone()))
}

/// The values of an axis: (value or list position, label).
fn axis_values(model: &PricedModel, a: &Axis, s: &Setter) -> Result<Vec<(Decimal, String)>> {
    let t = s.target();
    let text = matches!(s, Setter::Commitment(t) if commitment_inputs::is_text(t));
    if text && a.choices.is_empty() {
        return Err(Error::usage(format!(
            "`{}` takes text: list its values, e.g. `{}=no_upfront,partial_upfront,all_upfront`",
            a.path, a.path
        )));
    }
    let values: Vec<(Decimal, String)> = if text {
        a.choices
            .iter()
            .enumerate()
            .map(|(i, c)| (Decimal::from(i + 1), c.clone()))
            .collect()
    } else if a.choices.is_empty() {
        a.values(t)?
            .into_iter()
            .map(|v| (v, v.to_string()))
            .collect()
    } else {
        let mut out = Vec::new();
        for c in &a.choices {
            let v = crate::money::parse_exact(c).ok_or_else(|| {
                Error::usage(format!(
                    "`{c}` is not a number in the values of `{}`",
                    a.path
                ))
            })?;
            out.push((v.normalize(), v.normalize().to_string()));
        }
        out
    };
    // Every value checked before any work.
    for (v, label) in &values {
        match s {
            Setter::Fast(t) => model.check_value(t, *v)?,
            Setter::Commitment(t) => {
                commitment_inputs::set(&mut model.topology.clone(), t, label)?;
            }
        }
    }
    Ok(values)
}

fn apply(t: &mut Topology, s: &Setter, v: &(Decimal, String)) -> Result<()> {
    match s {
        Setter::Fast(target) => {
            target.set(t, v.0);
            Ok(())
        }
        Setter::Commitment(target) => commitment_inputs::set(t, target, &v.1),
    }
}

fn point_commitments(model: &PricedModel, t: &Topology) -> Result<Option<PointCommitments>> {
    let e = model.estimate(t)?;
    Ok(e.commitments.map(|c| PointCommitments {
        amortised_monthly_usd: c.applied.amortised_monthly_usd,
        saving_monthly_usd: c.applied.on_demand_monthly_usd - c.applied.amortised_monthly_usd,
        break_even_month: c.break_even_month,
        summary: Box::new(c),
    }))
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
    let mut setters = Vec::new();
    let mut values = Vec::new();
    for a in axes {
        let s = setter(model, &a.path)?;
        values.push(axis_values(model, a, &s)?);
        setters.push(s);
    }
    let total_points = values.iter().map(Vec::len).product::<usize>();
    if total_points > MAX_POINTS {
        return Err(Error::usage(format!(
            "the sweep would make {total_points} evaluations; the limit is {MAX_POINTS} (use larger steps)"
        )));
    }
    let base = model.base_totals()?;
    // Full estimates (with commitments) when the topology states any commitment, or one is swept.
    let full = setters.iter().any(|s| matches!(s, Setter::Commitment(_)))
        || model.estimate(&model.topology)?.commitments.is_some();
    let mut t = model.topology.clone();
    let mut raw_points = Vec::with_capacity(total_points);
    let second: Vec<Option<&(Decimal, String)>> = match values.get(1) {
        Some(v) => v.iter().map(Some).collect(),
        None => vec![None],
    };
    for v0 in &values[0] {
        apply(&mut t, &setters[0], v0)?;
        for v1 in &second {
            let mut vals = vec![v0.clone()];
            if let Some(v1) = v1 {
                apply(&mut t, &setters[1], v1)?;
                vals.push((*v1).clone());
            }
            let committed = if full {
                point_commitments(model, &t)?
            } else {
                None
            };
            raw_points.push((vals, model.evaluate(&t)?, committed));
        }
    }
    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|g| {
            !base.group(*g).is_zero() || raw_points.iter().any(|(_, p, _)| !p.group(*g).is_zero())
        })
        .collect();
    let points = raw_points
        .into_iter()
        .map(|(values, p, commitments)| SweepPoint {
            labels: values.iter().map(|(_, l)| l.clone()).collect(),
            values: values.into_iter().map(|(v, _)| v).collect(),
            total_monthly_usd: p.shown_total,
            groups: groups.iter().map(|g| (*g, p.shown_group(*g))).collect(),
            commitments,
        })
        .collect();
    Ok(Sweep {
        name: model.topology.name.clone(),
        axes: axes.iter().map(|a| a.path.clone()).collect(),
        base_values: setters
            .iter()
            .filter_map(|s| match s {
                Setter::Fast(t) => t.get(&model.topology),
                Setter::Commitment(t) if !commitment_inputs::is_text(t) => {
                    commitment_inputs::get(&model.topology, t)
                        .and_then(|v| crate::money::parse_exact(&v))
                }
                Setter::Commitment(_) => None,
            })
            .collect(),
        base_labels: setters
            .iter()
            .map(|s| match s {
                Setter::Fast(t) => t
                    .get(&model.topology)
                    .map_or_else(|| "-".to_string(), |v| v.normalize().to_string()),
                Setter::Commitment(t) => {
                    commitment_inputs::get(&model.topology, t).unwrap_or_else(|| "-".to_string())
                }
            })
            .collect(),
        base_total_monthly_usd: base.shown_total,
        groups,
        points,
        text_axes: setters
            .iter()
            .map(|s| matches!(s, Setter::Commitment(t) if commitment_inputs::is_text(t)))
            .collect(),
    })
}
