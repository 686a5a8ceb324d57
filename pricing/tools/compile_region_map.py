#!/usr/bin/env python3
"""Writes src/pricing/regions.rs: every current commercial AWS region (region code <-> Price List
`location` <-> usage-type prefix), each fact with the source it was read from.

Sources (every one findable again by its URL or repository path):
- EC2_REGION_INDEX (A): the AmazonEC2 region index /offers/v1.0/aws/AmazonEC2/current/region_index.json,
  published 2025-05-23, verbatim copy in tests/fixtures/aws-price-list/AmazonEC2-region_index.json
  (taken from docker-commits/awsInstanceData, region_index.json). It lists the region codes; local zones
  (`us-east-1-bos-1`), Wavelength zones (`-wl1-`) and GovCloud are dropped.
- BILLING_CODES_PAGE (A): AWS documentation "AWS Region billing codes",
  https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html: short
  code, region code and name for North America, Africa and Asia Pacific (the stored copy ends at Europe).
  Also the only source for the two regions newer than the region index (ap-east-2, ap-southeast-6).
- REDSHIFT_2018_OFFER (A): AWS Price List AmazonRedshift offer file, all regions, version 20180309224506,
  verbatim copy in tests/fixtures/aws-price-list/AmazonRedshift-us-all-2018.json (from
  bamcis-io/AWSPriceListApi, AWSPriceListApi.Tests/AmazonRedshift.json): each product's `location` next to
  its `usagetype` prefix ("EU (Ireland)" with `EU-Node:dc2.large`).
- BILLING_NAMES_GIST (C): https://gist.github.com/TheYkk/269e64bbf3d263fcc293e910ff126ab3 ("AWS region
  names with bill region names": `{"Europe", "Stockholm", "eu-north-1", "EUN1"}`, Milan EUS1, Bahrain MES1).
- INFRACOST_REGION_MAPPING (B): infracost/infracost internal/resources/aws/util.go `RegionMapping`
  (region code -> Price List location) at commit b767f6311 (2025-10-01), for the locations of regions
  newer than the 2018 offer file.
No cited prefix was found for eu-central-2, eu-south-2, il-central-1 and me-central-1: their `prefix` is
None (`pricing update` selects products by `regionCode`, so the prefix is not needed to import them).
Run: python3 pricing/tools/compile_region_map.py && cargo fmt --all
(The map is Rust, not a TOML file under pricing/, because `--prices DIR` reads every *.toml there as a
price table.)
"""
import json, os

BASE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
index = json.load(open(BASE + '/tests/fixtures/aws-price-list/AmazonEC2-region_index.json'))
codes = sorted(c for c in index['regions'] if not c.startswith('us-gov-') and c.count('-') == 2)
LATER = {'ap-east-2', 'ap-southeast-6'}  # on the billing-codes page, newer than the 2025-05-23 index

SOURCES = {
    'EC2_REGION_INDEX': ('AmazonEC2 region index, published 2025-05-23 (tests/fixtures/aws-price-list/AmazonEC2-region_index.json, from docker-commits/awsInstanceData region_index.json)', 'A'),
    'BILLING_CODES_PAGE': ('AWS Region billing codes, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html', 'A'),
    'REDSHIFT_2018_OFFER': ('AWS Price List AmazonRedshift offer file, version 20180309224506 (tests/fixtures/aws-price-list/AmazonRedshift-us-all-2018.json, from bamcis-io/AWSPriceListApi AWSPriceListApi.Tests/AmazonRedshift.json)', 'A'),
    'BILLING_NAMES_GIST': ('AWS region names with bill region names, https://gist.github.com/TheYkk/269e64bbf3d263fcc293e910ff126ab3', 'C'),
    'INFRACOST_REGION_MAPPING': ('infracost/infracost internal/resources/aws/util.go RegionMapping, commit b767f6311 (2025-10-01)', 'B'),
}

PAGE, RS, GIST, IC = 'BILLING_CODES_PAGE', 'REDSHIFT_2018_OFFER', 'BILLING_NAMES_GIST', 'INFRACOST_REGION_MAPPING'
PREFIX = {
    'us-east-1': ('USE1', PAGE), 'us-east-2': ('USE2', PAGE), 'us-west-1': ('USW1', PAGE),
    'us-west-2': ('USW2', PAGE), 'ca-central-1': ('CAN1', PAGE), 'ca-west-1': ('CAN2', PAGE),
    'mx-central-1': ('MXC1', PAGE), 'af-south-1': ('AFS1', PAGE), 'ap-east-1': ('APE1', PAGE),
    'ap-east-2': ('APE2', PAGE), 'ap-northeast-1': ('APN1', PAGE), 'ap-northeast-2': ('APN2', PAGE),
    'ap-northeast-3': ('APN3', PAGE), 'ap-southeast-1': ('APS1', PAGE), 'ap-southeast-2': ('APS2', PAGE),
    'ap-south-1': ('APS3', PAGE), 'ap-southeast-3': ('APS4', PAGE), 'ap-south-2': ('APS5', PAGE),
    'ap-southeast-4': ('APS6', PAGE), 'ap-southeast-5': ('APS7', PAGE), 'ap-southeast-6': ('APS8', PAGE),
    'ap-southeast-7': ('APS9', PAGE),
    'eu-west-1': ('EU', RS), 'eu-west-2': ('EUW2', RS), 'eu-west-3': ('EUW3', RS),
    'eu-central-1': ('EUC1', RS), 'sa-east-1': ('SAE1', RS),
    'eu-north-1': ('EUN1', GIST), 'eu-south-1': ('EUS1', GIST), 'me-south-1': ('MES1', GIST),
}
RS_LOCATION = {
    'us-east-1': 'US East (N. Virginia)', 'us-east-2': 'US East (Ohio)', 'us-west-1': 'US West (N. California)',
    'us-west-2': 'US West (Oregon)', 'ca-central-1': 'Canada (Central)', 'sa-east-1': 'South America (Sao Paulo)',
    'eu-west-1': 'EU (Ireland)', 'eu-west-2': 'EU (London)', 'eu-west-3': 'EU (Paris)', 'eu-central-1': 'EU (Frankfurt)',
    'ap-northeast-1': 'Asia Pacific (Tokyo)', 'ap-northeast-2': 'Asia Pacific (Seoul)',
    'ap-southeast-1': 'Asia Pacific (Singapore)', 'ap-southeast-2': 'Asia Pacific (Sydney)',
    'ap-south-1': 'Asia Pacific (Mumbai)',
}
IC_LOCATION = {
    'ca-west-1': 'Canada West (Calgary)', 'mx-central-1': 'Mexico (Central)', 'eu-central-2': 'EU (Zurich)',
    'eu-south-1': 'EU (Milan)', 'eu-south-2': 'EU (Spain)', 'eu-north-1': 'EU (Stockholm)',
    'il-central-1': 'Israel (Tel Aviv)', 'ap-east-1': 'Asia Pacific (Hong Kong)', 'ap-east-2': 'Asia Pacific (Taipei)',
    'ap-northeast-3': 'Asia Pacific (Osaka)', 'ap-southeast-3': 'Asia Pacific (Jakarta)',
    'ap-southeast-4': 'Asia Pacific (Melbourne)', 'ap-southeast-5': 'Asia Pacific (Malaysia)',
    'ap-southeast-6': 'Asia Pacific (New Zealand)', 'ap-southeast-7': 'Asia Pacific (Thailand)',
    'ap-south-2': 'Asia Pacific (Hyderabad)', 'me-central-1': 'Middle East (UAE)', 'me-south-1': 'Middle East (Bahrain)',
    'af-south-1': 'Africa (Cape Town)',
}


def rs(x):
    return json.dumps(x, ensure_ascii=False)


HEAD = '''//! Every current commercial AWS region: its code, its AWS Price List `location` and the usage-type
//! prefix its prices carry (`APN1` in `APN1-NatGateway-Hours`), each fact with its source. A leaf:
//! it imports nothing from the crate.
//!
//! Generated by `pricing/tools/compile_region_map.py` (its docstring describes the sources); do not
//! edit by hand. us-east-1 usage types are also found with no prefix at all (`NatGateway-Hours`).

/// A source of a region fact, and its evidence grade (A = AWS data or documentation, B = a pricing
/// tool's data, C = a public copy).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub cites: &'static str,
    pub evidence: char,
}

/// One commercial region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The region code, as in `us-east-1`.
    pub code: &'static str,
    /// The usage-type prefix without its dash, as in `USE1`, when a source gives it.
    pub prefix: Option<&'static str>,
    /// The Price List `location` attribute, as in `US East (N. Virginia)`.
    pub location: &'static str,
    pub code_source: Source,
    pub prefix_source: Option<Source>,
    pub location_source: Source,
}
'''

TAIL = '''
/// The region with this code.
pub fn by_code(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// The region whose prefix a usage type carries (`EU-NatGateway-Hours` is eu-west-1's), if any.
pub fn by_usage_type(usage_type: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| {
        r.prefix.is_some_and(|p| {
            usage_type
                .strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('-'))
        })
    })
}

/// Every region code, in order.
pub fn codes() -> impl Iterator<Item = &'static str> + Clone {
    REGIONS.iter().map(|r| r.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_prefixes_are_unique_and_sorted() {
        for pair in REGIONS.windows(2) {
            assert!(pair[0].code < pair[1].code, "{} / {}", pair[0].code, pair[1].code);
        }
        for r in REGIONS {
            if let Some(p) = r.prefix {
                let same = REGIONS.iter().filter(|o| o.prefix == Some(p)).count();
                assert_eq!(same, 1, "prefix {p} names two regions");
            }
            assert_eq!(r.prefix.is_some(), r.prefix_source.is_some(), "{}", r.code);
        }
    }

    #[test]
    fn usage_types_map_to_their_region() {
        assert_eq!(by_usage_type("EU-NatGateway-Hours").unwrap().code, "eu-west-1");
        assert_eq!(by_usage_type("EUC1-NatGateway-Hours").unwrap().code, "eu-central-1");
        assert_eq!(by_usage_type("APS3-BoxUsage:m5.large").unwrap().code, "ap-south-1");
        assert_eq!(by_usage_type("NatGateway-Hours"), None);
        assert_eq!(by_code("ap-northeast-1").unwrap().prefix, Some("APN1"));
        assert_eq!(by_code("us-east-2").unwrap().location, "US East (Ohio)");
    }
}
'''

out = [HEAD]
for nm, (src, grade) in SOURCES.items():
    out.append(f"const {nm}: Source = Source {{ cites: {rs(src)}, evidence: '{grade}' }};")
out.append('')
out.append('/// Every current commercial region, ordered by code.')
out.append('pub const REGIONS: &[Region] = &[')
for c in sorted(set(codes) | LATER):
    p = PREFIX.get(c)
    if c in RS_LOCATION:
        loc, lsrc = RS_LOCATION[c], RS
    else:
        loc, lsrc = IC_LOCATION[c], IC
    out.append('    Region {')
    out.append(f'        code: {rs(c)},')
    out.append(f'        prefix: {"Some(" + rs(p[0]) + ")" if p else "None"},')
    out.append(f'        location: {rs(loc)},')
    out.append(f'        code_source: {PAGE if c in LATER else "EC2_REGION_INDEX"},')
    out.append(f'        prefix_source: {"Some(" + p[1] + ")" if p else "None"},')
    out.append(f'        location_source: {lsrc},')
    out.append('    },')
out.append('];')
out.append(TAIL)
open(BASE + '/src/pricing/regions.rs', 'w').write('\n'.join(out))
