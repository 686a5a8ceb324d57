//! A Terraform plan (`terraform show -json PLANFILE`): its managed resources after the plan,
//! with their values, the values unknown until apply, the region of their provider and the
//! references of their configuration. Read bounded; a file that is JSON but not a plan (a state,
//! an unsupported format) is an error naming what it is and the JSON path that says so.

use crate::error::Result;
use crate::source::SourceFile;
use serde_json::{Map, Value};

/// The largest plan costplan reads (a plan of 10,000 resources is about 50 MB).
pub const MAX_PLAN_BYTES: u64 = 96 * 1024 * 1024;

/// One managed resource as it stands after the plan.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Full address: `module.app["blue"].aws_nat_gateway.this[0]`.
    pub address: String,
    /// The module instance address, `""` at the root: `module.app["blue"]`.
    pub module: String,
    /// Resource type: `aws_nat_gateway`.
    pub kind: String,
    /// Name in the configuration: `this`.
    pub name: String,
    /// `count` index or `for_each` key.
    pub index: Option<Value>,
    /// The provider: `registry.terraform.io/hashicorp/aws`.
    pub provider: String,
    /// Values known at plan time.
    pub values: Map<String, Value>,
    /// `after_unknown`: attributes known only after apply.
    pub unknown: Value,
    /// The region of the resource's provider configuration, when the plan states it.
    pub region: Option<String>,
    /// The configuration's expressions for the resource (references, constants).
    pub expressions: Value,
}

impl Resource {
    /// A string attribute, when known.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    /// A number attribute (JSON number, or a string holding one), when known.
    pub fn num(&self, key: &str) -> Option<rust_decimal::Decimal> {
        number(self.values.get(key)?)
    }

    /// A boolean attribute, when known.
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.values.get(key).and_then(Value::as_bool)
    }

    /// Whether the attribute is known only after apply.
    pub fn is_unknown(&self, key: &str) -> bool {
        self.unknown
            .get(key)
            .is_some_and(|v| v == &Value::Bool(true))
    }

    /// The list attribute's items (blocks such as `runtime_platform` are lists of objects).
    pub fn list(&self, key: &str) -> &[Value] {
        self.values
            .get(key)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The first block of a nested block attribute (`runtime_platform[0]`).
    pub fn block(&self, key: &str) -> Option<&Map<String, Value>> {
        self.list(key).first().and_then(Value::as_object)
    }

    /// The configuration references of an attribute (`aws_ecs_task_definition.api.arn`).
    pub fn references(&self, key: &str) -> Vec<&str> {
        self.expressions
            .get(key)
            .and_then(|e| e.get("references"))
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// Whether the provider is hashicorp/aws.
    pub fn is_aws(&self) -> bool {
        self.provider.ends_with("/aws") || self.provider == "aws"
    }
}

/// A JSON number or a string holding one, as an exact decimal.
pub fn number(v: &Value) -> Option<rust_decimal::Decimal> {
    match v {
        Value::Number(n) => crate::money::parse_exact(&n.to_string()),
        Value::String(s) => crate::money::parse_exact(s.trim()),
        _ => None,
    }
}

/// A plan: its versions and managed resources after the plan, in plan order.
#[derive(Debug, Clone)]
pub struct Plan {
    pub format_version: String,
    pub terraform_version: String,
    pub resources: Vec<Resource>,
    /// Resources the plan destroys (for the account: they cost nothing after the plan).
    pub destroyed: Vec<(String, String)>,
    /// Data sources read (never priced; listed in the account only by count).
    pub data_sources: usize,
}

/// Whether text looks like a plan rather than a topology or an estimate (cheap: the first
/// non-blank character is `{` and the two keys of a plan appear).
pub fn looks_like_plan(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && text.contains("\"format_version\"")
        && (text.contains("\"planned_values\"") || text.contains("\"resource_changes\""))
}

/// Reads a plan file.
pub fn read(path: &std::path::Path) -> Result<(Plan, SourceFile)> {
    let file = SourceFile::read(path, MAX_PLAN_BYTES)?;
    let plan = parse(&file)?;
    Ok((plan, file))
}

/// Parses a plan's JSON text.
pub fn parse(file: &SourceFile) -> Result<Plan> {
    let doc: Value = serde_json::from_str(&file.text).map_err(|e| {
        let offset = offset_of(&file.text, e.line(), e.column());
        let hint = if e.is_eof() {
            "the file ends early: was the plan cut off? Write it again with `terraform show -json PLANFILE > plan.json`"
        } else {
            "a Terraform plan is the JSON `terraform show -json PLANFILE` prints"
        };
        file.diagnostic(
            Some(offset..offset + 1),
            format!("not valid JSON: {e}"),
            Some(hint.into()),
        )
    })?;
    let at = |message: String, hint: &str| -> crate::error::Error {
        file.diagnostic(None, message, Some(hint.to_string()))
            .into()
    };
    let Some(top) = doc.as_object() else {
        return Err(at(
            "`$` is not a JSON object, so this is not a Terraform plan".into(),
            "write the plan with `terraform show -json PLANFILE > plan.json`",
        ));
    };
    let Some(format_version) = top.get("format_version").and_then(Value::as_str) else {
        return Err(at(
            "`$.format_version` is missing: this JSON is not a Terraform plan".into(),
            "write the plan with `terraform show -json PLANFILE > plan.json`",
        ));
    };
    let major = format_version.split('.').next().unwrap_or("");
    if major != "0" && major != "1" {
        return Err(at(
            format!(
                "`$.format_version` is \"{format_version}\"; costplan reads plan formats 0.x and 1.x"
            ),
            "plan it with a Terraform whose `terraform show -json` writes format 1.x",
        ));
    }
    if !top.contains_key("planned_values") && !top.contains_key("resource_changes") {
        let what = if top.contains_key("values") {
            "a Terraform state (`terraform show -json` without a plan file)"
        } else {
            "no `$.planned_values` and no `$.resource_changes`"
        };
        return Err(at(
            format!("this is not a Terraform plan: {what}"),
            "run `terraform plan -out=plan.bin`, then `terraform show -json plan.bin > plan.json`",
        ));
    }
    let terraform_version = top
        .get("terraform_version")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_string();
    let changes = changes_by_address(top.get("resource_changes"));
    let config = Config::new(top);
    let mut plan = Plan {
        format_version: format_version.to_string(),
        terraform_version,
        resources: Vec::new(),
        destroyed: Vec::new(),
        data_sources: 0,
    };
    if let Some(root) = top.get("planned_values").and_then(|p| p.get("root_module")) {
        walk(root, &changes, &config, &mut plan, 0)?;
    }
    if let Some(rc) = top.get("resource_changes").and_then(Value::as_array) {
        for c in rc {
            let actions = c
                .pointer("/change/actions")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect::<Vec<_>>())
                .unwrap_or_default();
            if actions == ["delete"] && c.get("mode").and_then(Value::as_str) != Some("data") {
                plan.destroyed
                    .push((text(c, "address").to_string(), text(c, "type").to_string()));
            }
        }
        // A plan without `planned_values` (some old or hand-trimmed plans): the `after`
        // values of the changes that leave a resource.
        if top.get("planned_values").is_none() {
            for c in rc {
                let actions = c.pointer("/change/actions").and_then(Value::as_array);
                let deletes_only = actions.is_some_and(|a| a.len() == 1 && a[0] == "delete");
                if deletes_only || c.get("mode").and_then(Value::as_str) == Some("data") {
                    continue;
                }
                let address = text(c, "address").to_string();
                let module = text(c, "module_address").to_string();
                plan.resources.push(resource_of(
                    c,
                    c.pointer("/change/after"),
                    &address,
                    &module,
                    &changes,
                    &config,
                ));
            }
        }
    }
    Ok(plan)
}

/// The deepest module nesting costplan follows.
const MAX_MODULE_DEPTH: usize = 64;

fn walk(
    module: &Value,
    changes: &std::collections::HashMap<&str, &Value>,
    config: &Config<'_>,
    plan: &mut Plan,
    depth: usize,
) -> Result<()> {
    if depth > MAX_MODULE_DEPTH {
        return Err(crate::error::Error::usage(format!(
            "the plan nests modules more than {MAX_MODULE_DEPTH} deep"
        )));
    }
    let module_address = text(module, "address").to_string();
    for r in module
        .get("resources")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        if r.get("mode").and_then(Value::as_str) == Some("data") {
            plan.data_sources += 1;
            continue;
        }
        let address = text(r, "address").to_string();
        plan.resources.push(resource_of(
            r,
            r.get("values"),
            &address,
            &module_address,
            changes,
            config,
        ));
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        walk(child, changes, config, plan, depth + 1)?;
    }
    Ok(())
}

fn resource_of(
    r: &Value,
    values: Option<&Value>,
    address: &str,
    module: &str,
    changes: &std::collections::HashMap<&str, &Value>,
    config: &Config<'_>,
) -> Resource {
    let kind = text(r, "type").to_string();
    let name = text(r, "name").to_string();
    let unknown = changes
        .get(address)
        .and_then(|c| c.pointer("/change/after_unknown"))
        .cloned()
        .unwrap_or(Value::Null);
    let provider = r
        .get("provider_name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let (region, expressions) = config.resource(module, &kind, &name);
    Resource {
        address: address.to_string(),
        module: module.to_string(),
        kind,
        name,
        index: r.get("index").cloned(),
        provider,
        values: values
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        unknown,
        region,
        expressions,
    }
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn changes_by_address(rc: Option<&Value>) -> std::collections::HashMap<&str, &Value> {
    rc.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c.get("address")?.as_str()?, c)))
                .collect()
        })
        .unwrap_or_default()
}

/// The plan's `configuration`: providers' regions and resources' expressions.
struct Config<'a> {
    root: Option<&'a Value>,
    providers: Option<&'a Map<String, Value>>,
    variables: Option<&'a Map<String, Value>>,
}

impl<'a> Config<'a> {
    fn new(top: &'a Map<String, Value>) -> Self {
        let configuration = top.get("configuration");
        Config {
            root: configuration.and_then(|c| c.get("root_module")),
            providers: configuration
                .and_then(|c| c.get("provider_config"))
                .and_then(Value::as_object),
            variables: top.get("variables").and_then(Value::as_object),
        }
    }

    /// The region and expressions of the resource `kind.name` in module instance `module`.
    fn resource(&self, module: &str, kind: &str, name: &str) -> (Option<String>, Value) {
        let Some(mut m) = self.root else {
            return (self.default_region(), Value::Null);
        };
        for call in module_calls(module) {
            match m.pointer(&format!(
                "/module_calls/{}/module",
                call.replace('~', "~0").replace('/', "~1")
            )) {
                Some(next) => m = next,
                None => return (self.default_region(), Value::Null),
            }
        }
        let address = format!("{kind}.{name}");
        let found = m
            .get("resources")
            .and_then(Value::as_array)
            .and_then(|rs| rs.iter().find(|r| text(r, "address") == address));
        let Some(found) = found else {
            return (self.default_region(), Value::Null);
        };
        let key = text(found, "provider_config_key");
        let region = self.region_of_key(key).or_else(|| self.default_region());
        (
            region,
            found.get("expressions").cloned().unwrap_or(Value::Null),
        )
    }

    fn default_region(&self) -> Option<String> {
        self.region_of_key("aws")
    }

    /// `aws.euw1`, `module.app:aws` or `app:aws`: the provider configuration's region, when it
    /// is a constant or a root variable; module-scoped keys fall back to the root's.
    fn region_of_key(&self, key: &str) -> Option<String> {
        let providers = self.providers?;
        let p = providers.get(key).or_else(|| {
            let local = key.rsplit(':').next()?;
            providers.get(local)
        })?;
        let region = p.pointer("/expressions/region")?;
        if let Some(c) = region.get("constant_value").and_then(Value::as_str) {
            return Some(c.to_string());
        }
        let refs = region.get("references")?.as_array()?;
        for r in refs.iter().filter_map(Value::as_str) {
            if let Some(var) = r.strip_prefix("var.")
                && let Some(v) = self
                    .variables?
                    .get(var)
                    .and_then(|v| v.get("value"))
                    .and_then(Value::as_str)
            {
                return Some(v.to_string());
            }
        }
        None
    }
}

/// `module.a["x"].module.b[0]` → `["a", "b"]`: the module calls, without instance keys.
fn module_calls(module: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = module;
    while let Some(r) = rest.strip_prefix("module.") {
        let end = r.find(['.', '[']).unwrap_or(r.len());
        out.push(r[..end].to_string());
        rest = &r[end..];
        // skip an instance key `["x"]` or `[0]` (a key may hold `.` or `]` inside quotes)
        if rest.starts_with('[') {
            let mut in_str = false;
            let mut escaped = false;
            let mut cut = rest.len();
            for (i, c) in rest.char_indices().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' if in_str => escaped = true,
                    '"' => in_str = !in_str,
                    ']' if !in_str => {
                        cut = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            rest = &rest[cut..];
        }
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    out
}

/// The byte offset of a 1-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_calls_drop_instance_keys() {
        assert_eq!(
            module_calls(r#"module.app["blue.x]"].module.svc[0]"#),
            ["app", "svc"]
        );
        assert!(module_calls("").is_empty());
    }

    #[test]
    fn not_a_plan_is_said_with_the_json_path() {
        let state = SourceFile::new("s.json", r#"{"format_version":"1.0","values":{}}"#);
        let e = parse(&state).unwrap_err().to_string();
        assert!(e.contains("a Terraform state"), "{e}");
        let other = SourceFile::new("o.json", r#"{"name":"x"}"#);
        assert!(
            parse(&other)
                .unwrap_err()
                .to_string()
                .contains("`$.format_version`")
        );
        let future = SourceFile::new("f.json", r#"{"format_version":"2.0","planned_values":{}}"#);
        assert!(parse(&future).unwrap_err().to_string().contains("\"2.0\""));
        let cut = SourceFile::new(
            "c.json",
            "{\"format_version\":\"1.2\",\n\"planned_values\": {",
        );
        let e = parse(&cut).unwrap_err().to_string();
        assert!(e.contains("c.json:2:") && e.contains("cut off"), "{e}");
    }
}
