//! Text from inputs, checked once where it enters and escaped once where it leaves: THE chokepoint
//! for every string costplan did not write itself (rules in `docs/limits.md`, "Text from files").
//!
//! - Names a person writes (topology, scenario and `[reference]` text, names inside an estimate JSON
//!   that `diff` reads) go through [`check_name`]: a control character (C0 including line feed,
//!   carriage return and tab; DEL; C1), a bidirectional mark or control, a zero-width or tag
//!   character, or a leading `::` (a GitHub Actions workflow command) is refused with exit 2.
//! - Text from AWS data (offer files, mirrors) goes through [`visible`] in the importer: the same
//!   characters are written as `\uXXXX`, so the table holds plain visible text.
//! - Every byte costplan prints (reports on stdout or in `-o` files, errors, warnings, `pricing`
//!   listings) goes through [`terminal_safe`]: unsafe characters are shown as `\u001b`, and a line
//!   that would start with `::` starts with `\u003a:`. Inside a JSON string that is the same
//!   character (so JSON stays valid and means the same), anywhere else it is plain text.

use std::borrow::Cow;

/// Whether a character is invisible or reorders text: bidirectional marks and controls (U+061C,
/// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), zero-width characters (U+200B to U+200D,
/// U+2060, U+FEFF), the Unicode line and paragraph separators, and tag characters (U+E0000 to
/// U+E007F).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{061c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}'
        | '\u{e0000}'..='\u{e007f}')
}

/// Whether a character may not be printed as it is: C0 controls other than tab and newline, DEL,
/// C1 controls (U+0080 to U+009F, which include the 8-bit CSI), and every [`is_invisible`]
/// character ("Trojan source").
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible(c)
}

/// Whether a character may not be part of a name: every control character (tab, line feed and
/// carriage return included) and every [`is_invisible`] character.
pub fn is_forbidden_in_name(c: char) -> bool {
    c.is_control() || is_invisible(c)
}

/// Whether `s` would start a GitHub Actions workflow command (`::set-output`, `::add-mask`) if
/// it began a line: the runner ignores leading whitespace.
pub fn starts_workflow_command(s: &str) -> bool {
    s.trim_start().starts_with("::")
}

/// Why a name may not be used, with the character offset of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    /// Offset in characters from the start of the name (0-based).
    pub char_offset: usize,
    /// Offset in bytes from the start of the name.
    pub byte_offset: usize,
    /// What is wrong, e.g. "a control character: line feed (U+000A)".
    pub what: String,
}

impl std::fmt::Display for NameProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at character {}", self.what, self.char_offset + 1)
    }
}

/// The check for every name a person writes: `Err` names the first forbidden character (see
/// [`is_forbidden_in_name`]) or a leading `::` (see [`starts_workflow_command`]).
pub fn check_name(s: &str) -> Result<(), NameProblem> {
    if starts_workflow_command(s) {
        let byte_offset = s.len() - s.trim_start().len();
        return Err(NameProblem {
            char_offset: s[..byte_offset].chars().count(),
            byte_offset,
            what: "a leading `::` (a GitHub Actions workflow command)".into(),
        });
    }
    match s
        .char_indices()
        .enumerate()
        .find(|(_, (_, c))| is_forbidden_in_name(*c))
    {
        None => Ok(()),
        Some((char_offset, (byte_offset, c))) => Err(NameProblem {
            char_offset,
            byte_offset,
            what: format!("{} (U+{:04X})", describe(c), c as u32),
        }),
    }
}

/// A short English name for a forbidden character.
fn describe(c: char) -> &'static str {
    match c {
        '\n' => "a control character: line feed",
        '\r' => "a control character: carriage return",
        '\t' => "a control character: tab",
        '\u{1b}' => "a control character: escape",
        '\u{80}'..='\u{9f}' => "a control character: C1",
        '\u{061c}' | '\u{200e}' | '\u{200f}' => "a bidirectional mark",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a bidirectional control",
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => "a zero-width character",
        '\u{2028}' | '\u{2029}' => "a line or paragraph separator",
        '\u{e0000}'..='\u{e007f}' => "a tag character",
        _ => "a control character",
    }
}

/// `s` as plain visible text, for text from AWS data that the importer keeps: every character
/// [`is_forbidden_in_name`] refuses is written as `\uXXXX`, and a leading `::` as `\u003a:`.
pub fn visible(s: &str) -> Cow<'_, str> {
    if check_name(s).is_ok() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_forbidden_in_name(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    if starts_workflow_command(&out) {
        let at = out.len() - out.trim_start().len();
        out.replace_range(at..at + 1, "\\u003a");
    }
    Cow::Owned(out)
}

/// `s` with every unsafe character (see [`is_unsafe`]) written as `\uXXXX`; a carriage return
/// directly before a newline (a CSV or Windows line end) is kept. A line whose text starts with
/// `::` (see [`starts_workflow_command`]) gets its first colon written as `\u003a`.
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) && !s.split('\n').any(starts_workflow_command) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut chars = s.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if line_start && c == ':' && chars.peek() == Some(&':') {
            out.push_str("\\u003a");
            line_start = false;
            continue;
        }
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
        line_start = c == '\n' || (line_start && c.is_whitespace());
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
    fn names_refuse_every_control_invisible_and_tag_character() {
        for c in [
            '\n',
            '\r',
            '\t',
            '\u{0}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9b}',
            '\u{061c}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{2028}',
            '\u{2029}',
            '\u{202a}',
            '\u{202e}',
            '\u{2060}',
            '\u{2066}',
            '\u{2069}',
            '\u{feff}',
            '\u{e0000}',
            '\u{e0041}',
            '\u{e007f}',
        ] {
            let name = format!("ab{c}cd");
            let p = check_name(&name).expect_err(&format!("{c:?}"));
            assert_eq!((p.char_offset, p.byte_offset), (2, 2), "{c:?}");
            assert!(
                p.what.contains(&format!("U+{:04X}", c as u32)),
                "{}",
                p.what
            );
            assert!(!visible(&name).chars().any(is_forbidden_in_name), "{c:?}");
            assert!(!terminal_safe(&name).chars().any(is_unsafe), "{c:?}");
        }
        for ok in [
            "api",
            "café – 東京",
            "a::b",
            "x: y",
            "@team",
            "€ 1,000",
            "a\u{200a}b",
        ] {
            assert_eq!(check_name(ok), Ok(()), "{ok:?}");
            assert_eq!(visible(ok), ok);
        }
    }

    #[test]
    fn a_leading_workflow_command_is_refused_in_names_and_escaped_in_output() {
        assert_eq!(check_name("::error::x").unwrap_err().char_offset, 0);
        assert_eq!(check_name("  ::add-mask::x").unwrap_err().char_offset, 2);
        assert_eq!(visible("::set-output name=a"), "\\u003a:set-output name=a");
        assert_eq!(visible("\n::x"), "\\u000a::x");
        assert_eq!(
            terminal_safe("a\n::error::x\n  ::warning::y\nb::c\n"),
            "a\n\\u003a:error::x\n  \\u003a:warning::y\nb::c\n"
        );
        assert_eq!(terminal_safe("::x"), "\\u003a:x");
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
