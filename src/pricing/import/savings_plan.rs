//! Savings Plans offer files (`AWSComputeSavingsPlan`): the region index and the Fargate rates.
//!
//! The Savings Plans price list is published beside the offer files, under
//! `/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json`. Its region index has a
//! `regions` **array** of `{regionCode, versionUrl}`; a region's file has a `products` **array**
//! (`sku`, `attributes.purchaseOption`, …) and `terms.savingsPlan[]`, each with its plan `sku`,
//! `effectiveDate`, `leaseContractLength {duration, unit}` and `rates[]` of
//! `{discountedServiceCode, discountedUsageType, discountedOperation, unit, discountedRate {price,
//! currency}}` (reference §2.6). costplan keeps the rates of AmazonECS Fargate usage: not Spot
//! (Savings Plans do not apply to it) and not ephemeral storage (not eligible).
//!
//! This reads a whole file in memory. `pricing import` takes such a file beside offer files
//! ([`is_savings_plan_file`]) and keeps its rates beside the Fargate prices whose usage type they
//! discount ([`add_to_table`]), as `savings_plan` rows of the table.

use crate::error::{Error, Result};
use crate::money::parse_exact;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Whether the file starting with `head` is a Savings Plans price list (its products are
/// `ComputeSavingsPlans`, its terms `savingsPlan`) rather than an offer file.
pub fn is_savings_plan_file(head: &str) -> bool {
    head.contains("\"savingsPlan\"") || head.contains("\"ComputeSavingsPlans\"")
}

/// Keeps `rates` beside the table's AmazonECS prices whose usage type they discount, replacing the
/// Compute Savings Plan rates those keys had; returns the keys given rates. `source` names the
/// file (it is written into each rate's source with the plan's SKU).
pub fn add_to_table(
    table: &mut crate::pricing::PriceTable,
    rates: &[SavingsPlanRate],
    source: &str,
) -> Vec<String> {
    let targets: Vec<(String, String)> = table
        .prices()
        .filter(|p| p.offer_code == "AmazonECS")
        .map(|p| (p.key.clone(), p.usage_type.clone()))
        .collect();
    let mut keys = Vec::new();
    for (key, usage_type) in targets {
        let mine: Vec<crate::pricing::SavingsPlanPrice> = rates
            .iter()
            .filter(|r| r.usage_type == usage_type)
            .map(|r| crate::pricing::SavingsPlanPrice {
                plan: "compute".into(),
                lease: format!("{}yr", r.term_years),
                purchase_option: r.purchase_option.clone(),
                usd: r.usd,
                effective_date: r.effective_date.chars().take(10).collect(),
                source: format!("{source}, Compute Savings Plan {} ({})", r.sku, r.unit),
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mut all: Vec<_> = table
            .savings_plans(&key)
            .iter()
            .filter(|r| r.plan != "compute")
            .cloned()
            .collect();
        all.extend(mine);
        table.set_savings_plans(&key, all);
        keys.push(key);
    }
    keys
}

/// One Savings Plan rate for one Fargate usage type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SavingsPlanRate {
    /// The discounted usage type, e.g. `USE1-Fargate-vCPU-Hours:perCPU`.
    pub usage_type: String,
    /// Term in years (`leaseContractLength` in years).
    pub term_years: u32,
    /// `No Upfront`, `Partial Upfront` or `All Upfront` (the plan product's `purchaseOption`).
    pub purchase_option: String,
    /// USD per unit of the usage (vCPU-hour, GB-hour).
    pub usd: Decimal,
    pub unit: String,
    /// The Savings Plan product's SKU.
    pub sku: String,
    pub effective_date: String,
}

#[derive(Deserialize)]
struct RegionIndex {
    regions: Vec<RegionEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegionEntry {
    region_code: String,
    version_url: String,
}

/// The `versionUrl` of `region` in a Savings Plans region index.
pub fn region_version_url(index_json: &str, region: &str, origin: &str) -> Result<String> {
    let index: RegionIndex = serde_json::from_str(index_json).map_err(|e| Error::Import {
        origin: origin.to_string(),
        message: format!("not a Savings Plans region index (`regions` array): {e}"),
    })?;
    index
        .regions
        .into_iter()
        .find(|r| r.region_code == region)
        .map(|r| r.version_url)
        .ok_or_else(|| Error::Import {
            origin: origin.to_string(),
            message: format!("the Savings Plans region index has no `{region}`"),
        })
}

#[derive(Deserialize)]
struct SpFile {
    products: Vec<SpProduct>,
    terms: SpTerms,
}

#[derive(Deserialize)]
struct SpProduct {
    sku: String,
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpTerms {
    savings_plan: Vec<SpTerm>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpTerm {
    sku: String,
    effective_date: String,
    lease_contract_length: Lease,
    rates: Vec<SpRate>,
}

#[derive(Deserialize)]
struct Lease {
    duration: u32,
    unit: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpRate {
    discounted_service_code: String,
    discounted_usage_type: String,
    unit: String,
    discounted_rate: Price,
}

#[derive(Deserialize)]
struct Price {
    price: String,
    currency: String,
}

/// Whether a discounted usage type is Fargate usage a Savings Plan covers.
pub fn is_eligible_fargate(service_code: &str, usage_type: &str) -> bool {
    service_code == "AmazonECS"
        && usage_type.contains("Fargate")
        && !usage_type.contains("Spot")
        && !usage_type.contains("EphemeralStorage")
}

/// The Fargate rates of a region's Savings Plans offer file, sorted; an error names what is
/// malformed. Two rates for one usage type, term and payment option are an error.
pub fn fargate_rates(json: &str, origin: &str) -> Result<Vec<SavingsPlanRate>> {
    let bad = |message: String| Error::Import {
        origin: origin.to_string(),
        message,
    };
    let file: SpFile = serde_json::from_str(json)
        .map_err(|e| bad(format!("not a Savings Plans offer file: {e}")))?;
    let options: BTreeMap<&str, &str> = file
        .products
        .iter()
        .filter_map(|p| {
            p.attributes
                .get("purchaseOption")
                .map(|o| (p.sku.as_str(), o.as_str()))
        })
        .collect();
    let mut out: Vec<SavingsPlanRate> = Vec::new();
    for t in &file.terms.savings_plan {
        let term_years = match t.lease_contract_length.unit.as_str() {
            "year" | "Year" | "years" | "Years" => t.lease_contract_length.duration,
            other => {
                return Err(bad(format!(
                    "savings plan `{}`: lease unit `{other}` is not years",
                    t.sku
                )));
            }
        };
        for r in &t.rates {
            if !is_eligible_fargate(&r.discounted_service_code, &r.discounted_usage_type) {
                continue;
            }
            let Some(option) = options.get(t.sku.as_str()) else {
                return Err(bad(format!(
                    "savings plan `{}` has no product with a `purchaseOption`",
                    t.sku
                )));
            };
            if r.discounted_rate.currency != "USD" {
                return Err(bad(format!(
                    "savings plan `{}`: currency `{}` is not USD",
                    t.sku, r.discounted_rate.currency
                )));
            }
            let usd = parse_exact(&r.discounted_rate.price)
                .filter(|d| !d.is_sign_negative())
                .ok_or_else(|| {
                    bad(format!(
                        "savings plan `{}`: `{}` is not a price",
                        t.sku, r.discounted_rate.price
                    ))
                })?;
            let rate = SavingsPlanRate {
                usage_type: r.discounted_usage_type.clone(),
                term_years,
                purchase_option: option.to_string(),
                usd,
                unit: r.unit.clone(),
                sku: t.sku.clone(),
                effective_date: t.effective_date.clone(),
            };
            if out.iter().any(|o| {
                o.usage_type == rate.usage_type
                    && o.term_years == rate.term_years
                    && o.purchase_option == rate.purchase_option
            }) {
                return Err(bad(format!(
                    "two {}-year {} rates for `{}`",
                    rate.term_years, rate.purchase_option, rate.usage_type
                )));
            }
            out.push(rate);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file in the published shape (reference §2.6), with made-up rates.
    fn offer(extra_rate: &str) -> String {
        format!(
            r#"{{
  "version": "20261001000000", "publicationDate": "2026-10-01T00:00:00Z", "regionCode": "us-east-1",
  "products": [
    {{"sku": "SP1", "productFamily": "ComputeSavingsPlans", "serviceCode": "ComputeSavingsPlans",
      "attributes": {{"purchaseOption": "No Upfront", "purchaseTerm": "1yr", "granularity": "hourly"}}}},
    {{"sku": "SP3", "productFamily": "ComputeSavingsPlans", "serviceCode": "ComputeSavingsPlans",
      "attributes": {{"purchaseOption": "All Upfront", "purchaseTerm": "3yr", "granularity": "hourly"}}}}
  ],
  "terms": {{"savingsPlan": [
    {{"sku": "SP1", "description": "1 year No Upfront Compute Savings Plan", "effectiveDate": "2026-10-01T00:00:00Z",
      "leaseContractLength": {{"duration": 1, "unit": "year"}},
      "rates": [
        {{"discountedSku": "A", "discountedUsageType": "USE1-Fargate-vCPU-Hours:perCPU", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP1.A", "unit": "Hrs",
          "discountedRate": {{"price": "0.0300", "currency": "USD"}}}},
        {{"discountedSku": "B", "discountedUsageType": "USE1-Fargate-GB-Hours", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP1.B", "unit": "Hrs",
          "discountedRate": {{"price": "0.0035", "currency": "USD"}}}},
        {{"discountedSku": "C", "discountedUsageType": "USE1-SpotUsage:Fargate-vCPU-Hours:perCPU", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP1.C", "unit": "Hrs",
          "discountedRate": {{"price": "0.01", "currency": "USD"}}}},
        {{"discountedSku": "D", "discountedUsageType": "USE1-Fargate-EphemeralStorage-GB-Hours", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP1.D", "unit": "Hrs",
          "discountedRate": {{"price": "0.0001", "currency": "USD"}}}},
        {{"discountedSku": "E", "discountedUsageType": "BoxUsage:m5.large", "discountedOperation": "RunInstances",
          "discountedServiceCode": "AmazonEC2", "rateCode": "SP1.E", "unit": "Hrs",
          "discountedRate": {{"price": "0.07", "currency": "USD"}}}}{extra_rate}
      ]}},
    {{"sku": "SP3", "description": "3 year All Upfront", "effectiveDate": "2026-10-01T00:00:00Z",
      "leaseContractLength": {{"duration": 3, "unit": "year"}},
      "rates": [
        {{"discountedSku": "A", "discountedUsageType": "USE1-Fargate-vCPU-Hours:perCPU", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP3.A", "unit": "Hrs",
          "discountedRate": {{"price": "0.0200", "currency": "USD"}}}}
      ]}}
  ]}}
}}"#
        )
    }

    #[test]
    fn keeps_fargate_rates_per_term_and_payment_but_not_spot_storage_or_ec2() {
        let rates = fargate_rates(&offer(""), "sp.json").unwrap();
        let seen: Vec<(&str, u32, &str, String)> = rates
            .iter()
            .map(|r| {
                (
                    r.usage_type.as_str(),
                    r.term_years,
                    r.purchase_option.as_str(),
                    r.usd.to_string(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "USE1-Fargate-GB-Hours",
                    1,
                    "No Upfront",
                    "0.0035".to_string()
                ),
                (
                    "USE1-Fargate-vCPU-Hours:perCPU",
                    1,
                    "No Upfront",
                    "0.0300".to_string()
                ),
                (
                    "USE1-Fargate-vCPU-Hours:perCPU",
                    3,
                    "All Upfront",
                    "0.0200".to_string()
                ),
            ]
        );
        assert_eq!(rates[0].sku, "SP1");
        assert_eq!(rates[0].effective_date, "2026-10-01T00:00:00Z");
    }

    #[test]
    fn a_duplicate_rate_is_an_error_naming_it() {
        let dup = r#",
        {"discountedSku": "F", "discountedUsageType": "USE1-Fargate-GB-Hours", "discountedOperation": "",
          "discountedServiceCode": "AmazonECS", "rateCode": "SP1.F", "unit": "Hrs",
          "discountedRate": {"price": "0.0036", "currency": "USD"}}"#;
        let err = fargate_rates(&offer(dup), "sp.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("sp.json") && err.contains("USE1-Fargate-GB-Hours"),
            "{err}"
        );
    }

    #[test]
    fn a_bad_price_is_an_error() {
        let bad = offer("").replace("\"0.0035\"", "\"-1\"");
        let err = fargate_rates(&bad, "sp.json").unwrap_err().to_string();
        assert!(err.contains("`-1` is not a price"), "{err}");
    }

    #[test]
    fn the_region_index_is_an_array_with_version_urls() {
        let index = r#"{"disclaimer": "x", "publicationDate": "2026-10-01T00:00:00Z", "regions": [
            {"regionCode": "eu-west-1", "versionUrl": "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261001000000/eu-west-1/index.json"},
            {"regionCode": "us-east-1", "versionUrl": "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261001000000/us-east-1/index.json"}]}"#;
        assert_eq!(
            region_version_url(index, "us-east-1", "index.json").unwrap(),
            "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261001000000/us-east-1/index.json"
        );
        let err = region_version_url(index, "ap-south-2", "index.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("ap-south-2"), "{err}");
    }
}
