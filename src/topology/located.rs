//! Values that remember where in the file they were written, and exact numbers read from TOML.

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::ops::Range;

/// A value with the byte span it came from, for `file:line:column` errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Located<T>(pub toml::Spanned<T>);

impl<T> Located<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Located(toml::Spanned::new(span, value))
    }
    pub fn get(&self) -> &T {
        self.0.get_ref()
    }
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
    pub fn into_inner(self) -> T {
        self.0.into_inner()
    }
}

impl<T: Default> Default for Located<T> {
    fn default() -> Self {
        Located::new(0..0, T::default())
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An exact number from TOML: an integer, a float (read back through its shortest decimal
/// representation, so `0.15` is exactly 0.15), or a decimal string such as `"0.15"`; or a range
/// `{ low = 50, expected = 100, high = 300 }`, whose `expected` is the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Num(pub Decimal, pub Option<Spread>);

/// The low and high ends of a declared range (the expected value is the number itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spread {
    pub low: Decimal,
    pub high: Decimal,
}

impl Num {
    /// A plain number without a range.
    pub fn exact(v: Decimal) -> Self {
        Num(v, None)
    }
}

/// Reads one plain number (no nested range).
fn plain<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let n = Num::deserialize(d)?;
    if n.1.is_some() {
        return Err(serde::de::Error::custom(
            "a range's ends must be plain numbers",
        ));
    }
    Ok(n.0)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeRaw {
    #[serde(deserialize_with = "plain")]
    low: Decimal,
    #[serde(deserialize_with = "plain")]
    expected: Decimal,
    #[serde(deserialize_with = "plain")]
    high: Decimal,
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Num;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Num, E> {
                Ok(Num::exact(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Num, E> {
                Ok(Num::exact(Decimal::from(v)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Num, E> {
                if !v.is_finite() {
                    return Err(E::custom(format!("`{v}` is not a finite number")));
                }
                // `{}` on f64 prints the shortest decimal that reads back to the same float,
                // i.e. what the author typed (up to ~17 significant digits).
                let text = format!("{v}");
                crate::money::parse_exact(&text)
                    .ok_or(())
                    .map(Num::exact)
                    .map_err(|_| {
                        E::custom(format!("`{text}` is out of range for an exact decimal"))
                    })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Num, E> {
                let t = v.trim();
                if crate::money::needs_rounding(t) {
                    return Err(E::custom(format!(
                        "`{t}` has more than {} significant digits and would be rounded; costplan keeps numbers exact",
                        crate::money::EXACT_DIGITS
                    )));
                }
                crate::money::parse_exact(t)
                    .map(Num::exact)
                    .ok_or_else(|| E::custom(format!("`{}` is not a number", v.escape_debug())))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Num, A::Error> {
                let r = RangeRaw::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Num(
                    r.expected,
                    Some(Spread {
                        low: r.low,
                        high: r.high,
                    }),
                ))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Num {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number: integer, decimal, or a decimal string such as \"0.15\" for exactness; usage quantities and counts also take a range { low, expected, high }",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^\\s*-?[0-9]+(\\.[0-9]+)?\\s*$" },
                {
                    "type": "object",
                    "properties": {
                        "low": { "type": "number" },
                        "expected": { "type": "number" },
                        "high": { "type": "number" }
                    },
                    "required": ["low", "expected", "high"],
                    "additionalProperties": false
                }
            ]
        })
    }
}
