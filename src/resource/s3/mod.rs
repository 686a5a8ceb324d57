//! Amazon S3 Standard: storage (tiered GB-month) and requests. A plain usage section, `[s3]`:
//! its inputs are declared once in [`INPUTS`] and read from there by validation, scenario paths,
//! the JSON Schema and the reference. This folder and one registry line are all S3 adds.
//!
//! Prices (in `pricing/aws/us-east-1.toml`): infracost's golden test `s3_bucket_test` (last
//! changed 2024-07-01: 10,000 GB Standard = $230.00, 10k PUT-class requests = $0.05), evidence
//! B; the tiers beyond 50 TB from AWS's S3 pricing page as transcribed, evidence C.

use super::ResourceKind;
use super::usage::UsageInput;
use crate::error::Result;
use crate::estimate::Pricer;
use crate::model::Group;
use crate::pricing::import::rules::{RuleBuilder, eq};
use crate::topology::Topology;

/// S3 Standard storage, tiered per month (first 50 TB, next 450 TB, over 500 TB).
pub const STORAGE_KEY: &str = "s3.standard_storage_gb_month";
/// PUT, COPY, POST and LIST requests (S3's "Tier 1" requests).
pub const PUT_KEY: &str = "s3.standard_request.tier1";
/// GET, SELECT and all other requests (S3's "Tier 2" requests).
pub const GET_KEY: &str = "s3.standard_request.tier2";

/// The inputs of `[s3]`.
pub static INPUTS: [UsageInput; 3] = [
    UsageInput {
        path: "s3.storage_gb",
        whole: false,
        max: 1_000_000_000,
        doc: "GB stored in S3 Standard, averaged over the month (tiered: 50 TB, 450 TB, beyond). Default 0.",
    },
    UsageInput {
        path: "s3.put_requests",
        whole: true,
        max: 1_000_000_000_000_000,
        doc: "PUT, COPY, POST and LIST requests per month. Default 0.",
    },
    UsageInput {
        path: "s3.get_requests",
        whole: true,
        max: 1_000_000_000_000_000,
        doc: "GET, SELECT and all other requests per month. Default 0.",
    },
];

/// Amazon S3 Standard.
pub struct S3;

impl ResourceKind for S3 {
    fn section(&self) -> &'static str {
        "s3"
    }

    fn group(&self) -> Group {
        Group::S3
    }

    fn usage_inputs(&self) -> &'static [UsageInput] {
        &INPUTS
    }

    fn doc(&self) -> &'static str {
        "Amazon S3 Standard storage and requests per month."
    }

    fn price(&self, t: &Topology, p: &mut Pricer) -> Result<()> {
        let [storage, put, get] = &INPUTS;
        let usage = &t.usage;
        p.add(
            Group::S3,
            "S3 Standard",
            "storage",
            usage.get(storage),
            STORAGE_KEY,
        )?;
        p.add(
            Group::S3,
            "S3 Standard",
            "PUT, COPY, POST, LIST requests",
            usage.get(put),
            PUT_KEY,
        )?;
        p.add(
            Group::S3,
            "S3 Standard",
            "GET and other requests",
            usage.get(get),
            GET_KEY,
        )
    }

    fn selectors(&self, b: &mut RuleBuilder) {
        let rc = Some("regionCode");
        b.add(
            STORAGE_KEY,
            "S3 Standard storage (tiered per month)",
            "GB-month",
            "AmazonS3",
            Some("Storage"),
            Some("TimedStorage-ByteHrs"),
            rc,
            vec![eq("volumeType", "Standard")],
        );
        for (key, description, usage_type) in [
            (
                PUT_KEY,
                "S3 Standard PUT, COPY, POST, LIST requests",
                "Requests-Tier1",
            ),
            (
                GET_KEY,
                "S3 Standard GET, SELECT and other requests",
                "Requests-Tier2",
            ),
        ] {
            b.add(
                key,
                description,
                "request",
                "AmazonS3",
                Some("API Request"),
                Some(usage_type),
                rc,
                vec![],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::pricing::PriceCatalog;
    use crate::source::SourceFile;
    use rust_decimal::Decimal;

    fn lines(body: &str) -> Vec<(String, Decimal, Decimal, Decimal)> {
        let catalog = PriceCatalog::bundled().unwrap();
        let text = format!("name = \"t\"\nregion = \"us-east-1\"\n[s3]\n{body}");
        let t = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap();
        let e = crate::estimate::price(&t, catalog.table("us-east-1").unwrap()).unwrap();
        e.line_items
            .into_iter()
            .map(|l| (l.component, l.quantity, l.unit_price_usd, l.monthly_usd))
            .collect()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// infracost's golden `s3_bucket_test`: 10,000 GB Standard = $230.00, 10k PUT-class requests
    /// = $0.05, 10k GET-class requests = $0.004 (shown $0.00).
    #[test]
    fn worked_figures_of_the_cited_source() {
        let l = lines("storage_gb = 10000\nput_requests = 10000\nget_requests = 10000\n");
        assert_eq!(l[0].1 * l[0].2, d("230"));
        assert_eq!(l[0].3, d("230"));
        assert_eq!(
            (l[1].1, l[1].2, l[1].3),
            (d("10000"), d("0.000005"), d("0.05"))
        );
        assert_eq!(
            (l[2].1, l[2].2, l[2].3),
            (d("10000"), d("0.0000004"), d("0.004"))
        );
    }

    /// 60,000 GB: 51,200 GB at 0.023 + 8,800 GB at 0.022.
    #[test]
    fn storage_crosses_the_50_tb_tier() {
        let l = lines("storage_gb = 60000\n");
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].3, d("1177.6"));
        assert_eq!(l[1].3, d("193.6"));
    }

    #[test]
    fn a_fraction_of_a_request_is_refused() {
        let catalog = PriceCatalog::bundled().unwrap();
        let text = "name = \"t\"\nregion = \"us-east-1\"\n[s3]\nget_requests = 1.5\n";
        let e = crate::topology::parse(&SourceFile::new("t.toml", text), &catalog).unwrap_err();
        assert!(e.to_string().contains("whole number"), "{e}");
    }
}
