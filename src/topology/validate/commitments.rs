//! Validation of commitments, discounts and credits (`[database.commitment]`,
//! `[[savings_plan]]`, `[discounts]`, `[[credit]]`, `start_month`): choices, bounds, required
//! sources, private-price keys against the region's price table. Every problem is recorded, so
//! one run reports them all.

use super::{Validator, dec};
use crate::error::Result;
use crate::model::Payment;
use crate::pricing::PriceTable;
use crate::suggest;
use crate::topology::commitments::*;
use crate::topology::located::{Located, Num};
use crate::topology::raw::TopologyRaw;
use rust_decimal::Decimal;

/// The payment options as the topology writes them.
pub const PAYMENTS: &[&str] = &["no_upfront", "partial_upfront", "all_upfront"];
/// Most Savings Plans, credits or private prices in one topology.
pub const MAX_ENTRIES: usize = 100;
/// AWS's range of a Savings Plan's hourly commitment, USD.
pub const MAX_HOURLY_COMMITMENT_USD: i64 = 5_000;
/// Most USD of a credit per month.
pub const MAX_CREDIT_MONTHLY_USD: i64 = 1_000_000;

fn payment(id: &str) -> Payment {
    match id {
        "partial_upfront" => Payment::PartialUpfront,
        "all_upfront" => Payment::AllUpfront,
        _ => Payment::NoUpfront,
    }
}

impl Validator<'_> {
    fn required<'v, T>(
        &self,
        v: &'v Option<Located<T>>,
        table: &Located<impl Sized>,
        section: &str,
        key: &str,
        example: &str,
    ) -> Result<&'v Located<T>> {
        v.as_ref().ok_or_else(|| {
            self.err(
                table.span(),
                format!("`{section}` needs `{key}`"),
                Some(format!("write `{key} = {example}`")),
            )
        })
    }

    fn term_years(&self, v: &Located<Num>) -> Result<u32> {
        let years = self.whole(v, "term_years", 3)?;
        if years != 1 && years != 3 {
            return Err(self.err(
                v.span(),
                format!("`term_years` must be 1 or 3, found {years}"),
                Some("AWS sells commitments for 1 or 3 years".into()),
            ));
        }
        Ok(years)
    }

    /// A `[database.commitment]` or `[cache.commitment]` table.
    pub(crate) fn reservation(
        &self,
        c: &Located<CommitmentRaw>,
        section: &str,
    ) -> Result<Reservation> {
        let raw = c.get();
        let term = self.required(&raw.term_years, c, section, "term_years", "1")?;
        let pay = self.required(&raw.payment, c, section, "payment", "\"no_upfront\"")?;
        Ok(Reservation {
            term_years: self.term_years(term)?,
            payment: payment(self.choice(pay, "payment option", PAYMENTS)?),
            class: match &raw.class {
                Some(v) => Some(
                    self.choice(v, "offering class", &["standard", "convertible"])?
                        .to_string(),
                ),
                None => None,
            },
            count: match &raw.count {
                Some(v) => Some(self.whole(v, "count", 10_000)?),
                None => None,
            },
        })
    }

    fn savings_plan(&self, s: &Located<SavingsPlanRaw>) -> Result<SavingsPlanInput> {
        let raw = s.get();
        let section = "[[savings_plan]]";
        let name = self.text(&raw.name, "name", 100)?;
        let kind = self.required(&raw.plan_type, s, section, "type", "\"compute\"")?;
        let hourly = self.required(
            &raw.hourly_commitment_usd,
            s,
            section,
            "hourly_commitment_usd",
            "0.05",
        )?;
        let term = self.required(&raw.term_years, s, section, "term_years", "1")?;
        let pay = self.required(&raw.payment, s, section, "payment", "\"no_upfront\"")?;
        let hourly_commitment_usd = self.number(
            hourly,
            "hourly_commitment_usd",
            Decimal::new(1, 3),
            dec(MAX_HOURLY_COMMITMENT_USD),
        )?;
        Ok(SavingsPlanInput {
            name,
            plan_type: match self.choice(kind, "Savings Plan type", &["compute", "ec2_instance"])? {
                "ec2_instance" => PlanType::Ec2Instance,
                _ => PlanType::Compute,
            },
            hourly_commitment_usd,
            term_years: self.term_years(term)?,
            payment: payment(self.choice(pay, "payment option", PAYMENTS)?),
        })
    }

    fn discounts(&self, d: &Located<DiscountsRaw>, table: &PriceTable) -> Result<Discounts> {
        let raw = d.get();
        let source = self.required(
            &raw.source,
            d,
            "[discounts]",
            "source",
            "\"EDP 2026, contract ref …\"",
        )?;
        let source = self.text(source, "source", 300)?;
        let enterprise_percent = match &raw.enterprise_percent {
            Some(v) => Some(self.number(v, "enterprise_percent", Decimal::ZERO, dec(100))?),
            None => None,
        };
        let codes = |list: &[Located<String>], what: &str| -> Result<Vec<String>> {
            list.iter().map(|c| self.text(c, what, 100)).collect()
        };
        let offer_codes = codes(&raw.offer_codes, "offer_codes")?;
        let exclude = codes(&raw.exclude, "exclude")?;
        if raw.private_price.len() > MAX_ENTRIES {
            return Err(self.err(
                raw.private_price[MAX_ENTRIES].span(),
                format!("more than {MAX_ENTRIES} `[[discounts.private_price]]` tables"),
                None,
            ));
        }
        let mut private_prices: Vec<PrivatePrice> = Vec::new();
        for p in &raw.private_price {
            let pr = p.get();
            let key = pr.key.get();
            if table.get(key).is_err() {
                return Err(self.err(
                    pr.key.span(),
                    format!(
                        "no price key `{}` in the {} price table",
                        key.escape_debug(),
                        table.region
                    ),
                    Some({
                        let keys: Vec<&str> = table.keys_with_prefix("").collect();
                        suggest::hint_for(key, keys.iter().copied())
                    }),
                ));
            }
            if private_prices.iter().any(|x| &x.key == key) {
                return Err(self.err(
                    pr.key.span(),
                    format!("a private price for `{key}` is declared twice"),
                    Some("keep one `[[discounts.private_price]]` per key".into()),
                ));
            }
            private_prices.push(PrivatePrice {
                key: key.clone(),
                usd: self.number(&pr.usd, "usd", Decimal::ZERO, dec(1_000_000))?,
                source: self.text(&pr.source, "source", 300)?,
            });
        }
        if enterprise_percent.is_none() && private_prices.is_empty() {
            return Err(self.err(
                d.span(),
                "`[discounts]` states no discount".into(),
                Some("write `enterprise_percent = 5`, or a `[[discounts.private_price]]`".into()),
            ));
        }
        Ok(Discounts {
            enterprise_percent,
            offer_codes,
            exclude,
            source,
            private_prices,
        })
    }

    fn credit(&self, c: &Located<CreditRaw>) -> Result<CreditInput> {
        let raw = c.get();
        let until = raw.until.get();
        if !is_month(until) {
            return Err(self.err(
                raw.until.span(),
                format!(
                    "`until` must be a month `YYYY-MM`, found `{}`",
                    until.escape_debug()
                ),
                Some("write `until = \"2027-06\"` (the last month the credit applies to)".into()),
            ));
        }
        Ok(CreditInput {
            name: self.text(&raw.name, "name", 100)?,
            monthly_usd: self.number(
                &raw.monthly_usd,
                "monthly_usd",
                Decimal::ZERO,
                dec(MAX_CREDIT_MONTHLY_USD),
            )?,
            until: until.clone(),
        })
    }

    /// The topology-wide commitments, discounts and credits; problems are recorded.
    pub(super) fn finance(&self, raw: &TopologyRaw, table: &PriceTable) -> Option<Finance> {
        let mut ok = true;
        let start_month = match &raw.start_month {
            Some(m) if is_month(m.get()) => m.get().clone(),
            Some(m) => {
                self.keep::<()>(Err(self.err(
                    m.span(),
                    format!(
                        "`start_month` must be a month `YYYY-MM`, found `{}`",
                        m.get().escape_debug()
                    ),
                    Some("write `start_month = \"2027-01\"`".into()),
                )));
                ok = false;
                String::new()
            }
            None => table.effective_date.chars().take(7).collect(),
        };
        let mut savings_plans: Vec<SavingsPlanInput> = Vec::new();
        if raw.savings_plan.len() > MAX_ENTRIES {
            self.keep::<()>(Err(self.err(
                raw.savings_plan[MAX_ENTRIES].span(),
                format!("more than {MAX_ENTRIES} `[[savings_plan]]` tables"),
                None,
            )));
            ok = false;
        }
        for s in raw.savings_plan.iter().take(MAX_ENTRIES) {
            self.set_prefix("savings_plan.");
            match self.keep(self.no_ranges(|| self.savings_plan(s))) {
                Some(plan) if savings_plans.iter().any(|p| p.name == plan.name) => {
                    self.keep::<()>(Err(self.err(
                        s.get().name.span(),
                        format!("savings plan `{}` is declared twice", plan.name),
                        Some("each `[[savings_plan]]` needs a name of its own".into()),
                    )));
                    ok = false;
                }
                Some(plan) => savings_plans.push(plan),
                None => ok = false,
            }
        }
        let discounts = match &raw.discounts {
            Some(d) => match self.keep(self.no_ranges(|| self.discounts(d, table))) {
                Some(d) => Some(d),
                None => {
                    ok = false;
                    None
                }
            },
            None => None,
        };
        let mut credits: Vec<CreditInput> = Vec::new();
        for c in raw.credit.iter().take(MAX_ENTRIES) {
            match self.keep(self.no_ranges(|| self.credit(c))) {
                Some(c) => credits.push(c),
                None => ok = false,
            }
        }
        ok.then_some(Finance {
            start_month,
            savings_plans,
            discounts,
            credits,
        })
    }
}
