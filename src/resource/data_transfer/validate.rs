//! Validation of the `data_transfer` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::validate::Validator;

impl Validator<'_> {
    pub(crate) fn data_transfer(&self, d: &DataTransferRaw) -> Result<DataTransfer> {
        Ok(DataTransfer {
            internet_out_gb: self.gb(&d.internet_out_gb, "internet_out_gb")?,
            inter_az_gb: self.gb(&d.inter_az_gb, "inter_az_gb")?,
            inter_region_out_gb: self.gb(&d.inter_region_out_gb, "inter_region_out_gb")?,
            free_tier: d.free_tier.as_ref().is_some_and(|b| *b.get()),
        })
    }
}
