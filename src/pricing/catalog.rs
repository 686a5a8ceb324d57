//! The set of price tables costplan knows: the bundled ones, or those in a `--prices` directory.

use super::table::PriceTable;
use crate::error::{Error, Result};
use crate::source::SourceFile;
use crate::suggest;
use std::collections::BTreeMap;
use std::path::Path;

/// Tables compiled into the binary, so the quick start works from any directory.
const BUNDLED: &[(&str, &str)] = &[
    (
        "bundled:pricing/aws/us-east-1.toml",
        include_str!("../../pricing/aws/us-east-1.toml"),
    ),
    (
        "bundled:pricing/aws/us-west-2.toml",
        include_str!("../../pricing/aws/us-west-2.toml"),
    ),
    (
        "bundled:pricing/aws/eu-west-1.toml",
        include_str!("../../pricing/aws/eu-west-1.toml"),
    ),
    (
        "bundled:pricing/aws/us-east-2.toml",
        include_str!("../../pricing/aws/us-east-2.toml"),
    ),
    (
        "bundled:pricing/aws/ap-northeast-1.toml",
        include_str!("../../pricing/aws/ap-northeast-1.toml"),
    ),
];

/// The largest price table file costplan reads (a full region's table is under 100 KB; the
/// importer keeps only the prices costplan uses).
pub const MAX_TABLE_BYTES: u64 = 4 * 1024 * 1024;
/// The most price table files one `--prices DIR` may hold.
pub const MAX_TABLES: usize = 64;
/// The most bytes all the price tables in one `--prices DIR` may hold together.
pub const MAX_TABLES_TOTAL_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct PriceCatalog {
    tables: BTreeMap<String, PriceTable>,
}

impl PriceCatalog {
    /// The tables embedded in the binary.
    pub fn bundled() -> Result<Self> {
        let mut catalog = PriceCatalog::default();
        for (origin, text) in BUNDLED {
            catalog.insert(PriceTable::parse(&SourceFile::new(*origin, *text))?)?;
        }
        Ok(catalog)
    }

    /// Every `*.toml` in `dir` and in `dir/aws`, one table per region.
    pub fn load_dir(dir: &Path) -> Result<Self> {
        Self::load_files(dir, Self::table_files(dir)?)
    }

    /// The tables `files` (as [`PriceCatalog::table_files`] lists them for `dir`), within the
    /// limits on their number and size.
    pub fn load_files(dir: &Path, mut files: Vec<std::path::PathBuf>) -> Result<Self> {
        let mut catalog = PriceCatalog::default();
        files.sort();
        if files.is_empty() {
            return Err(Error::usage(format!(
                "no price tables (*.toml) in `{}` or `{}/aws`",
                dir.display(),
                dir.display()
            )));
        }
        if files.len() > MAX_TABLES {
            return Err(Error::usage(format!(
                "`{}` holds {} price tables, more than the limit of {MAX_TABLES}",
                dir.display(),
                files.len()
            )));
        }
        let total: u64 = files
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        if total > MAX_TABLES_TOTAL_BYTES {
            return Err(Error::usage(format!(
                "the price tables in `{}` hold {total} bytes, more than the limit of {MAX_TABLES_TOTAL_BYTES} bytes together",
                dir.display()
            )));
        }
        for path in files {
            let file = SourceFile::read(&path, MAX_TABLE_BYTES)?;
            catalog.insert(PriceTable::parse(&file)?)?;
        }
        Ok(catalog)
    }

    /// The table files [`PriceCatalog::load_dir`] reads: every `*.toml` in `dir` and `dir/aws`.
    pub fn table_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
        let mut files = Vec::new();
        for d in [dir.to_path_buf(), dir.join("aws")] {
            let entries = match std::fs::read_dir(&d) {
                Ok(e) => e,
                Err(_) if d != dir => continue,
                Err(source) => {
                    return Err(Error::Read {
                        path: d.display().to_string(),
                        source,
                    });
                }
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                    files.push(path);
                }
            }
        }
        Ok(files)
    }

    /// Adds a table; two tables for one region is an error.
    pub fn insert(&mut self, table: PriceTable) -> Result<()> {
        if let Some(prev) = self.tables.get(&table.region) {
            return Err(Error::usage(format!(
                "two price tables for region `{}`: {} and {}",
                table.region, prev.origin, table.origin
            )));
        }
        self.tables.insert(table.region.clone(), table);
        Ok(())
    }

    /// The table for a region, or an error listing the regions there are.
    pub fn table(&self, region: &str) -> Result<&PriceTable> {
        self.tables.get(region).ok_or_else(|| Error::NoPriceTable {
            region: region.to_string(),
            available: self.regions().collect::<Vec<_>>().join(", "),
            hint: suggest::did_you_mean(region, self.regions())
                .map(|s| format!("did you mean `{s}`?")),
        })
    }

    pub fn regions(&self) -> impl Iterator<Item = &str> + Clone {
        self.tables.keys().map(String::as_str)
    }

    pub fn tables(&self) -> impl Iterator<Item = &PriceTable> {
        self.tables.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_parse_and_cover_us_east_1() {
        let c = PriceCatalog::bundled().unwrap();
        let t = c.table("us-east-1").unwrap();
        assert_eq!(t.currency, "USD");
        assert!(t.prices().count() >= 90);
        for p in t.prices() {
            assert!(!p.source.is_empty() && !p.usage_type.is_empty() && !p.offer_code.is_empty());
        }
    }

    #[test]
    fn bundled_regions_use_us_east_1_keys_with_their_own_usage_type_prefix() {
        let c = PriceCatalog::bundled().unwrap();
        assert_eq!(
            c.regions().collect::<Vec<_>>(),
            [
                "ap-northeast-1",
                "eu-west-1",
                "us-east-1",
                "us-east-2",
                "us-west-2"
            ]
        );
        let east = c.table("us-east-1").unwrap();
        for t in c.tables().filter(|t| t.region != "us-east-1") {
            let region = &t.region;
            let prefix = format!(
                "{}-",
                super::super::regions::by_code(region)
                    .and_then(|r| r.prefix)
                    .unwrap()
            );
            assert!(t.prices().count() >= 10, "{region}");
            for p in t.prices() {
                assert!(
                    east.contains(&p.key)
                        || p.key
                            .starts_with(super::super::key::INTER_REGION_OUT_PREFIX),
                    "{region} has a key us-east-1 lacks: {}",
                    p.key
                );
                assert!(
                    p.usage_type.starts_with(&prefix) || p.usage_type.starts_with("Global-"),
                    "{region} {}: {}",
                    p.key,
                    p.usage_type
                );
                assert!(
                    p.evidence.is_some() && !p.source.is_empty(),
                    "{region} {}",
                    p.key
                );
            }
        }
        let eu = c.table("eu-west-1").unwrap();
        assert_eq!(
            eu.get("nat.gateway_hour").unwrap().rate,
            super::super::Rate::Flat("0.048".parse().unwrap())
        );
        assert!(
            !eu.contains("cloudwatch.dashboard_month"),
            "no verified eu-west-1 figure"
        );
    }

    #[test]
    fn unknown_region_names_the_available_ones() {
        let c = PriceCatalog::bundled().unwrap();
        let e = c.table("us-east-3").unwrap_err().to_string();
        assert!(
            e.contains("us-east-1") && e.contains("ap-northeast-1"),
            "{e}"
        );
    }
}
