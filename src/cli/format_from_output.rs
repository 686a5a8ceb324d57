//! `-o FILE.csv` without `-f`: the output format follows the file's extension.
//!
//! `-f/--format` always wins. Without it, `.csv`, `.md` (or `.markdown`), `.json`, `.html`
//! (or `.htm`) and `.xlsx` choose that format when the command offers it; any other extension, or a format
//! the command does not offer (`capacity -o out.csv`), keeps the command's default, the table.

use clap::ValueEnum;
use std::path::Path;

/// The `--format` value an output path's extension asks for, if it names one.
pub fn format_name(output: &Path) -> Option<&'static str> {
    let ext = output.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some("csv"),
        "md" | "markdown" => Some("markdown"),
        "json" => Some("json"),
        "html" | "htm" => Some("html"),
        "xlsx" => Some("xlsx"),
        _ => None,
    }
}

/// Sets `format` from `output`'s extension when the command offers that format.
pub fn infer<F: ValueEnum>(format: &mut F, output: Option<&Path>) {
    if let Some(name) = output.and_then(format_name)
        && let Ok(f) = F::from_str(name, false)
    {
        *format = f;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{EstimateFormat, Format};

    #[test]
    fn known_extensions_choose_a_format_the_command_offers() {
        let mut f = EstimateFormat::Table;
        infer(&mut f, Some(Path::new("out/report.CSV")));
        assert_eq!(f, EstimateFormat::Csv);
        infer(&mut f, Some(Path::new("comment.md")));
        assert_eq!(f, EstimateFormat::Markdown);
        infer(&mut f, Some(Path::new("finance.xlsx")));
        assert_eq!(f, EstimateFormat::Xlsx);
        let mut f = Format::Table;
        infer(&mut f, Some(Path::new("page.html")));
        assert_eq!(f, Format::Table, "diff has no HTML: the table stays");
        infer(&mut f, Some(Path::new("notes.txt")));
        assert_eq!(f, Format::Table);
        infer(&mut f, Some(Path::new("-")));
        assert_eq!(f, Format::Table);
    }
}
