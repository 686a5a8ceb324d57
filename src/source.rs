//! A file's text kept beside its path, to turn byte spans into `path:line:column` diagnostics.

use crate::error::Diagnostic;
use std::ops::Range;

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

    /// Reads a file, refusing anything larger than `max_bytes`.
    pub fn read(path: &std::path::Path, max_bytes: u64) -> crate::Result<Self> {
        let display = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|source| crate::Error::Read {
            path: display.clone(),
            source,
        })?;
        if meta.is_dir() {
            return Err(crate::Error::Read {
                path: display,
                source: std::io::Error::other("is a directory, expected a TOML file"),
            });
        }
        if meta.len() > max_bytes {
            return Err(Diagnostic {
                path: display,
                line: 0,
                column: 0,
                message: format!(
                    "file is {} bytes, larger than the limit of {max_bytes} bytes",
                    meta.len()
                ),
                hint: Some(format!(
                    "the limit is {} MiB for this kind of file (a topology is a few kilobytes); check that this is the right file",
                    max_bytes / (1024 * 1024)
                )),
                excerpt: None,
            }
            .into());
        }
        let bytes = std::fs::read(path).map_err(|source| crate::Error::Read {
            path: display.clone(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            crate::Error::from(Diagnostic {
                path: display.clone(),
                line: 0,
                column: 0,
                message: format!(
                    "file is not valid UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                ),
                hint: Some("save the file as UTF-8".into()),
                excerpt: None,
            })
        })?;
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
