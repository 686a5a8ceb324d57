//! Validation of the `public_ipv4` input: the raw table's values checked against bounds, choices and
//! the region's price table (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::topology::validate::Validator;

impl Validator<'_> {
    /// The explicit address count, if the section gives one.
    pub(crate) fn public_ipv4(&self, p: &PublicIpv4Raw) -> Result<Option<u32>> {
        p.addresses
            .as_ref()
            .map(|a| self.whole(a, "addresses", 100_000))
            .transpose()
    }
}
