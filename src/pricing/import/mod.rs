//! Price tables from AWS Price List offer files (JSON or CSV), read as streams.
//!
//! - [`selector`]: what a selector is (offer code, product family, attribute matches, and for a
//!   key template the parts of the key read from attributes);
//! - [`rules`]: the builder of a region's selectors (each resource kind adds its own) and the
//!   attribute maps they share;
//! - [`offer`]: what a parser keeps from a file; [`matcher`]: runs the selectors as products go by
//!   and counts the products of a family costplan reads that none takes;
//! - [`json`] and [`csv_offer`]: the two streaming parsers;
//! - [`resolve`]: exactly one product (or one price) and one on-demand term per key, tiers,
//!   reserved terms, unit conversion;
//! - [`build`]: a region's table from several offer files, carrying over (or dropping) what they
//!   lack; [`download`]: `pricing update`'s HTTP side;
//! - [`savings_plan`]: the Savings Plans region index and Fargate rates (not yet used by `build`).

pub mod build;
pub mod csv_offer;
pub mod download;
pub mod json;
pub mod matcher;
pub mod offer;
pub mod resolve;
pub mod rules;
pub mod savings_plan;
pub mod selector;

pub use build::{BuildReport, build_table};
pub use offer::OfferExtract;
pub use selector::{AttrMatch, Selector};

use crate::error::{Error, Result};
use crate::pricing::table::OfferFile;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::io::Read;
use std::path::Path;
use std::rc::Rc;

/// The two forms AWS publishes offer files in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// Tells JSON from CSV by the first byte that is not whitespace (or a UTF-8 byte-order mark).
pub fn detect_format(path: &Path) -> Result<Format> {
    let read_err = |source| Error::Read {
        path: path.display().to_string(),
        source,
    };
    let mut f = crate::source::open(path)?;
    let mut buf = [0u8; 512];
    let n = f.read(&mut buf).map_err(read_err)?;
    let head = buf[..n].strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf[..n]);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(Format::Json),
        Some(b'"') => Ok(Format::Csv),
        Some(_) => Err(Error::import(
            path.display().to_string(),
            "not an offer file: expected JSON (`{`) or CSV (`\"FormatVersion\"`)",
        )),
        None => Err(Error::import(path.display().to_string(), "empty file")),
    }
}

/// A reader that hashes and counts what passes through it.
pub struct HashingReader<R> {
    inner: R,
    state: Option<Rc<RefCell<(Sha256, u64)>>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(s) = &self.state {
            let mut s = s.borrow_mut();
            s.0.update(&buf[..n]);
            s.1 += n as u64;
        }
        Ok(n)
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Reads one offer file from disk (streaming; JSON or CSV), returning what the selectors kept
/// and the file's provenance (SHA-256 and size, computed during the same read). `url` is recorded
/// as the file's origin (the path, or the URL it was downloaded from).
pub fn read_offer_file(
    path: &Path,
    selectors: &[Selector],
    region: &str,
    url: &str,
) -> Result<(OfferExtract, OfferFile)> {
    // Messages name where the file came from (the URL of a download, not its temporary file).
    let origin = url.to_string();
    let format = detect_format(path)?;
    let state = Rc::new(RefCell::new((Sha256::new(), 0u64)));
    let mut opened = 0u32;
    let open = || -> std::io::Result<HashingReader<std::fs::File>> {
        let f = crate::source::open(path).map_err(std::io::Error::other)?;
        opened += 1;
        Ok(HashingReader {
            inner: f,
            // Only the first pass is hashed.
            state: (opened == 1).then(|| state.clone()),
        })
    };
    let extract = match format {
        Format::Json => json::parse_offer(open, selectors, &origin)?,
        Format::Csv => {
            let mut open = open;
            let r = open().map_err(|source| Error::Read {
                path: origin.clone(),
                source,
            })?;
            csv_offer::parse_offer(r, selectors, &origin)?
        }
    };
    // AWS text is made visible here, the one place offer files enter (docs/limits.md).
    let mut extract = extract;
    extract.make_visible();
    let (hasher, bytes) = state.replace((Sha256::new(), 0));
    let offer_file = OfferFile {
        offer_code: extract.header.offer_code.clone().unwrap_or_default(),
        region: region.to_string(),
        version: extract
            .header
            .version
            .clone()
            .unwrap_or_else(|| "unknown".into()),
        publication_date: extract
            .header
            .publication_date
            .clone()
            .unwrap_or_else(|| "unknown".into()),
        url: url.to_string(),
        sha256: hex(&hasher.finalize()),
        bytes,
    };
    Ok((extract, offer_file))
}
