//! Invariants of the estimate over generated topologies (proptest).

use costplan::estimate::Group;
use costplan::report::EstimateView;
use costplan::source::SourceFile;
use costplan::{Estimate, PriceCatalog};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::sync::OnceLock;

const SIZES: &[(&str, &str)] = &[
    ("0.25", "0.5"),
    ("0.5", "1"),
    ("1", "4"),
    ("2", "16"),
    ("4", "30"),
    ("16", "120"),
];
const CLASSES: &[&str] = &[
    "db.t3.micro",
    "db.t3.medium",
    "db.t4g.large",
    "db.m6g.large",
    "db.r6g.xlarge",
];
const NODES: &[&str] = &["cache.t3.micro", "cache.t4g.small", "cache.r6g.large"];

#[derive(Debug, Clone)]
struct Gen {
    services: Vec<(u32, usize, bool, bool)>,
    db: Option<(usize, bool, u32)>,
    cache_nodes: u32,
    cache_node: usize,
    nat_gateways: u32,
    /// Usage quantities, in the order of [`USAGE_KEYS`].
    usage: Vec<u64>,
    alb: bool,
}

/// (section, key) of every usage quantity the generator varies.
const USAGE_KEYS: &[(&str, &str)] = &[
    ("nat", "data_processed_gb"),
    ("data_transfer", "internet_out_gb"),
    ("data_transfer", "inter_az_gb"),
    ("data_transfer", "inter_region_out_gb"),
    ("cloudwatch", "logs_ingested_gb"),
    ("cloudwatch", "logs_stored_gb"),
    ("cloudwatch", "custom_metrics"),
    ("cloudwatch", "alarms"),
    ("secrets_manager", "secrets"),
    ("secrets_manager", "api_calls"),
    ("ecr", "storage_gb"),
    ("load_balancer", "new_connections_per_second"),
    ("load_balancer", "processed_gb_per_hour"),
    ("vpc_endpoints", "data_processed_gb"),
];

impl Gen {
    fn toml(&self, k: u32) -> String {
        let mut s = String::from("name = \"gen\"\nregion = \"us-east-1\"\n");
        for (i, (count, size, arm, spot)) in self.services.iter().enumerate() {
            let (vcpu, mem) = SIZES[*size];
            s += &format!(
                "[[service]]\nname = \"s{i}\"\ncount = {}\nvcpu = {vcpu}\nmemory_gb = {mem}\narch = \"{}\"\ncapacity = \"{}\"\n",
                count * k,
                if *arm && !*spot { "arm64" } else { "x86_64" },
                if *spot { "spot" } else { "on-demand" }
            );
        }
        if let Some((class, multi, storage)) = self.db {
            s += &format!(
                "[database]\nengine = \"postgres\"\ninstance_class = \"{}\"\ndeployment = \"{}\"\nstorage_gb = {storage}\n",
                CLASSES[class],
                if multi { "multi-az" } else { "single-az" }
            );
        }
        s += &format!(
            "[cache]\nengine = \"redis\"\nnode_type = \"{}\"\nnodes = {}\n",
            NODES[self.cache_node],
            self.cache_nodes * k
        );
        let mut sections: Vec<(&str, Vec<String>)> = Vec::new();
        for ((section, key), value) in USAGE_KEYS.iter().zip(&self.usage) {
            if *section == "load_balancer" && !self.alb {
                continue;
            }
            let line = format!("{key} = {value}");
            match sections.iter_mut().find(|(s, _)| s == section) {
                Some((_, lines)) => lines.push(line),
                None => sections.push((section, vec![line])),
            }
        }
        for (section, lines) in sections {
            s += &format!("[{section}]\n");
            if section == "nat" {
                s += &format!("gateways = {}\n", self.nat_gateways * k);
            }
            for l in lines {
                s += &l;
                s.push('\n');
            }
        }
        s
    }
}

fn catalog() -> &'static PriceCatalog {
    static C: OnceLock<PriceCatalog> = OnceLock::new();
    C.get_or_init(|| PriceCatalog::bundled().unwrap())
}

fn estimate_of(text: String) -> Estimate {
    let file = SourceFile::new("gen.toml", text);
    let t = costplan::topology::parse(&file, catalog())
        .unwrap_or_else(|e| panic!("{e}\n{}", file.text));
    costplan::estimate(&t, catalog().table("us-east-1").unwrap()).unwrap()
}

fn group(e: &Estimate, g: Group) -> Decimal {
    e.groups
        .iter()
        .find(|t| t.group == g)
        .map_or(Decimal::ZERO, |t| t.monthly_usd)
}

fn gen_strategy() -> impl Strategy<Value = Gen> {
    (
        prop::collection::vec(
            (0u32..50, 0..SIZES.len(), any::<bool>(), any::<bool>()),
            0..6,
        ),
        prop::option::of((0..CLASSES.len(), any::<bool>(), 20u32..2000)),
        0u32..6,
        0..NODES.len(),
        0u32..4,
        prop::collection::vec(0u64..300_000, USAGE_KEYS.len()),
        any::<bool>(),
    )
        .prop_map(
            |(services, db, cache_nodes, cache_node, nat_gateways, usage, alb)| Gen {
                services,
                db,
                cache_nodes,
                cache_node,
                nat_gateways,
                usage,
                alb,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn line_items_sum_exactly_to_the_total(g in gen_strategy()) {
        let e = estimate_of(g.toml(1));
        let lines: Decimal = e.line_items.iter().map(|l| l.monthly_usd).sum();
        let groups: Decimal = e.groups.iter().map(|g| g.monthly_usd).sum();
        prop_assert_eq!(lines, e.total_monthly_usd);
        prop_assert_eq!(groups, e.total_monthly_usd);
        prop_assert_eq!(e.total_annual_usd, e.total_monthly_usd * Decimal::from(12));
        for l in &e.line_items {
            prop_assert_eq!(l.monthly_usd, l.quantity * l.unit_price_usd);
        }
    }

    #[test]
    fn json_total_equals_the_sum_of_its_lines_and_reads_back(g in gen_strategy()) {
        let e = estimate_of(g.toml(1));
        let json = costplan::report::json::render(&e);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let sum: Decimal = v["line_items"].as_array().unwrap().iter()
            .map(|l| l["monthly_usd"].as_str().unwrap().parse::<Decimal>().unwrap())
            .sum();
        let total: Decimal = v["total_monthly_usd"].as_str().unwrap().parse().unwrap();
        prop_assert_eq!(sum, total);
        let back: Estimate = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, e);
    }

    #[test]
    fn displayed_tables_add_up_to_their_displayed_totals(g in gen_strategy()) {
        let e = estimate_of(g.toml(1));
        let view = EstimateView::new(&e);
        let mut total = Decimal::ZERO;
        for grp in &view.groups {
            let lines: Decimal = grp.lines.iter().map(|l| l.monthly_usd).sum();
            prop_assert_eq!(lines, grp.monthly_usd);
            for l in &grp.lines {
                prop_assert_eq!(l.monthly_usd.scale() <= 2, true);
                prop_assert!((l.monthly_usd - l.item.monthly_usd).abs() <= Decimal::new(5, 3));
            }
            total += grp.monthly_usd;
        }
        prop_assert_eq!(total, view.total_monthly_usd);
        let lines = Decimal::from(e.line_items.len());
        prop_assert!((view.total_monthly_usd - e.total_monthly_usd).abs() <= Decimal::new(5, 3) * lines);
    }

    #[test]
    fn reconciliation_table_adds_up_to_the_displayed_total(g in gen_strategy(), stated in prop::collection::vec(0u32..500, 11)) {
        let mut text = g.toml(1);
        text += "[reference]\nsource = \"doc\"\n";
        for (id, v) in Group::ALL.iter().map(|g| g.id()).zip(&stated) {
            if v % 3 != 0 {
                text += &format!("{id} = {v}\n");
            }
        }
        if stated[4] % 3 != 0 {
            text += "excludes = [\"nat_gateway: data processed\"]\n";
        }
        let e = estimate_of(text);
        let view = EstimateView::new(&e);
        let rows = view.reconciliation().unwrap();
        let shown: Decimal = rows.iter()
            .map(|r| r.computed_usd + r.excluded.iter().map(|(_, v)| *v).sum::<Decimal>())
            .sum();
        prop_assert_eq!(shown, view.total_monthly_usd);
    }

    #[test]
    fn the_fast_path_shows_what_estimate_shows(g in gen_strategy()) {
        let file = SourceFile::new("gen.toml", g.toml(1));
        let t = costplan::topology::parse(&file, catalog()).unwrap();
        let table = catalog().table("us-east-1").unwrap();
        let fast = costplan::estimate::totals(&t, table).unwrap();
        let e = costplan::estimate(&t, table).unwrap();
        let view = EstimateView::new(&e);
        prop_assert_eq!(fast.total, e.total_monthly_usd);
        prop_assert_eq!(fast.shown_total, view.total_monthly_usd);
        for g in Group::ALL {
            prop_assert_eq!(fast.shown_group(g), view.group_monthly_usd(g));
        }
    }

    #[test]
    fn cost_is_linear_in_counts(g in gen_strategy(), k in 2u32..5) {
        let one = estimate_of(g.toml(1));
        let many = estimate_of(g.toml(k));
        let k = Decimal::from(k);
        prop_assert_eq!(group(&many, Group::EcsFargate), group(&one, Group::EcsFargate) * k);
        prop_assert_eq!(group(&many, Group::Elasticache), group(&one, Group::Elasticache) * k);
        let hours = |e: &Estimate| e.line_items.iter()
            .find(|l| l.component == "gateway hours").map_or(Decimal::ZERO, |l| l.monthly_usd);
        prop_assert_eq!(hours(&many), hours(&one) * k);
    }

    #[test]
    fn cost_is_monotone_in_every_usage_quantity(g in gen_strategy(), which in 0..USAGE_KEYS.len(), delta in 1u64..200_000) {
        let before = estimate_of(g.toml(1));
        let mut more = g.clone();
        more.usage[which] += delta;
        let after = estimate_of(more.toml(1));
        prop_assert!(after.total_monthly_usd >= before.total_monthly_usd,
            "{:?} +{delta}: {} < {}", USAGE_KEYS[which], after.total_monthly_usd, before.total_monthly_usd);
    }
}
