//! Validation of the `vpc_endpoints` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::validate::Validator;

impl Validator<'_> {
    pub(crate) fn vpc_endpoints(&self, v: &VpcEndpointsRaw) -> Result<VpcEndpoints> {
        Ok(VpcEndpoints {
            interface_endpoints: self.opt_whole(
                &v.interface_endpoints,
                "interface_endpoints",
                0,
                1_000,
            )?,
            azs: self.no_ranges(|| self.opt_whole(&v.azs, "azs", 2, 6))?,
            data_processed_gb: self.gb(&v.data_processed_gb, "data_processed_gb")?,
        })
    }
}
