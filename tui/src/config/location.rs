//! Where something is in a config file: [`Location`] (`file:line:column`) and the line index
//! that turns toml's byte spans into one.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

/// A place in a config file, for messages: `/home/u/.config/dckit/config.toml:7:9`.
///
/// `line` and `column` count from 1; the column counts characters, not bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The config file.
    pub path: PathBuf,
    /// The line, from 1.
    pub line: usize,
    /// The column, in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// The line starts of a file's text, and where its multi-byte characters are, so that a byte
/// offset becomes a line and a column without keeping the text (which may hold secrets).
#[derive(Clone, Debug, Default)]
pub(super) struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
    /// `(byte offset, extra bytes)` of every character longer than one byte, in order.
    wide_chars: Vec<(usize, usize)>,
    /// Length of the text in bytes.
    len: usize,
}

impl LineIndex {
    /// Indexes `text`.
    pub(super) fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let mut wide_chars = Vec::new();
        for (offset, c) in text.char_indices() {
            if c == '\n' {
                line_starts.push(offset + 1);
            }
            if c.len_utf8() > 1 {
                wide_chars.push((offset, c.len_utf8() - 1));
            }
        }
        LineIndex {
            line_starts,
            wide_chars,
            len: text.len(),
        }
    }

    /// Line and column (both from 1) of the start of `span`.
    pub(super) fn line_column(&self, span: &Range<usize>) -> (usize, usize) {
        let offset = span.start.min(self.len);
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let first = self.wide_chars.partition_point(|&(at, _)| at < start);
        let last = self.wide_chars.partition_point(|&(at, _)| at < offset);
        let extra: usize = self.wide_chars[first..last].iter().map(|&(_, n)| n).sum();
        (line, offset - start - extra + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, Location};
    use std::path::PathBuf;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a = 1\n\nè = \"ü\" # x\nlast";
        let index = LineIndex::new(text);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            index.line_column(&(start..start + needle.len()))
        };
        assert_eq!(at("a ="), (1, 1));
        assert_eq!(at("1"), (1, 5));
        assert_eq!(at("\n\n"), (1, 6));
        assert_eq!(at("è"), (3, 1));
        assert_eq!(at("\"ü\""), (3, 5));
        assert_eq!(at("# x"), (3, 9));
        assert_eq!(at("last"), (4, 1));
        assert_eq!(index.line_column(&(999..999)), (4, 5));
        assert_eq!(LineIndex::new("").line_column(&(0..0)), (1, 1));
    }

    #[test]
    fn a_location_prints_as_file_line_column() {
        let location = Location {
            path: PathBuf::from("/tmp/c.toml"),
            line: 7,
            column: 9,
        };
        assert_eq!(location.to_string(), "/tmp/c.toml:7:9");
    }
}
