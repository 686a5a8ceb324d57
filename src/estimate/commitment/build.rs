//! From a priced estimate to its commitments: the topology's reservations, Savings Plans,
//! discounts and credits turned into the engine's inputs (usage from the estimate's lines, rates
//! from the price table), applied, and summarised with the cash flow and break-even months that
//! reports show. The on-demand estimate itself is left as it is.

use super::*;
use crate::estimate::Estimate;
use crate::pricing::key;
use crate::topology::Topology;
use crate::topology::commitments::{PlanType, months_through};

/// The months of the long cash-flow view (the short one is its first 12).
pub const CASH_FLOW_MONTHS: u32 = 36;

/// A rate a commitment is priced at, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateUsed {
    /// `<on-demand key>@reserved.3yr.partial_upfront` or `<key>@savings_plan.compute.1yr.no_upfront`.
    pub key: String,
    pub usd: Decimal,
    pub unit: String,
    /// The upfront fee per unit of the commitment (per instance for a reservation).
    pub upfront_usd: Decimal,
    pub effective_date: String,
    pub source: String,
}

/// When one commitment pays back against on-demand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakEven {
    pub name: String,
    /// The first month (1-based) whose cumulative cash with this commitment alone is no more than
    /// on-demand's, within its term; `None` when it never pays back in its term.
    pub month: Option<u32>,
    /// What it saves (negative: costs) over its whole term against on-demand, cash.
    pub term_saving_usd: Decimal,
}

/// The commitments, discounts and credits of an estimate, applied to its on-demand lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitmentSummary {
    /// Month 1 of the cash flow, `YYYY-MM`: when the commitments are bought.
    pub start_month: String,
    /// Month 1 applied: each commitment, discount and credit, and the amortised monthly bill.
    pub applied: Applied,
    /// Per commitment, alone against on-demand.
    pub break_even: Vec<BreakEven>,
    /// All commitments, discounts and credits together, within 36 months.
    pub break_even_month: Option<u32>,
    /// 36 months of cash and amortised bills (same usage every month; commitments not renewed).
    pub cash_flow: Vec<MonthFlow>,
    pub rates: Vec<RateUsed>,
    /// The on-demand price keys each commitment may cover, in the order of `applied.committed`
    /// (a reservation its instance key, a Savings Plan its eligible Fargate keys).
    #[serde(skip)]
    pub covered_keys: Vec<Vec<String>>,
}

/// The flat rate of a price (a reservable or Savings-Plan-eligible price is never tiered).
fn flat(rate: &crate::pricing::Rate) -> Decimal {
    match rate {
        crate::pricing::Rate::Flat(usd) => *usd,
        crate::pricing::Rate::Tiered(_) => Decimal::ZERO,
    }
}

/// The instances a database reservation covers when it names no count: the writer and the
/// Aurora readers of the same class.
fn reserved_instances(db: &crate::resource::rds::input::Database) -> u32 {
    let same_class_readers = db.aurora.as_ref().map_or(0, |a| {
        a.reader_classes
            .iter()
            .filter(|c| **c == db.instance_class)
            .count()
    });
    u32::try_from(1 + same_class_readers).unwrap_or(u32::MAX)
}

/// Pins every reservation of `t` to what it covers today: its class (node type) and its count.
/// A growth plan prices later months on right-sized copies of `t`; a reservation bought today
/// keeps covering today's class and count, so a right-sized resource of another class leaves it
/// unused (waste) and its new usage on demand.
pub fn pin_reservations(t: &mut Topology) {
    for db in &mut t.databases {
        let all = reserved_instances(db);
        if let Some(r) = &mut db.commitment {
            r.reserved_class
                .get_or_insert_with(|| db.instance_class.clone());
            r.count.get_or_insert(all);
        }
    }
    for cache in &mut t.caches {
        let all = cache.billed_nodes();
        if let Some(r) = &mut cache.commitment {
            r.reserved_class
                .get_or_insert_with(|| cache.node_type.clone());
            r.count.get_or_insert(all);
        }
    }
}

/// The commitments of `topology` applied to `estimate`, or `None` when it states none.
pub fn summarise(
    topology: &Topology,
    table: &PriceTable,
    estimate: &Estimate,
) -> Result<Option<CommitmentSummary>> {
    let finance = &topology.finance;
    let any_reservation = topology.databases.iter().any(|d| d.commitment.is_some())
        || topology.caches.iter().any(|c| c.commitment.is_some());
    if !any_reservation && finance.is_empty() {
        return Ok(None);
    }
    // Lines billed in this region (a cross-region replica's hours are not reservable here).
    let here: Vec<&LineItem> = estimate
        .line_items
        .iter()
        .filter(|l| {
            !l.resource.contains(" read replica (")
                || l.resource.ends_with(&format!("({})", topology.region))
        })
        .collect();
    let bill: Vec<BillLine> = estimate
        .line_items
        .iter()
        .map(|l| {
            let offer_code = table
                .get(&l.price_key)
                .map(|p| p.offer_code.clone())
                .unwrap_or_default();
            // A tiered line is billed as its amount (its unit price is a blend).
            match exact_mul(l.quantity, l.unit_price_usd) {
                Some(x) if x == l.monthly_usd => BillLine {
                    key: l.price_key.clone(),
                    offer_code,
                    quantity: l.quantity,
                    usd: l.unit_price_usd,
                },
                _ => BillLine {
                    key: l.price_key.clone(),
                    offer_code,
                    quantity: Decimal::ONE,
                    usd: l.monthly_usd,
                },
            }
        })
        .collect();
    let quantity_of = |k: &str| -> Decimal {
        here.iter()
            .filter(|l| l.price_key == k)
            .map(|l| l.quantity)
            .sum()
    };
    let mut rates = Vec::new();
    let mut c = Commitments::default();
    let mut reservable: Vec<ReservableUsage> = Vec::new();
    let mut reserve = |name: String,
                       k: String,
                       all: u32,
                       r: &crate::topology::commitments::Reservation,
                       rates: &mut Vec<RateUsed>|
     -> Result<()> {
        let term = Term {
            years: r.term_years,
        };
        let rate = find_reserved_rate(table, &k, term, r.payment, r.class.as_deref())?.clone();
        let price = table.get(&k)?;
        rates.push(RateUsed {
            key: reserved_key(&k, term, r.payment, r.class.as_deref()),
            usd: rate.usd,
            unit: price.unit.clone(),
            upfront_usd: rate.upfront_usd,
            effective_date: rate.effective_date.clone(),
            source: match (&rate.source, &rate.evidence) {
                (Some(s), Some(e)) => format!("{s} [{e}]"),
                (Some(s), None) => s.clone(),
                (None, _) => format!("reserved term of {}", price.provenance()),
            },
        });
        if !reservable.iter().any(|u| u.key == k) {
            reservable.push(ReservableUsage {
                key: k.clone(),
                hours_per_month: quantity_of(&k),
                on_demand_usd_per_hour: flat(&price.rate),
            });
        }
        c.reservations.push(Reservation {
            name,
            key: k,
            count: Decimal::from(r.count.unwrap_or(all)),
            term,
            payment: r.payment,
            rate,
        });
        Ok(())
    };
    for db in &topology.databases {
        let Some(r) = &db.commitment else { continue };
        // The class reserved: the database's own, or the one a growth plan pinned.
        let class = r.reserved_class.as_deref().unwrap_or(&db.instance_class);
        let k = key::rds_instance_hour(&db.engine, db.deployment.key(), class);
        let name = crate::topology::named_resource(
            db.name.as_deref(),
            format_args!("{} {} reserved", db.engine, class),
        );
        reserve(name, k, reserved_instances(db), r, &mut rates)?;
    }
    for cache in &topology.caches {
        let Some(r) = &cache.commitment else { continue };
        let class = r.reserved_class.as_deref().unwrap_or(&cache.node_type);
        let k = key::elasticache_node_hour(&cache.engine, class);
        let name = crate::topology::named_resource(
            cache.name.as_deref(),
            format_args!("{} {} reserved nodes", cache.engine, class),
        );
        reserve(name, k, cache.billed_nodes(), r, &mut rates)?;
    }
    // Savings Plans: Fargate on-demand vCPU- and GB-hours of this region (Compute plans only).
    let fargate_keys = super::fit::fargate_keys();
    let mut missing: Vec<String> = Vec::new();
    for sp in &finance.savings_plans {
        let term = Term {
            years: sp.term_years,
        };
        let mut eligible = Vec::new();
        if sp.plan_type == PlanType::Compute {
            for k in &fargate_keys {
                let quantity = quantity_of(k);
                if quantity.is_zero() {
                    continue;
                }
                let price = table.get(k)?;
                let sp_key = format!(
                    "{k}@savings_plan.{}.{}.{}",
                    sp.plan_type.id(),
                    term.lease(),
                    sp.payment.input_name()
                );
                let found = table.savings_plans(k).iter().find(|r| {
                    r.plan == sp.plan_type.id()
                        && r.lease == term.lease()
                        && r.purchase_option == sp.payment.offer_name()
                });
                let Some(rate) = found else {
                    missing.push(sp_key);
                    continue;
                };
                if !rates.iter().any(|r: &RateUsed| r.key == sp_key) {
                    rates.push(RateUsed {
                        key: sp_key,
                        usd: rate.usd,
                        unit: price.unit.clone(),
                        upfront_usd: Decimal::ZERO,
                        effective_date: rate.effective_date.clone(),
                        source: rate.source.clone(),
                    });
                }
                eligible.push(EligibleUsage {
                    key: k.clone(),
                    quantity_per_month: quantity,
                    on_demand_usd: flat(&price.rate),
                    savings_plan_usd: rate.usd,
                });
            }
        }
        c.savings_plans.push(SavingsPlan {
            name: sp.name.clone(),
            hourly_commitment_usd: sp.hourly_commitment_usd,
            term,
            payment: sp.payment,
            eligible,
        });
    }
    if !missing.is_empty() {
        let hint = "the table has no Savings Plan rate for this usage, term and payment: `costplan pricing import` an AWSComputeSavingsPlan offer file into a table and run with `--prices DIR`".to_string();
        return Err(if missing.len() == 1 {
            Error::PriceNotFound {
                key: missing.remove(0),
                region: table.region.clone(),
                table: table.origin.clone(),
                hint: Some(hint),
            }
        } else {
            Error::PricesNotFound {
                region: table.region.clone(),
                table: table.origin.clone(),
                keys: missing
                    .into_iter()
                    .map(|k| (k, Some(hint.clone())))
                    .collect(),
            }
        });
    }
    if let Some(d) = &finance.discounts {
        c.private_prices = d
            .private_prices
            .iter()
            .map(|p| PrivatePrice {
                key: p.key.clone(),
                usd: p.usd,
                source: p.source.clone(),
            })
            .collect();
        c.enterprise = d.enterprise_percent.map(|percent| EnterpriseDiscount {
            percent,
            offer_codes: d.offer_codes.clone(),
            exclude: d.exclude.clone(),
            source: d.source.clone(),
        });
    }
    c.credits = finance
        .credits
        .iter()
        .map(|cr| Credit {
            name: cr.name.clone(),
            monthly_usd: cr.monthly_usd,
            last_month: months_through(&finance.start_month, &cr.until),
        })
        .collect();
    let covered_keys: Vec<Vec<String>> = c
        .reservations
        .iter()
        .map(|r| vec![r.key.clone()])
        .chain(
            c.savings_plans
                .iter()
                .map(|s| s.eligible.iter().map(|e| e.key.clone()).collect()),
        )
        .collect();
    let hours = topology.hours_per_month;
    let applied = apply(&bill, &reservable, &c, hours)?;
    // Each commitment alone, no discounts or credits, over its term.
    let mut break_even = Vec::new();
    let alone = c
        .reservations
        .iter()
        .map(|r| Commitments {
            reservations: vec![r.clone()],
            ..Commitments::default()
        })
        .chain(c.savings_plans.iter().map(|s| Commitments {
            savings_plans: vec![s.clone()],
            ..Commitments::default()
        }));
    for one in alone {
        let a = apply(&bill, &reservable, &one, hours)?;
        let Some(line) = a.committed.first() else {
            continue;
        };
        let flow = a.cash_flow(line.term_months);
        let saving = flow
            .last()
            .map(|f| f.cumulative_on_demand_usd - f.cumulative_cash_usd)
            .unwrap_or_default();
        break_even.push(BreakEven {
            name: line.name.clone(),
            month: a.break_even_month(line.term_months),
            term_saving_usd: saving,
        });
    }
    Ok(Some(CommitmentSummary {
        start_month: finance.start_month.clone(),
        break_even_month: applied.break_even_month(CASH_FLOW_MONTHS),
        cash_flow: applied.cash_flow(CASH_FLOW_MONTHS),
        applied,
        break_even,
        rates,
        covered_keys,
    }))
}
