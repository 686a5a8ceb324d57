//! `costplan pricing ...`: update tables from the AWS Price List, import offer files, show a
//! table with its provenance, and diff two tables. [`PricingArgs`] is the clap type the CLI
//! plugs in as `Pricing { #[command(subcommand)] .. }`; [`run_pricing`] runs it.

use super::age::today_utc;
use super::catalog::PriceCatalog;
use super::import::build::BuildOptions;
use super::import::download::{self, DownloadOptions, Downloader};
use super::import::{BuildReport, build_table, read_offer_file, rules};
use super::table::{PriceTable, Rate};
use crate::error::{EXIT_OK, Error, Result};
use crate::source::SourceFile;
use rust_decimal::Decimal;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The largest table file read back (same limit as the catalog).
use super::catalog::MAX_TABLE_BYTES;

#[derive(Debug, Clone, clap::Args)]
pub struct PricingArgs {
    #[command(subcommand)]
    pub command: PricingCommand,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum PricingCommand {
    /// Download the AWS Price List offer files for regions and rewrite their tables.
    Update(UpdateArgs),
    /// Build a region's table from local offer files (JSON or CSV).
    Import(ImportArgs),
    /// Show prices with unit, usage type, effective and publication dates.
    Show(ShowArgs),
    /// What changed between two tables, absolute and in %.
    Diff(DiffArgs),
}

#[derive(Debug, Clone, clap::Args)]
pub struct UpdateArgs {
    /// Region to update (repeat for several): a current commercial region code, e.g. `ap-northeast-1` (docs/pricing.md#regions).
    #[arg(long = "region", required = true)]
    pub regions: Vec<String>,
    /// Base URL of the Price List Bulk API or a mirror.
    #[arg(long, default_value = download::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// Directory the tables are written to, as `<region>.toml`.
    #[arg(long, default_value = "pricing/aws")]
    pub out: PathBuf,
    /// Connect timeout and longest wait for any read, in seconds (1 to 3600).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout_secs: u64,
    /// The longest one file may take to download, retries included, in seconds (1 to 604800).
    #[arg(long, default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub deadline_secs: u64,
    /// The longest the whole update may take, in seconds (1 to 604800).
    #[arg(long, default_value_t = 14_400, value_parser = clap::value_parser!(u64).range(1..=604_800))]
    pub run_deadline_secs: u64,
    /// Retries after a transient failure (5xx, timeout, reset, short body).
    #[arg(long, default_value_t = 3)]
    pub retries: u32,
    #[command(flatten)]
    pub table: TableArgs,
}

/// What `import` and `update` do with keys the offer files lack, and what they list.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TableArgs {
    /// Drop the keys of the existing table that a given offer file could hold but lacks (by
    /// default they are carried over and listed).
    #[arg(long)]
    pub drop_missing: bool,
    /// Also list the keys carried over and every product of a family costplan reads that fits no
    /// selector (counted either way).
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Offer files (JSON or CSV), one per offer code; a Savings Plans price list
    /// (AWSComputeSavingsPlan, JSON) among them adds its Fargate rates beside the Fargate prices.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[arg(long)]
    pub region: String,
    /// Directory the table is written to, as `<region>.toml`.
    #[arg(long, default_value = "pricing/aws")]
    pub out: PathBuf,
    /// The table to start from: its keys that the offer files do not give are carried over
    /// (default: `<out>/<region>.toml` if it exists, else the bundled table of the region).
    #[arg(long)]
    pub into: Option<PathBuf>,
    #[command(flatten)]
    pub table: TableArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ShowArgs {
    /// Only this region (default: all). The tables are the bundled ones, or `--prices DIR`.
    #[arg(long)]
    pub region: Option<String>,
    /// Only keys (or usage types) containing this text.
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
}

/// Runs a `pricing` subcommand; returns the exit code (errors carry theirs). `prices` is the
/// global `--prices DIR` (tables for `show`; bundled tables when absent).
pub fn run_pricing(args: &PricingArgs, prices: Option<&Path>, out: &mut dyn Write) -> Result<u8> {
    match &args.command {
        PricingCommand::Update(a) => {
            let opts = DownloadOptions {
                base_url: a.base_url.clone(),
                timeout: Duration::from_secs(a.timeout_secs.max(1)),
                deadline: Duration::from_secs(a.deadline_secs),
                run_deadline: Duration::from_secs(a.run_deadline_secs),
                retries: a.retries,
                ..DownloadOptions::default()
            };
            update_with(&a.regions, &opts, &a.out, &a.table, out)?;
        }
        PricingCommand::Import(a) => {
            import_with(
                &a.files,
                &a.region,
                &a.out,
                a.into.as_deref(),
                &a.table,
                out,
            )?;
        }
        PricingCommand::Show(a) => {
            let catalog = match prices {
                Some(dir) => PriceCatalog::load_dir(dir)?,
                None => PriceCatalog::bundled()?,
            };
            show(&catalog, a.region.as_deref(), a.pattern.as_deref(), out)?;
        }
        PricingCommand::Diff(a) => {
            let old = read_table(&a.old)?;
            let new = read_table(&a.new)?;
            write_diff(&diff(&old, &new), out).map_err(write_err)?;
        }
    }
    Ok(EXIT_OK)
}

/// A failed write of the listing or summary (stdout, or the writer a test gives).
fn write_err(source: std::io::Error) -> Error {
    crate::output::write_error(Path::new(crate::output::STDOUT), source)
}

/// Reads a table file.
pub fn read_table(path: &Path) -> Result<PriceTable> {
    PriceTable::parse(&SourceFile::read(path, MAX_TABLE_BYTES)?)
}

/// The table a rebuild carries entries over from: the existing file, else the bundled table.
fn previous_table(path: &Path, region: &str) -> Option<PriceTable> {
    if path.exists()
        && let Ok(t) = read_table(path)
    {
        return Some(t);
    }
    PriceCatalog::bundled()
        .ok()
        .and_then(|c| c.table(region).ok().cloned())
}

/// Writes a table with [`crate::output::write_file`] (atomically), after checking that it reads
/// back. On any failure the previous file is untouched.
pub fn write_table_atomic(path: &Path, table: &PriceTable) -> Result<()> {
    let text = table.to_toml();
    // Never write what cannot be read back.
    PriceTable::parse(&SourceFile::new(path.display().to_string(), text.clone()))?;
    crate::output::write_file(path, text.as_bytes())
}

/// Bytes per second as whole MB/s (integer maths: no floats in the library).
pub fn mb_per_s(bytes: u64, elapsed: Duration) -> u64 {
    let ms = elapsed.as_millis().max(1);
    u64::try_from(u128::from(bytes) * 1000 / ms / 1_000_000).unwrap_or(u64::MAX)
}

/// A region code as AWS writes it (`us-east-1`): it names the table file `<region>.toml`, so it
/// may hold only lowercase letters, digits and `-` (no path separators, no `..`).
pub fn check_region(region: &str) -> Result<()> {
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !region.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{}` is not a region code: write it like `us-east-1` (lowercase letters, digits and `-`, at most 32 characters)",
            region.escape_debug()
        )))
    }
}

/// A region `pricing update` can fetch: a current commercial region of the region map
/// ([`super::regions`]); any other code is refused with the nearest known one.
pub fn check_known_region(region: &str) -> Result<()> {
    check_region(region)?;
    if super::regions::by_code(region).is_some() {
        return Ok(());
    }
    let hint = crate::suggest::hint_for(region, super::regions::codes());
    Err(Error::usage(format!(
        "`{region}` is not a commercial AWS region costplan knows: {hint} (the regions are listed in docs/pricing.md)"
    )))
}

/// `pricing import`: builds the region's table from local offer files and writes it to
/// `out_dir/<region>.toml`. Keys of offers not given, and keys the files lack, are kept from the
/// existing table (see [`import_with`]).
pub fn import(
    files: &[PathBuf],
    region: &str,
    out_dir: &Path,
    out: &mut dyn Write,
) -> Result<BuildReport> {
    import_with(files, region, out_dir, None, &TableArgs::default(), out)
}

/// [`import`] starting from the table `into` (default: the existing `<out>/<region>.toml`, else
/// the bundled table), with `--drop-missing` and `--verbose`.
pub fn import_with(
    files: &[PathBuf],
    region: &str,
    out_dir: &Path,
    into: Option<&Path>,
    table: &TableArgs,
    out: &mut dyn Write,
) -> Result<BuildReport> {
    check_region(region)?;
    let selectors = rules::selectors(region);
    let started = Instant::now();
    let mut extracts = Vec::with_capacity(files.len());
    let mut bytes = 0u64;
    // Savings Plans price lists (AWSComputeSavingsPlan) go beside the offer files' prices.
    let mut plans: Vec<(
        Vec<super::import::savings_plan::SavingsPlanRate>,
        super::OfferFile,
    )> = Vec::new();
    let mut offer_files: Vec<PathBuf> = Vec::with_capacity(files.len());
    for f in files {
        match savings_plan_file(f, region)? {
            Some(p) => {
                bytes += p.1.bytes;
                plans.push(p);
            }
            None => offer_files.push(f.clone()),
        }
    }
    for f in &offer_files {
        let (extract, file) = read_offer_file(f, &selectors, region, &f.display().to_string())?;
        bytes += file.bytes;
        extracts.push((extract, file));
    }
    let elapsed = started.elapsed();
    let path = out_dir.join(format!("{region}.toml"));
    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    crate::output::refuse_inputs(Some(&path), &inputs)?;
    let previous = match into {
        Some(t) => {
            let t = read_table(t)?;
            if t.region != region {
                return Err(Error::usage(format!(
                    "--into names the {} table, not {region}'s",
                    t.region
                )));
            }
            Some(t)
        }
        None => previous_table(&path, region),
    };
    let args: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let report = build_table(
        region,
        &selectors,
        &extracts,
        previous.as_ref(),
        BuildOptions {
            require_all_offers: false,
            drop_missing: table.drop_missing,
        },
        &today_utc(),
        &format!(
            "costplan pricing import {} --region {region}",
            args.join(" ")
        ),
    )?;
    let mut report = report;
    for (rates, file) in plans {
        let keys = super::import::savings_plan::add_to_table(&mut report.table, &rates, &file.url);
        if keys.is_empty() {
            return Err(Error::import(
                &file.url,
                "no Fargate price of the table has a rate in this Savings Plans file".to_string(),
            ));
        }
        report.table.offer_files.push(file);
    }
    crate::output::create_dir(out_dir)?;
    write_table_atomic(&path, &report.table)?;
    summary(out, &report, &path, bytes, elapsed, table.verbose).map_err(write_err)?;
    Ok(report)
}

/// A Savings Plans price list (`AWSComputeSavingsPlan`, JSON) and its provenance, or `None` when
/// `path` is an offer file.
fn savings_plan_file(
    path: &Path,
    region: &str,
) -> Result<
    Option<(
        Vec<super::import::savings_plan::SavingsPlanRate>,
        super::OfferFile,
    )>,
> {
    use super::import::savings_plan::{fargate_rates, is_savings_plan_file};
    let origin = path.display().to_string();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut crate::source::open(path)?, &mut bytes).map_err(|source| {
        Error::Read {
            path: origin.clone(),
            source,
        }
    })?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64 * 1024)]);
    if !is_savings_plan_file(&head) {
        return Ok(None);
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::import(&origin, format!("not UTF-8: {e}")))?;
    let rates = fargate_rates(text, &origin)?;
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Header {
        #[serde(default)]
        version: String,
        #[serde(default)]
        publication_date: String,
        #[serde(default)]
        region_code: String,
    }
    let h: Header = serde_json::from_str(text)
        .map_err(|e| Error::import(&origin, format!("not a Savings Plans file: {e}")))?;
    if !h.region_code.is_empty() && h.region_code != region {
        return Err(Error::import(
            &origin,
            format!("a Savings Plans file of {}, not {region}", h.region_code),
        ));
    }
    use sha2::Digest;
    let file = super::OfferFile {
        offer_code: "AWSComputeSavingsPlan".into(),
        region: region.to_string(),
        version: h.version,
        publication_date: h.publication_date,
        url: origin,
        sha256: super::import::hex(&sha2::Sha256::digest(&bytes)),
        bytes: bytes.len() as u64,
    };
    Ok(Some((rates, file)))
}

fn summary(
    out: &mut dyn Write,
    r: &BuildReport,
    path: &Path,
    bytes: u64,
    elapsed: Duration,
    verbose: bool,
) -> std::io::Result<()> {
    let unmatched: u64 = r.unmatched.iter().map(|(_, n, _)| n).sum();
    writeln!(
        out,
        "{}: {} prices from {} offer file(s) ({} bytes read in {} ms, {} MB/s), {} carried over, {} dropped, {} omitted, {} product(s) fit no selector; wrote {}",
        r.table.region,
        r.from_offers.len(),
        r.table.offer_files.len(),
        bytes,
        elapsed.as_millis(),
        mb_per_s(bytes, elapsed),
        r.carried.len(),
        r.dropped.len(),
        r.omitted.len(),
        unmatched,
        path.display()
    )?;
    let kept: Vec<&str> = r
        .lacking
        .iter()
        .filter(|k| !r.dropped.contains(k))
        .map(String::as_str)
        .collect();
    if !kept.is_empty() {
        writeln!(
            out,
            "  not in the offer files, carried over from the previous table (--drop-missing drops them): {}",
            kept.join(", ")
        )?;
    }
    if !r.dropped.is_empty() {
        writeln!(
            out,
            "  not in the offer files, dropped (--drop-missing): {}",
            r.dropped.join(", ")
        )?;
    }
    if !r.omitted.is_empty() {
        writeln!(
            out,
            "  omitted (no offer data and no previous entry): {}",
            r.omitted.join(", ")
        )?;
    }
    if verbose {
        let other: Vec<&str> = r
            .carried
            .iter()
            .filter(|k| !r.lacking.contains(k))
            .map(String::as_str)
            .collect();
        if !other.is_empty() {
            writeln!(
                out,
                "  carried over (offer file not given, or not published in one): {}",
                other.join(", ")
            )?;
        }
        for (key, why) in &r.missing {
            writeln!(out, "  no product for `{key}`: {why}")?;
        }
        for (origin, n, listed) in &r.unmatched {
            if *n == 0 {
                continue;
            }
            writeln!(
                out,
                "  {n} product(s) of {origin} fit no selector (not priced){}:",
                if (listed.len() as u64) < *n {
                    format!(", the first {}", listed.len())
                } else {
                    String::new()
                }
            )?;
            for l in listed {
                writeln!(out, "    {l}")?;
            }
        }
    }
    Ok(())
}

/// `pricing update`: downloads the offer files for each region, builds every table in memory,
/// and only then writes them (each atomically). Any failure before the writes leaves every
/// existing table as it was.
pub fn update(
    regions: &[String],
    opts: &DownloadOptions,
    out_dir: &Path,
    out: &mut dyn Write,
) -> Result<Vec<BuildReport>> {
    update_with(regions, opts, out_dir, &TableArgs::default(), out)
}

/// [`update`] with `--drop-missing` and `--verbose`.
pub fn update_with(
    regions: &[String],
    opts: &DownloadOptions,
    out_dir: &Path,
    table: &TableArgs,
    out: &mut dyn Write,
) -> Result<Vec<BuildReport>> {
    for r in regions {
        check_known_region(r)?;
    }
    // A malformed or non-http(s) base URL is a usage error, before anything is created.
    let dl = Downloader::new(opts.clone())?;
    crate::output::create_dir(out_dir)?;
    let region_indexes = dl.offer_index(out_dir, &rules::OFFER_CODES)?;
    let mut region_index_docs = Vec::with_capacity(region_indexes.len());
    for (code, url) in &region_indexes {
        let (ri_url, ri) = dl.region_index(url, out_dir, regions)?;
        region_index_docs.push((code.clone(), ri_url, ri));
    }
    let mut built = Vec::new();
    for region in regions {
        let selectors = rules::selectors(region);
        let started = Instant::now();
        let mut extracts = Vec::new();
        let mut bytes = 0u64;
        for (code, ri_url, ri) in &region_index_docs {
            let file_url = ri.url_for(region, ri_url)?;
            let got = dl.download(&file_url, out_dir, &format!("{code} {region}"))?;
            let (extract, mut file) = read_offer_file(&got.path, &selectors, region, &got.url)?;
            super::import::resolve::offer_code(&extract, Some(code))?;
            file.sha256 = got.sha256.clone();
            file.bytes = got.bytes;
            bytes += got.bytes;
            extracts.push((extract, file));
        }
        let path = out_dir.join(format!("{region}.toml"));
        let previous = previous_table(&path, region);
        let report = build_table(
            region,
            &selectors,
            &extracts,
            previous.as_ref(),
            BuildOptions {
                require_all_offers: true,
                drop_missing: table.drop_missing,
            },
            &today_utc(),
            &format!(
                "costplan pricing update --region {region} --base-url {}",
                dl.base_shown()
            ),
        )?;
        built.push((path, report, bytes, started.elapsed()));
    }
    let mut reports = Vec::new();
    for (path, report, bytes, elapsed) in built {
        write_table_atomic(&path, &report.table)?;
        summary(out, &report, &path, bytes, elapsed, table.verbose).map_err(write_err)?;
        reports.push(report);
    }
    Ok(reports)
}

/// A price as one short string: `0.04048` or `0-10240: 0.09 | 10240+: 0.085`.
pub fn rate_text(rate: &Rate) -> String {
    match rate {
        Rate::Flat(v) => v.normalize().to_string(),
        Rate::Tiered(tiers) => tiers
            .iter()
            .map(|t| match t.to {
                Some(to) => format!("{}-{}: {}", t.from, to, t.usd.normalize()),
                None => format!("{}+: {}", t.from, t.usd.normalize()),
            })
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

/// `pricing show`: one line per price with unit, usage type, effective and publication dates.
pub fn show(
    catalog: &PriceCatalog,
    region: Option<&str>,
    pattern: Option<&str>,
    out: &mut dyn Write,
) -> Result<usize> {
    let tables: Vec<&PriceTable> = match region {
        Some(r) => vec![catalog.table(r)?],
        None => catalog.tables().collect(),
    };
    let mut rows: Vec<[String; 7]> = Vec::new();
    for t in &tables {
        for p in t.prices() {
            if let Some(pat) = pattern
                && !p.key.contains(pat)
                && !p.usage_type.contains(pat)
            {
                continue;
            }
            rows.push([
                t.region.clone(),
                p.key.clone(),
                rate_text(&p.rate),
                p.unit.clone(),
                p.usage_type.clone(),
                p.effective_date.clone(),
                p.publication_date.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
    }
    let header = [
        "region",
        "key",
        "usd",
        "unit",
        "usage type",
        "effective",
        "published",
    ]
    .map(String::from);
    let mut widths = header.clone().map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let io = write_err;
    for r in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::new();
        for (i, (c, w)) in r.iter().zip(widths).enumerate() {
            if i + 1 == r.len() {
                line.push_str(c);
            } else {
                line.push_str(&format!("{c:w$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end()).map_err(io)?;
    }
    for t in &tables {
        writeln!(
            out,
            "# {}: effective {}, {} prices, {} ({})",
            t.region,
            t.effective_date,
            t.prices().count(),
            t.source,
            t.origin
        )
        .map_err(io)?;
        for f in &t.offer_files {
            writeln!(
                out,
                "#   {} version {} published {} sha256 {} ({} bytes)",
                f.offer_code, f.version, f.publication_date, f.sha256, f.bytes
            )
            .map_err(io)?;
        }
    }
    Ok(rows.len())
}

/// One difference between two tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added {
        key: String,
        rate: String,
    },
    Removed {
        key: String,
        rate: String,
    },
    /// A flat price that moved: old, new, new − old, and the exact change in % of old (`None`
    /// when old is zero; shown with two decimals by [`crate::money::format_percent_places`]).
    Price {
        key: String,
        old: Decimal,
        new: Decimal,
        delta: Decimal,
        percent: Option<Decimal>,
    },
    /// Tiers that changed (bounds or prices).
    Tiers {
        key: String,
        old: String,
        new: String,
    },
    /// Same price, other provenance (effective date, usage type or SKU).
    Provenance {
        key: String,
        what: String,
    },
}

fn percent(old: Decimal, new: Decimal) -> Option<Decimal> {
    if old.is_zero() {
        return None;
    }
    new.checked_sub(old)
        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
        .and_then(|d| d.checked_div(old))
}

/// What changed from `old` to `new`, by key.
pub fn diff(old: &PriceTable, new: &PriceTable) -> Vec<Change> {
    let mut out = Vec::new();
    for o in old.prices() {
        let Ok(n) = new.get(&o.key) else {
            out.push(Change::Removed {
                key: o.key.clone(),
                rate: rate_text(&o.rate),
            });
            continue;
        };
        match (&o.rate, &n.rate) {
            (Rate::Flat(a), Rate::Flat(b)) if a != b => out.push(Change::Price {
                key: o.key.clone(),
                old: *a,
                new: *b,
                delta: b.checked_sub(*a).unwrap_or_default(),
                percent: percent(*a, *b),
            }),
            (a, b) if a != b => out.push(Change::Tiers {
                key: o.key.clone(),
                old: rate_text(a),
                new: rate_text(b),
            }),
            _ => {
                let mut what = Vec::new();
                if o.effective_date != n.effective_date {
                    what.push(format!(
                        "effective {} -> {}",
                        o.effective_date, n.effective_date
                    ));
                }
                if o.usage_type != n.usage_type {
                    what.push(format!("usage type {} -> {}", o.usage_type, n.usage_type));
                }
                if o.sku != n.sku {
                    what.push(format!(
                        "sku {} -> {}",
                        o.sku.as_deref().unwrap_or("-"),
                        n.sku.as_deref().unwrap_or("-")
                    ));
                }
                if !what.is_empty() {
                    out.push(Change::Provenance {
                        key: o.key.clone(),
                        what: what.join(", "),
                    });
                }
            }
        }
    }
    for n in new.prices() {
        if !old.contains(&n.key) {
            out.push(Change::Added {
                key: n.key.clone(),
                rate: rate_text(&n.rate),
            });
        }
    }
    out
}

/// Renders a diff, one line per change, then a count.
pub fn write_diff(changes: &[Change], out: &mut dyn Write) -> std::io::Result<()> {
    for c in changes {
        match c {
            Change::Added { key, rate } => writeln!(out, "+ {key}: {rate}")?,
            Change::Removed { key, rate } => writeln!(out, "- {key}: {rate}")?,
            Change::Price {
                key,
                old,
                new,
                delta,
                percent,
            } => {
                let sign = if delta.is_sign_negative() { "" } else { "+" };
                let pct = percent.map_or_else(
                    || "n/a %".to_string(),
                    |p| crate::money::format_percent_places(p, 2),
                );
                writeln!(
                    out,
                    "~ {key}: {} -> {} ({sign}{}, {pct})",
                    old.normalize(),
                    new.normalize(),
                    delta.normalize()
                )?;
            }
            Change::Tiers { key, old, new } => writeln!(out, "~ {key}: tiers {old} -> {new}")?,
            Change::Provenance { key, what } => writeln!(out, "= {key}: same price; {what}")?,
        }
    }
    let priced = changes
        .iter()
        .filter(|c| !matches!(c, Change::Provenance { .. }))
        .count();
    writeln!(
        out,
        "{priced} price change(s), {} provenance change(s)",
        changes.len() - priced
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::table::{Price, Tier};

    fn price(key: &str, rate: Rate) -> Price {
        Price {
            key: key.into(),
            description: String::new(),
            unit: "GB".into(),
            rate,
            offer_code: "X".into(),
            product_family: None,
            usage_type: "U".into(),
            sku: None,
            effective_date: "2026-01-01".into(),
            publication_date: None,
            source: "s".into(),
            evidence: None,
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn diff_lists_added_removed_price_and_tier_changes() {
        let tiers = |a: &str| {
            Rate::Tiered(vec![
                Tier {
                    from: d("0"),
                    to: Some(d("10")),
                    usd: d(a),
                },
                Tier {
                    from: d("10"),
                    to: None,
                    usd: d("0.05"),
                },
            ])
        };
        let old = PriceTable::from_parts(
            "r",
            "2026-01-01",
            "s",
            "old",
            [
                price("a", Rate::Flat(d("0.10"))),
                price("free", Rate::Flat(d("0"))),
                price("gone", Rate::Flat(d("1"))),
                price("t", tiers("0.09")),
            ],
        );
        let new = PriceTable::from_parts(
            "r",
            "2026-02-01",
            "s",
            "new",
            [
                price("a", Rate::Flat(d("0.12"))),
                price("free", Rate::Flat(d("0.01"))),
                price("t", tiers("0.08")),
                price("z", Rate::Flat(d("2"))),
            ],
        );
        let changes = diff(&old, &new);
        assert_eq!(
            changes[0],
            Change::Price {
                key: "a".into(),
                old: d("0.10"),
                new: d("0.12"),
                delta: d("0.02"),
                percent: Some(d("20"))
            }
        );
        assert!(matches!(&changes[1], Change::Price { key, percent: None, .. } if key == "free"));
        assert!(matches!(&changes[2], Change::Removed { key, .. } if key == "gone"));
        assert!(matches!(&changes[3], Change::Tiers { key, .. } if key == "t"));
        assert!(matches!(&changes[4], Change::Added { key, .. } if key == "z"));
        let mut out = Vec::new();
        write_diff(&changes, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("~ a: 0.1 -> 0.12 (+0.02, +20.00%)"), "{text}");
        assert!(text.contains("~ free: 0 -> 0.01 (+0.01, n/a %)"), "{text}");
        assert!(
            text.contains("~ t: tiers 0-10: 0.09 | 10+: 0.05 -> 0-10: 0.08 | 10+: 0.05"),
            "{text}"
        );
        assert!(
            text.ends_with("5 price change(s), 0 provenance change(s)\n"),
            "{text}"
        );
    }

    #[test]
    fn price_change_percent_rounds_half_away_from_zero_like_money() {
        // +0.005 % is a tie at two decimals: banker's rounding gave +0.00 %, the rule gives +0.01 %.
        let old = PriceTable::from_parts("r", "d", "s", "old", [price("a", Rate::Flat(d("8")))]);
        let new =
            PriceTable::from_parts("r", "d", "s", "new", [price("a", Rate::Flat(d("8.0004")))]);
        let mut out = Vec::new();
        write_diff(&diff(&old, &new), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("~ a: 8 -> 8.0004 (+0.0004, +0.01%)"),
            "{text}"
        );
    }

    #[test]
    fn throughput_is_integer_megabytes_per_second() {
        assert_eq!(mb_per_s(1_000_000_000, Duration::from_secs(2)), 500);
        assert_eq!(mb_per_s(5, Duration::ZERO), 0);
    }

    #[test]
    fn show_filters_by_key_or_usage_type() {
        let catalog = PriceCatalog::bundled().unwrap_or_default();
        let mut out = Vec::new();
        let n = show(&catalog, Some("eu-west-1"), Some("NatGateway"), &mut out).unwrap_or(0);
        assert_eq!(n, 2);
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.starts_with("region"), "{text}");
        assert!(text.contains("EU-NatGateway-Hours"), "{text}");
        assert!(show(&catalog, Some("xx-east-9"), None, &mut Vec::new()).is_err());
    }
}
