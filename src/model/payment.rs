//! How a commitment (a Reserved Instance, a Savings Plan) is paid: read from the topology,
//! matched against the offer files' `PurchaseOption`.

use serde::{Deserialize, Serialize};

/// How a commitment is paid (the offer files' `PurchaseOption`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    NoUpfront,
    PartialUpfront,
    AllUpfront,
}

impl Payment {
    /// The offer files' spelling (`PurchaseOption`).
    pub fn offer_name(self) -> &'static str {
        match self {
            Payment::NoUpfront => "No Upfront",
            Payment::PartialUpfront => "Partial Upfront",
            Payment::AllUpfront => "All Upfront",
        }
    }

    /// The topology's spelling.
    pub fn input_name(self) -> &'static str {
        match self {
            Payment::NoUpfront => "no_upfront",
            Payment::PartialUpfront => "partial_upfront",
            Payment::AllUpfront => "all_upfront",
        }
    }
}
