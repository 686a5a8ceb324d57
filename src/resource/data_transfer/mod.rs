//! The data transfer out to the internet, across AZs and regions: the resource kind (section `[data_transfer]`), its import selectors, and its cost
//! model in [`cost`].

pub mod cost;
pub mod input;
mod validate;

use super::Kind;
use crate::model::Group;
use crate::pricing::import::rules::RuleBuilder;
use crate::pricing::import::rules::eq;
use crate::pricing::import::selector::Part;
use crate::pricing::key;

/// The kind, registered in [`super::REGISTRY`].
pub static KIND: Kind = Kind::new("data_transfer", Group::DataTransfer, cost::price, selectors);

/// The import selectors of the kind's price keys.
fn selectors(b: &mut RuleBuilder) {
    // Data transfer.
    let from = Some("fromRegionCode");
    b.add(
        key::INTERNET_OUT,
        "Data transfer out to the internet (tiered per month)",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("DataTransfer-Out-Bytes"),
        from,
        vec![
            eq("transferType", "AWS Outbound"),
            eq("toLocation", "External"),
        ],
    );
    b.add(
        key::INTERNET_OUT_FREE,
        "Data transfer out to the internet, free allowance aggregated across regions and services",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("Global-DataTransfer-Out-Bytes"),
        None,
        vec![],
    );
    b.add(
        key::INTER_AZ,
        "Data transfer between availability zones, charged in each direction",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        Some("DataTransfer-Regional-Bytes"),
        from,
        vec![eq("transferType", "IntraRegion")],
    );
    // Inter-region, per destination region (priced at the source region).
    b.template(
        "data_transfer.inter_region_out_gb.{to_region}",
        "Data transfer out to {to_region}",
        "GB",
        "AWSDataTransfer",
        Some("Data Transfer"),
        from,
        vec![eq("transferType", "InterRegion Outbound")],
        vec![("to_region", Part::Attr("toRegionCode"))],
    );
}

/// The destinations whose inter-region price a region's bundled table carries, each from a cited
/// source (`pricing/tools/regional_prices.py`; `pricing update` reads every destination its offer
/// file holds, through the template above): the representative
/// destination of the deprecated `inter_region_out_gb` ([`input::representative_destination`])
/// and the pairs the sources price. Another destination is priced from a table that has its key
/// (`--prices`).
pub fn bundled_destinations(region: &str) -> Vec<&'static str> {
    const CITED: &[(&str, &[&str])] = &[
        ("us-east-1", &["us-east-2", "us-west-2"]),
        (
            "us-east-2",
            &[
                "us-east-1",
                "us-west-1",
                "us-west-2",
                "eu-west-1",
                "ap-northeast-1",
            ],
        ),
        (
            "us-west-2",
            &[
                "us-east-1",
                "us-east-2",
                "us-west-1",
                "eu-west-1",
                "ap-northeast-1",
            ],
        ),
        (
            "eu-west-1",
            &[
                "us-west-1",
                "us-east-1",
                "us-east-2",
                "us-west-2",
                "ap-northeast-1",
            ],
        ),
        (
            "ap-northeast-1",
            &[
                "us-east-1",
                "us-west-1",
                "eu-west-1",
                "us-east-2",
                "us-west-2",
            ],
        ),
    ];
    match CITED.iter().find(|(from, _)| *from == region) {
        Some((_, to)) => to.to_vec(),
        None => vec![input::representative_destination(region)],
    }
}
