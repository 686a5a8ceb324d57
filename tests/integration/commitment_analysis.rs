//! Commitments in the analyses: `sweep` over commitment inputs (each point a full estimate with
//! its commitments), `compare` over commitment options, against figures worked by hand.
//!
//! Rates come from the TEST table `tests/fixtures/commitment-prices` (made-up reserved and Savings
//! Plan rates, labelled so). The seed example `scenarios/examples/commitments.toml` holds a 3-yr
//! RDS reservation and a 1-yr $0.10/h Compute Savings Plan. Worked by hand (see
//! `commitments.rs` for the RI and SP figures):
//! - SP: covers $92.256644… of Fargate for $73.00: saves $19.256644… a month for 12 months.
//! - RI 3-yr Partial Upfront: covers $105.12 for $18.25 + $1,095/36 (month 1: $30.41): saves
//!   $56.46 amortised; with the SP $75.716644… → shown $75.72, amortised $395.66 − 75.72 = $319.94.
//!   Cash: 1,095 upfront, saving $86.87 + $19.256644… = $106.126644… a month: month 11
//!   (10 × 106.13 = 1,061.27 < 1,095 ≤ 11 × 106.13).
//! - RI 3-yr All Upfront: covers $105.12 for $2,190/36 (month 1: $60.83): saves $44.29 amortised;
//!   with the SP $63.546644… → $63.55, amortised $332.11. Cash: 2,190 upfront against
//!   $124.376644… a month for 12 months ($1,492.52) then $105.12 a month (the SP ends): 697.48 ÷
//!   105.12 = 6.6 more months: month 19.

use super::common::costplan;
use rust_decimal::Decimal;
use std::str::FromStr;

const EXAMPLE: &str = "scenarios/examples/commitments.toml";
const PRICES: &str = "tests/fixtures/commitment-prices";

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn dec(v: &serde_json::Value) -> Decimal {
    d(v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}")))
}

fn ok(args: &[&str]) -> String {
    let out = costplan().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn sweep_over_the_reservation_payment_shows_amortised_saving_and_break_even() {
    let csv = ok(&[
        "sweep",
        EXAMPLE,
        "--prices",
        PRICES,
        "--set",
        "database.commitment.payment=partial_upfront,all_upfront",
        "-f",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(
        lines[0].ends_with(",amortised monthly USD,saving vs on-demand USD,break-even month"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("partial_upfront,395.66,"), "{csv}");
    assert!(lines[1].ends_with(",319.94,75.72,11"), "{csv}");
    assert!(lines[2].starts_with("all_upfront,395.66,"), "{csv}");
    assert!(lines[2].ends_with(",332.11,63.55,19"), "{csv}");

    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "sweep",
        EXAMPLE,
        "--prices",
        PRICES,
        "--set",
        "database.commitment.payment=partial_upfront,all_upfront",
        "-f",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["base_labels"][0], "partial_upfront");
    let p = &v["points"];
    assert_eq!(p[1]["labels"][0], "all_upfront");
    let (a, b) = (&p[0]["commitments"], &p[1]["commitments"]);
    // All Upfront costs 60.83 − 30.41 − 18.25 = 12.17 more a month, amortised (exact).
    assert_eq!(
        dec(&b["amortised_monthly_usd"]) - dec(&a["amortised_monthly_usd"]),
        d("12.17")
    );
    assert_eq!(dec(&a["saving_monthly_usd"]).round_dp(2), d("75.72"), "{a}");
    assert_eq!(b["break_even_month"], 19);
    // The base point is what `estimate` says of the example.
    let e: serde_json::Value = serde_json::from_str(&ok(&[
        "estimate", EXAMPLE, "--prices", PRICES, "-f", "json",
    ]))
    .unwrap();
    assert_eq!(
        a["amortised_monthly_usd"],
        e["commitments"]["applied"]["amortised_monthly_usd"]
    );
    assert_eq!(a["break_even_month"], e["commitments"]["break_even_month"]);
}

#[test]
fn sweep_over_the_savings_plan_commitment_finds_where_it_stops_paying() {
    // $0.05/h: all $36.50 spent on vCPU (0.032 of 0.04048): 36.50 × 0.04048 / 0.032 = $46.172
    // covered, saving $9.672; with the RI's $56.46: $66.132 → 66.13. $0.25/h: $182.50 a month for
    // $108.12 − … of Fargate at most (92.26 at $73, then the rest): it costs more than it saves.
    let csv = ok(&[
        "sweep",
        EXAMPLE,
        "--prices",
        PRICES,
        "--set",
        "savings_plan.fargate-1yr.hourly_commitment_usd=0.05..0.25:0.1",
        "-f",
        "csv",
    ]);
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 3, "{csv}");
    let saving = |r: &Vec<&str>| d(r[r.len() - 2]);
    assert_eq!(rows[0][0], "0.05");
    assert_eq!(saving(&rows[0]), d("66.13"));
    // Every point: the on-demand total is the seed's, and amortised + saving = on demand.
    for r in &rows {
        assert_eq!(r[1], "395.66");
        assert_eq!(d(r[r.len() - 3]) + saving(r), d("395.66"), "{r:?}");
    }
    assert!(saving(&rows[2]) < Decimal::ZERO, "{csv}");
}

#[test]
fn sweep_two_commitment_inputs_and_a_usage_input_together() {
    let csv = ok(&[
        "sweep",
        EXAMPLE,
        "--prices",
        PRICES,
        "--set",
        "savings_plan.fargate-1yr.payment=no_upfront,all_upfront",
        "--set",
        "service.api.count=1..3",
        "-f",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 1 + 2 * 3, "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("no_upfront,1,"));
}

#[test]
fn bad_commitment_sweeps_are_exit_2_with_a_hint() {
    for (set, expect) in [
        (
            "database.commitment.term_years=1..3",
            "must be 1 or 3, found 2",
        ),
        (
            "database.commitment.payment=1..3",
            "takes text: list its values",
        ),
        (
            "database.commitment.payment=no_upfront,monthly",
            "unknown payment option `monthly`",
        ),
        (
            "savings_plan.fargate-1yr.hourly_commitment_usd=0..0.1:0.05",
            "must be from 0.001",
        ),
    ] {
        let out = costplan()
            .args(["sweep", EXAMPLE, "--prices", PRICES, "--set", set])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{set}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{set}: {err}");
    }
    // The seed has no commitment to sweep.
    let out = costplan()
        .args([
            "sweep",
            "scenarios/baseline.toml",
            "--prices",
            PRICES,
            "--set",
            "database.commitment.term_years=1,3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such commitment"));
}

#[test]
fn a_sweep_without_commitments_has_no_commitment_columns() {
    let csv = ok(&[
        "sweep",
        "scenarios/baseline.toml",
        "--set",
        "service.api.count=1..2",
        "-f",
        "csv",
    ]);
    assert!(!csv.contains("amortised"), "{csv}");
    let json = ok(&[
        "sweep",
        "scenarios/baseline.toml",
        "--set",
        "service.api.count=1..2",
        "-f",
        "json",
    ]);
    assert!(!json.contains("\"commitments\""));
}

#[test]
fn compare_no_commitment_against_one_and_three_year_options() {
    // The seed (no commitment) against the what-if file: 1-yr No Upfront RI (0.10 × 730 = $73.00
    // for $105.12: saves $32.12; with the SP $51.376644… → amortised 344.28, pays back in month 1)
    // and 3-yr All Upfront (332.11, month 19, as in the sweep above).
    let csv = ok(&[
        "compare",
        "scenarios/baseline.toml",
        "scenarios/examples/commitments-what-if.toml",
        "--prices",
        PRICES,
        "-f",
        "csv",
    ]);
    let row = |name: &str| {
        csv.lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name}: {csv}"))
            .to_string()
    };
    assert!(row("production (base)").ends_with(",,"), "{csv}");
    assert!(row("RI 1-yr no upfront").ends_with(",344.28,1"), "{csv}");
    assert!(row("RI 3-yr all upfront").ends_with(",332.11,19"), "{csv}");
}

#[test]
fn sensitivity_shows_each_commitments_saving_as_covered_usage_falls() {
    // Worked by hand. RI (730 h reserved at $0.025 + $30.41 amortised = $48.66 a month): at a
    // 10 % fall it covers 657 h × $0.144 = $94.608, saving $45.948; 73 h unused × 0.025 + 10 % of
    // $30.41 = $4.866 unused. At 50 %: 365 h → $52.56, saving $3.90, 50 % used, $24.33 unused.
    // SP ($73.00 a month): at 50 % the Fargate usage is 1,095 vCPU-h and 2,190 GB-h; all of it is
    // covered for 1,095 × 0.032 + 2,190 × 0.0036 = $42.924 (58.8 % of $73.00, $30.076 unused)
    // and would cost 1,095 × 0.04048 + 2,190 × 0.004445 = $54.06015 on demand: the plan costs
    // $18.93985 more than the usage it covers.
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "sensitivity",
        EXAMPLE,
        "--prices",
        PRICES,
        "-f",
        "json",
    ]))
    .unwrap();
    let rows = v["commitment_usage"].as_array().unwrap();
    assert_eq!(rows.len(), 2 * 4);
    let row = |name: &str, drop: u64| {
        rows.iter()
            .find(|r| {
                r["name"].as_str().unwrap().starts_with(name) && r["usage_drop_percent"] == drop
            })
            .unwrap_or_else(|| panic!("{name} {drop}"))
    };
    let ri10 = row("postgres", 10);
    assert_eq!(dec(&ri10["covered_on_demand_monthly_usd"]), d("94.608"));
    assert_eq!(dec(&ri10["saving_monthly_usd"]), d("45.948"));
    assert_eq!(dec(&ri10["unused_monthly_usd"]), d("4.866"));
    let ri50 = row("postgres", 50);
    assert_eq!(dec(&ri50["saving_monthly_usd"]), d("3.9"));
    assert_eq!(dec(&ri50["utilisation"]), d("0.5"));
    assert_eq!(dec(&ri50["unused_monthly_usd"]), d("24.33"));
    let sp0 = row("fargate-1yr", 0);
    assert_eq!(dec(&sp0["utilisation"]), Decimal::ONE);
    let sp50 = row("fargate-1yr", 50);
    assert_eq!(dec(&sp50["covered_on_demand_monthly_usd"]), d("54.06015"));
    assert_eq!(dec(&sp50["saving_monthly_usd"]), d("-18.93985"));
    assert_eq!(dec(&sp50["utilisation"]), d("0.588"));
    assert_eq!(dec(&sp50["unused_monthly_usd"]), d("30.076"));

    // The table and Markdown show the same rows, rounded; each saving is the difference of the
    // two amounts shown beside it.
    let table = ok(&["sensitivity", EXAMPLE, "--prices", PRICES]);
    assert!(
        table.contains("Commitments when the usage they cover falls"),
        "{table}"
    );
    let md = ok(&["sensitivity", EXAMPLE, "--prices", PRICES, "-f", "markdown"]);
    assert!(
        md.contains("| fargate-1yr | 50% | 54.06 | 73.00 | -18.94 | 58.8% | 30.08 |"),
        "{md}"
    );
    assert!(
        md.contains(
            "| postgres db.t3.medium reserved | 10% | 94.61 | 48.66 | +45.95 | 90.0% | 4.87 |"
        ),
        "{md}"
    );
    // Without commitments there is no such section.
    let plain = ok(&["sensitivity", "scenarios/baseline.toml", "-f", "json"]);
    assert!(!plain.contains("commitment_usage"));
}

#[test]
fn growth_plan_says_when_a_reservation_becomes_oversized_in_every_format() {
    // The what-if "reserved cache nodes": both cache.t3.micro nodes reserved for 1 year, No
    // Upfront ($0.012 an hour, made-up test rate). At 10 % a month the cache is right-sized to
    // cache.t3.small by month 5; the reservation bought today stays on cache.t3.micro, so from
    // month 5 it covers nothing: 2 × 730 h × $0.012 = $17.52 a month unused. (Before, the plan
    // stopped asking for a cache.t3.small reserved rate.)
    let args = |format: &str| -> Vec<String> {
        [
            "capacity",
            "scenarios/examples/commitments-what-if.toml",
            "--scenario",
            "reserved cache nodes",
            "--growth",
            "10%",
            "--months",
            "12",
            "--prices",
            PRICES,
            "-f",
            format,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |format: &str| {
        let a = args(format);
        ok(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let v: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let courses = v["commitments"].as_array().unwrap_or_else(|| panic!("{v}"));
    let cache = courses
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains("cache.t3.micro"))
        .unwrap();
    assert_eq!(cache["waste_month"], 5);
    assert!(cache["spill_month"].is_null());
    assert_eq!(dec(&cache["months"][4]["utilisation"]), Decimal::ONE);
    assert_eq!(dec(&cache["months"][5]["utilisation"]), Decimal::ZERO);
    assert_eq!(dec(&cache["months"][5]["unused_monthly_usd"]), d("17.52"));
    // The RDS reservation: the class holds, one instance: covered and used all year.
    let rds = courses
        .iter()
        .find(|c| c["name"].as_str().unwrap().contains("db.t3.medium"))
        .unwrap();
    assert!(rds["spill_month"].is_null() && rds["waste_month"].is_null());

    let line = "redis cache.t3.micro reserved nodes (reserved): covers all the usage it may cover for all 12 months; oversized from month 5 (0.0% used, 17.52 USD a month unused)";
    for format in ["table", "markdown", "html"] {
        let out = run(format);
        assert!(out.contains(line), "{format}: {out}");
    }
}

#[test]
fn growth_plan_says_when_a_savings_plan_is_outgrown_or_oversized() {
    let course = |growth: &str| {
        let v: serde_json::Value = serde_json::from_str(&ok(&[
            "capacity", EXAMPLE, "--growth", growth, "--months", "12", "--prices", PRICES, "-f",
            "json",
        ]))
        .unwrap();
        v["commitments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "fargate-1yr")
            .unwrap()
            .clone()
    };
    // Growing: the Fargate need is above the $0.10/h commitment from the start (the rest on
    // demand) and the plan is always fully used.
    let up = course("10%");
    assert_eq!(up["spill_month"], 0);
    assert!(up["waste_month"].is_null());
    // Shrinking 10 % a month: at some month the usage falls below the commitment: waste.
    let down = course("-10%");
    let m = down["waste_month"]
        .as_u64()
        .expect("oversized at some month");
    let month = &down["months"][m as usize];
    assert!(dec(&month["utilisation"]) < Decimal::ONE);
    assert!(dec(&month["unused_monthly_usd"]) > Decimal::ZERO);
    assert_eq!(
        dec(&down["months"][m as usize - 1]["utilisation"]),
        Decimal::ONE
    );
}

#[test]
fn sensitivity_moves_each_commitment_input_alone() {
    // Worked by hand against the example's amortised $319.94:
    // - RDS 1-yr Partial Upfront: $438 / 12 = $36.50 + 730 h × $0.05 = $36.50: $73.00 instead of
    //   $48.66: +$24.34.
    // - RDS 3-yr All Upfront: +$12.17 (as in the sweep).
    // - SP 3-yr No Upfront ($0.026 vCPU-h, $0.0029 GB-h): 2,190 × 0.026 = $56.94, then 4,380 GB-h
    //   × 0.0029 = $12.702: all $108.12 of Fargate covered for $73.00 (saving $35.12 instead of
    //   $19.256644…): −$15.86.
    // - rates the test table lacks (RDS 3-yr No Upfront, SP Partial Upfront) are named, not guessed.
    let v: serde_json::Value = serde_json::from_str(&ok(&[
        "sensitivity",
        EXAMPLE,
        "--prices",
        PRICES,
        "-f",
        "json",
    ]))
    .unwrap();
    let rows = v["commitment_options"].as_array().unwrap();
    let row = |path: &str, value: &str| {
        rows.iter()
            .find(|r| r["path"] == path && r["value"] == value)
            .unwrap_or_else(|| panic!("{path}={value}: {rows:?}"))
    };
    let d1 = row("database.commitment.term_years", "1");
    assert_eq!(dec(&d1["delta_monthly_usd"]), d("24.34"));
    assert_eq!(
        dec(&row("database.commitment.payment", "all_upfront")["delta_monthly_usd"]),
        d("12.17")
    );
    let sp3 = row("savings_plan.fargate-1yr.term_years", "3");
    assert_eq!(dec(&sp3["delta_monthly_usd"]).round_dp(2), d("-15.86"));
    let missing = row("database.commitment.payment", "no_upfront");
    assert!(missing["amortised_monthly_usd"].is_null());
    assert_eq!(
        missing["missing_rate"],
        "rds.instance_hour.postgres.multi_az.db.t3.medium@reserved.3yr.no_upfront"
    );
    // ∓50 % of the $0.10/h commitment.
    row("savings_plan.fargate-1yr.hourly_commitment_usd", "0.05");
    row("savings_plan.fargate-1yr.hourly_commitment_usd", "0.15");

    let md = ok(&["sensitivity", EXAMPLE, "--prices", PRICES, "-f", "markdown"]);
    assert!(
        md.contains(r"| database.commitment.term\_years | 3 | 1 | 344.28 | +24.34 | 5 |  |"),
        "{md}"
    );
    assert!(
        md.contains(r"| savings\_plan.fargate-1yr.term\_years | 1 | 3 | 304.08 | -15.86 | 9 |  |"),
        "{md}"
    );
}
