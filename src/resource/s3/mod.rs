//! Amazon S3 Standard: storage (tiered GB-month) and requests. A plain usage section, `[s3]`:
//! its inputs are declared once in [`INPUTS`] and read from there by validation, scenario paths,
//! the JSON Schema and the reference. This folder and one registry line are all S3 adds.
//!
//! Prices (in `pricing/aws/us-east-1.toml`): infracost's golden test `s3_bucket_test` (last
//! changed 2024-07-01: 10,000 GB Standard = $230.00, 10k PUT-class requests = $0.05), evidence
//! B; the tiers beyond 50 TB from AWS's S3 pricing page as transcribed, evidence C.

use super::Kind;
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

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("s3", Group::S3, price, selectors).usage(
    &INPUTS,
    "Amazon S3 Standard storage and requests per month.",
);

/// The cost model: storage and request lines.
fn price(t: &Topology, p: &mut Pricer) -> Result<()> {
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

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
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
