//! Word wrapping by display width, so a dialog knows how tall its text will be before drawing.

use unicode_width::UnicodeWidthStr;

/// `text` broken into lines of at most `width` columns, at spaces where possible (a word
/// longer than a line is cut). Line breaks in `text` are kept.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let mut word = word.to_owned();
            loop {
                let sep = usize::from(!line.is_empty());
                if line.width() + sep + word.width() <= width {
                    if sep == 1 {
                        line.push(' ');
                    }
                    line.push_str(&word);
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A word longer than the line: cut it.
                let mut cut = String::new();
                let mut rest = String::new();
                for c in word.chars() {
                    if rest.is_empty() && (cut.width() + c.to_string().width()) <= width {
                        cut.push(c);
                    } else {
                        rest.push(c);
                    }
                }
                lines.push(cut);
                word = rest;
                if word.is_empty() {
                    break;
                }
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        let cases: &[(&str, usize, &[&str])] = &[
            ("one two three", 7, &["one two", "three"]),
            ("one two three", 20, &["one two three"]),
            ("abcdefghij", 4, &["abcd", "efgh", "ij"]),
            ("a\nb", 10, &["a", "b"]),
            ("", 10, &[""]),
        ];
        for (text, width, expected) in cases {
            assert_eq!(wrap(text, *width), *expected, "{text:?}");
        }
    }
}
