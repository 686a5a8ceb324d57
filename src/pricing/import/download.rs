//! The HTTP side of `pricing update`: the offer index, each offer's region index, and the
//! regional offer files, streamed to a temporary file while hashed, with timeouts, retries with
//! backoff on transient failures, a Content-Length check and a progress bar on terminals.

use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The public AWS Price List Bulk API.
pub const DEFAULT_BASE_URL: &str = "https://pricing.us-east-1.amazonaws.com";
/// The offer index, relative to the base URL.
pub const OFFER_INDEX_PATH: &str = "/offers/v1.0/aws/index.json";
/// Index files (offer index, region index) are small; refuse anything bigger.
const MAX_INDEX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct DownloadOptions {
    pub base_url: String,
    /// Connect timeout, and the longest wait for any single read.
    pub timeout: Duration,
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
            retries: 3,
            backoff: Duration::from_millis(500),
            progress: true,
        }
    }
}

/// A downloaded file: where it is, its size and SHA-256. The file is removed on drop.
#[derive(Debug)]
pub struct Downloaded {
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
}

/// Whether a failure is worth another attempt.
enum Failure {
    Transient(String),
    Permanent(String),
    /// The local file could not be written (disk full): exit 4 naming it, not a network failure.
    Write(std::io::Error),
    /// An error already in its final form.
    Fatal(Error),
}

impl Downloader {
    pub fn new(opts: DownloadOptions) -> Result<Self> {
        let mut builder = reqwest::blocking::Client::builder();
        // A mirror on this machine is reached directly, whatever HTTP(S)_PROXY says.
        let host = opts
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or("")
            .split(['/', ':'])
            .next()
            .unwrap_or("");
        if matches!(host, "127.0.0.1" | "localhost" | "[") {
            builder = builder.no_proxy();
        }
        let client = builder
            .connect_timeout(opts.timeout)
            .timeout(opts.timeout)
            .user_agent(concat!("costplan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| {
                Error::network(
                    &opts.base_url,
                    format!("cannot set up the HTTP client: {e}"),
                )
            })?;
        Ok(Downloader { client, opts })
    }

    /// An absolute URL for a path from an index (`/offers/...`), or the URL itself.
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!(
                "{}/{}",
                self.opts.base_url.trim_end_matches('/'),
                path.trim_start_matches('/')
            )
        }
    }

    /// Fetches and parses a small JSON index file.
    pub fn get_index(&self, path: &str) -> Result<serde_json::Value> {
        let url = self.url(path);
        let mut body = Vec::new();
        self.with_retries(&url, |resp| {
            body.clear();
            let mut limited = resp.take(MAX_INDEX_BYTES + 1);
            copy_checked(&mut limited, &mut body, None, None)
        })?;
        if body.len() as u64 > MAX_INDEX_BYTES {
            return Err(Error::network(
                &url,
                format!("index larger than {MAX_INDEX_BYTES} bytes"),
            ));
        }
        serde_json::from_slice(&body).map_err(|e| Error::import(&url, format!("invalid JSON: {e}")))
    }

    /// Streams a file into `dir` (a temporary name, removed when the result is dropped).
    pub fn download(&self, path: &str, dir: &Path, label: &str) -> Result<Downloaded> {
        let url = self.url(path);
        let tmp = dir.join(format!(
            ".costplan-download-{}-{}.tmp",
            std::process::id(),
            unique()
        ));
        let mut result = Downloaded {
            url: url.clone(),
            path: tmp.clone(),
            bytes: 0,
            sha256: String::new(),
        };
        let (bytes, sha) = self.with_retries(&url, |resp| {
            // a retry starts the file again
            let _ = std::fs::remove_file(&tmp);
            let file = crate::output::create_temporary(&tmp).map_err(Failure::Fatal)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
            let bar = self.progress_bar(resp.content_length(), label);
            let mut hasher = Sha256::new();
            let written = |e| Failure::Fatal(crate::output::write_error(&tmp, e));
            let n = match copy_checked(resp, &mut w, Some(&mut hasher), bar.as_ref()) {
                Err(Failure::Write(e)) => return Err(written(e)),
                other => other?,
            };
            w.flush().map_err(written)?;
            w.get_ref().sync_all().map_err(written)?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            Ok((n, super::hex(&hasher.finalize())))
        })?;
        result.bytes = bytes;
        result.sha256 = sha;
        Ok(result)
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
    /// with exponential backoff.
    fn with_retries<T>(
        &self,
        url: &str,
        mut body: impl FnMut(&mut reqwest::blocking::Response) -> std::result::Result<T, Failure>,
    ) -> Result<T> {
        let mut delay = self.opts.backoff;
        let mut attempt = 0u32;
        loop {
            let outcome = match self.client.get(url).send() {
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
                    } else {
                        Err(Failure::Permanent(format!("HTTP {status}")))
                    }
                }
            };
            match outcome {
                Ok(v) => return Ok(v),
                Err(Failure::Permanent(reason)) => return Err(Error::network(url, reason)),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Write(source)) => {
                    return Err(crate::output::write_error(Path::new(url), source));
                }
                Err(Failure::Transient(reason)) if attempt >= self.opts.retries => {
                    return Err(Error::network(
                        url,
                        format!("{reason} (gave up after {} attempts)", attempt + 1),
                    ));
                }
                Err(Failure::Transient(_)) => {
                    std::thread::sleep(delay);
                    delay = delay.saturating_mul(2);
                    attempt += 1;
                }
            }
        }
    }
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

/// Copies a body, hashing it, and checks its length against Content-Length.
fn copy_checked(
    resp: &mut dyn ReadWithLength,
    out: &mut dyn Write,
    mut hasher: Option<&mut Sha256>,
    bar: Option<&indicatif::ProgressBar>,
) -> std::result::Result<u64, Failure> {
    let expected = resp.expected_len();
    let mut buf = vec![0u8; 256 * 1024];
    let mut n: u64 = 0;
    loop {
        let k = match resp.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
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
        out.write_all(&buf[..k]).map_err(Failure::Write)?;
        if let Some(h) = hasher.as_deref_mut() {
            h.update(&buf[..k]);
        }
        n += k as u64;
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

impl ReadWithLength for std::io::Take<&mut reqwest::blocking::Response> {
    fn expected_len(&self) -> Option<u64> {
        self.get_ref().content_length()
    }
}

/// The region index URL of each needed offer, from the offer index.
pub fn region_index_urls(
    index: &serde_json::Value,
    offer_codes: &[&str],
    url: &str,
) -> Result<Vec<(String, String)>> {
    let offers = index
        .get("offers")
        .and_then(|o| o.as_object())
        .ok_or_else(|| Error::import(url, "not an offer index: no `offers` object"))?;
    offer_codes
        .iter()
        .map(|code| {
            offers
                .get(*code)
                .and_then(|o| o.get("currentRegionIndexUrl"))
                .and_then(|u| u.as_str())
                .map(|u| (code.to_string(), u.to_string()))
                .ok_or_else(|| {
                    Error::import(
                        url,
                        format!("the offer index has no `currentRegionIndexUrl` for `{code}`"),
                    )
                })
        })
        .collect()
}

/// The regional offer file URL for a region, from a region index.
pub fn regional_url(region_index: &serde_json::Value, region: &str, url: &str) -> Result<String> {
    let regions = region_index
        .get("regions")
        .and_then(|r| r.as_object())
        .ok_or_else(|| Error::import(url, "not a region index: no `regions` object"))?;
    match regions
        .get(region)
        .and_then(|r| r.get("currentVersionUrl"))
        .and_then(|u| u.as_str())
    {
        Some(u) => Ok(u.to_string()),
        None => {
            // Name the AWS regions (three-part codes); local and wavelength zones are only counted.
            let mut known: Vec<&str> = regions
                .keys()
                .map(String::as_str)
                .filter(|r| r.split('-').count() == 3)
                .collect();
            known.sort_unstable();
            let zones = regions.len() - known.len();
            Err(Error::import(
                url,
                format!(
                    "no offer file for region `{region}` (regions: {}{})",
                    known.join(", "),
                    if zones > 0 {
                        format!("; and {zones} local or wavelength zones")
                    } else {
                        String::new()
                    }
                ),
            ))
        }
    }
}
