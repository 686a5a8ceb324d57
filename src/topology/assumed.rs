//! The inputs a topology marks as assumed: a `# [assumed] …` comment after a value, or after a
//! table header (which then covers every key of that table). Read from the text with
//! `toml_edit`, which keeps comments and knows where strings end, so a `#` inside a string is
//! never taken for a comment. The result is informational (reports list it); it never changes a
//! figure.

use crate::model::AssumedInput;
use toml_edit::{Decor, Document, Item, RawString, Table, Value};

/// The marker looked for in a comment.
pub const MARKER: &str = "[assumed]";

/// Every assumed input of the topology text, in file order. Text that does not parse as TOML
/// (never the case after validation) has none.
pub fn collect(text: &str) -> Vec<AssumedInput> {
    let Ok(doc) = Document::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect();
    let mut walk = Walk {
        text,
        line_starts,
        out: &mut out,
    };
    walk.table(doc.as_table(), "", None);
    out.sort_by_key(|a| a.line);
    out
}

struct Walk<'a> {
    text: &'a str,
    /// Byte offset of each line's start, for line numbers in O(log n).
    line_starts: Vec<usize>,
    out: &'a mut Vec<AssumedInput>,
}

impl Walk<'_> {
    /// The text of a decoration (a span into the document, or owned text).
    fn raw<'s>(&'s self, r: &'s RawString) -> &'s str {
        r.as_str()
            .or_else(|| r.span().and_then(|s| self.text.get(s)))
            .unwrap_or("")
    }

    /// The note of an `[assumed]` comment in the decoration's suffix (the rest of the line).
    fn note(&self, decor: &Decor) -> Option<String> {
        let suffix = decor.suffix().map(|r| self.raw(r))?;
        let comment = suffix.trim_start().strip_prefix('#')?;
        let at = comment.find(MARKER)?;
        let before = comment[..at].trim();
        let after = comment[at + MARKER.len()..].trim();
        Some(match (before.is_empty(), after.is_empty()) {
            (true, _) => after.to_string(),
            (false, true) => before.to_string(),
            (false, false) => format!("{before} {after}"),
        })
    }

    fn line(&self, at: usize) -> usize {
        self.line_starts.partition_point(|s| *s <= at)
    }

    /// The keys of `table` under `prefix`; `covering` is the note of an enclosing table header
    /// marked `[assumed]`.
    fn table(&mut self, table: &Table, prefix: &str, covering: Option<&str>) {
        for (key, item) in table.iter() {
            let path = format!("{prefix}{key}");
            match item {
                Item::Value(v) => self.value(v, &path, covering),
                Item::Table(t) => {
                    let own = self.note(t.decor());
                    let cover = own.as_deref().or(covering);
                    self.table(t, &format!("{path}."), cover);
                }
                Item::ArrayOfTables(a) => {
                    let many = a.len() > 1;
                    for (i, t) in a.iter().enumerate() {
                        let name = t.get("name").and_then(Item::as_str);
                        let at = match name {
                            Some(n) => format!("{path}.{n}."),
                            None if many => format!("{path}.{}.", i + 1),
                            None => format!("{path}."),
                        };
                        let own = self.note(t.decor());
                        let cover = own.as_deref().or(covering);
                        self.table(t, &at, cover);
                    }
                }
                Item::None => {}
            }
        }
    }

    fn value(&mut self, v: &Value, path: &str, covering: Option<&str>) {
        let note = match self.note(v.decor()) {
            Some(n) if n.is_empty() => covering.map(str::to_string).or(Some(n)),
            Some(n) => Some(n),
            None => covering.map(str::to_string),
        };
        let (Some(note), Some(span)) = (note, v.span()) else {
            return;
        };
        let value_text = self.text.get(span.clone()).unwrap_or("").trim().to_string();
        self.out.push(AssumedInput {
            path: path.to_string(),
            value_text,
            note,
            line: self.line(span.start),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(String, String, String, usize)> {
        collect(text)
            .into_iter()
            .map(|a| (a.path, a.value_text, a.note, a.line))
            .collect()
    }

    #[test]
    fn an_inline_comment_marks_its_value() {
        let got = paths(
            "name = \"x\"\nhours_per_month = 730   # [assumed] AWS convention\nregion = \"us-east-1\" # [doc]\n",
        );
        assert_eq!(
            got,
            vec![(
                "hours_per_month".into(),
                "730".into(),
                "AWS convention".into(),
                2
            )]
        );
    }

    #[test]
    fn a_table_header_covers_every_key_of_its_table() {
        let text = "[[service]]\nname = \"api\"\ncount = 2 # [doc]\n\n[service.load] # [assumed] no load stated\navg = 20\npeak = 60 # [assumed] 3 x average\n\n[nat]\ngateways = 2\n";
        let got = paths(text);
        assert_eq!(
            got,
            vec![
                (
                    "service.api.load.avg".into(),
                    "20".into(),
                    "no load stated".into(),
                    6
                ),
                (
                    "service.api.load.peak".into(),
                    "60".into(),
                    "3 x average".into(),
                    7
                ),
            ]
        );
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        let text = "name = \"a # [assumed] b\"\nsource = 'c # [assumed]'\nnote = \"\"\"\n# [assumed]\n\"\"\"\nx = 1 # [assumed]\n";
        let got = paths(text);
        assert_eq!(got, vec![("x".into(), "1".into(), String::new(), 6)]);
    }

    #[test]
    fn unnamed_tables_of_a_many_of_each_section_and_ranges() {
        let text = "[[database]]\nstorage_gb = { low = 50, expected = 100, high = 300 } # [assumed]\n[[database]]\nstorage_gb = 20 # [assumed] second\n";
        let got = paths(text);
        assert_eq!(got[0].0, "database.1.storage_gb");
        assert_eq!(got[0].1, "{ low = 50, expected = 100, high = 300 }");
        assert_eq!(got[1].0, "database.2.storage_gb");
        assert_eq!(got[1].2, "second");
        assert!(paths("[[database]]\nstorage_gb = 1 # [assumed]\n")[0].0 == "database.storage_gb");
    }

    #[test]
    fn a_large_file_of_assumptions_is_read_in_linear_time() {
        let text: String = (0..40_000)
            .map(|i| format!("k{i} = {i} # [assumed] n\n"))
            .collect();
        let start = std::time::Instant::now();
        let got = collect(&text);
        assert_eq!(got.len(), 40_000);
        assert_eq!(got[39_999].line, 40_000);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn the_baseline_lists_its_assumptions() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/baseline.toml"),
        )
        .unwrap();
        let got = collect(&text);
        let find = |p: &str| got.iter().find(|a| a.path == p);
        assert_eq!(find("hours_per_month").unwrap().value_text, "730");
        assert_eq!(find("database.storage_type").unwrap().value_text, "\"gp2\"");
        // Covered by `[service.load] # [assumed] …` although the key's own comment is bare.
        assert!(find("service.api.load.db_connections_per_task").is_some());
        // `[service.load]` of the scheduler carries no marker; its keys carry their own.
        assert!(find("service.scheduler.load.needed_vcpu").is_some());
        // `[doc]` values are not assumptions.
        assert!(find("service.api.count").is_none());
        assert!(find("region").is_none());
    }
}
