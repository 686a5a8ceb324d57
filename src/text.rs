//! Text that reaches a terminal, a CI log or a file: control characters, ANSI escape sequences
//! and bidirectional overrides from any input are shown escaped, never passed through.
//!
//! Every byte costplan prints (reports on stdout or in `-o` files, errors, warnings, `pricing`
//! listings) goes through [`terminal_safe`]. An escape reads `\u001b`: inside a JSON string that
//! is the same character (so JSON stays valid and means the same), anywhere else it is plain text.

use std::borrow::Cow;

/// Whether a character may not be printed as it is: C0 controls other than tab and newline, DEL,
/// C1 controls (U+0080 to U+009F, which include the 8-bit CSI), the Unicode line and paragraph
/// separators, and the bidirectional embeddings, overrides and isolates ("Trojan source").
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character (see [`is_unsafe`]) written as `\uXXXX`; a carriage return
/// directly before a newline (a CSV or Windows line end) is kept.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A writer that passes text through [`terminal_safe`]. Text is buffered until dropped or
/// flushed, so a character split across writes is still seen whole.
pub struct SafeWriter<W: std::io::Write> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: std::io::Write> SafeWriter<W> {
    pub fn new(inner: W) -> Self {
        SafeWriter {
            inner,
            buf: Vec::new(),
        }
    }
}

impl<W: std::io::Write> std::io::Write for SafeWriter<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        // Emit every complete line; keep the rest (it may end inside a character).
        if let Some(end) = self.buf.iter().rposition(|&b| b == b'\n') {
            let line: Vec<u8> = self.buf.drain(..=end).collect();
            let text = String::from_utf8_lossy(&line);
            self.inner.write_all(terminal_safe(&text).as_bytes())?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            let text = String::from_utf8_lossy(&rest);
            self.inner.write_all(terminal_safe(&text).as_bytes())?;
        }
        self.inner.flush()
    }
}

impl<W: std::io::Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        let _ = std::io::Write::flush(self);
    }
}

/// A copy of `value` in which every string (names, descriptions, keys) went through
/// [`terminal_safe`]: for renderers that add their own escape sequences (colour), so the text they
/// are given is already safe. `None` if the value does not survive the round trip.
pub fn sanitized<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> Option<T> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Cow::Owned(o) = terminal_safe(s) {
                    *s = o;
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(m) => m.values_mut().for_each(walk),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(value).ok()?;
    walk(&mut v);
    serde_json::from_value(v).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn escapes_controls_ansi_c1_and_bidi_but_keeps_lines() {
        assert_eq!(terminal_safe("a\tb\nc"), "a\tb\nc");
        assert_eq!(terminal_safe("x\u{1b}[31mred"), "x\\u001b[31mred");
        assert_eq!(terminal_safe("\u{9b}2J"), "\\u009b2J");
        assert_eq!(terminal_safe("a\rb"), "a\\u000db");
        assert_eq!(terminal_safe("a\r\nb"), "a\r\nb");
        assert_eq!(terminal_safe("\u{202e}gnp.exe"), "\\u202egnp.exe");
        assert_eq!(terminal_safe("\u{7f}\u{0}"), "\\u007f\\u0000");
    }

    #[test]
    fn escaped_json_is_still_the_same_json() {
        let v = serde_json::json!({"name": "a\u{7f}\u{9b}b\u{202e}"});
        let text = serde_json::to_string(&v).unwrap();
        let safe = terminal_safe(&text);
        assert!(!safe.chars().any(is_unsafe));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn sanitized_escapes_every_string_and_keeps_the_rest() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Row {
            name: String,
            tags: Vec<String>,
            usd: rust_decimal::Decimal,
        }
        let row = Row {
            name: "a\u{1b}[31m".into(),
            tags: vec!["\u{202e}x".into(), "ok".into()],
            usd: rust_decimal::Decimal::new(1234, 2),
        };
        let safe = sanitized(&row).unwrap();
        assert_eq!(safe.name, "a\\u001b[31m");
        assert_eq!(safe.tags, ["\\u202ex", "ok"]);
        assert_eq!(safe.usd, row.usd);
    }

    #[test]
    fn the_writer_escapes_across_split_writes() {
        let mut out = Vec::new();
        {
            let mut w = SafeWriter::new(&mut out);
            let s = "é\u{1b}]0;title\u{7}\nok\n".as_bytes();
            w.write_all(&s[..1]).unwrap();
            w.write_all(&s[1..]).unwrap();
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "é\\u001b]0;title\\u0007\nok\n"
        );
    }
}
