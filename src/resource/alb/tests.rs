//! Load balancer cost lines against worked figures of cited prices, and the validation of the
//! inputs of one load balancer type on the other.

use crate::estimate::{Estimate, price};
use crate::money::round_cents;
use crate::pricing::PriceCatalog;
use crate::source::SourceFile;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn try_est(body: &str) -> crate::Result<Estimate> {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = format!("name = \"t\"\nregion = \"us-east-1\"\n{body}");
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog)?;
    price(&t, catalog.table("us-east-1").unwrap())
}

fn line<'a>(e: &'a Estimate, resource: &str, component: &str) -> &'a crate::LineItem {
    e.line_items
        .iter()
        .find(|l| l.resource == resource && l.component == component)
        .unwrap_or_else(|| panic!("no line {resource} {component:?} in {:#?}", e.line_items))
}

fn error(body: &str) -> String {
    match try_est(body) {
        Ok(_) => panic!("no error for {body:?}"),
        Err(e) => e.to_string(),
    }
}

/// infracost golden `lb_test` (commit e9ce6290, 2024-07-01), `aws_lb.nlb1_usage` with 1,000 GB
/// processed a month (1.3698 GB an hour): "Network load balancer 730 hours $16.43" and
/// "Load balancer capacity units 1.3698 LCU $6.00".
#[test]
fn nlb_lines_are_the_infracost_golden_figures() {
    let e = try_est(
        "[load_balancer]\ntype = \"network\"\n[load_balancer.tcp]\nprocessed_gb_per_hour = 1.3698\n",
    )
    .unwrap();
    let hours = line(&e, "nlb", "load balancer hours");
    assert_eq!(hours.quantity, d("730"));
    assert_eq!(hours.price_key, "nlb.hour");
    assert_eq!(round_cents(hours.monthly_usd), d("16.43"));
    let nlcu = line(&e, "nlb", "NLCU-hours (TCP)");
    assert_eq!(nlcu.quantity, d("999.954"));
    assert_eq!(nlcu.price_key, "nlb.nlcu_hour");
    assert_eq!(round_cents(nlcu.monthly_usd), d("6.00"));
    // no traffic of the other protocols: no lines
    assert!(!e.line_items.iter().any(|l| l.component.contains("UDP")));
}

/// The protocols' NLCUs add: 800 new TCP connections per second (1 NLCU) and 100,000 active UDP
/// flows (2 NLCUs), each a line at $0.006 an NLCU-hour: 730 × 1 × 0.006 = $4.38 (infracost's
/// "$4.38 per LCU") and 730 × 2 × 0.006 = $8.76.
#[test]
fn nlb_protocols_are_billed_separately() {
    let e = try_est(
        "[load_balancer]\ntype = \"network\"\nazs = 1\n[load_balancer.tcp]\nnew_flows_per_second = 800\n[load_balancer.udp]\nactive_flows = 100000\n",
    )
    .unwrap();
    assert_eq!(line(&e, "nlb", "NLCU-hours (TCP)").monthly_usd, d("4.38"));
    assert_eq!(line(&e, "nlb", "NLCU-hours (UDP)").monthly_usd, d("8.76"));
}

/// Mutual TLS halves the active connections an LCU covers: 3,000 a minute is 1 LCU, or 2 with
/// mutual TLS; 730 × 2 × $0.008 = $11.68 (infracost `lb_test`: "$5.84 per LCU").
#[test]
fn mutual_tls_doubles_the_active_connection_lcus() {
    let plain = try_est("[load_balancer]\nactive_connections_per_minute = 3000\n").unwrap();
    assert_eq!(line(&plain, "alb", "LCU-hours").monthly_usd, d("5.84"));
    let mtls =
        try_est("[load_balancer]\nactive_connections_per_minute = 3000\nmutual_tls = true\n")
            .unwrap();
    let l = line(
        &mtls,
        "alb",
        "LCU-hours (mutual TLS: 1,500 active connections per LCU)",
    );
    assert_eq!(l.quantity, d("1460"));
    assert_eq!(l.monthly_usd, d("11.68"));
}

/// No cited trust store price is bundled: the estimate fails naming the key and the command
/// that fetches it.
#[test]
fn a_trust_store_needs_its_price_fetched() {
    let e = error("[load_balancer]\ntrust_stores = 1\n");
    assert!(e.contains("alb.trust_store_hour"), "{e}");
    assert!(
        e.contains("costplan pricing update --region us-east-1 --out pricing"),
        "{e}"
    );
}

#[test]
fn alb_inputs_on_an_nlb_are_errors_with_hints() {
    let e = error("[load_balancer]\ntype = \"network\"\nrule_evaluations_per_second = 5\n");
    assert!(
        e.contains("`rule_evaluations_per_second` applies to an Application Load Balancer"),
        "{e}"
    );
    assert!(e.contains("t.toml:5:31"), "{e}");
    assert!(e.contains("no listener rules"), "{e}");
    let e = error("[load_balancer]\ntype = \"network\"\nlambda_targets = true\n");
    assert!(e.contains("cannot target Lambda functions"), "{e}");
    let e = error("[load_balancer]\ntype = \"network\"\ntrust_stores = 2\n");
    assert!(
        e.contains("`trust_stores` applies to an Application"),
        "{e}"
    );
    let e = error("[load_balancer]\ntype = \"network\"\nprocessed_gb_per_hour = 2\n");
    assert!(e.contains("[load_balancer.tcp]"), "{e}");
}

#[test]
fn nlb_inputs_on_an_alb_are_errors_with_hints() {
    let e = error("[load_balancer]\n[load_balancer.udp]\nactive_flows = 10\n");
    assert!(
        e.contains("`[load_balancer.udp]` is Network Load Balancer traffic"),
        "{e}"
    );
    assert!(
        e.contains("type = \\\"network\\\"") || e.contains("type = \"network\""),
        "{e}"
    );
}

#[test]
fn other_load_balancer_problems() {
    let e = error("[load_balancer]\ntype = \"gateway\"\n");
    assert!(e.contains("unknown load balancer type `gateway`"), "{e}");
    let e = error("[load_balancer]\ntrust_stores = 1\nmutual_tls = false\n");
    assert!(
        e.contains("a trust store is billed while mutual TLS uses it"),
        "{e}"
    );
    let e = error("[load_balancer]\nazs = 1\n");
    assert!(e.contains("needs at least 2 AZs"), "{e}");
    // one AZ is enough for an NLB
    assert!(try_est("[load_balancer]\ntype = \"network\"\nazs = 1\n").is_ok());
    let e = error("[load_balancer]\ntype = \"network\"\n[load_balancer.tls]\nactive_flows = -1\n");
    assert!(e.contains("`tls.active_flows` must not be negative"), "{e}");
}

/// An ALB and an NLB side by side, each table with its own type and lines under its name.
#[test]
fn an_alb_and_an_nlb_in_one_topology() {
    let e = try_est(
        "[[load_balancer]]\nname = \"web\"\nactive_connections_per_minute = 3000\n[[load_balancer]]\nname = \"edge\"\ntype = \"network\"\n[load_balancer.tcp]\nnew_flows_per_second = 800\n",
    )
    .unwrap();
    assert_eq!(line(&e, "web: alb", "LCU-hours").monthly_usd, d("5.84"));
    assert_eq!(
        line(&e, "edge: nlb", "NLCU-hours (TCP)").monthly_usd,
        d("4.38")
    );
    assert_eq!(
        round_cents(line(&e, "edge: nlb", "load balancer hours").monthly_usd),
        d("16.43")
    );
}

/// The capacity report sizes a Network Load Balancer's derived traffic in NLCUs.
#[test]
fn capacity_of_an_nlb_is_in_nlcus() {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = "name = \"t\"\nregion = \"us-east-1\"\n[[service]]\nname = \"api\"\ncount = 2\nvcpu = 0.5\nmemory_gb = 1\n[service.load]\navg_requests_per_second = 100\npeak_requests_per_second = 200\nservice_time_ms = 20\n[load_balancer]\ntype = \"network\"\n[load_balancer.tcp]\nnew_flows_per_second = 8\n";
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap();
    let r = crate::capacity::assess::analyse(&t, catalog.table("us-east-1").unwrap(), Decimal::ONE)
        .unwrap();
    let lb = r.load_balancer.expect("a load balancer row");
    assert_eq!(lb.unit, "NLCU");
    assert_eq!(lb.protocol, Some("TCP"));
    assert_eq!(lb.avg.rule_evaluations, Decimal::ZERO);
    // the stated traffic: 8 of 800 new TCP connections per second
    assert_eq!(lb.stated_lcu, Some(d("0.01")));
}

/// infracost golden `elastic_beanstalk_environment_test` (commit e9ce6290, 2024-07-01, region
/// eu-west-1): "Network load balancer 730 hours $18.40" and "Load balancer capacity units
/// 34.2465 LCU $150.00" (34.2465 GB an hour processed).
#[test]
fn eu_west_1_nlb_lines_are_the_infracost_golden_figures() {
    let catalog = PriceCatalog::bundled().unwrap();
    let text = "name = \"t\"\nregion = \"eu-west-1\"\n[load_balancer]\ntype = \"network\"\n[load_balancer.tcp]\nprocessed_gb_per_hour = 34.2465\n";
    let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap();
    let e = price(&t, catalog.table("eu-west-1").unwrap()).unwrap();
    assert_eq!(
        round_cents(line(&e, "nlb", "load balancer hours").monthly_usd),
        d("18.40")
    );
    assert_eq!(
        round_cents(line(&e, "nlb", "NLCU-hours (TCP)").monthly_usd),
        d("150.00")
    );
}
