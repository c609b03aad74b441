//! [`Field`]: one line of text in a form, edited with ratatui-textarea's keys (arrows, Home/End,
//! Ctrl-A/E, Ctrl-W, Ctrl-K) and Ctrl-U to clear to the start, as in a shell. Enter, Tab and
//! Esc are the form's, not the field's.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

/// A single-line text input.
#[derive(Clone, Debug)]
pub struct Field {
    // Boxed: a textarea is large, and forms hold several.
    area: Box<TextArea<'static>>,
    max_chars: usize,
}

impl Field {
    /// A field holding `initial`, accepting at most `max_chars` characters.
    pub fn new(initial: &str, max_chars: usize) -> Field {
        let mut area = Box::new(TextArea::new(vec![single_line(initial)]));
        area.move_cursor(ratatui_textarea::CursorMove::End);
        Field { area, max_chars }
    }

    /// The text typed so far.
    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// The cursor's position, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Applies an editing key; returns whether the text changed. Enter, Tab, Shift-Tab, Esc,
    /// Up and Down are left to the form.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        match key.code {
            KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc => return false,
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown => return false,
            // Ctrl-M and Ctrl-J are newlines in disguise.
            KeyCode::Char('m' | 'j') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return false;
            }
            // Ctrl-U clears to the start, as in a shell.
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return self.area.delete_line_by_head();
            }
            KeyCode::Char(_)
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && self.text().chars().count() >= self.max_chars =>
            {
                return false;
            }
            _ => {}
        }
        let before = self.text().to_owned();
        self.area.input(key);
        self.normalise();
        self.text() != before
    }

    /// Inserts pasted text at the cursor, on one line, up to the length limit.
    pub fn paste(&mut self, text: &str) -> bool {
        let room = self.max_chars.saturating_sub(self.text().chars().count());
        let clean: String = single_line(text).chars().take(room).collect();
        if clean.is_empty() {
            return false;
        }
        self.area.insert_str(clean)
    }

    /// Replaces the text.
    pub fn set(&mut self, text: &str) {
        *self = Field::new(text, self.max_chars);
    }

    /// Keeps the text on one line whatever the textarea did.
    fn normalise(&mut self) {
        if self.area.lines().len() > 1 {
            let joined = self.area.lines().join("");
            let cursor = self.cursor();
            *self = Field::new(&joined, self.max_chars);
            self.area.move_cursor(ratatui_textarea::CursorMove::Head);
            for _ in 0..cursor {
                self.area.move_cursor(ratatui_textarea::CursorMove::Forward);
            }
        }
    }
}

/// The text with line breaks and control characters taken out.
fn single_line(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(field: &mut Field, text: &str) {
        for c in text.chars() {
            field.input(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn edits_on_one_line() {
        let mut field = Field::new("", 11);
        typed(&mut field, "0123456789012345");
        assert_eq!(field.text(), "01234567890", "stops at the limit");
        field.input(key(KeyCode::Backspace));
        assert_eq!(field.text(), "0123456789");
        assert!(!field.input(key(KeyCode::Enter)));
        assert_eq!(field.text(), "0123456789");
        field.input(key(KeyCode::Home));
        typed(&mut field, "x");
        assert_eq!((field.text(), field.cursor()), ("x0123456789", 1));
        field.input(key(KeyCode::End));
        field.input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(field.text(), "");
    }

    #[test]
    fn paste_drops_line_breaks_and_respects_the_limit() {
        let mut field = Field::new("ab", 6);
        field.paste("c\nd\r\nefgh");
        assert_eq!(field.text(), "abcdef");
        assert!(!field.paste("more"));
    }

    #[test]
    fn control_newlines_are_refused() {
        let mut field = Field::new("ab", 10);
        assert!(!field.input(KeyEvent::new(KeyCode::Char('m'), KeyModifiers::CONTROL)));
        assert_eq!(field.text(), "ab");
    }
}
