//! Monte Carlo over the ranges a topology declares.
//!
//! Each sample draws every declared input from its distribution — PERT (default: a Beta
//! distribution on [low, high] with mode `expected` and shape λ = 4, so the mean is
//! (low + 4·expected + high) / 6) or triangular — with a ChaCha8 generator seeded by `--seed`,
//! so the same seed gives the same figures. Floats are used for the random draw only: each drawn
//! value is converted to an exact decimal (rounded to 6 decimals, whole-number inputs to the
//! nearest whole number, and kept within [low, high]) before it is priced. Money stays exact.
//! Percentiles use the nearest-rank method, over the exact sampled figures ([`Figures::Exact`],
//! for JSON) or over the figures as reports display them ([`Figures::Shown`]: each sample's lines
//! rounded to the cent, then added, the rule of [`crate::money`]), so that a group that does not
//! move shows the subtotal `estimate` shows. One run keeps one of the two, so memory stays that of
//! one set of samples.

use super::model::PricedModel;
use crate::error::{Error, Result};
use crate::model::Group;
use crate::topology::paths::Target;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, Pert, Triangular};
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// The most samples one simulation may draw.
pub const MAX_SAMPLES: u64 = 1_000_000;
/// Samples × (services + 5) at most: each sample evaluates every service and the five fixed
/// resource kinds, so a 200-service topology may take about 48,000 samples and the baseline the
/// full million. This keeps the slowest accepted simulation to a few seconds.
pub const MAX_SIMULATION_WORK: u64 = 10_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Beta-PERT with λ = 4: mean (low + 4·expected + high) / 6.
    #[default]
    Pert,
    /// Triangular on [low, high] with mode `expected`.
    Triangular,
}

/// Which sampled figures a simulation's statistics are taken over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figures {
    /// The exact costs (the JSON).
    Exact,
    /// The costs as reports display them: lines rounded to the cent, then added.
    Shown,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub mean_usd: Decimal,
    pub p10_usd: Decimal,
    pub p50_usd: Decimal,
    pub p90_usd: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupStats {
    pub group: Group,
    #[serde(flatten)]
    pub stats: Stats,
}

#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
    pub samples: u64,
    pub seed: u64,
    pub distribution: Distribution,
    pub inputs: Vec<String>,
    pub groups: Vec<GroupStats>,
    pub total: Stats,
    /// Sampled totals in draw order (for the distribution chart; not serialised).
    /// Like the statistics, exact or as displayed (see [`Figures`]).
    #[serde(skip)]
    pub totals: Vec<Decimal>,
}

enum Sampler {
    Fixed,
    Pert(Pert<f64>),
    Triangular(Triangular<f64>),
}

struct Input {
    target: Target,
    low: Decimal,
    high: Decimal,
    sampler: Sampler,
}

#[allow(clippy::float_arithmetic)] // the random draw only; see the module docs
fn draw(input: &Input, rng: &mut ChaCha8Rng) -> Decimal {
    let x: f64 = match &input.sampler {
        Sampler::Fixed => return input.low,
        Sampler::Pert(d) => d.sample(rng),
        Sampler::Triangular(d) => d.sample(rng),
    };
    // To an exact decimal: whole numbers to the nearest integer, others to 6 decimals.
    let (scale, dp) = if input.target.whole() {
        (1.0, 0)
    } else {
        (1e6, 6)
    };
    let scaled = (x * scale).round();
    let v = if scaled.is_finite() && scaled.abs() < 9e15 {
        Decimal::new(scaled as i64, dp)
    } else {
        Decimal::from_f64(x)
            .unwrap_or(input.low)
            .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
    };
    v.max(input.low).min(input.high)
}

/// Simulates over the exact figures.
pub fn simulate(
    model: &PricedModel,
    samples: u64,
    seed: u64,
    distribution: Distribution,
) -> Result<Simulation> {
    simulate_over(model, samples, seed, distribution, Figures::Exact)
}

/// Simulates, taking the statistics over `figures`.
pub fn simulate_over(
    model: &PricedModel,
    samples: u64,
    seed: u64,
    distribution: Distribution,
    figures: Figures,
) -> Result<Simulation> {
    if samples == 0 || samples > MAX_SAMPLES {
        return Err(Error::usage(format!(
            "--simulate takes 1 to {MAX_SAMPLES} samples, found {samples}"
        )));
    }
    let per_sample = model.topology.services.len() as u64 + 5;
    if samples.saturating_mul(per_sample) > MAX_SIMULATION_WORK {
        return Err(Error::usage(format!(
            "--simulate {samples} over {} services is more than the limit of {MAX_SIMULATION_WORK} sample-evaluations (samples × (services + 5)); use at most {} samples",
            model.topology.services.len(),
            MAX_SIMULATION_WORK / per_sample
        )));
    }
    if model.topology.ranges.is_empty() {
        return Err(Error::usage(
            "the topology declares no ranges to simulate; write an input as `{ low = 50, expected = 100, high = 300 }`",
        ));
    }
    let mut inputs = Vec::new();
    for r in &model.topology.ranges {
        let (target, _) = model.input(&r.path)?;
        let f = |d: Decimal| d.to_f64().unwrap_or(0.0);
        let sampler = if r.low == r.high {
            Sampler::Fixed
        } else {
            let bad = |e: String| Error::usage(format!("cannot sample `{}`: {e}", r.path));
            match distribution {
                Distribution::Pert => Sampler::Pert(
                    Pert::new(f(r.low), f(r.high))
                        .with_mode(f(r.expected))
                        .map_err(|e| bad(e.to_string()))?,
                ),
                Distribution::Triangular => Sampler::Triangular(
                    Triangular::new(f(r.low), f(r.high), f(r.expected))
                        .map_err(|e| bad(e.to_string()))?,
                ),
            }
        };
        inputs.push(Input {
            target: target.clone(),
            low: r.low,
            high: r.high,
            sampler,
        });
    }
    let base = model.base_totals()?;
    let groups: Vec<Group> = Group::ALL
        .into_iter()
        .filter(|g| !base.group(*g).is_zero())
        .collect();
    let n = usize::try_from(samples).map_err(|_| Error::usage("too many samples"))?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut t = model.topology.clone();
    let mut totals = Vec::with_capacity(n);
    let mut per_group: Vec<Vec<Decimal>> = groups.iter().map(|_| Vec::with_capacity(n)).collect();
    for _ in 0..n {
        for input in &inputs {
            let v = draw(input, &mut rng);
            input.target.set(&mut t, v);
        }
        let p = model.evaluate(&t)?;
        match figures {
            Figures::Exact => {
                totals.push(p.total);
                for (i, g) in groups.iter().enumerate() {
                    per_group[i].push(p.group(*g));
                }
            }
            Figures::Shown => {
                totals.push(p.shown_total);
                for (i, g) in groups.iter().enumerate() {
                    per_group[i].push(p.shown_group(*g));
                }
            }
        }
    }
    let total = stats(&mut totals.clone())?;
    let mut group_stats = Vec::with_capacity(groups.len());
    for (g, mut v) in groups.into_iter().zip(per_group) {
        group_stats.push(GroupStats {
            group: g,
            stats: stats(&mut v)?,
        });
    }
    Ok(Simulation {
        samples,
        seed,
        distribution,
        inputs: inputs.iter().map(|i| i.target.path.clone()).collect(),
        groups: group_stats,
        total,
        totals,
    })
}

/// Mean and nearest-rank P10/P50/P90 (reorders `v`).
pub fn stats(v: &mut [Decimal]) -> Result<Stats> {
    if v.is_empty() {
        return Err(Error::usage("no samples"));
    }
    let mut sum = Decimal::ZERO;
    for x in v.iter() {
        sum = sum
            .checked_add(*x)
            .ok_or_else(|| Error::overflow("the simulation mean"))?;
    }
    let n = v.len();
    // Nearest rank: the ceil(p·n/100)-th smallest value. Selection is linear; no full sort.
    let mut rank = |p: usize| {
        *v.select_nth_unstable((p * n).div_ceil(100).clamp(1, n) - 1)
            .1
    };
    let (p10, p50, p90) = (rank(10), rank(50), rank(90));
    Ok(Stats {
        mean_usd: sum / Decimal::from(n),
        p10_usd: p10,
        p50_usd: p50,
        p90_usd: p90,
    })
}

/// Totals with every declared range at its low, expected and high value. Costs never fall when a
/// quantity rises, so low ≤ expected ≤ high.
/// With `shown`, the totals as `estimate` displays them (lines rounded, then added); otherwise exact.
pub fn range_totals(model: &PricedModel, shown: bool) -> Result<(Decimal, Decimal, Decimal)> {
    let mut t = model.topology.clone();
    let mut set_all = |pick: fn(&crate::topology::DeclaredRange) -> Decimal| -> Result<Decimal> {
        for r in &model.topology.ranges {
            let (target, _) = model.input(&r.path)?;
            target.set(&mut t, pick(r));
        }
        let totals = model.evaluate(&t)?;
        Ok(if shown {
            totals.shown_total
        } else {
            totals.total
        })
    };
    let low = set_all(|r| r.low)?;
    let high = set_all(|r| r.high)?;
    let expected = set_all(|r| r.expected)?;
    Ok((low, expected, high))
}
