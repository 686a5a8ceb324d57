//! The HTTP side of `pricing update`, and its one chokepoint for a hostile mirror: the offer
//! index, each offer's region index, and the regional offer files, streamed to a temporary file
//! while hashed, with read timeouts, a deadline per file and per run, retries with backoff on
//! transient failures, a Content-Length check and a progress bar on terminals. Every URL goes
//! through [`Downloader::url`] (only the base URL's scheme, host and port) and is shown through
//! [`shown`] (never its userinfo); indexes are parsed as a stream keeping only what is needed.
//! The rules are in docs/limits.md.

use crate::error::{Error, Result};
use reqwest::Url;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The public AWS Price List Bulk API.
pub const DEFAULT_BASE_URL: &str = "https://pricing.us-east-1.amazonaws.com";
/// The offer index, relative to the base URL.
pub const OFFER_INDEX_PATH: &str = "/offers/v1.0/aws/index.json";
/// The region index of the Compute Savings Plans price list (reference §2.6), relative to the
/// base URL; it is not listed in the offer index.
pub const SAVINGS_PLAN_REGION_INDEX_PATH: &str =
    "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";
/// Index files (offer index, region index) are small; refuse anything bigger.
const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;
/// The longest any duration option may be (a week): longer ones are clamped, so that no
/// deadline arithmetic can overflow. The command line refuses bigger values outright.
pub const MAX_DURATION: Duration = Duration::from_secs(7 * 24 * 3600);
/// Region names quoted in a "no offer file for region" error; the rest are counted.
const MAX_NAMED_REGIONS: usize = 64;

#[derive(Debug, Clone)]
pub struct DownloadOptions {
    pub base_url: String,
    /// Connect timeout, and the longest wait for any single read.
    pub timeout: Duration,
    /// The longest one file may take, all attempts included (a mirror that drips one byte a
    /// second passes every read timeout; this ends it).
    pub deadline: Duration,
    /// The longest the whole run may take, every file and retry included.
    pub run_deadline: Duration,
    /// Attempts after the first, on transient failures (5xx, 429, timeouts, resets, short bodies).
    pub retries: u32,
    /// The wait before the first retry; doubled each time.
    pub backoff: Duration,
    /// Draw a progress bar (only ever when stderr is a terminal).
    pub progress: bool,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions {
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(3600),
            run_deadline: Duration::from_secs(4 * 3600),
            retries: 3,
            backoff: Duration::from_millis(500),
            progress: true,
        }
    }
}

/// A downloaded file: where it is, its size and SHA-256. The file is removed on drop.
#[derive(Debug)]
pub struct Downloaded {
    /// The URL it came from, without any userinfo.
    pub url: String,
    pub path: PathBuf,
    pub bytes: u64,
    pub sha256: String,
}

impl Drop for Downloaded {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

pub struct Downloader {
    client: reqwest::blocking::Client,
    opts: DownloadOptions,
    /// The base URL as given (userinfo included: it is sent, never shown).
    base: Url,
    /// When the whole run must be over.
    run_ends: Instant,
}

/// Whether a failure is worth another attempt.
enum Failure {
    Transient(String),
    Permanent(String),
    /// Writing the download to disk failed (exit 4, like any write).
    Write(String, std::io::Error),
    /// An error already in its final form (the temporary file could not be created).
    Fatal(Error),
}

/// Checks a `--base-url`: an absolute http(s) URL with a host, and no query or fragment.
/// Anything else is a usage error (exit 2), before any connection is tried.
pub fn parse_base_url(text: &str) -> Result<Url> {
    let bad = |why: &str| {
        Error::usage(format!(
            "--base-url `{}` {why}: write it like {DEFAULT_BASE_URL}",
            shown_text(text).escape_debug()
        ))
    };
    let url = Url::parse(text).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("is not an http or https URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("has a query or fragment"));
    }
    Ok(url)
}

/// A URL as it may be shown (errors, logs, tables): without user name or password.
pub fn shown(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}

/// [`shown`] for text that may not parse: drops anything between `://` and an `@` before the
/// first `/` after it.
pub fn shown_text(text: &str) -> String {
    if let Ok(u) = Url::parse(text) {
        return shown(&u);
    }
    if let Some(i) = text.find("://") {
        let rest = &text[i + 3..];
        let auth_end = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            return format!("{}{}", &text[..i + 3], &rest[at + 1..]);
        }
    }
    text.to_string()
}

impl Downloader {
    pub fn new(opts: DownloadOptions) -> Result<Self> {
        let base = parse_base_url(&opts.base_url)?;
        let mut opts = opts;
        opts.timeout = opts.timeout.clamp(Duration::from_millis(1), MAX_DURATION);
        opts.deadline = opts.deadline.min(MAX_DURATION);
        opts.run_deadline = opts.run_deadline.min(MAX_DURATION);
        opts.backoff = opts.backoff.min(MAX_DURATION);
        let mut builder = reqwest::blocking::Client::builder();
        // A mirror on this machine is reached directly, whatever HTTP(S)_PROXY says.
        let local = base
            .host_str()
            .is_some_and(|h| h == "localhost" || h == "[::1]" || h.starts_with("127."));
        if local {
            builder = builder.no_proxy();
        }
        let client = builder
            .connect_timeout(opts.timeout)
            .timeout(opts.timeout)
            // An index may not send costplan elsewhere by a redirect either.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("costplan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                Error::network(shown(&base), format!("cannot set up the HTTP client: {e}"))
            })?;
        Ok(Downloader {
            client,
            run_ends: Instant::now() + opts.run_deadline,
            opts,
            base,
        })
    }

    /// The base URL as it may be shown (no userinfo).
    pub fn base_shown(&self) -> String {
        shown(&self.base)
    }

    /// The absolute URL for a path or URL from an index. Absolute URLs are followed only on the
    /// base URL's own scheme, host and port (an index may not send costplan to another host);
    /// anything else is a network error (exit 5) naming the URL without its userinfo.
    pub fn url(&self, path: &str) -> Result<Url> {
        let refuse = |why: String| Error::network(shown_text(path), why);
        let url = if let Ok(abs) = Url::parse(path) {
            let same = abs.scheme() == self.base.scheme()
                && abs.host_str() == self.base.host_str()
                && abs.port_or_known_default() == self.base.port_or_known_default();
            if !same {
                return Err(refuse(format!(
                    "the index points outside the mirror {}: costplan follows index URLs only on the mirror's own scheme, host and port",
                    origin(&self.base)
                )));
            }
            let mut abs = abs;
            let _ = abs.set_username(self.base.username());
            let _ = abs.set_password(self.base.password());
            abs
        } else {
            let mut text = self.base.as_str().trim_end_matches('/').to_string();
            text.push('/');
            text.push_str(path.trim_start_matches('/'));
            let joined = Url::parse(&text)
                .map_err(|e| refuse(format!("not a usable path in an index: {e}")))?;
            if joined.host_str() != self.base.host_str()
                || joined.port_or_known_default() != self.base.port_or_known_default()
            {
                return Err(refuse(format!(
                    "the index points outside the mirror {}",
                    origin(&self.base)
                )));
            }
            joined
        };
        Ok(url)
    }

    /// Fetches the offer index and keeps the region index URL of each offer in `offer_codes`.
    pub fn offer_index(&self, dir: &Path, offer_codes: &[&str]) -> Result<Vec<(String, String)>> {
        let got =
            self.download_limited(OFFER_INDEX_PATH, dir, "offer index", Some(MAX_INDEX_BYTES))?;
        let file = open_download(&got)?;
        region_index_urls(file, offer_codes, &got.url)
    }

    /// Fetches a region index and keeps the offer file URL of each region in `regions`.
    pub fn region_index(
        &self,
        path: &str,
        dir: &Path,
        regions: &[String],
    ) -> Result<(String, RegionIndex)> {
        let got = self.download_limited(path, dir, "region index", Some(MAX_INDEX_BYTES))?;
        let file = open_download(&got)?;
        let index = RegionIndex::read(file, regions, &got.url)?;
        Ok((got.url.clone(), index))
    }

    /// Fetches the Compute Savings Plans region index and keeps the price list URL of each region in
    /// `regions`. Unlike an offer's region index, its `regions` is an **array** of
    /// `{regionCode, versionUrl}` (reference §2.6).
    pub fn savings_plan_region_index(
        &self,
        dir: &Path,
        regions: &[String],
    ) -> Result<(String, RegionIndex)> {
        let got = self.download_limited(
            SAVINGS_PLAN_REGION_INDEX_PATH,
            dir,
            "Savings Plans region index",
            Some(MAX_INDEX_BYTES),
        )?;
        let file = open_download(&got)?;
        let index = RegionIndex::read_savings_plan(file, regions, &got.url)?;
        Ok((got.url.clone(), index))
    }

    /// Streams a file into `dir` (a temporary name, removed when the result is dropped).
    pub fn download(&self, path: &str, dir: &Path, label: &str) -> Result<Downloaded> {
        self.download_limited(path, dir, label, None)
    }

    fn download_limited(
        &self,
        path: &str,
        dir: &Path,
        label: &str,
        max_bytes: Option<u64>,
    ) -> Result<Downloaded> {
        let url = self.url(path)?;
        let tmp = dir.join(format!(
            ".costplan-download-{}-{}.tmp",
            std::process::id(),
            unique()
        ));
        let mut result = Downloaded {
            url: shown(&url),
            path: tmp.clone(),
            bytes: 0,
            sha256: String::new(),
        };
        let ends = self.ends_for_one_file();
        let (bytes, sha) = self.with_retries(&url, &ends, |resp| {
            // a retry starts the file again; created through the one writer (src/output.rs)
            let _ = std::fs::remove_file(&tmp);
            let file = crate::output::create_temporary(&tmp).map_err(Failure::Fatal)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
            let bar = self.progress_bar(resp.content_length(), label);
            let mut hasher = Sha256::new();
            let n = copy_checked(resp, &mut w, &mut hasher, bar.as_ref(), &ends, max_bytes)
                .map_err(|f| match f {
                    Failure::Write(_, e) => Failure::Write(tmp.display().to_string(), e),
                    f => f,
                })?;
            w.flush()
                .and_then(|_| w.get_ref().sync_all())
                .map_err(|e| Failure::Write(tmp.display().to_string(), e))?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            Ok((n, super::hex(&hasher.finalize())))
        })?;
        result.bytes = bytes;
        result.sha256 = sha;
        Ok(result)
    }

    /// When the file about to be fetched must be in: its own deadline or the run's, whichever
    /// comes first, and which of the two that is.
    fn ends_for_one_file(&self) -> Deadline {
        let own = Instant::now() + self.opts.deadline;
        if own < self.run_ends {
            Deadline {
                at: own,
                what: format!(
                    "the deadline of {} s per file (--deadline-secs)",
                    self.opts.deadline.as_secs_f64()
                ),
            }
        } else {
            Deadline {
                at: self.run_ends,
                what: format!(
                    "the deadline of {} s for the whole run (--run-deadline-secs)",
                    self.opts.run_deadline.as_secs_f64()
                ),
            }
        }
    }

    fn progress_bar(&self, len: Option<u64>, label: &str) -> Option<indicatif::ProgressBar> {
        if !self.opts.progress || !std::io::stderr().is_terminal() {
            return None;
        }
        let bar = match len {
            Some(n) => indicatif::ProgressBar::new(n),
            None => indicatif::ProgressBar::new_spinner(),
        };
        let style = indicatif::ProgressStyle::with_template(
            "{msg:28} {bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        bar.set_message(label.to_string());
        Some(bar)
    }

    /// Sends a GET, checks the status and runs `body` on the response; retries transient failures
    /// with exponential backoff, all within `ends`.
    fn with_retries<T>(
        &self,
        url: &Url,
        ends: &Deadline,
        mut body: impl FnMut(&mut reqwest::blocking::Response) -> std::result::Result<T, Failure>,
    ) -> Result<T> {
        let url_shown = shown(url);
        let mut delay = self.opts.backoff;
        let mut attempt = 0u32;
        loop {
            let Some(left) = ends.left() else {
                return Err(Error::network(&url_shown, ends.passed()));
            };
            let outcome = match self
                .client
                .get(url.clone())
                .timeout(self.opts.timeout.min(left))
                .send()
            {
                Err(_) if ends.left().is_none() => Err(Failure::Permanent(ends.passed())),
                Err(e) => Err(Failure::Transient(describe(&e))),
                Ok(mut resp) => {
                    let status = resp.status();
                    if status.is_success() {
                        body(&mut resp)
                    } else if status.is_server_error()
                        || status.as_u16() == 429
                        || status.as_u16() == 408
                    {
                        Err(Failure::Transient(format!("HTTP {status}")))
                    } else if status.is_redirection() {
                        Err(Failure::Permanent(format!(
                            "HTTP {status}: costplan does not follow redirects from a mirror"
                        )))
                    } else {
                        Err(Failure::Permanent(format!("HTTP {status}")))
                    }
                }
            };
            match outcome {
                Ok(v) => return Ok(v),
                Err(Failure::Write(path, source)) => return Err(Error::Write { path, source }),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Permanent(reason)) => return Err(Error::network(&url_shown, reason)),
                Err(Failure::Transient(reason)) if attempt >= self.opts.retries => {
                    return Err(Error::network(
                        &url_shown,
                        format!("{reason} (gave up after {} attempts)", attempt + 1),
                    ));
                }
                Err(Failure::Transient(reason)) => {
                    if ends.left().is_none_or(|l| l <= delay) {
                        return Err(Error::network(
                            &url_shown,
                            format!("{reason}; no time left to retry: {}", ends.passed()),
                        ));
                    }
                    std::thread::sleep(delay);
                    delay = delay.saturating_mul(2).min(MAX_DURATION);
                    attempt += 1;
                }
            }
        }
    }
}

/// When a download must be over, and how to name that limit.
#[derive(Debug, Clone)]
struct Deadline {
    at: Instant,
    what: String,
}

impl Deadline {
    /// Time left, or `None` once passed.
    fn left(&self) -> Option<Duration> {
        self.at
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
    }

    fn passed(&self) -> String {
        format!("took longer than {}", self.what)
    }
}

/// `scheme://host:port` of a URL, for messages.
fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// Opens a file this run downloaded, through the one reader (`src/source.rs`).
fn open_download(got: &Downloaded) -> Result<std::io::BufReader<std::fs::File>> {
    crate::source::open(&got.path).map(std::io::BufReader::new)
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

fn describe(e: &reqwest::Error) -> String {
    let mut s = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "cannot connect".to_string()
    } else {
        "request failed".to_string()
    };
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(&format!(": {inner}"));
        src = inner.source();
    }
    s
}

/// An I/O error with every cause behind it.
fn io_chain(e: &std::io::Error) -> String {
    let mut s = e.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(inner) = src {
        let t = inner.to_string();
        if !s.contains(&t) {
            s.push_str(&format!(": {t}"));
        }
        src = inner.source();
    }
    s
}

/// Copies a body, hashing it, and checks its length against Content-Length, the deadline and
/// `max_bytes`.
fn copy_checked(
    resp: &mut dyn ReadWithLength,
    out: &mut dyn Write,
    hasher: &mut Sha256,
    bar: Option<&indicatif::ProgressBar>,
    ends: &Deadline,
    max_bytes: Option<u64>,
) -> std::result::Result<u64, Failure> {
    let expected = resp.expected_len();
    if let (Some(len), Some(max)) = (expected, max_bytes)
        && len > max
    {
        return Err(Failure::Permanent(format!(
            "index of {len} bytes is larger than the {max} bytes an index may have"
        )));
    }
    let mut buf = vec![0u8; 256 * 1024];
    let mut n: u64 = 0;
    loop {
        if ends.left().is_none() {
            return Err(Failure::Permanent(format!(
                "{} (after {n} bytes)",
                ends.passed()
            )));
        }
        let k = match resp.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // The request's timeout is cut to the time left, so it may be the deadline that fired.
            Err(_) if ends.left().is_none() => {
                return Err(Failure::Permanent(format!(
                    "{} (after {n} bytes)",
                    ends.passed()
                )));
            }
            Err(e) => {
                let chain = io_chain(&e);
                let timed_out = e.kind() == std::io::ErrorKind::TimedOut
                    || e.get_ref()
                        .and_then(|i| i.downcast_ref::<reqwest::Error>())
                        .is_some_and(reqwest::Error::is_timeout)
                    || chain.contains("timed out");
                let what = if timed_out {
                    "timed out reading the body"
                } else {
                    "connection broken"
                };
                let of = expected.map(|x| format!(" of {x}")).unwrap_or_default();
                return Err(Failure::Transient(format!(
                    "{what} after {n}{of} bytes: {chain}"
                )));
            }
        };
        n += k as u64;
        if let Some(max) = max_bytes
            && n > max
        {
            return Err(Failure::Permanent(format!(
                "index larger than the {max} bytes an index may have"
            )));
        }
        out.write_all(&buf[..k])
            .map_err(|e| Failure::Write("the download".to_string(), e))?;
        hasher.update(&buf[..k]);
        if let Some(b) = bar {
            b.set_position(n);
        }
    }
    if let Some(len) = expected
        && len != n
    {
        return Err(Failure::Transient(format!(
            "body is {n} bytes, Content-Length says {len} (truncated)"
        )));
    }
    Ok(n)
}

/// A readable body that may know its length.
trait ReadWithLength: Read {
    fn expected_len(&self) -> Option<u64>;
}

impl ReadWithLength for reqwest::blocking::Response {
    fn expected_len(&self) -> Option<u64> {
        self.content_length()
    }
}

/// Reads an offer index as a stream and keeps only the region index URL of each offer in
/// `offer_codes`: every other value (however many, however nested) is skipped without being
/// built, so memory is bounded by what is kept.
pub fn region_index_urls(
    input: impl Read,
    offer_codes: &[&str],
    url: &str,
) -> Result<Vec<(String, String)>> {
    let mut de = serde_json::Deserializer::from_reader(input);
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    let mut others = OtherNames::default();
    let seed = TopLevel {
        section: "offers",
        inner: Wanted {
            names: offer_codes.iter().map(|s| s.to_string()).collect(),
            field: "currentRegionIndexUrl",
            found: &mut found,
            others: &mut others,
        },
    };
    let saw = seed
        .deserialize(&mut de)
        .and_then(|saw| de.end().map(|()| saw))
        .map_err(|e| Error::import(url, format!("not a valid offer index: {e}")))?;
    if !saw {
        return Err(Error::import(url, "not an offer index: no `offers` object"));
    }
    offer_codes
        .iter()
        .map(|code| {
            found
                .remove(*code)
                .map(|u| (code.to_string(), u))
                .ok_or_else(|| {
                    Error::import(
                        url,
                        format!("the offer index has no `currentRegionIndexUrl` for `{code}`"),
                    )
                })
        })
        .collect()
}

/// What costplan keeps of a region index: the offer file URL of each region asked for, and a
/// bounded list of the other region names (for the error message).
#[derive(Debug, Clone, Default)]
pub struct RegionIndex {
    urls: BTreeMap<String, String>,
    others: OtherNames,
}

impl RegionIndex {
    /// Reads a region index as a stream, keeping only what [`RegionIndex`] holds.
    pub fn read(input: impl Read, regions: &[String], url: &str) -> Result<RegionIndex> {
        let mut de = serde_json::Deserializer::from_reader(input);
        let mut found = BTreeMap::new();
        let mut others = OtherNames::default();
        let seed = TopLevel {
            section: "regions",
            inner: Wanted {
                names: regions.to_vec(),
                field: "currentVersionUrl",
                found: &mut found,
                others: &mut others,
            },
        };
        let saw = seed
            .deserialize(&mut de)
            .and_then(|saw| de.end().map(|()| saw))
            .map_err(|e| Error::import(url, format!("not a valid region index: {e}")))?;
        if !saw {
            return Err(Error::import(
                url,
                "not a region index: no `regions` object",
            ));
        }
        Ok(RegionIndex {
            urls: found,
            others,
        })
    }

    /// Reads a Savings Plans region index: `{"regions": [{"regionCode", "versionUrl"}, …]}` (the
    /// file is bounded by the index size limit, so it is read whole).
    pub fn read_savings_plan(
        input: impl Read,
        regions: &[String],
        url: &str,
    ) -> Result<RegionIndex> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Entry {
            region_code: String,
            #[serde(default)]
            version_url: Option<String>,
        }
        #[derive(serde::Deserialize)]
        struct Index {
            regions: Option<Vec<Entry>>,
        }
        let index: Index = serde_json::from_reader(input).map_err(|e| {
            Error::import(url, format!("not a valid Savings Plans region index: {e}"))
        })?;
        let Some(entries) = index.regions else {
            return Err(Error::import(
                url,
                "not a Savings Plans region index: no `regions` array",
            ));
        };
        let mut out = RegionIndex::default();
        for e in entries {
            if regions.contains(&e.region_code) {
                let Some(u) = e.version_url else {
                    return Err(Error::import(
                        url,
                        format!("`{}` has no `versionUrl`", e.region_code),
                    ));
                };
                if out.urls.insert(e.region_code.clone(), u).is_some() {
                    return Err(Error::import(
                        url,
                        format!("`{}` is listed twice", e.region_code),
                    ));
                }
            } else {
                out.others.note(&e.region_code);
            }
        }
        Ok(out)
    }

    /// The regional offer file URL for `region`.
    pub fn url_for(&self, region: &str, url: &str) -> Result<String> {
        if let Some(u) = self.urls.get(region) {
            return Ok(u.clone());
        }
        let o = &self.others;
        let mut known = o.named.clone();
        known.sort_unstable();
        let mut tail = String::new();
        if o.unnamed > 0 {
            tail.push_str(&format!("; and {} more", o.unnamed));
        }
        if o.zones > 0 {
            tail.push_str(&format!("; and {} local or wavelength zones", o.zones));
        }
        Err(Error::import(
            url,
            format!(
                "no offer file for region `{region}` (regions: {}{tail})",
                known.join(", ")
            ),
        ))
    }
}

/// Names seen but not wanted: AWS regions (three-part codes) up to [`MAX_NAMED_REGIONS`], the
/// rest counted.
#[derive(Debug, Clone, Default)]
struct OtherNames {
    named: Vec<String>,
    unnamed: usize,
    zones: usize,
}

impl OtherNames {
    fn note(&mut self, name: &str) {
        if name.split('-').count() != 3 {
            self.zones += 1;
        } else if self.named.len() < MAX_NAMED_REGIONS && name.len() <= 32 {
            self.named.push(name.to_string());
        } else {
            self.unnamed += 1;
        }
    }
}

/// The top-level object of an index: the one `section` object is read with `inner`; every other
/// key is skipped. Yields whether `section` was there.
struct TopLevel<'a> {
    section: &'static str,
    inner: Wanted<'a>,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = bool;
    fn deserialize<D: serde::Deserializer<'de>>(
        mut self,
        de: D,
    ) -> std::result::Result<bool, D::Error> {
        de.deserialize_map(TopVisitor { top: &mut self })
    }
}

struct TopVisitor<'s, 'a> {
    top: &'s mut TopLevel<'a>,
}

impl<'de> Visitor<'de> for TopVisitor<'_, '_> {
    type Value = bool;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with a `{}` object", self.top.section)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<bool, A::Error> {
        let mut saw = false;
        while let Some(key) = map.next_key::<KeyName>()? {
            if key.0 == self.top.section {
                if saw {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate `{}` key",
                        self.top.section
                    )));
                }
                saw = true;
                map.next_value_seed(&mut self.top.inner)?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(saw)
    }
}

/// The section object (`offers` or `regions`): keeps `field` of each wanted name.
struct Wanted<'a> {
    names: Vec<String>,
    field: &'static str,
    found: &'a mut BTreeMap<String, String>,
    others: &'a mut OtherNames,
}

impl<'de> DeserializeSeed<'de> for &mut Wanted<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> std::result::Result<(), D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for &mut Wanted<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object keyed by name")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(key) = map.next_key::<KeyName>()? {
            if self.names.contains(&key.0) {
                let entry = map.next_value_seed(Field(self.field))?;
                if let Some(u) = entry
                    && self.found.insert(key.0.clone(), u).is_some()
                {
                    return Err(serde::de::Error::custom(format!(
                        "`{}` is listed twice",
                        key.0
                    )));
                }
            } else {
                self.others.note(&key.0);
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// One entry: the string value of one field, every other field skipped.
struct Field(&'static str);

impl<'de> DeserializeSeed<'de> for Field {
    type Value = Option<String>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        de: D,
    ) -> std::result::Result<Option<String>, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = Option<String>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "an object with a `{}` string", self.0)
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut value = None;
        while let Some(key) = map.next_key::<KeyName>()? {
            if key.0 == self.0 {
                if value.is_some() {
                    return Err(serde::de::Error::custom(format!("duplicate `{}`", self.0)));
                }
                value = Some(map.next_value::<String>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(value)
    }
}

/// A map key, read as an owned string (only one is alive at a time).
struct KeyName(String);

impl<'de> serde::Deserialize<'de> for KeyName {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(de).map(KeyName)
    }
}
