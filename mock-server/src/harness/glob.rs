//! Path patterns of fault rules and journal filters: `*` matches within one path segment,
//! `**` across segments, `?` one character of a segment; everything else is literal.
//!
//! `/api/dco/*/` matches `/api/dco/infoUser/`; `/api/dco/**` every DataCash path;
//! `/portal/v1/keys/*/deactivate` any key's deactivation; a pattern without wildcards is an
//! exact path.

/// One element of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Token {
    /// This character.
    Literal(char),
    /// `?`: one character other than `/`.
    One,
    /// `*`: any run of characters without `/`.
    Segment,
    /// `**`: any run of characters.
    Any,
}

/// A compiled path pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Glob {
    tokens: Vec<Token>,
}

impl Glob {
    /// Compiles `pattern`; every string is a valid pattern.
    pub(crate) fn new(pattern: &str) -> Glob {
        let mut tokens = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            let token = match c {
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                    // `***…` is the same as `**`.
                    while chars.peek() == Some(&'*') {
                        chars.next();
                    }
                    Token::Any
                }
                '*' => Token::Segment,
                '?' => Token::One,
                c => Token::Literal(c),
            };
            tokens.push(token);
        }
        Glob { tokens }
    }

    /// Whether the whole of `path` matches.
    pub(crate) fn matches(&self, path: &str) -> bool {
        let text: Vec<char> = path.chars().collect();
        // reach[j]: the tokens seen so far can match text[..j].
        let mut reach = vec![false; text.len() + 1];
        reach[0] = true;
        for token in &self.tokens {
            let mut next = vec![false; text.len() + 1];
            match token {
                Token::Literal(c) => {
                    for j in 0..text.len() {
                        next[j + 1] = reach[j] && text[j] == *c;
                    }
                }
                Token::One => {
                    for j in 0..text.len() {
                        next[j + 1] = reach[j] && text[j] != '/';
                    }
                }
                Token::Segment => {
                    next[0] = reach[0];
                    for j in 0..text.len() {
                        next[j + 1] = reach[j + 1] || (next[j] && text[j] != '/');
                    }
                }
                Token::Any => {
                    next[0] = reach[0];
                    for j in 0..text.len() {
                        next[j + 1] = reach[j + 1] || next[j];
                    }
                }
            }
            reach = next;
            if !reach.contains(&true) {
                return false;
            }
        }
        reach[text.len()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let cases = [
            ("/api/dco/infoUser/", "/api/dco/infoUser/", true),
            ("/api/dco/infoUser/", "/api/dco/infoUser", false),
            ("/api/dco/*/", "/api/dco/infoUser/", true),
            ("/api/dco/*/", "/api/dco/voidDocument/12/", false),
            ("/api/dco/**", "/api/dco/voidDocument/12/", true),
            ("/api/dco/**", "/api/dco/", true),
            ("/api/dco/**", "/api/dcox", false),
            ("/api/**/12/", "/api/dco/voidDocument/12/", true),
            (
                "/portal/v1/keys/*/deactivate",
                "/portal/v1/keys/7/deactivate",
                true,
            ),
            (
                "/portal/v1/keys/*/deactivate",
                "/portal/v1/keys//deactivate",
                true,
            ),
            (
                "/portal/v1/keys/*/deactivate",
                "/portal/v1/keys/7/8/deactivate",
                false,
            ),
            ("/a?c", "/abc", true),
            ("/a?c", "/a/c", false),
            ("/a?c", "/ac", false),
            ("**", "/anything/at/all", true),
            ("*", "/x", false),
            ("/x***", "/x/y", true),
            ("", "", true),
            ("", "/", false),
            ("/àè*", "/àèìòù", true),
            (
                "/**a**a**a**a**a**b",
                "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                false,
            ),
        ];
        for (pattern, path, expected) in cases {
            assert_eq!(
                Glob::new(pattern).matches(path),
                expected,
                "{pattern:?} against {path:?}"
            );
        }
    }
}
