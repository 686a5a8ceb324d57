//! Turns (quantity, price key) into line items: looks the key up, splits tiers, multiplies exactly.

use super::{Group, LineItem};
use crate::error::{Error, Result};
use crate::money::format_quantity;
use crate::pricing::{PriceTable, Rate};
use rust_decimal::Decimal;

pub struct Pricer<'t> {
    table: &'t PriceTable,
    lines: Vec<LineItem>,
}

impl<'t> Pricer<'t> {
    pub fn new(table: &'t PriceTable) -> Self {
        Pricer {
            table,
            lines: Vec::with_capacity(48),
        }
    }

    pub fn table(&self) -> &'t PriceTable {
        self.table
    }

    /// Prices `quantity` (per month) of `key`. A zero quantity adds nothing and needs no price.
    /// A tiered price adds one line per tier the quantity reaches.
    pub fn add(
        &mut self,
        group: Group,
        resource: &str,
        component: &str,
        quantity: Decimal,
        key: &str,
    ) -> Result<()> {
        if quantity.is_zero() {
            return Ok(());
        }
        let price = self.table.get(key)?;
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
                let mut covered = false;
                for tier in tiers {
                    if quantity <= tier.from {
                        covered = true;
                        break;
                    }
                    let upper = tier.to.map_or(quantity, |to| to.min(quantity));
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
                    self.lines.push(line(label, upper - tier.from, tier.usd)?);
                    if tier.to.is_none_or(|to| quantity <= to) {
                        covered = true;
                        break;
                    }
                }
                if !covered {
                    return Err(Error::PriceNotFound {
                        key: format!("{key} (tier above {})", format_quantity(quantity)),
                        region: self.table.region.clone(),
                        table: self.table.origin.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{Price, Tier};

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
