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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path, self.message)?;
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.path, self.line, self.column, self.message
            )?;
        }
        if let Some((text, width)) = &self.excerpt {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            write!(f, "\n {pad} |\n {gutter} | {text}\n {pad} | ")?;
            write!(
                f,
                "{}{}",
                " ".repeat(self.column.saturating_sub(1)),
                "^".repeat((*width).max(1))
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A topology, scenario or other input file that is malformed or invalid.
    #[error("{0}")]
    Input(Box<Diagnostic>),
    /// A command-line usage problem that is not tied to a file.
    #[error("{message}")]
    Usage { message: String },
    /// An input file that cannot be read.
    #[error("{path}: cannot read: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A price the estimate needs is not in the table.
    #[error("price `{key}` is not in the {region} price table ({table}){}", suggestion(.hint))]
    PriceNotFound {
        key: String,
        region: String,
        table: String,
        hint: Option<String>,
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

impl Error {
    /// The process exit code for this error (see docs/exit-codes.md).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_)
            | Error::Usage { .. }
            | Error::Read { .. }
            | Error::Overflow { .. }
            | Error::Capacity { .. } => EXIT_INVALID_INPUT,
            Error::PriceNotFound { .. } | Error::PriceTable(_) | Error::NoPriceTable { .. } => {
                EXIT_PRICE_DATA
            }
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
