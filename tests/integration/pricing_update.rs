//! `pricing update` against a local HTTP server serving real-format offer files, with faults.
//! Every failure must leave the existing table byte-identical and exit non-zero with the reason.

use super::fixture;
use super::http_server::{Fault, Server};
use costplan::pricing::PriceCatalog;
use costplan::pricing::commands::{read_table, update};
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
    (server, hits)
}

fn opts(server: &Server) -> DownloadOptions {
    DownloadOptions {
        base_url: server.base_url.clone(),
        timeout: Duration::from_millis(800),
        retries: 2,
        backoff: Duration::from_millis(10),
        progress: false,
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
    assert_eq!(t.prices().count(), bundled.prices().count());
    for b in bundled.prices() {
        assert_eq!(t.get(&b.key).unwrap().rate, b.rate, "{}", b.key);
    }
    assert_eq!(
        reports[0].carried,
        vec![
            "fargate_spot.vcpu_hour.linux.x86_64",
            "fargate_spot.gb_hour.linux.x86_64"
        ]
    );
    assert_eq!(t.offer_files.len(), OFFER_CODES.len());
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
fn a_missing_price_is_refused() {
    let text = std::fs::read_to_string(fixture("AmazonVPC-us-east-1.json")).unwrap();
    let text = text.replace("USE1-VpcEndpoint-Hours", "USE1-VpcEndpoint-Renamed-Hours");
    let (server, _) = serve(None, Some(("AmazonVPC", text.into_bytes())));
    let (dir, old) = existing_table();
    let err = run(&server, &["us-east-1"], dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("`vpc.interface_endpoint_az_hour`: no product matches"),
        "{err}"
    );
    assert_untouched(dir.path(), &old);
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
    use costplan::pricing::import::download::{region_index_urls, regional_url};
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("offers-index.json")).unwrap()).unwrap();
    let urls = region_index_urls(&index, &OFFER_CODES, "index").unwrap();
    assert_eq!(urls.len(), OFFER_CODES.len());
    let ec2 = urls.iter().find(|(c, _)| c == "AmazonEC2").unwrap();
    assert_eq!(
        ec2.1,
        "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
    );
    let ri: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("AmazonEC2-region_index.json")).unwrap())
            .unwrap();
    assert_eq!(
        regional_url(&ri, "eu-west-1", "ri").unwrap(),
        "/offers/v1.0/aws/AmazonEC2/20250523232744/eu-west-1/index.json"
    );
    let err = regional_url(&ri, "mars-north-1", "ri")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no offer file for region `mars-north-1`") && err.contains("us-east-1"),
        "{err}"
    );
    assert!(region_index_urls(&index, &["NoSuchOffer"], "index").is_err());
}
