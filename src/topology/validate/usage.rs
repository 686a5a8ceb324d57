//! Validation of the plain usage sections (`[s3]`, `[ecr]`, …) against their kinds' input tables.

use super::super::raw::TopologyRaw;
use super::{Validator, dec};
use crate::error::Result;
use crate::suggest;
use rust_decimal::Decimal;

impl Validator<'_> {
    /// The plain usage sections (`[s3]`), each checked against its kind's input table.
    pub(super) fn usage(&self, raw: &TopologyRaw) -> Result<crate::resource::usage::Usage> {
        let mut usage = crate::resource::usage::Usage::default();
        for (section, written) in &raw.usage {
            let Some(kind) = crate::resource::usage_kinds().find(|k| k.section() == *section)
            else {
                continue;
            };
            let inputs = kind.usage_inputs();
            self.set_prefix(&format!("{section}."));
            for input in inputs {
                usage.set(input.path, Decimal::ZERO);
            }
            for (key, value) in &written.get().entries {
                let Some(input) = inputs.iter().find(|i| i.key() == key.get()) else {
                    let known = inputs.iter().map(|i| i.key());
                    return Err(self.err(
                        key.span(),
                        format!(
                            "unknown key `{}` in `[{section}]`",
                            key.get().escape_debug()
                        ),
                        Some(match suggest::did_you_mean(key.get(), known.clone()) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!(
                                "`[{section}]` takes: {}",
                                known.collect::<Vec<_>>().join(", ")
                            ),
                        }),
                    ));
                };
                let v = self.checked(
                    value,
                    input.key(),
                    Decimal::ZERO,
                    dec(input.max),
                    input.whole,
                )?;
                usage.set(input.path, v);
            }
        }
        Ok(usage)
    }
}
