//! The JSON Schema of the topology file (`costplan schema`): the raw types' doc comments, plus
//! the plain usage sections (`[s3]`) from their kinds' input tables.

use super::raw::TopologyRaw;

/// The schema as a JSON value.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(TopologyRaw)).unwrap_or_default();
    if let Some(properties) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        for kind in crate::resource::usage_kinds() {
            properties.insert(
                kind.section().to_string(),
                crate::resource::usage::schema(kind.doc(), kind.usage_inputs()),
            );
        }
    }
    schema
}
