//! Turns (quantity, price key) into line items: looks the key up, splits tiers, multiplies exactly.

use super::{Group, LineItem};
use crate::error::{Error, Result};
use crate::money::{
    checked_shown_sum, exact_add, exact_mul, exact_sub, format_price, format_quantity,
    product_overflows,
};
use crate::pricing::{Price, PriceTable, Rate, Tier};
use rust_decimal::Decimal;
use std::cell::RefCell;
use std::fmt;

/// Remembers which price each `add` call of an evaluation resolved to, by call position, so that
/// evaluating the same topology shape again compares one key instead of searching the table.
/// The key is always compared, so a different call sequence is still priced correctly.
#[derive(Default)]
pub struct PriceMemo<'t> {
    slots: RefCell<Vec<(String, &'t Price)>>,
}

/// Two labels joined by a space, formatted only when a line item is built.
pub struct Spaced<'a>(pub &'a str, pub &'a str);

impl fmt::Display for Spaced<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

pub struct Pricer<'t, 'm> {
    table: &'t PriceTable,
    memo: Option<&'m PriceMemo<'t>>,
    position: usize,
    lines: Vec<LineItem>,
    /// Totals-only mode: no line items are built, only the exact group subtotals.
    totals_only: bool,
    groups: [Decimal; Group::ALL.len()],
    /// Group subtotals as displayed: each line rounded to the cent, then added (money.rs rule).
    shown: [Decimal; Group::ALL.len()],
    /// Prices the models asked for that the table lacks: pricing goes on past a missing price
    /// so that one run names every missing key; the estimate is then refused as a whole
    /// ([`Pricer::missing_prices`]), so no line is ever priced short.
    missing: Vec<Error>,
}

impl<'t, 'm> Pricer<'t, 'm> {
    pub fn new(table: &'t PriceTable) -> Self {
        Pricer {
            table,
            lines: Vec::with_capacity(48),
            memo: None,
            position: 0,
            totals_only: false,
            groups: [Decimal::ZERO; Group::ALL.len()],
            shown: [Decimal::ZERO; Group::ALL.len()],
            missing: Vec::new(),
        }
    }

    /// A pricer that keeps only the exact group subtotals: the same models and the same
    /// arithmetic, without building line items (the fast path of sweeps and simulations).
    pub fn totals_only(table: &'t PriceTable) -> Self {
        Pricer {
            table,
            lines: Vec::new(),
            memo: None,
            position: 0,
            totals_only: true,
            groups: [Decimal::ZERO; Group::ALL.len()],
            shown: [Decimal::ZERO; Group::ALL.len()],
            missing: Vec::new(),
        }
    }

    /// A pricer that builds line items and resolves prices through `memo` (see [`PriceMemo`]).
    pub fn with_memo(table: &'t PriceTable, memo: &'m PriceMemo<'t>) -> Self {
        Pricer {
            memo: Some(memo),
            ..Pricer::new(table)
        }
    }

    /// A totals-only pricer that resolves prices through `memo` (see [`PriceMemo`]).
    pub fn totals_only_memo(table: &'t PriceTable, memo: &'m PriceMemo<'t>) -> Self {
        Pricer {
            memo: Some(memo),
            ..Pricer::totals_only(table)
        }
    }

    /// Looks a key up, through the memo when the table is this pricer's own.
    fn lookup<'a>(&mut self, table: &'a PriceTable, key: &str) -> Result<&'a Price>
    where
        't: 'a,
    {
        let Some(memo) = self.memo.filter(|_| std::ptr::eq(table, self.table)) else {
            return table.get(key);
        };
        let mut slots = memo.slots.borrow_mut();
        let i = self.position;
        self.position += 1;
        if let Some((k, p)) = slots.get(i)
            && k == key
        {
            return Ok(*p);
        }
        let p = self.table.get(key)?;
        if i < slots.len() {
            slots[i] = (key.to_string(), p);
        } else {
            slots.push((key.to_string(), p));
        }
        Ok(p)
    }

    /// Exact subtotals per group, indexed like [`Group::ALL`].
    pub fn group_totals(&self) -> &[Decimal; Group::ALL.len()] {
        &self.groups
    }

    /// Displayed subtotals per group (lines rounded to the cent, then added), indexed like
    /// [`Group::ALL`]: what `estimate` shows for the same topology.
    pub fn shown_group_totals(&self) -> &[Decimal; Group::ALL.len()] {
        &self.shown
    }

    pub fn table(&self) -> &'t PriceTable {
        self.table
    }

    /// Prices `quantity` (per month) of `key`. A zero quantity adds nothing and needs no price.
    /// A tiered price adds one line per tier the quantity reaches.
    pub fn add(
        &mut self,
        group: Group,
        resource: impl fmt::Display,
        component: impl fmt::Display,
        quantity: Decimal,
        key: &str,
    ) -> Result<()> {
        self.add_in(self.table, group, resource, component, quantity, key)
    }

    /// Like [`Pricer::add`], priced from another region's table (a cross-region replica).
    pub fn add_in(
        &mut self,
        table: &PriceTable,
        group: Group,
        resource: impl fmt::Display,
        component: impl fmt::Display,
        quantity: Decimal,
        key: &str,
    ) -> Result<()> {
        if quantity.is_zero() {
            return Ok(());
        }
        let price = match self.lookup(table, key) {
            Ok(price) => price,
            Err(e @ Error::PriceNotFound { .. }) => {
                if !self.missing.iter().any(|m| same_key(m, &e)) {
                    self.missing.push(e);
                }
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if self.totals_only {
            let (exact, shown) = monthly(price, quantity, &resource, key)?;
            let slot = &mut self.groups[group as usize];
            *slot = exact_add(*slot, exact).ok_or_else(|| inexact_sum(group, *slot, exact))?;
            let slot = &mut self.shown[group as usize];
            *slot = exact_add(*slot, shown).ok_or_else(|| inexact_sum(group, *slot, shown))?;
            return Ok(());
        }
        let line =
            |component: String, quantity: Decimal, unit_price: Decimal| -> Result<LineItem> {
                Ok(LineItem {
                    group,
                    resource: resource.to_string(),
                    component,
                    quantity: quantity.normalize(),
                    unit: price.unit.clone(),
                    unit_price_usd: unit_price.normalize(),
                    monthly_usd: line_usd(&resource, key, quantity, unit_price)?.normalize(),
                    price_key: price.key.clone(),
                    price_source: price.provenance(),
                    price_effective_date: price.effective_date.clone(),
                })
            };
        match &price.rate {
            Rate::Flat(usd) => self
                .lines
                .push(line(component.to_string(), quantity, *usd)?),
            Rate::Tiered(tiers) => {
                let covered = walk_tiers(tiers, quantity, key, |tier, in_tier| {
                    let label = match tier.to {
                        _ if tiers.len() == 1 && tier.to.is_none() => component.to_string(),
                        Some(to) => format!(
                            "{component} ({}–{} {} tier)",
                            format_quantity(tier.from),
                            format_quantity(to),
                            price.unit
                        ),
                        None => format!(
                            "{component} (over {} {} tier)",
                            format_quantity(tier.from),
                            price.unit
                        ),
                    };
                    self.lines.push(line(label, in_tier, tier.usd)?);
                    Ok::<(), Error>(())
                })?;
                if !covered {
                    return Err(Error::PriceNotFound {
                        key: format!("{key} (tier above {})", format_quantity(quantity)),
                        region: table.region.clone(),
                        table: table.origin.clone(),
                        hint: Some(format!(
                            "the tiers of `{key}` end below {} {}",
                            format_quantity(quantity),
                            price.unit
                        )),
                    });
                }
            }
        }
        Ok(())
    }

    /// Every price the models asked for that the table lacks, as one error (`None` when all
    /// were found). The estimate or totals must not be used when there is one.
    pub fn missing_prices(&mut self) -> Option<Error> {
        let mut missing = std::mem::take(&mut self.missing);
        let one_table = missing.windows(2).all(|w| match (&w[0], &w[1]) {
            (Error::PriceNotFound { table: a, .. }, Error::PriceNotFound { table: b, .. }) => {
                a == b
            }
            _ => false,
        });
        if missing.len() <= 1 || !one_table {
            // Keys of several tables (a cross-region replica's): the first, with its own fetch.
            return (!missing.is_empty()).then(|| missing.swap_remove(0));
        }
        let mut keys = Vec::with_capacity(missing.len());
        let (mut region, mut table) = (String::new(), String::new());
        for e in missing {
            if let Error::PriceNotFound {
                key,
                region: r,
                table: t,
                hint,
            } = e
            {
                keys.push((key, hint));
                (region, table) = (r, t);
            }
        }
        Some(Error::PricesNotFound {
            region,
            table,
            keys,
        })
    }

    /// The line items; an error naming every missing price if any was missing.
    pub fn finish(mut self) -> Result<Vec<LineItem>> {
        match self.missing_prices() {
            Some(e) => Err(e),
            None => Ok(self.lines),
        }
    }
}

/// Whether two missing-price errors name the same key in the same table.
fn same_key(a: &Error, b: &Error) -> bool {
    matches!(
        (a, b),
        (
            Error::PriceNotFound { key: ka, table: ta, .. },
            Error::PriceNotFound { key: kb, table: tb, .. },
        ) if ka == kb && ta == tb
    )
}

/// Walks the tiers `quantity` reaches, in order, calling `each(tier, quantity in that tier)`.
/// Returns `false` when the tiers end below the quantity. The only tier arithmetic in costplan:
/// the line items and the totals-only path both go through it.
fn walk_tiers(
    tiers: &[Tier],
    quantity: Decimal,
    key: &str,
    mut each: impl FnMut(&Tier, Decimal) -> Result<()>,
) -> Result<bool> {
    for tier in tiers {
        if quantity <= tier.from {
            return Ok(true);
        }
        let upper = tier.to.map_or(quantity, |to| to.min(quantity));
        let in_tier = exact_sub(upper, tier.from).ok_or_else(|| Error::Inexact {
            what: format!(
                "the part of {} in the tier of `{key}` from {}",
                format_quantity(quantity),
                format_quantity(tier.from)
            ),
            price_data: false,
            hint: Some("write the quantity with fewer digits".into()),
        })?;
        each(tier, in_tier)?;
        if tier.to.is_none_or(|to| quantity <= to) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// One line's monthly amount: exactly `quantity × unit_price`, or an error: beyond `Decimal`'s
/// range altogether, an overflow (exit 2, as for every amount out of range); otherwise one naming
/// both figures and blaming the one with more significant digits (a price: exit 3; a quantity: exit 2). The only
/// multiplication of money in costplan's pricing: the line items and the totals-only path both
/// go through it.
fn line_usd(
    resource: &impl fmt::Display,
    key: &str,
    quantity: Decimal,
    unit_price: Decimal,
) -> Result<Decimal> {
    exact_mul(quantity, unit_price).ok_or_else(|| {
        if product_overflows(quantity, unit_price) {
            return Error::overflow(format!("{resource} {key}"));
        }
        let price_data = significant_digits(unit_price) > significant_digits(quantity);
        Error::Inexact {
            what: format!(
                "`{resource}`: {} × the unit price {} of `{key}`",
                format_quantity(quantity),
                format_price(unit_price)
            ),
            price_data,
            hint: Some(if price_data {
                format!("the price of `{key}` has too many digits; write it with fewer")
            } else {
                "the quantity has too many digits; write it with fewer".into()
            }),
        }
    })
}

/// `a × b` for a quantity a resource model derives (count × hours, task-hours × vCPU): exact, or
/// an error naming both figures (exit 2); `Decimal`'s `*` would round a product that needs more
/// than 28 significant digits. Resource models multiply quantities only through it.
pub fn quantity_mul(what: &str, a: Decimal, b: Decimal) -> Result<Decimal> {
    exact_mul(a, b).ok_or_else(|| Error::Inexact {
        what: format!("{what}: {} × {}", format_quantity(a), format_quantity(b)),
        price_data: false,
        hint: Some("write the figures with fewer digits".into()),
    })
}

/// The error for a group subtotal that does not fit exactly.
fn inexact_sum(group: Group, sum: Decimal, amount: Decimal) -> Error {
    Error::Inexact {
        what: format!(
            "the {group} subtotal {} + {}",
            format_quantity(sum),
            format_quantity(amount)
        ),
        price_data: false,
        hint: Some("a quantity in the input is too large or has too many digits".into()),
    }
}

/// Significant digits of a decimal, trailing zeros aside (`0.0405` → 3, `1200` → 2).
fn significant_digits(d: Decimal) -> usize {
    let digits = d.normalize().mantissa().unsigned_abs().to_string();
    digits.trim_end_matches('0').len().max(1)
}

/// The exact monthly amount of `quantity` at `price`, and the amount as displayed (each line,
/// one per tier reached, rounded to the cent and then added), as the line-item path computes
/// them. An error on a product or sum that does not fit exactly or when the tiers end below the
/// quantity.
fn monthly(
    price: &Price,
    quantity: Decimal,
    resource: &impl fmt::Display,
    key: &str,
) -> Result<(Decimal, Decimal)> {
    let overflow = || Error::overflow(format!("{resource} {key}"));
    match &price.rate {
        Rate::Flat(usd) => {
            let exact = line_usd(resource, key, quantity, *usd)?;
            Ok((exact, checked_shown_sum([exact]).ok_or_else(overflow)?))
        }
        Rate::Tiered(tiers) => {
            let (mut exact, mut shown) = (Decimal::ZERO, Decimal::ZERO);
            let covered = walk_tiers(tiers, quantity, key, |tier, in_tier| {
                let line = line_usd(resource, key, in_tier, tier.usd)?;
                exact = exact_add(exact, line).ok_or_else(overflow)?;
                // `shown` is already whole cents: this adds the tier's line rounded to the cent.
                shown = checked_shown_sum([shown, line]).ok_or_else(overflow)?;
                Ok(())
            })?;
            if covered {
                Ok((exact, shown))
            } else {
                Err(overflow())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn table() -> PriceTable {
        let base = Price {
            key: String::new(),
            description: "t".into(),
            unit: "GB".into(),
            rate: Rate::Flat(d("0.5")),
            offer_code: "X".into(),
            product_family: None,
            usage_type: "U".into(),
            sku: None,
            effective_date: "2026-01-01".into(),
            publication_date: None,
            source: "test".into(),
            evidence: None,
        };
        let tiered = Price {
            key: "tiered".into(),
            rate: Rate::Tiered(vec![
                Tier {
                    from: d("0"),
                    to: Some(d("10")),
                    usd: d("0.09"),
                },
                Tier {
                    from: d("10"),
                    to: Some(d("50")),
                    usd: d("0.085"),
                },
                Tier {
                    from: d("50"),
                    to: None,
                    usd: d("0.07"),
                },
            ]),
            ..base.clone()
        };
        let bounded = Price {
            key: "bounded".into(),
            rate: Rate::Tiered(vec![Tier {
                from: d("0"),
                to: Some(d("100")),
                usd: d("0"),
            }]),
            ..base.clone()
        };
        PriceTable::from_parts(
            "r",
            "2026-01-01",
            "test",
            "test",
            [
                Price {
                    key: "flat".into(),
                    ..base
                },
                tiered,
                bounded,
            ],
        )
    }

    #[test]
    fn flat_price_is_quantity_times_rate() {
        let t = table();
        let mut p = Pricer::new(&t);
        p.add(Group::Ecr, "r", "c", d("3"), "flat").unwrap();
        let lines = p.finish().unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].monthly_usd, d("1.5"));
    }

    #[test]
    fn tiers_split_the_quantity() {
        let t = table();
        let mut p = Pricer::new(&t);
        p.add(Group::DataTransfer, "r", "out", d("60"), "tiered")
            .unwrap();
        let lines = p.finish().unwrap();
        let q: Vec<Decimal> = lines.iter().map(|l| l.quantity).collect();
        assert_eq!(q, vec![d("10"), d("40"), d("10")]);
        let total: Decimal = lines.iter().map(|l| l.monthly_usd).sum();
        assert_eq!(total, d("0.9") + d("3.4") + d("0.7"));
        assert!(
            lines[1].component.contains("10–50 GB tier"),
            "{}",
            lines[1].component
        );
    }

    #[test]
    fn both_paths_walk_the_tiers_alike() {
        let t = table();
        for q in ["5", "10", "10.001", "60", "100"] {
            let mut lines = Pricer::new(&t);
            lines
                .add(Group::DataTransfer, "r", "out", d(q), "tiered")
                .unwrap();
            let lines = lines.finish().unwrap();
            let mut totals = Pricer::totals_only(&t);
            totals
                .add(Group::DataTransfer, "r", "out", d(q), "tiered")
                .unwrap();
            let i = Group::DataTransfer as usize;
            let exact: Decimal = lines.iter().map(|l| l.monthly_usd).sum();
            assert_eq!(totals.group_totals()[i], exact, "{q}");
            assert_eq!(
                totals.shown_group_totals()[i],
                crate::money::shown_sum(lines.iter().map(|l| l.monthly_usd)),
                "{q}"
            );
        }
        let mut totals = Pricer::totals_only(&t);
        assert!(
            totals
                .add(Group::Ecr, "r", "c", d("101"), "bounded")
                .is_err()
        );
    }

    #[test]
    fn zero_quantity_needs_no_price() {
        let t = table();
        let mut p = Pricer::new(&t);
        p.add(Group::Ecr, "r", "c", Decimal::ZERO, "missing")
            .unwrap();
        assert!(p.finish().unwrap().is_empty());
    }

    #[test]
    fn missing_price_is_an_error_naming_the_key() {
        let t = table();
        let mut p = Pricer::new(&t);
        p.add(Group::Ecr, "r", "c", d("1"), "flatt").unwrap();
        let e = p.finish().unwrap_err();
        assert!(matches!(e, Error::PriceNotFound { .. }), "{e:?}");
        let e = e.to_string();
        assert!(e.contains("`flatt`") && e.contains("`flat`"), "{e}");
    }

    #[test]
    fn every_missing_price_is_named_in_one_error_and_nothing_is_priced_short() {
        let t = table();
        for totals_only in [false, true] {
            let mut p = if totals_only {
                Pricer::totals_only(&t)
            } else {
                Pricer::new(&t)
            };
            p.add(Group::Ecr, "r", "a", d("1"), "nope.one").unwrap();
            p.add(Group::Ecr, "r", "b", d("2"), "flat").unwrap();
            p.add(Group::Ecr, "r", "c", d("1"), "nope.two").unwrap();
            // asked twice, named once
            p.add(Group::Ecr, "r", "d", d("1"), "nope.one").unwrap();
            let e = p.missing_prices().expect("missing prices");
            assert_eq!(e.exit_code(), crate::error::EXIT_PRICE_DATA);
            let text = e.to_string();
            assert!(text.starts_with("2 prices are not in the"), "{text}");
            assert_eq!(text.matches("`nope.one`").count(), 1, "{text}");
            assert!(text.contains("`nope.two`"), "{text}");
            assert!(text.contains("costplan pricing update --region"), "{text}");
        }
        let mut p = Pricer::new(&t);
        p.add(Group::Ecr, "r", "a", d("1"), "nope.one").unwrap();
        assert!(
            p.finish().is_err(),
            "an estimate with a missing price is refused"
        );
    }

    #[test]
    fn quantity_above_bounded_tiers_is_an_error() {
        let t = table();
        let mut p = Pricer::new(&t);
        assert!(p.add(Group::Ecr, "r", "c", d("101"), "bounded").is_err());
    }

    /// The exact value `mantissa × 10^-scale`, if a `Decimal` holds it (trailing zeros dropped
    /// as needed): an oracle in plain i128 arithmetic, independent of `money::exact_*`.
    fn oracle(mut mantissa: i128, mut scale: u32) -> Option<Decimal> {
        while scale > 28 || mantissa.unsigned_abs() >= 1 << 96 {
            if scale == 0 || mantissa % 10 != 0 {
                return None;
            }
            mantissa /= 10;
            scale -= 1;
        }
        Some(Decimal::from_i128_with_scale(mantissa, scale))
    }

    fn flat_table(usd: Decimal) -> PriceTable {
        let mut t = table();
        let mut flat = t.get("flat").unwrap().clone();
        flat.rate = Rate::Flat(usd);
        t = PriceTable::from_parts("r", "2026-01-01", "test", "test", [flat]);
        t
    }

    proptest::proptest! {
        /// Every line is exactly quantity × unit price, or pricing is an error; never a rounded
        /// product (rust_decimal's checked_mul rounds one that needs more than 28 digits).
        #[test]
        fn every_line_is_exactly_quantity_times_price_or_an_error(
            qm in 1u64.., qs in 0u32..=28, pm in 0u64..(1 << 63), ps in 0u32..=28,
        ) {
            let quantity = Decimal::from_i128_with_scale(i128::from(qm), qs);
            let usd = Decimal::from_i128_with_scale(i128::from(pm), ps);
            let t = flat_table(usd);
            let expected = oracle(i128::from(qm) * i128::from(pm), qs + ps);
            let mut p = Pricer::new(&t);
            let priced = p.add(Group::Ecr, "r", "c", quantity, "flat");
            let mut totals = Pricer::totals_only(&t);
            let totalled = totals.add(Group::Ecr, "r", "c", quantity, "flat");
            match expected {
                Some(v) => {
                    proptest::prop_assert!(priced.is_ok() && totalled.is_ok());
                    proptest::prop_assert_eq!(p.finish().unwrap()[0].monthly_usd, v);
                    proptest::prop_assert_eq!(totals.group_totals()[Group::Ecr as usize], v);
                }
                None => {
                    let e = priced.unwrap_err();
                    let e = e.to_string();
                    proptest::prop_assert!(
                        e.contains("28 significant digits") || e.contains("overflow"),
                        "{}",
                        e
                    );
                    proptest::prop_assert!(totalled.is_err());
                }
            }
        }

        /// Subtotals are the exact sums of their lines, or pricing is an error.
        #[test]
        fn subtotals_are_exact_sums_or_an_error(
            lines in proptest::collection::vec((1u64..(1 << 40), 0u32..=12), 1..5),
            pm in 1u64..(1 << 20), ps in 0u32..=6,
        ) {
            let usd = Decimal::from_i128_with_scale(i128::from(pm), ps);
            let t = flat_table(usd);
            let mut totals = Pricer::totals_only(&t);
            let mut ok = true;
            // The oracle: every product aligned to scale 18 in i128 (< 2^60 · 10^18 · 4 fits);
            // each partial sum must be representable, as the pricer adds line by line.
            let mut exact_sum: i128 = 0;
            let mut expected = Some(Decimal::ZERO);
            for &(qm, qs) in &lines {
                let q = Decimal::from_i128_with_scale(i128::from(qm), qs);
                ok &= totals.add(Group::Ecr, "r", "c", q, "flat").is_ok();
                exact_sum += i128::from(qm) * i128::from(pm) * 10i128.pow(18 - qs - ps);
                expected = expected.and(oracle(exact_sum, 18));
            }
            match expected {
                Some(v) => {
                    proptest::prop_assert!(ok, "exact sum {} was refused", v);
                    proptest::prop_assert_eq!(totals.group_totals()[Group::Ecr as usize], v);
                }
                None => proptest::prop_assert!(!ok, "inexact sum accepted"),
            }
        }
    }
}
