//! Validation of the `data_transfer` input: the raw table's values checked against bounds, choices and
//! the region map (the shared helpers are on [`Validator`]).

use super::input::*;
use crate::error::Result;
use crate::pricing::regions;
use crate::suggest;
use crate::topology::validate::Validator;

/// The most inter-region destinations one topology lists (there are fewer commercial regions).
pub const MAX_DESTINATIONS: usize = 64;

impl Validator<'_> {
    /// `region` is the topology's own region (the source of every inter-region transfer).
    pub(crate) fn data_transfer(&self, d: &DataTransferRaw, region: &str) -> Result<DataTransfer> {
        if d.inter_region.len() > MAX_DESTINATIONS {
            return Err(self.err(
                d.inter_region[MAX_DESTINATIONS].span(),
                format!("more than {MAX_DESTINATIONS} inter-region destinations"),
                Some("list each destination region once".into()),
            ));
        }
        let mut inter_region: Vec<InterRegion> = Vec::with_capacity(d.inter_region.len());
        for entry in &d.inter_region {
            let e = entry.get();
            let to = e.to_region.get();
            if regions::by_code(to).is_none() {
                return Err(self.err(
                    e.to_region.span(),
                    format!("unknown destination region `{}`", to.escape_debug()),
                    Some(suggest::hint_for(to, regions::codes())),
                ));
            }
            if to == region {
                return Err(self.err(
                    e.to_region.span(),
                    format!("`{to}` is this topology's own region: transfer within a region is not inter-region"),
                    Some("count transfer between availability zones in `inter_az_gb`".into()),
                ));
            }
            if inter_region.iter().any(|o| &o.to_region == to) {
                return Err(self.err(
                    e.to_region.span(),
                    format!("destination `{to}` is listed twice"),
                    Some("list each destination once, with its total GB per month".into()),
                ));
            }
            inter_region.push(InterRegion {
                to_region: to.clone(),
                gb: self.gb(&Some(e.gb.clone()), "gb")?,
            });
        }
        Ok(DataTransfer {
            internet_out_gb: self.gb(&d.internet_out_gb, "internet_out_gb")?,
            inter_az_gb: self.gb(&d.inter_az_gb, "inter_az_gb")?,
            inter_region,
            inter_region_out_gb: self.gb(&d.inter_region_out_gb, "inter_region_out_gb")?,
            free_tier: d.free_tier.as_ref().is_some_and(|b| *b.get()),
        })
    }
}
