//! The registry's completeness tests: each fails naming the kind and the missing part, so a
//! half-added resource kind is caught in one obvious place.

use super::{Kind, REGISTRY};
use crate::pricing::PriceCatalog;
use crate::pricing::import::rules;
use crate::topology::paths;
use std::collections::BTreeSet;

fn catalog() -> PriceCatalog {
    PriceCatalog::bundled().expect("bundled tables")
}

fn kind_selectors(kind: &Kind, region: &str) -> Vec<crate::pricing::import::Selector> {
    let mut b = rules::RuleBuilder::new(region);
    kind.selectors(&mut b);
    b.finish()
}

/// The baseline with every usage section filled in, so that every kind prices some lines.
fn everything() -> crate::Topology {
    let mut text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
    )
    .expect("baseline");
    // Kinds the baseline leaves out.
    text.push_str("\n[vpc_endpoints]\ninterface_endpoints = 4\ndata_processed_gb = 100\n");
    for kind in super::usage_kinds() {
        if text.contains(&format!("\n[{}]", kind.section())) {
            continue;
        }
        text.push_str(&format!("\n[{}]\n", kind.section()));
        for input in kind.usage_inputs() {
            let value = if input.is_flag() { "true" } else { "1000" };
            text.push_str(&format!("{} = {value}\n", input.key()));
        }
    }
    let file = crate::source::SourceFile::new("everything.toml", text);
    crate::topology::parse(&file, &catalog()).expect("the baseline with every usage section")
}

#[test]
fn registry_sections_and_groups_are_unique() {
    let sections: BTreeSet<&str> = REGISTRY.iter().map(|k| k.section()).collect();
    assert_eq!(sections.len(), REGISTRY.len(), "two kinds share a section");
}

#[test]
fn registry_every_kind_has_import_rules_and_every_bundled_key_fits_one() {
    let catalog = catalog();
    let table = catalog.table("us-east-1").unwrap();
    let carried: BTreeSet<String> = rules::carried_keys().into_iter().map(|c| c.key).collect();
    for kind in REGISTRY {
        assert!(
            !kind_selectors(kind, "us-east-1").is_empty(),
            "kind `{}` has no import selectors (add them to its folder's `selectors`)",
            kind.section()
        );
    }
    // Fixed keys and templates may name keys the bundled table does not carry yet (`pricing
    // update` fetches them); every bundled key must fit exactly one kind's selector.
    for p in table.prices() {
        let owners: Vec<&str> = REGISTRY
            .iter()
            .filter(|k| {
                kind_selectors(k, "us-east-1")
                    .iter()
                    .any(|s| s.could_produce(&p.key))
            })
            .map(|k| k.section())
            .collect();
        assert!(
            owners.len() == 1 || (owners.is_empty() && carried.contains(&p.key)),
            "bundled key `{}` fits the selectors of {owners:?} (add a selector or template to one kind's `selectors`)",
            p.key
        );
    }
}

#[test]
fn registry_every_priced_line_has_its_kinds_import_rule() {
    let catalog = catalog();
    let table = catalog.table("us-east-1").unwrap();
    let estimate = crate::estimate::price(&everything(), table).expect("priced");
    let carried: BTreeSet<String> = rules::carried_keys().into_iter().map(|c| c.key).collect();
    for kind in REGISTRY {
        let lines: Vec<_> = estimate
            .line_items
            .iter()
            .filter(|l| l.group == kind.group())
            .collect();
        assert!(
            !lines.is_empty(),
            "kind `{}` priced no line for a topology that has it",
            kind.section()
        );
        let same_group: Vec<crate::pricing::import::Selector> = REGISTRY
            .iter()
            .filter(|k| k.group() == kind.group())
            .flat_map(|k| kind_selectors(k, "us-east-1"))
            .collect();
        for l in lines {
            assert!(
                same_group.iter().any(|s| s.could_produce(&l.price_key))
                    || carried.contains(&l.price_key),
                "kind `{}` prices `{}` but has no import selector for it",
                kind.section(),
                l.price_key
            );
        }
    }
}

#[test]
fn registry_every_kind_has_input_paths() {
    let all = paths::targets(&paths::Names::services(["api"]));
    for kind in REGISTRY {
        let prefix = format!("{}.", kind.section());
        assert!(
            all.iter().any(|t| t.path.starts_with(&prefix)),
            "kind `{}` has no input path (`{prefix}…`) for scenarios, sweeps and --set",
            kind.section()
        );
        for input in kind.usage_inputs() {
            assert_eq!(input.section(), kind.section(), "{}", input.path);
            assert!(
                all.iter().any(|t| t.path == input.path),
                "usage input `{}` is not addressable",
                input.path
            );
        }
    }
}

#[test]
fn registry_every_kind_has_reference_and_budget_slots_and_schema() {
    let schema = crate::topology::schema::json_schema();
    let budget = &schema["$defs"]["BudgetGroups"]["properties"];
    let reference = &schema["$defs"]["ReferenceRaw"]["properties"];
    for kind in REGISTRY {
        let id = kind.group().id();
        assert!(
            budget.get(id).is_some(),
            "no `[budget.groups] {id}` for kind `{}`",
            kind.section()
        );
        assert!(
            reference.get(id).is_some(),
            "no `[reference] {id}` for kind `{}`",
            kind.section()
        );
        assert!(
            schema["properties"].get(kind.section()).is_some(),
            "kind `{}` is missing from `costplan schema`",
            kind.section()
        );
    }
}

#[test]
fn registry_every_priced_class_has_a_hardware_row() {
    let catalog = catalog();
    for kind in REGISTRY {
        let Some(hw) = kind.hardware_rows() else {
            continue;
        };
        let mut classes = BTreeSet::new();
        for table in catalog.tables() {
            for p in table.prices() {
                if let Some(class) = hw.class_of(&p.key) {
                    classes.insert(class.to_string());
                }
            }
        }
        // (Import selectors are templates: they name no class, the tables do.)
        assert!(
            !classes.is_empty(),
            "kind `{}` prices no class",
            kind.section()
        );
        let missing: Vec<String> = classes.into_iter().filter(|c| !(hw.has_row)(c)).collect();
        assert!(
            missing.is_empty(),
            "kind `{}` prices classes the capacity model has no hardware row for: {missing:?}",
            kind.section()
        );
    }
}
