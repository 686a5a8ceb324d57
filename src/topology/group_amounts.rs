//! Amounts keyed by cost group id, as `[budget.groups]` and `[reference]` write them
//! (`rds = 150`). The accepted keys come from the one list of groups ([`crate::model::Group`]),
//! so a new group is accepted, documented and validated here without an edit.

use super::located::{Located, Num};
use crate::model::Group;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;

/// Group id → amount, as written, with spans (validation checks the ids).
#[derive(Debug, Clone, Default)]
pub struct GroupAmountsRaw(pub Vec<(Located<String>, Located<Num>)>);

impl<'de> Deserialize<'de> for GroupAmountsRaw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = GroupAmountsRaw;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table of cost group ids and amounts, e.g. `rds = 150`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<Located<String>>()? {
                    out.push((key, map.next_value::<Located<Num>>()?));
                }
                Ok(GroupAmountsRaw(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The schema of one amount per group, each described by `describe(group)`.
pub fn group_properties(
    generator: &mut SchemaGenerator,
    describe: impl Fn(Group) -> String,
) -> serde_json::Map<String, serde_json::Value> {
    let mut properties = serde_json::Map::new();
    for g in Group::ALL {
        let mut s = generator.subschema_for::<Num>().to_value();
        if let Some(o) = s.as_object_mut() {
            o.insert("description".into(), describe(g).into());
        }
        properties.insert(g.id().to_string(), s);
    }
    properties
}

impl JsonSchema for GroupAmountsRaw {
    fn schema_name() -> Cow<'static, str> {
        "BudgetGroups".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let properties = group_properties(generator, |g| {
            format!("Monthly limit in USD for {}", g.description())
        });
        Schema::try_from(serde_json::json!({
            "description": "Monthly limits per cost group in USD; the keys are the group ids used in JSON and CSV.",
            "type": "object",
            "properties": properties,
            "additionalProperties": false,
        }))
        .unwrap_or_default()
    }
}
