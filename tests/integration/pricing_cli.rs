//! `costplan pricing ...` through the binary: exit codes and output.

use super::common::costplan;
use super::fixture;
use predicates::prelude::*;

#[test]
fn import_then_diff_then_show_from_the_new_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aws");
    costplan()
        .args(["pricing", "import", "--region", "us-east-1", "--out"])
        .arg(&out)
        .arg(fixture("AmazonECS-us-east-1.csv"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "us-east-1: 8 prices from 1 offer file(s)",
        ));
    let new = out.join("us-east-1.toml");
    // Same Fargate prices as the bundled table; the provenance (sku, publication) is new.
    costplan()
        .args(["pricing", "diff", "pricing/aws/us-east-1.toml"])
        .arg(&new)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "= fargate.vcpu_hour.linux.x86_64: same price; sku - -> 8CESGAFWKAJ98PME",
        ))
        .stdout(predicate::str::contains("0 price change(s)"));
    costplan()
        .args(["--prices"])
        .arg(dir.path())
        .args(["pricing", "show", "--region", "us-east-1", "Fargate-vCPU"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fargate.vcpu_hour.linux.x86_64"))
        .stdout(
            predicate::str::is_match(r"USE1-Fargate-vCPU-Hours:perCPU +2025-08-01  2025-08-28")
                .unwrap(),
        )
        .stdout(predicate::str::contains(
            "AmazonECS version 20250828172723 published 2025-08-28T17:27:23Z sha256 ",
        ));
}

#[test]
fn diff_reports_absolute_and_percent_changes() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(super::common::path("pricing/aws/us-east-1.toml")).unwrap();
    let new = old
        .replacen("usd = \"0.04048\"", "usd = \"0.0425\"", 1)
        .replacen("usd = \"0.045\"", "usd = \"0.0405\"", 1);
    let p = dir.path().join("new.toml");
    std::fs::write(&p, new).unwrap();
    costplan()
        .args(["pricing", "diff", "pricing/aws/us-east-1.toml"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "~ fargate.vcpu_hour.linux.x86_64: 0.04048 -> 0.0425 (+0.00202, +4.99%)",
        ))
        .stdout(predicate::str::contains(
            "~ nat.gateway_hour: 0.045 -> 0.0405 (-0.0045, -10.00%)",
        ))
        .stdout(predicate::str::contains("2 price change(s)"));
}

#[test]
fn update_failures_exit_5_and_import_failures_exit_3() {
    let dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    costplan()
        .args([
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "--retries",
            "0",
            "--timeout-secs",
            "2",
            "--base-url",
            &url,
            "--out",
        ])
        .arg(dir.path())
        .assert()
        .code(5)
        .stderr(predicate::str::contains("download failed"));
    costplan()
        .args(["pricing", "import", "--region", "eu-west-1", "--out"])
        .arg(dir.path())
        .arg(fixture("AmazonECS-us-east-1.json"))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("no product matches"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn import_verbose_lists_the_products_no_selector_takes() {
    let dir = tempfile::tempdir().unwrap();
    costplan()
        .args([
            "pricing",
            "import",
            "--region",
            "us-east-1",
            "--verbose",
            "--out",
        ])
        .arg(dir.path())
        .arg(fixture("AWSELB-us-east-1.json"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "us-east-1: 5 prices from 1 offer file(s)",
        ))
        .stdout(predicate::str::contains("1 product(s) fit no selector"))
        .stdout(predicate::str::contains(
            "[Load Balancer-Application] Outposts-LoadBalancerUsage",
        ))
        .stderr(predicate::str::is_empty());
}

#[test]
fn update_through_the_binary_then_show_the_new_table() {
    let (server, _) = super::pricing_update::serve(None, None);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("aws");
    // every bundled us-east-1 price but the two carried over comes from the offer files
    let bundled = costplan::pricing::PriceCatalog::bundled().unwrap();
    // The bundled keys and those the templates find beyond them, less the two carried over.
    let keys: std::collections::BTreeSet<&str> = bundled
        .table("us-east-1")
        .unwrap()
        .prices()
        .map(|p| p.key.as_str())
        .chain(super::pricing_templates::BEYOND_BUNDLED.iter().copied())
        .collect();
    let priced = keys.len() - 2;
    costplan()
        .args([
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "--base-url",
            &server.base_url,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        // 11 offer files and the Compute Savings Plans price list
        .stdout(predicate::str::contains(format!(
            "us-east-1: {priced} prices from 12 offer file(s)"
        )))
        .stdout(predicate::str::contains(
            "2 carried over, 0 dropped, 0 omitted, ",
        ))
        .stdout(predicate::str::contains("product(s) fit no selector"))
        .stderr(predicate::str::is_empty());
    costplan()
        .args(["--prices"])
        .arg(dir.path())
        .args(["pricing", "show", "--region", "us-east-1", "nat."])
        .assert()
        .success()
        .stdout(predicate::str::contains("NatGateway-Hours"))
        .stdout(predicate::str::contains("2026-10-01  2026-10-01"))
        .stdout(predicate::str::contains("AmazonEC2 version 20261001000000"));
}
