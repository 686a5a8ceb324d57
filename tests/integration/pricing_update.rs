//! `pricing update` against a local HTTP server serving real-format offer files, with faults.
//! Every failure must leave the existing table byte-identical and exit non-zero with the reason.

use super::fixture;
use super::http_server::{Fault, Server};
use costplan::pricing::PriceCatalog;
use costplan::pricing::commands::{TableArgs, read_table, update, update_with};
use costplan::pricing::import::download::DownloadOptions;
use costplan::pricing::import::rules::OFFER_CODES;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

const VERSION: &str = "20261001000000";

fn file_path(code: &str, region: &str) -> String {
    format!("/offers/v1.0/aws/{code}/{VERSION}/{region}/index.json")
}

/// Serves the real offer index, a region index per offer (us-east-1 and us-west-2 listed), and the
/// us-east-1 offer files; `fault` applies to one offer's us-east-1 file, `body` replaces its bytes.
pub(crate) fn serve(
    fault_on: Option<(&str, Fault)>,
    body_for: Option<(&str, Vec<u8>)>,
) -> (
    Server,
    Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
) {
    let server = Server::start();
    server.route(
        "/offers/v1.0/aws/index.json",
        std::fs::read(fixture("offers-index.json")).unwrap(),
        Fault::None,
    );
    let mut hits = None;
    for code in OFFER_CODES.iter() {
        let regions: Vec<String> = ["us-east-1", "us-west-2"]
            .iter()
            .map(|r| {
                format!(
                    r#""{r}" : {{ "regionCode" : "{r}", "currentVersionUrl" : "{}" }}"#,
                    file_path(code, r)
                )
            })
            .collect();
        let index = format!(
            r#"{{ "formatVersion" : "v1.0", "disclaimer" : "test", "publicationDate" : "2026-10-01T00:00:00Z", "regions" : {{ {} }} }}"#,
            regions.join(", ")
        );
        server.route(
            &format!("/offers/v1.0/aws/{code}/current/region_index.json"),
            index.into_bytes(),
            Fault::None,
        );
        let mut body = std::fs::read(fixture(&format!("{code}-us-east-1.json"))).unwrap();
        if let Some((c, b)) = &body_for
            && c == code
        {
            body = b.clone();
        }
        let fault = match &fault_on {
            Some((c, f)) if c == code => f.clone(),
            _ => Fault::None,
        };
        let h = server.route(&file_path(code, "us-east-1"), body, fault);
        if fault_on.as_ref().is_some_and(|(c, _)| c == code) {
            hits = Some(h);
        }
    }
    // The Compute Savings Plans price list (not in the offer index): its region index has a
    // `regions` ARRAY of `{regionCode, versionUrl}` (reference §2.6).
    let sp = SP_CODE;
    server.route(
        "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json",
        format!(
            r#"{{ "disclaimer" : "test", "publicationDate" : "2026-10-01T00:00:00Z", "regions" : [ {{ "regionCode" : "us-west-2", "versionUrl" : "{}" }}, {{ "regionCode" : "us-east-1", "versionUrl" : "{}" }} ] }}"#,
            sp_path("us-west-2"),
            sp_path("us-east-1")
        )
        .into_bytes(),
        Fault::None,
    );
    let mut body = std::fs::read(fixture("AWSComputeSavingsPlan-us-east-1.json")).unwrap();
    if let Some((c, b)) = &body_for
        && *c == sp
    {
        body = b.clone();
    }
    let fault = match &fault_on {
        Some((c, f)) if *c == sp => f.clone(),
        _ => Fault::None,
    };
    let h = server.route(&sp_path("us-east-1"), body, fault);
    if fault_on.as_ref().is_some_and(|(c, _)| *c == sp) {
        hits = Some(h);
    }
    (server, hits)
}

const SP_CODE: &str = "AWSComputeSavingsPlan";

fn sp_path(region: &str) -> String {
    format!("/savingsPlan/v1.0/aws/{SP_CODE}/{VERSION}/{region}/index.json")
}

fn opts(server: &Server) -> DownloadOptions {
    DownloadOptions {
        base_url: server.base_url.clone(),
        timeout: Duration::from_millis(800),
        retries: 2,
        backoff: Duration::from_millis(10),
        progress: false,
        ..DownloadOptions::default()
    }
}

/// An output directory holding an existing us-east-1 table (the bundled one, verbatim).
fn existing_table() -> (tempfile::TempDir, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("pricing/aws/us-east-1.toml"))
            .unwrap();
    std::fs::write(dir.path().join("us-east-1.toml"), &bytes).unwrap();
    (dir, bytes)
}

/// The directory holds exactly the old table, byte for byte, and no temporary files.
fn assert_untouched(dir: &Path, old: &[u8]) {
    assert_eq!(std::fs::read(dir.join("us-east-1.toml")).unwrap(), old);
    let names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["us-east-1.toml".to_string()]);
}

fn run(
    server: &Server,
    regions: &[&str],
    dir: &Path,
) -> costplan::Result<Vec<costplan::pricing::import::BuildReport>> {
    let regions: Vec<String> = regions.iter().map(|r| r.to_string()).collect();
    let mut out = Vec::new();
    update(&regions, &opts(server), dir, &mut out)
}

#[test]
fn full_update_rebuilds_the_table_with_provenance() {
    let (server, _) = serve(None, None);
    let (dir, old) = existing_table();
    let reports = run(&server, &["us-east-1"], dir.path()).unwrap();
    assert_eq!(reports.len(), 1);
    let new_bytes = std::fs::read(dir.path().join("us-east-1.toml")).unwrap();
    assert_ne!(new_bytes, old);
    let t = read_table(&dir.path().join("us-east-1.toml")).unwrap();
    let bundled = PriceCatalog::bundled().unwrap();
    let bundled = bundled.table("us-east-1").unwrap();
    // Every bundled price, plus the keys the templates find beyond it (other engines, nodes,
    // destinations...).
    assert!(t.prices().count() > bundled.prices().count());
    for b in bundled.prices() {
        assert_eq!(t.get(&b.key).unwrap().rate, b.rate, "{}", b.key);
    }
    assert!(t.contains("rds.instance_hour.mysql.single_az.db.t3.micro"));
    assert_eq!(
        reports[0].carried,
        vec![
            "fargate_spot.gb_hour.linux.x86_64",
            "fargate_spot.vcpu_hour.linux.x86_64"
        ]
    );
    assert!(reports[0].lacking.is_empty());
    // Every offer file, and the Savings Plans price list.
    assert_eq!(t.offer_files.len(), OFFER_CODES.len() + 1);
    let ecs = t
        .offer_files
        .iter()
        .find(|f| f.offer_code == "AmazonECS")
        .unwrap();
    let expected = Sha256::digest(std::fs::read(fixture("AmazonECS-us-east-1.json")).unwrap());
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(ecs.sha256, hex);
    assert_eq!(
        ecs.url,
        format!("{}{}", server.base_url, file_path("AmazonECS", "us-east-1"))
    );
    assert_eq!(
        t.get("alb.hour").unwrap().publication_date.as_deref(),
        Some("2026-10-01")
    );
    assert!(
        t.generated_by
            .as_deref()
            .unwrap()
            .starts_with("costplan pricing update --region us-east-1")
    );
    // No temporary files are left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn update_writes_the_fargate_savings_plan_rates_with_their_source() {
    // The hand-made price list (made-up rates, labelled so) gives 1-yr No Upfront 0.032 per
    // vCPU-hour and 0.0036 per GB-hour to x86 Fargate.
    let (server, _) = serve(None, None);
    let (dir, _) = existing_table();
    run(&server, &["us-east-1"], dir.path()).unwrap();
    let t = read_table(&dir.path().join("us-east-1.toml")).unwrap();
    let sp_url = format!("{}{}", server.base_url, sp_path("us-east-1"));
    let file = t
        .offer_files
        .iter()
        .find(|f| f.offer_code == SP_CODE)
        .expect("the Savings Plans file is listed");
    assert_eq!(file.url, sp_url);
    let expected =
        Sha256::digest(std::fs::read(fixture("AWSComputeSavingsPlan-us-east-1.json")).unwrap());
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(file.sha256, hex);
    assert_eq!(file.version, "20261001000000");
    let vcpu = t.savings_plans("fargate.vcpu_hour.linux.x86_64");
    let one_yr_no = vcpu
        .iter()
        .find(|r| r.lease == "1yr" && r.purchase_option == "No Upfront")
        .expect("1-yr No Upfront vCPU rate");
    assert_eq!(one_yr_no.usd, rust_decimal::Decimal::new(32, 3));
    assert!(
        one_yr_no.source.starts_with(&sp_url) && one_yr_no.source.contains("TESTSP1YRNOUP"),
        "{}",
        one_yr_no.source
    );
    let gb = t.savings_plans("fargate.gb_hour.linux.x86_64");
    assert!(
        gb.iter()
            .any(|r| r.lease == "1yr" && r.usd == rust_decimal::Decimal::new(36, 4)),
        "{gb:?}"
    );
    // Spot is never discounted by a Savings Plan.
    assert!(
        t.savings_plans("fargate_spot.vcpu_hour.linux.x86_64")
            .is_empty()
    );
    // The seed with its Savings Plan estimates from the updated table (its 3-yr RDS reservation
    // has no rate in the offer fixtures: exit 3 naming it, so the plan is checked alone).
}

#[test]
fn a_missing_or_wrong_savings_plans_list_leaves_the_table() {
    let (server, _) = serve(Some((SP_CODE, Fault::ServerErrorFirst(100))), None);
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 5, "{err}");
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert_untouched(dir.path(), &old);

    // An offer file served where the Savings Plans list should be: refused, table untouched.
    let ecs = std::fs::read(fixture("AmazonECS-us-east-1.json")).unwrap();
    let (server, _) = serve(None, Some((SP_CODE, ecs)));
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert!(
        err.to_string().contains("not a Savings Plans price list"),
        "{err}"
    );
    assert_untouched(dir.path(), &old);
}

#[test]
fn http_500_is_retried_then_succeeds() {
    let (server, hits) = serve(Some(("AmazonECR", Fault::ServerErrorFirst(2))), None);
    let (dir, old) = existing_table();
    run(&server, &["us-east-1"], dir.path()).unwrap();
    assert_eq!(hits.unwrap().load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_ne!(
        std::fs::read(dir.path().join("us-east-1.toml")).unwrap(),
        old
    );
}

#[test]
fn persistent_http_500_gives_up_and_leaves_the_table() {
    let (server, hits) = serve(Some(("AmazonVPC", Fault::ServerErrorFirst(100))), None);
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 5);
    assert!(err.to_string().contains("HTTP 500"), "{err}");
    assert!(
        err.to_string().contains("gave up after 3 attempts"),
        "{err}"
    );
    assert_eq!(hits.unwrap().load(std::sync::atomic::Ordering::SeqCst), 3);
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_stalled_body_times_out() {
    let (server, _) = serve(
        Some(("AmazonECR", Fault::Stall(Duration::from_secs(3)))),
        None,
    );
    let (dir, old) = existing_table();
    let mut o = opts(&server);
    o.retries = 0;
    let mut out = Vec::new();
    let err = update(&["us-east-1".to_string()], &o, dir.path(), &mut out).unwrap_err();
    assert_eq!(err.exit_code(), 5);
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(err.to_string().contains("AmazonECR"), "{err}");
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_body_cut_short_is_caught_against_content_length() {
    let (server, hits) = serve(Some(("AmazonRDS", Fault::CutShort)), None);
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 5);
    let msg = err.to_string();
    assert!(msg.contains("AmazonRDS"), "{msg}");
    assert!(msg.contains("bytes"), "{msg}");
    assert_eq!(
        hits.unwrap().load(std::sync::atomic::Ordering::SeqCst),
        3,
        "short bodies are retried"
    );
    assert_untouched(dir.path(), &old);
}

#[test]
fn invalid_json_fails_with_the_offset() {
    let mut body = std::fs::read(fixture("AmazonElastiCache-us-east-1.json")).unwrap();
    body.truncate(body.len() * 2 / 3);
    let (server, _) = serve(None, Some(("AmazonElastiCache", body)));
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains("invalid JSON at byte"), "{err}");
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_404_for_one_region_writes_no_region() {
    let (server, _) = serve(None, None);
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1", "us-west-2"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 5);
    let msg = err.to_string();
    assert!(msg.contains("HTTP 404"), "{msg}");
    assert!(msg.contains("us-west-2"), "{msg}");
    assert_untouched(dir.path(), &old);
}

#[test]
fn two_products_for_one_key_are_listed() {
    let text = std::fs::read_to_string(fixture("AmazonECR-us-east-1.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let products = v["products"].as_object_mut().unwrap();
    let (sku, p) = products
        .iter()
        .next()
        .map(|(k, v)| (k.clone(), v.clone()))
        .unwrap();
    let mut twin = p.clone();
    twin["sku"] = "TWINTWINTWINTWIN".into();
    products.insert("TWINTWINTWINTWIN".into(), twin);
    let term = v["terms"]["OnDemand"][&sku]
        .to_string()
        .replace(&sku, "TWINTWINTWINTWIN");
    v["terms"]["OnDemand"]["TWINTWINTWINTWIN"] = serde_json::from_str(&term).unwrap();
    let (server, _) = serve(
        None,
        Some(("AmazonECR", serde_json::to_vec_pretty(&v).unwrap())),
    );
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 3);
    let msg = err.to_string();
    assert!(
        msg.contains("`ecr.storage_gb_month`: 2 products match"),
        "{msg}"
    );
    assert!(
        msg.contains(&sku) && msg.contains("TWINTWINTWINTWIN"),
        "{msg}"
    );
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_wrong_offer_code_is_refused() {
    let body = std::fs::read(fixture("AmazonECS-us-east-1.json")).unwrap();
    let (server, _) = serve(None, Some(("AmazonECR", body)));
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("wrong offer code: expected `AmazonECR`, the file is `AmazonECS`"),
        "{err}"
    );
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_price_the_offer_file_lacks_is_carried_over_and_listed_or_dropped() {
    let text = std::fs::read_to_string(fixture("AmazonVPC-us-east-1.json")).unwrap();
    let text = text.replace("USE1-VpcEndpoint-Hours", "USE1-VpcEndpoint-Renamed-Hours");
    let (server, _) = serve(None, Some(("AmazonVPC", text.into_bytes())));
    let (dir, old) = existing_table();
    let old_table = read_table(&dir.path().join("us-east-1.toml")).unwrap();
    let mut out = Vec::new();
    let regions = ["us-east-1".to_string()];
    let reports = update(&regions, &opts(&server), dir.path(), &mut out).unwrap();
    let key = "vpc.interface_endpoint_az_hour";
    assert_eq!(reports[0].lacking, vec![key]);
    assert!(reports[0].carried.iter().any(|k| k == key));
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(&format!(
            "not in the offer files, carried over from the previous table (--drop-missing drops them): {key}"
        )),
        "{text}"
    );
    // The old entry, provenance and all (never re-dated as if the offer file had it).
    let t = read_table(&dir.path().join("us-east-1.toml")).unwrap();
    assert_eq!(t.get(key).unwrap(), old_table.get(key).unwrap());
    // --drop-missing drops it, and says so.
    std::fs::write(dir.path().join("us-east-1.toml"), &old).unwrap();
    let mut out = Vec::new();
    let table = TableArgs {
        drop_missing: true,
        verbose: false,
    };
    let reports = update_with(&regions, &opts(&server), dir.path(), &table, &mut out).unwrap();
    assert_eq!(reports[0].dropped, vec![key]);
    assert!(
        !read_table(&dir.path().join("us-east-1.toml"))
            .unwrap()
            .contains(key)
    );
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains(&format!(
            "not in the offer files, dropped (--drop-missing): {key}"
        )),
        "{text}"
    );
}

#[test]
fn an_unreachable_server_is_a_network_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let (dir, old) = existing_table();
    let o = DownloadOptions {
        base_url: format!("http://{addr}"),
        timeout: Duration::from_millis(500),
        retries: 1,
        backoff: Duration::from_millis(10),
        progress: false,
        ..DownloadOptions::default()
    };
    let mut out = Vec::new();
    let err = update(&["us-east-1".to_string()], &o, dir.path(), &mut out).unwrap_err();
    assert_eq!(err.exit_code(), 5);
    assert!(err.to_string().contains("index.json"), "{err}");
    assert_untouched(dir.path(), &old);
}

#[test]
fn a_failed_write_keeps_the_old_table_and_exits_4() {
    let (server, _) = serve(None, None);
    let (dir, old) = existing_table();
    // Occupy the temporary file's name so that creating it fails, as a full disk would.
    let blocker = dir
        .path()
        .join(format!(".us-east-1.toml.tmp-{}", std::process::id()));
    std::fs::create_dir(&blocker).unwrap();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 4);
    assert!(
        err.to_string().contains("us-east-1.toml: cannot write"),
        "{err}"
    );
    std::fs::remove_dir(&blocker).unwrap();
    assert_untouched(dir.path(), &old);
}

#[test]
fn the_real_indexes_lead_to_the_regional_offer_file() {
    use costplan::pricing::import::download::{RegionIndex, region_index_urls};
    let index = std::fs::read(fixture("offers-index.json")).unwrap();
    let urls = region_index_urls(&index[..], &OFFER_CODES, "index").unwrap();
    assert_eq!(urls.len(), OFFER_CODES.len());
    let ec2 = urls.iter().find(|(c, _)| c == "AmazonEC2").unwrap();
    assert_eq!(
        ec2.1,
        "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
    );
    let ri_bytes = std::fs::read(fixture("AmazonEC2-region_index.json")).unwrap();
    let wanted = ["eu-west-1".to_string(), "mars-north-1".to_string()];
    let ri = RegionIndex::read(&ri_bytes[..], &wanted, "ri").unwrap();
    assert_eq!(
        ri.url_for("eu-west-1", "ri").unwrap(),
        "/offers/v1.0/aws/AmazonEC2/20250523232744/eu-west-1/index.json"
    );
    let err = ri.url_for("mars-north-1", "ri").unwrap_err().to_string();
    assert!(
        err.contains("no offer file for region `mars-north-1`") && err.contains("us-east-1"),
        "{err}"
    );
    assert!(region_index_urls(&index[..], &["NoSuchOffer"], "index").is_err());
}

// ---------------------------------------------------------------------------------------------
// A hostile or broken mirror: deadlines, URLs, userinfo (issue 16). Every test stays on
// 127.0.0.1 and is bounded in time.

use super::common::costplan;
use predicates::prelude::*;

/// Names of the files in `dir` (to check that no temporary file is left).
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_mirror_that_drips_one_byte_at_a_time_hits_the_per_file_deadline() {
    // 6 KB at 20 ms a byte would take two minutes; every read arrives well within the timeout.
    let (server, _) = serve(
        Some(("AmazonVPC", Fault::Drip(Duration::from_millis(20)))),
        None,
    );
    let (dir, old) = existing_table();
    let o = DownloadOptions {
        deadline: Duration::from_secs(1),
        ..opts(&server)
    };
    let started = std::time::Instant::now();
    let err = update(&["us-east-1".to_string()], &o, dir.path(), &mut Vec::new()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.exit_code(), 5, "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains("AmazonVPC") && msg.contains("took longer than the deadline of 1 s per file"),
        "{msg}"
    );
    assert_untouched(dir.path(), &old);
}

#[test]
fn the_run_deadline_bounds_the_whole_update() {
    let (server, _) = serve(
        Some(("AmazonVPC", Fault::Drip(Duration::from_millis(20)))),
        None,
    );
    let (dir, old) = existing_table();
    let o = DownloadOptions {
        run_deadline: Duration::from_secs(1),
        ..opts(&server)
    };
    let started = std::time::Instant::now();
    let err = update(&["us-east-1".to_string()], &o, dir.path(), &mut Vec::new()).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.exit_code(), 5, "{err}");
    assert!(err.to_string().contains("--run-deadline-secs"), "{err}");
    assert_untouched(dir.path(), &old);
}

#[test]
fn the_binary_ends_a_dripping_download_and_leaves_no_temporary_file() {
    let (server, _) = serve(
        Some(("AmazonVPC", Fault::Drip(Duration::from_millis(20)))),
        None,
    );
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    costplan()
        .args([
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "--retries",
            "0",
        ])
        .args([
            "--deadline-secs",
            "1",
            "--base-url",
            &server.base_url,
            "--out",
        ])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "took longer than the deadline of 1 s",
        ));
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn huge_or_zero_durations_are_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (flag, value) in [
        ("--timeout-secs", "18446744073709551615"),
        ("--timeout-secs", "0"),
        ("--timeout-secs", "3601"),
        ("--deadline-secs", "18446744073709551615"),
        ("--run-deadline-secs", "604801"),
    ] {
        costplan()
            .args(["pricing", "update", "--region", "us-east-1", flag, value])
            .args(["--base-url", "http://127.0.0.1:9", "--out"])
            .arg(dir.path().join("aws"))
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(flag))
            .stderr(predicate::str::contains("panicked").not());
    }
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn the_library_clamps_a_huge_timeout_instead_of_panicking() {
    let (server, _) = serve(None, None);
    let dir = tempfile::tempdir().unwrap();
    let o = DownloadOptions {
        timeout: Duration::MAX,
        deadline: Duration::MAX,
        run_deadline: Duration::MAX,
        backoff: Duration::MAX,
        ..opts(&server)
    };
    update(&["us-east-1".to_string()], &o, dir.path(), &mut Vec::new()).unwrap();
}

#[test]
fn a_base_url_that_is_not_http_or_is_malformed_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    for url in [
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "not a url",
        "127.0.0.1:8080",
        "http://",
        "https://user:s3cret@[::1",
        "http://127.0.0.1:9/?q=1",
    ] {
        costplan()
            .args([
                "pricing",
                "update",
                "--region",
                "us-east-1",
                "--retries",
                "0",
            ])
            .args(["--base-url", url, "--out"])
            .arg(dir.path().join("aws"))
            .timeout(Duration::from_secs(30))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--base-url"))
            .stderr(predicate::str::contains("s3cret").not());
    }
    // Refused before anything is created.
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

/// A second mirror on another port of 127.0.0.1, serving the EC2 offer file that the first
/// mirror's region index points to.
fn serve_pointing_elsewhere() -> (
    Server,
    Server,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    let (server, _) = serve(None, None);
    let other = Server::start();
    let path = file_path("AmazonEC2", "us-east-1");
    let hits = other.route(
        &path,
        std::fs::read(fixture("AmazonEC2-us-east-1.json")).unwrap(),
        Fault::None,
    );
    let index = format!(
        r#"{{ "regions" : {{ "us-east-1" : {{ "currentVersionUrl" : "{}{path}" }} }} }}"#,
        other.base_url.replace("http://", "http://attacker:pw@")
    );
    server.route(
        "/offers/v1.0/aws/AmazonEC2/current/region_index.json",
        index.into_bytes(),
        Fault::None,
    );
    (server, other, hits)
}

#[test]
fn an_index_may_not_send_costplan_to_another_host_or_port() {
    let (server, other, hits) = serve_pointing_elsewhere();
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert_eq!(err.exit_code(), 5, "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("{}/offers/v1.0/aws/AmazonEC2", other.base_url))
            && msg.contains("outside the mirror")
            && !msg.contains("pw@"),
        "{msg}"
    );
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_untouched(dir.path(), &old);
}

#[test]
fn the_binary_refuses_an_index_pointing_elsewhere_with_exit_5() {
    let (server, other, hits) = serve_pointing_elsewhere();
    let dir = tempfile::tempdir().unwrap();
    costplan()
        .args([
            "pricing",
            "update",
            "--region",
            "us-east-1",
            "--retries",
            "0",
        ])
        .args(["--base-url", &server.base_url, "--out"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(other.base_url.as_str()))
        .stderr(predicate::str::contains("attacker").not());
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_eq!(names_in(dir.path()), Vec::<String>::new());
}

#[test]
fn userinfo_in_the_base_url_never_reaches_tables_output_or_errors() {
    let (server, _) = serve(None, None);
    let with_secret = server.base_url.replace("http://", "http://reader:s3cret@");
    let dir = tempfile::tempdir().unwrap();
    costplan()
        .args(["pricing", "update", "--region", "us-east-1"])
        .args(["--base-url", &with_secret, "--out"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .success()
        .stdout(predicate::str::contains("s3cret").not())
        .stdout(predicate::str::contains("reader").not());
    let table = std::fs::read_to_string(dir.path().join("us-east-1.toml")).unwrap();
    assert!(
        table.contains(&format!("--base-url {}", server.base_url)),
        "{table}"
    );
    assert!(!table.contains("s3cret") && !table.contains("reader@"));
    // A failure (us-west-2's offer files are not served: 404) names the URL, not the secret.
    costplan()
        .args([
            "pricing",
            "update",
            "--region",
            "us-west-2",
            "--retries",
            "0",
        ])
        .args(["--base-url", &with_secret, "--out"])
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(5)
        .stderr(predicate::str::contains(server.base_url.as_str()))
        .stderr(predicate::str::contains("s3cret").not())
        .stderr(predicate::str::contains("reader").not());
}

#[test]
fn indexes_are_streamed_past_values_they_do_not_need() {
    use costplan::pricing::import::download::{RegionIndex, region_index_urls};
    // Millions of empty arrays and objects, nested junk and unknown keys around what is kept.
    let junk = "[],{},".repeat(200_000);
    let index = format!(
        r#"{{ "junk" : [{junk}[]], "offers" : {{ "Other" : [[[{{}}]]], "AmazonEC2" : {{ "x" : [{junk}{{}}], "currentRegionIndexUrl" : "/ec2/region_index.json" }} }} }}"#
    );
    let urls = region_index_urls(index.as_bytes(), &["AmazonEC2"], "index").unwrap();
    assert_eq!(
        urls,
        vec![(
            "AmazonEC2".to_string(),
            "/ec2/region_index.json".to_string()
        )]
    );
    let ri = format!(
        r#"{{ "regions" : {{ "eu-west-1" : {{ "currentVersionUrl" : "/eu" }}, "us-east-1" : {{ "junk" : [{junk}0], "currentVersionUrl" : "/us" }} }}, "more" : {{}} }}"#
    );
    let ri = RegionIndex::read(ri.as_bytes(), &["us-east-1".to_string()], "ri").unwrap();
    assert_eq!(ri.url_for("us-east-1", "ri").unwrap(), "/us");
    // Malformed indexes are offer-data errors (exit 3), duplicates included.
    for bad in [
        r#"{ "offers" : {} , "offers" : {} }"#,
        r#"{ "offers" : [] }"#,
        r#"{ "offers" : { "AmazonEC2" : { "currentRegionIndexUrl" : "/a" }, "AmazonEC2" : { "currentRegionIndexUrl" : "/b" } } }"#,
        r#"{ "offers" : {"#,
    ] {
        let err = region_index_urls(bad.as_bytes(), &["AmazonEC2"], "index").unwrap_err();
        assert_eq!(err.exit_code(), 3, "{bad}: {err}");
    }
}

// ---------------------------------------------------------------------------------------------
// Importer inputs that are ambiguous or malformed: exit 3, saying so.

/// Runs `pricing import` on a file holding `text`; returns the assertion on exit 3.
fn import_text(name: &str, text: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("aws");
    let assert = costplan()
        .args(["pricing", "import", "--region", "us-east-1", "--out"])
        .arg(&out)
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .assert()
        .code(3);
    assert!(!out.exists(), "nothing written");
    assert
}

fn ecs_json() -> String {
    std::fs::read_to_string(fixture("AmazonECS-us-east-1.json")).unwrap()
}

fn ecs_csv() -> String {
    std::fs::read_to_string(fixture("AmazonECS-us-east-1.csv")).unwrap()
}

#[test]
fn a_json_offer_with_a_duplicate_products_key_exits_3() {
    let text = ecs_json();
    let text = text.replacen(
        r#""products" : {"#,
        r#""products" : { "X" : { "sku" : "X" } }, "products" : {"#,
        1,
    );
    import_text("AmazonECS.json", &text)
        .stderr(predicate::str::contains("the `products` key appears twice"));
}

#[test]
fn a_json_offer_with_a_duplicate_sku_exits_3() {
    let text = ecs_json();
    // The Fargate Windows vCPU product (one costplan keeps) defined a second time, priced nowhere.
    let dup = r#""products" : {
    "RF2BUTAD289DREDC-again" : { "sku" : "RF2BUTAD289DREDC", "productFamily" : "Compute", "attributes" : {} },"#;
    let text = text.replacen(r#""products" : {"#, dup, 1);
    import_text("AmazonECS.json", &text).stderr(predicate::str::contains(
        "SKU `RF2BUTAD289DREDC` is defined twice",
    ));
}

#[test]
fn a_csv_offer_with_an_unterminated_quote_exits_3() {
    let text = ecs_csv();
    // A quote opened in the middle of the rows swallows the rest of the file.
    let broken = text.replacen(r#","hours","#, r#","hours,"#, 1);
    import_text("AmazonECS.csv", &broken).stderr(predicate::str::contains("unterminated quote"));
    // On the last line, with nothing after it.
    let last = format!("{}\"RF2BUTAD289DREDC,JRTCKXETXF", text.trim_end());
    import_text("AmazonECS.csv", &last).stderr(predicate::str::contains("unterminated quote"));
}

#[test]
fn a_csv_header_naming_a_column_twice_exits_3() {
    let text = ecs_csv();
    let text = text.replacen(r#""SKU","OfferTermCode""#, r#""SKU","Unit""#, 1);
    import_text("AmazonECS.csv", &text).stderr(predicate::str::contains(
        "header row names the column `Unit` twice",
    ));
}
