//! The library's error type and the exit code each kind maps to.

use std::fmt;

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code when a threshold, gate or budget is breached (the report is still written).
pub const EXIT_BREACH: u8 = 1;
/// Exit code for invalid input or usage: a topology, scenario or flag that is wrong.
pub const EXIT_INVALID_INPUT: u8 = 2;
/// Exit code for price data that is missing, ambiguous or malformed.
pub const EXIT_PRICE_DATA: u8 = 3;
/// Exit code when an output file cannot be written.
pub const EXIT_OUTPUT: u8 = 4;
/// Exit code when a download from the AWS Price List fails.
pub const EXIT_NETWORK: u8 = 5;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A message that points into a file: `path:line:column: message`, the offending line and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The source line the location points into, and the caret underline width.
    pub excerpt: Option<(String, usize)>,
}

/// The most characters of one name, key or line an error quotes.
pub const MAX_QUOTED_CHARS: usize = 80;
/// The most characters of one message or hint (after quotes are capped).
const MAX_MESSAGE_CHARS: usize = 400;

/// `s` if it is short, else its first [`MAX_QUOTED_CHARS`] characters and its length: a 1 MB
/// name is quoted as `aaaa… (1048576 chars)`, never whole.
pub fn capped(s: &str) -> String {
    cap_at(s, MAX_QUOTED_CHARS)
}

fn cap_at(s: &str, max_chars: usize) -> String {
    let n = s.chars().count();
    if n <= max_chars {
        return s.to_string();
    }
    let head: String = s.chars().take(max_chars).collect();
    format!("{head}… ({n} chars)")
}

/// A message with every `quoted` name and every long word capped (see [`capped`]), and the
/// whole capped at [`MAX_MESSAGE_CHARS`].
fn capped_message(message: &str) -> String {
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&capped(part));
        } else {
            for word in part.split_inclusive(char::is_whitespace) {
                out.push_str(&capped(word));
            }
        }
    }
    cap_at(&out, MAX_MESSAGE_CHARS)
}

/// The excerpt line cut to a window of [`MAX_QUOTED_CHARS`] around the column, with the caret's
/// column and width within the window.
fn excerpt_window(text: &str, column: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= MAX_QUOTED_CHARS {
        return (text.to_string(), column, width);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(20);
    let end = (start + MAX_QUOTED_CHARS).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str(&format!("… ({} chars)", chars.len()));
    }
    let caret_column = at - start + usize::from(start > 0) + 1;
    let caret_width = width.min(end.saturating_sub(at)).max(1);
    (shown, caret_column, caret_width)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = capped_message(&self.message);
        if self.line == 0 {
            write!(f, "{}: {}", self.path, message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, message
            )?;
        }
        if let Some((text, width)) = &self.excerpt {
            let (text, column, width) = excerpt_window(text, self.column, *width);
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n {pad} |\n {gutter} | {text}\n {pad} | ")?;
            write!(
                f,
                "{}{}",
                " ".repeat(column.saturating_sub(1)),
                "^".repeat(width.max(1))
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", capped_message(hint))?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A topology, scenario or other input file that is malformed or invalid.
    #[error("{0}")]
    Input(Box<Diagnostic>),
    /// Several problems of one input file, in file order (at most [`MAX_ERRORS_PER_FILE`]):
    /// validation goes on after the first so one run shows them all.
    #[error("{}", several(diagnostics, *total))]
    Inputs {
        diagnostics: Vec<Diagnostic>,
        /// How many problems were found (more than shown when capped).
        total: usize,
    },
    /// A command-line usage problem that is not tied to a file.
    #[error("{message}")]
    Usage { message: String },
    /// An input file that cannot be read.
    #[error(
        "{path}: cannot read: {source}\n  = hint: check the path (relative to the current directory, or to the file that names it) and that it is readable"
    )]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A price the estimate needs is not in the table.
    #[error(
        "price `{key}` is not in the {region} price table ({table}){}\n  = fetch: `costplan pricing update --region {region} --out pricing` reads it from the AWS Price List; then run with `--prices pricing`",
        suggestion(.hint)
    )]
    PriceNotFound {
        key: String,
        region: String,
        table: String,
        hint: Option<String>,
    },
    /// Several prices the estimate needs are not in the table: every missing key of one
    /// estimate, in the order the models asked for them (one missing key is a
    /// [`Error::PriceNotFound`]).
    #[error(
        "{} prices are not in the {region} price table ({table}):{}\n  = fetch: `costplan pricing update --region {region} --out pricing` reads them from the AWS Price List; then run with `--prices pricing`",
        keys.len(),
        missing_keys(.keys)
    )]
    PricesNotFound {
        region: String,
        table: String,
        /// Each missing key with its hint.
        keys: Vec<(String, Option<String>)>,
    },
    /// A price table that is malformed.
    #[error("{0}")]
    PriceTable(Box<Diagnostic>),
    /// No price table for a region.
    #[error("no price table for region `{region}` (available: {available}){}", suggestion(.hint))]
    NoPriceTable {
        region: String,
        available: String,
        hint: Option<String>,
    },
    /// A computed amount exceeded the range of exact decimal arithmetic.
    #[error("arithmetic overflow while computing {what}; a quantity in the input is too large")]
    Overflow { what: String },
    /// A product or sum that `Decimal` cannot hold exactly (more than 28 significant digits):
    /// refused rather than rounded (see docs/money.md). Exit 3 when the figure to blame is a
    /// price, 2 when it is a quantity from the input.
    #[error("{what} needs more than 28 significant digits; costplan does not round money{}", suggestion(.hint))]
    Inexact {
        what: String,
        price_data: bool,
        hint: Option<String>,
    },
    /// A capacity calculation that cannot be carried out for the given load or parameters
    /// (for example a load that no bounded number of tasks can serve).
    #[error("{message}")]
    Capacity { message: String },
    /// A capacity result above a limit, caused by one service's load. The commands that read the
    /// topology turn it into a diagnostic at that load figure
    /// ([`crate::capacity::assess::locate_limit`]); the hint is always shown.
    #[error("{message}\n  = hint: {hint}")]
    CapacityLimit {
        service: String,
        message: String,
        hint: String,
    },
    /// An output file that cannot be written; any previous file is left as it was.
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A download from the AWS Price List (or a mirror) that failed: connection, timeout, HTTP status,
    /// or a body whose size does not match its Content-Length.
    #[error("{url}: download failed: {reason}")]
    Network { url: String, reason: String },
    /// An offer file (JSON or CSV) that is malformed, is not the expected offer, or does not yield
    /// exactly one product and one on-demand price for a key.
    #[error("{origin}: {message}")]
    Import { origin: String, message: String },
}

fn suggestion(hint: &Option<String>) -> String {
    match hint {
        Some(h) => format!("\n  = hint: {h}"),
        None => String::new(),
    }
}

fn missing_keys(keys: &[(String, Option<String>)]) -> String {
    keys.iter()
        .map(|(key, hint)| match hint {
            Some(h) => format!("\n  - `{key}` ({h})"),
            None => format!("\n  - `{key}`"),
        })
        .collect()
}

/// The most problems one input file reports in one run.
pub const MAX_ERRORS_PER_FILE: usize = 20;

fn several(diagnostics: &[Diagnostic], total: usize) -> String {
    let mut out = diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\nerror: ");
    if total > diagnostics.len() {
        out.push_str(&format!(
            "\n{total} problems in this file; the first {} are shown",
            diagnostics.len()
        ));
    } else {
        out.push_str(&format!("\n{total} problems in this file"));
    }
    out
}

impl Error {
    /// The problems of several errors of one file as one error: alone, an error stays as it
    /// was; input diagnostics are sorted by position and capped at [`MAX_ERRORS_PER_FILE`]; if
    /// any is not an input diagnostic, the first error is returned.
    pub fn combine(first: Error, more: Vec<Error>) -> Error {
        if more.is_empty()
            || !matches!(first, Error::Input(_))
            || !more.iter().all(|e| matches!(e, Error::Input(_)))
        {
            return first;
        }
        let mut diagnostics: Vec<Diagnostic> = std::iter::once(first)
            .chain(more)
            .filter_map(|e| match e {
                Error::Input(d) => Some(*d),
                _ => None,
            })
            .collect();
        diagnostics.sort_by_key(|d| (d.path.clone(), d.line, d.column));
        diagnostics.dedup_by(|a, b| {
            a.path == b.path && a.line == b.line && a.column == b.column && a.message == b.message
        });
        let total = diagnostics.len();
        diagnostics.truncate(MAX_ERRORS_PER_FILE);
        if total == 1 {
            Error::Input(Box::new(diagnostics.remove(0)))
        } else {
            Error::Inputs { diagnostics, total }
        }
    }

    /// The process exit code for this error (see docs/exit-codes.md).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_)
            | Error::Inputs { .. }
            | Error::Usage { .. }
            | Error::Read { .. }
            | Error::Overflow { .. }
            | Error::Capacity { .. }
            | Error::CapacityLimit { .. } => EXIT_INVALID_INPUT,
            Error::PriceNotFound { .. }
            | Error::PricesNotFound { .. }
            | Error::PriceTable(_)
            | Error::NoPriceTable { .. } => EXIT_PRICE_DATA,
            Error::Inexact { price_data, .. } => {
                if *price_data {
                    EXIT_PRICE_DATA
                } else {
                    EXIT_INVALID_INPUT
                }
            }
            Error::Write { .. } => EXIT_OUTPUT,
            Error::Network { .. } => EXIT_NETWORK,
            Error::Import { .. } => EXIT_PRICE_DATA,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }

    pub fn capacity(message: impl Into<String>) -> Self {
        Error::Capacity {
            message: message.into(),
        }
    }

    pub fn import(origin: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Import {
            origin: origin.into(),
            message: message.into(),
        }
    }

    pub fn network(url: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Network {
            url: url.into(),
            reason: reason.into(),
        }
    }

    pub fn overflow(what: impl Into<String>) -> Self {
        Error::Overflow { what: what.into() }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Input(Box::new(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quoted_name_is_cut_to_eighty_characters_and_its_length() {
        let name = "k".repeat(1_000_000);
        let d = Diagnostic {
            path: "t.toml".into(),
            line: 2,
            column: 1,
            message: format!("unknown key `{name}`"),
            hint: Some(format!("did you mean `{name}`?")),
            excerpt: Some((format!("{name} = 1"), 1_000_000)),
        };
        let s = d.to_string();
        assert!(s.len() < 1000, "{} bytes", s.len());
        assert!(
            s.contains(&format!("`{}… (1000000 chars)`", "k".repeat(80))),
            "{s}"
        );
        assert!(
            s.contains(&format!("| {}… (1000004 chars)", "k".repeat(80))),
            "{s}"
        );
    }

    #[test]
    fn the_caret_stays_under_the_column_in_a_cut_line() {
        let line = format!("{} = oops", "a".repeat(500));
        let (shown, column, width) = excerpt_window(&line, 504, 4);
        let caret_at: String = shown.chars().skip(column - 1).take(width).collect();
        assert_eq!(caret_at, "oops");
    }
}
