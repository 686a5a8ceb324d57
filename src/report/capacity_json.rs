//! `capacity --format json`: the capacity report and the growth plan as data (the capacity
//! contract, `schema_version` 1), exact figures, pretty-printed with a trailing newline.

use super::capacity::{CapacityView, Export, GrowthView};
use crate::capacity::assess::growth::GrowthReport;
use crate::capacity::assess::{CapacityReport, CostComparison};
use serde::Serialize;

/// The version of the JSON capacity contract.
pub const CAPACITY_SCHEMA_VERSION: u32 = 1;

/// The JSON format of the capacity results.
pub struct Json;

#[derive(Serialize)]
struct CapacityJson<'a> {
    schema_version: u32,
    #[serde(flatten)]
    report: &'a CapacityReport,
    cost: &'a CostComparison,
}

#[derive(Serialize)]
struct GrowthJson<'a> {
    schema_version: u32,
    #[serde(flatten)]
    growth: &'a GrowthReport,
}

impl Export<CapacityView<'_>> for Json {
    fn export(&self, view: &CapacityView<'_>) -> String {
        to_json(&CapacityJson {
            schema_version: CAPACITY_SCHEMA_VERSION,
            report: view.report,
            cost: view.cost,
        })
    }
}

impl Export<GrowthView<'_>> for Json {
    fn export(&self, view: &GrowthView<'_>) -> String {
        to_json(&GrowthJson {
            schema_version: CAPACITY_SCHEMA_VERSION,
            growth: view.plan,
        })
    }
}

fn to_json<T: Serialize>(v: &T) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|e| {
        format!("{{\"error\": \"cannot serialise the capacity report: {e}\"}}")
    });
    s.push('\n');
    s
}
