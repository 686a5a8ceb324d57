//! Every input file costplan reads goes through here: a file's text kept beside its path, to turn
//! byte spans into `path:line:column` diagnostics, and the one reader that enforces the reading
//! rules (docs/limits.md, "Reading inputs"):
//!
//! - a path that is a symlink whose target leaves the link's directory tree, or that is not a
//!   regular file (a device, FIFO or socket), is refused before anything is read, unless
//!   `--allow-outside-paths` is given ([`PathRule`]);
//! - size limits count the bytes actually read (at most the limit + 1), never file metadata, so
//!   `/dev/zero` or a growing file cannot exhaust memory;
//! - non-UTF-8 bytes are reported at their line and column.
//!
//! Offer files, too large to hold in memory, are streamed from [`open`], which applies the same
//! path checks.

use crate::error::Diagnostic;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Where the paths costplan reads may lead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PathRule {
    /// Inside the naming file's (or the symlink's) directory tree, regular files only: the
    /// default, so files from pull requests cannot make costplan read the rest of the disk.
    #[default]
    Contained,
    /// Absolute paths, `..`, symlinks out of the tree and non-regular files are accepted
    /// (`--allow-outside-paths`); size limits still apply.
    AllowOutside,
}

/// The rule for paths given on the command line, set once by the CLI from `--allow-outside-paths`.
static ALLOW_OUTSIDE: AtomicBool = AtomicBool::new(false);

/// Sets the rule [`SourceFile::read`] and [`open`] apply (the CLI calls this once, at start).
pub fn set_path_rule(rule: PathRule) {
    ALLOW_OUTSIDE.store(rule == PathRule::AllowOutside, Ordering::Relaxed);
}

fn path_rule() -> PathRule {
    if ALLOW_OUTSIDE.load(Ordering::Relaxed) {
        PathRule::AllowOutside
    } else {
        PathRule::Contained
    }
}

fn read_error(path: &Path, source: std::io::Error) -> crate::Error {
    crate::Error::Read {
        path: path.display().to_string(),
        source,
    }
}

fn refuse(path: &Path, message: String, hint: &str) -> crate::Error {
    Diagnostic {
        path: path.display().to_string(),
        line: 0,
        column: 0,
        message,
        hint: Some(hint.to_string()),
        excerpt: None,
    }
    .into()
}

/// Checks `path` against `rule` without reading it: a symlink must stay inside its own
/// directory tree, and what it names must be a regular file.
pub fn check_path(path: &Path, rule: PathRule) -> crate::Result<()> {
    let link = std::fs::symlink_metadata(path).map_err(|e| read_error(path, e))?;
    let meta = std::fs::metadata(path).map_err(|e| read_error(path, e))?;
    if meta.is_dir() {
        return Err(refuse(
            path,
            "is a folder, not a file".into(),
            "name the file inside it, e.g. `scenarios/baseline.toml`",
        ));
    }
    if rule == PathRule::AllowOutside {
        return Ok(());
    }
    if link.file_type().is_symlink() {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let real_dir = dir.canonicalize().map_err(|e| read_error(&dir, e))?;
        let real = path.canonicalize().map_err(|e| read_error(path, e))?;
        if !real.starts_with(&real_dir) {
            return Err(refuse(
                path,
                format!(
                    "is a symlink to `{}`, outside its directory `{}`; not read",
                    crate::error::capped(&real.display().to_string()),
                    crate::error::capped(&real_dir.display().to_string())
                ),
                "costplan reads only files inside the symlink's directory tree, so a file from a pull request cannot expose the rest of the disk; copy the file there, or pass `--allow-outside-paths` if you trust it",
            ));
        }
    }
    if !meta.is_file() {
        return Err(refuse(
            path,
            "is not a regular file (a device, FIFO or socket); not read".into(),
            "save the input to a regular file first, or pass `--allow-outside-paths` to read it anyway (size limits still apply)",
        ));
    }
    Ok(())
}

/// Opens an input for streaming (offer files) after [`check_path`] with the CLI's rule.
pub fn open(path: &Path) -> crate::Result<std::fs::File> {
    check_path(path, path_rule())?;
    std::fs::File::open(path).map_err(|e| read_error(path, e))
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
        }
    }

    /// Reads a file under the CLI's [`PathRule`], refusing anything larger than `max_bytes`.
    pub fn read(path: &Path, max_bytes: u64) -> crate::Result<Self> {
        Self::read_with(path, max_bytes, path_rule())
    }

    /// Reads a file under `rule`: at most `max_bytes` + 1 bytes are read, whatever the file
    /// claims to be.
    pub fn read_with(path: &Path, max_bytes: u64, rule: PathRule) -> crate::Result<Self> {
        check_path(path, rule)?;
        let display = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| read_error(path, e))?;
        // Sized from the file's length (within the limit) so a large file (a Terraform plan of
        // tens of MB) is not reallocated while it is read: growing by doubling would hold the old
        // and the new buffer at once, up to three times the file at the peak.
        let len = file.metadata().map_or(0, |m| m.len()).min(max_bytes);
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| read_error(path, e))?;
        if bytes.len() as u64 > max_bytes {
            return Err(Diagnostic {
                path: display,
                line: 0,
                column: 0,
                message: format!(
                    "file is larger than the limit of {max_bytes} bytes (stopped reading there)"
                ),
                hint: Some(format!(
                    "the limit is {} MiB for this kind of file (a topology is a few kilobytes); check that this is the right file",
                    max_bytes / (1024 * 1024)
                )),
                excerpt: None,
            }
            .into());
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // The text before the bad byte is valid: locate it there, without quoting the line.
                let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let (line, column) = SourceFile::new("", before).line_col(valid);
                return Err(Diagnostic {
                    path: display,
                    line,
                    column,
                    message: format!(
                        "file is not valid UTF-8: byte 0x{:02x} at byte offset {valid}",
                        bytes[valid]
                    ),
                    hint: Some(
                        "save the file as UTF-8 (a topology is text; check that this is the right file)"
                            .into(),
                    ),
                    excerpt: None,
                }
                .into());
            }
        };
        Ok(SourceFile::new(display, text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        (line, column)
    }

    /// A diagnostic pointing at `span`.
    pub fn diagnostic(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let Some(span) = span else {
            return Diagnostic {
                path: self.path.clone(),
                line: 0,
                column: 0,
                message: message.into(),
                hint,
                excerpt: None,
            };
        };
        let (line, column) = self.line_col(span.start);
        let line_text = self.text.lines().nth(line - 1).unwrap_or("");
        let shown: String = line_text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, span.end.min(self.text.len())).max(start);
        let spanned = &self.text[start..end];
        let first_line = spanned.split('\n').next().unwrap_or("");
        let width = first_line
            .chars()
            .count()
            .min(shown.chars().count().saturating_sub(column - 1))
            .max(1);
        Diagnostic {
            path: self.path.clone(),
            line,
            column,
            message: message.into(),
            hint,
            excerpt: Some((shown, width)),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let f = SourceFile::new("t.toml", "a = 1\nbé = 2\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(6), (2, 1));
        // 'é' is two bytes: the '=' after "bé " is column 4
        assert_eq!(f.line_col(10), (2, 4));
    }

    #[test]
    fn diagnostic_renders_location_excerpt_and_hint() {
        let f = SourceFile::new("t.toml", "[nat]\ngateways = -1\n");
        let d = f.diagnostic(Some(17..19), "bad count", Some("use 0 or more".into()));
        let s = d.to_string();
        assert!(s.starts_with("t.toml:2:12: bad count"), "{s}");
        assert!(s.contains("gateways = -1"));
        assert!(s.contains("^^"));
        assert!(s.contains("hint: use 0 or more"));
    }
}
