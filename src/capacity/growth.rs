//! Compound growth: the load factor for each month, the required count of each component month by
//! month, and the first month at which a component must change.

use crate::error::{Error, Result};
use rust_decimal::Decimal;

/// Longest plan: ten years of months.
pub const MAX_MONTHS: u32 = 120;
/// Decimal places kept on growth factors (exact enough, and bounded so products never overflow).
const FACTOR_DP: u32 = 12;

/// Load factors `(1 + rate)^m` for m = 0..=months. `rate` is a fraction per month: 0.10 = 10 %.
pub fn compound_factors(monthly_rate: Decimal, months: u32) -> Result<Vec<Decimal>> {
    if months > MAX_MONTHS {
        return Err(Error::capacity(format!(
            "a growth plan covers at most {MAX_MONTHS} months, got {months}"
        )));
    }
    if monthly_rate <= -Decimal::ONE || monthly_rate > Decimal::from(10) {
        return Err(Error::capacity(format!(
            "monthly growth must be above -100% and at most 1000%, got {}%",
            (monthly_rate * Decimal::ONE_HUNDRED).normalize()
        )));
    }
    let step = Decimal::ONE + monthly_rate;
    let mut factor = Decimal::ONE;
    let mut out = Vec::with_capacity(months as usize + 1);
    out.push(factor);
    for _ in 0..months {
        factor = factor
            .checked_mul(step)
            .ok_or_else(|| Error::overflow("the growth factor"))?
            .round_dp(FACTOR_DP);
        out.push(factor);
    }
    Ok(out)
}

/// One component's counts over the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentTimeline {
    pub name: String,
    /// What the topology provisions today.
    pub provisioned: u64,
    /// Required count for months 0..=months.
    pub required: Vec<u64>,
    /// The first month whose requirement exceeds what is provisioned (the month to change by).
    pub change_month: Option<u32>,
    /// (month, new required count) each time the requirement changes.
    pub steps: Vec<(u32, u64)>,
}

impl ComponentTimeline {
    pub fn new(name: impl Into<String>, provisioned: u64, required: Vec<u64>) -> Self {
        let change_month = required
            .iter()
            .position(|&r| r > provisioned)
            .and_then(|m| u32::try_from(m).ok());
        let mut steps = Vec::new();
        let mut last = None;
        for (m, &r) in required.iter().enumerate() {
            if last != Some(r) {
                if last.is_some() {
                    steps.push((u32::try_from(m).unwrap_or(u32::MAX), r));
                }
                last = Some(r);
            }
        }
        ComponentTimeline {
            name: name.into(),
            provisioned,
            required,
            change_month,
            steps,
        }
    }
}

/// A growth plan: factors and, per component, the timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrowthPlan {
    pub monthly_rate: Decimal,
    pub factors: Vec<Decimal>,
    pub components: Vec<ComponentTimeline>,
}

/// Builds the plan: `required(component_index, factor)` gives the count component `i` needs when the
/// load is `factor` times today's. `components` are (name, provisioned) pairs.
pub fn plan<F>(
    monthly_rate: Decimal,
    months: u32,
    components: &[(String, u64)],
    mut required: F,
) -> Result<GrowthPlan>
where
    F: FnMut(usize, Decimal) -> Result<u64>,
{
    let factors = compound_factors(monthly_rate, months)?;
    let mut timelines = Vec::with_capacity(components.len());
    for (i, (name, provisioned)) in components.iter().enumerate() {
        let counts = factors
            .iter()
            .map(|&f| required(i, f))
            .collect::<Result<Vec<_>>>()?;
        timelines.push(ComponentTimeline::new(name.clone(), *provisioned, counts));
    }
    Ok(GrowthPlan {
        monthly_rate,
        factors,
        components: timelines,
    })
}

/// Parses a monthly growth rate written as a percentage, `10%` or `10` (a bare number is always
/// percent, never a fraction, to avoid ambiguity). Returns the fraction: `10%` → 0.1.
pub fn parse_rate(text: &str) -> Result<Decimal> {
    let percent = crate::money::parse_percent(text).ok_or_else(|| {
        Error::usage(format!(
            "invalid growth rate `{text}`; write a percentage per month such as `10%`"
        ))
    })?;
    Ok(percent / Decimal::ONE_HUNDRED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn ten_percent_for_a_year() {
        let f = compound_factors(d("0.1"), 12).unwrap();
        assert_eq!(f.len(), 13);
        assert_eq!(f[0], Decimal::ONE);
        assert_eq!(f[1], d("1.1"));
        assert_eq!(f[12].round_dp(6), d("3.138428"));
    }

    #[test]
    fn bounds() {
        assert!(compound_factors(d("0.1"), 121).is_err());
        assert!(compound_factors(d("-1"), 12).is_err());
        assert!(compound_factors(d("11"), 12).is_err());
        // the largest allowed rate over the longest plan must not overflow
        // 11^120 is beyond exact decimals: an error, not a panic
        assert!(matches!(
            compound_factors(d("10"), 120),
            Err(Error::Overflow { .. })
        ));
        let shrink = compound_factors(d("-0.5"), 3).unwrap();
        assert_eq!(shrink[3], d("0.125"));
    }

    #[test]
    fn change_month_and_steps() {
        let t = ComponentTimeline::new("api", 4, vec![2, 2, 4, 4, 6, 6, 8]);
        assert_eq!(t.change_month, Some(4));
        assert_eq!(t.steps, vec![(2, 4), (4, 6), (6, 8)]);
        let flat = ComponentTimeline::new("db", 1, vec![1, 1, 1]);
        assert_eq!(flat.change_month, None);
        assert!(flat.steps.is_empty());
    }

    #[test]
    fn plan_applies_the_factor() {
        let comps = vec![("api".to_string(), 4u64)];
        // requirement = ceil(2 × factor)
        let p = plan(d("0.25"), 4, &comps, |_, f| {
            Ok((d("2") * f).ceil().try_into().unwrap_or(u64::MAX))
        })
        .unwrap();
        // factors 1, 1.25, 1.5625, 1.953125, 2.44140625 → 2, 3, 4, 4, 5
        assert_eq!(p.components[0].required, vec![2, 3, 4, 4, 5]);
        assert_eq!(p.components[0].change_month, Some(4));
        let failing = plan(d("0.1"), 2, &comps, |_, _| Err(Error::capacity("boom")));
        assert!(failing.is_err());
    }

    #[test]
    fn rates() {
        assert_eq!(parse_rate("10%").unwrap(), d("0.1"));
        assert_eq!(parse_rate("2.5").unwrap(), d("0.025"));
        assert_eq!(parse_rate(" -5 % ").unwrap(), d("-0.05"));
        assert!(parse_rate("ten").is_err());
    }
}
