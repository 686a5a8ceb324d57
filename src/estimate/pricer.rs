//! Turns (quantity, price key) into line items: looks the key up, splits tiers, multiplies exactly.

use super::{Group, LineItem};
use crate::error::{Error, Result};
use crate::money::{checked_shown_sum, format_quantity};
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
        let price = self.lookup(table, key)?;
        if self.totals_only {
            let (exact, shown) = monthly(price, quantity)
                .ok_or_else(|| Error::overflow(format!("{resource} {key}")))?;
            let overflow = || Error::overflow(format!("the {group} subtotal"));
            let slot = &mut self.groups[group as usize];
            *slot = slot.checked_add(exact).ok_or_else(overflow)?;
            let slot = &mut self.shown[group as usize];
            *slot = slot.checked_add(shown).ok_or_else(overflow)?;
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
                    monthly_usd: quantity
                        .checked_mul(unit_price)
                        .ok_or_else(|| Error::overflow(format!("{resource} {key}")))?
                        .normalize(),
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
                let covered = walk_tiers(tiers, quantity, |tier, in_tier| {
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

    pub fn finish(self) -> Vec<LineItem> {
        self.lines
    }
}

/// Walks the tiers `quantity` reaches, in order, calling `each(tier, quantity in that tier)`.
/// Returns `false` when the tiers end below the quantity. The only tier arithmetic in costplan:
/// the line items and the totals-only path both go through it.
fn walk_tiers<E>(
    tiers: &[Tier],
    quantity: Decimal,
    mut each: impl FnMut(&Tier, Decimal) -> std::result::Result<(), E>,
) -> std::result::Result<bool, E> {
    for tier in tiers {
        if quantity <= tier.from {
            return Ok(true);
        }
        let upper = tier.to.map_or(quantity, |to| to.min(quantity));
        each(tier, upper - tier.from)?;
        if tier.to.is_none_or(|to| quantity <= to) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The exact monthly amount of `quantity` at `price`, and the amount as displayed (each line,
/// one per tier reached, rounded to the cent and then added), as the line-item path computes
/// them. `None` on overflow or when the tiers end below the quantity.
fn monthly(price: &Price, quantity: Decimal) -> Option<(Decimal, Decimal)> {
    match &price.rate {
        Rate::Flat(usd) => {
            let exact = quantity.checked_mul(*usd)?;
            Some((exact, checked_shown_sum([exact])?))
        }
        Rate::Tiered(tiers) => {
            let (mut exact, mut shown) = (Decimal::ZERO, Decimal::ZERO);
            let covered = walk_tiers(tiers, quantity, |tier, in_tier| {
                let line = in_tier.checked_mul(tier.usd).ok_or(())?;
                exact = exact.checked_add(line).ok_or(())?;
                // `shown` is already whole cents: this adds the tier's line rounded to the cent.
                shown = checked_shown_sum([shown, line]).ok_or(())?;
                Ok::<(), ()>(())
            })
            .ok()?;
            covered.then_some((exact, shown))
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
        let lines = p.finish();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].monthly_usd, d("1.5"));
    }

    #[test]
    fn tiers_split_the_quantity() {
        let t = table();
        let mut p = Pricer::new(&t);
        p.add(Group::DataTransfer, "r", "out", d("60"), "tiered")
            .unwrap();
        let lines = p.finish();
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
            let lines = lines.finish();
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
        assert!(p.finish().is_empty());
    }

    #[test]
    fn missing_price_is_an_error_naming_the_key() {
        let t = table();
        let mut p = Pricer::new(&t);
        let e = p
            .add(Group::Ecr, "r", "c", d("1"), "flatt")
            .unwrap_err()
            .to_string();
        assert!(e.contains("`flatt`") && e.contains("`flat`"), "{e}");
    }

    #[test]
    fn quantity_above_bounded_tiers_is_an_error() {
        let t = table();
        let mut p = Pricer::new(&t);
        assert!(p.add(Group::Ecr, "r", "c", d("101"), "bounded").is_err());
    }
}
