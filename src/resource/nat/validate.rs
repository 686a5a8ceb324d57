//! Validation of the `nat` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::validate::Validator;

impl Validator<'_> {
    pub(crate) fn nat(&self, n: &NatRaw) -> Result<Nat> {
        Ok(Nat {
            gateways: self.whole(&n.gateways, "gateways", 100)?,
            data_processed_gb: self.gb(&n.data_processed_gb, "data_processed_gb")?,
        })
    }
}
