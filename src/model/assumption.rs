//! An input the topology marks as assumed (a `# [assumed]` comment after its value, or after
//! the header of the table that holds it), carried from the topology into the estimate so every
//! report can list what the figures rest on.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssumedInput {
    /// The input's path: `hours_per_month`, `service.api.load.avg_requests_per_second`,
    /// `database.storage_gb` (a many-of-each table by its `name` when it has one).
    pub path: String,
    /// The value as written in the file, e.g. `100`, `"gp2"`.
    pub value_text: String,
    /// The comment's text after `[assumed]` (the table header's when the key has none); may be empty.
    pub note: String,
    /// 1-based line of the value in the topology file.
    pub line: usize,
}
