//! [`ListCursor`]: the selected row of a table and the first row shown, moved by the list keys.
//!
//! The cursor is kept in the state (not in ratatui's `TableState`) so that `update` moves it
//! and `view` only reads it; `update` knows how many rows fit from the layout.

use crate::keymap::Command;

/// A selection in a list of `len` rows, with a scroll offset that keeps it in view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListCursor {
    selected: usize,
    offset: usize,
}

impl ListCursor {
    /// The selected row (0 when the list is empty).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Applies a list command to a list of `len` rows of which `page` fit on screen; returns
    /// whether the command was a list command.
    pub fn apply(&mut self, command: Command, len: usize, page: usize) -> bool {
        let page = page.max(1);
        let last = len.saturating_sub(1);
        self.selected = match command {
            Command::Up => self.selected.saturating_sub(1),
            Command::Down => (self.selected + 1).min(last),
            Command::PageUp => self.selected.saturating_sub(page),
            Command::PageDown => (self.selected + page).min(last),
            Command::Top => 0,
            Command::Bottom => last,
            _ => return false,
        };
        self.keep_in_view(len, page);
        true
    }

    /// Selects row `index` (clamped).
    pub fn select(&mut self, index: usize, len: usize, page: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.keep_in_view(len, page.max(1));
    }

    /// Clamps after the list changed length, keeping the selection in view.
    pub fn clamp(&mut self, len: usize, page: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.keep_in_view(len, page.max(1));
    }

    fn keep_in_view(&mut self, len: usize, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // Never leave empty room below the last row when the list could fill it.
        let max_offset = len.saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_scrolls() {
        // (commands, rows, page) -> (selected, offset)
        type Case<'a> = (&'a [Command], usize, usize, (usize, usize));
        let cases: &[Case] = &[
            (&[Command::Down], 10, 5, (1, 0)),
            (&[Command::Up], 10, 5, (0, 0)),
            (&[Command::Bottom], 10, 5, (9, 5)),
            (&[Command::Bottom, Command::Up], 10, 5, (8, 5)),
            (&[Command::Bottom, Command::Top], 10, 5, (0, 0)),
            (&[Command::PageDown], 10, 5, (5, 1)),
            (&[Command::PageDown, Command::PageDown], 10, 5, (9, 5)),
            (&[Command::PageDown, Command::PageUp], 10, 5, (0, 0)),
            (&[Command::Down, Command::Down], 0, 5, (0, 0)),
            (&[Command::Bottom], 3, 5, (2, 0)),
        ];
        for (commands, len, page, expected) in cases {
            let mut cursor = ListCursor::default();
            for command in *commands {
                assert!(cursor.apply(*command, *len, *page));
            }
            assert_eq!(
                (cursor.selected(), cursor.offset()),
                *expected,
                "{commands:?}"
            );
        }
        assert!(!ListCursor::default().apply(Command::Quit, 3, 3));
    }

    #[test]
    fn clamps_when_the_list_shrinks() {
        let mut cursor = ListCursor::default();
        cursor.apply(Command::Bottom, 20, 5);
        cursor.clamp(3, 5);
        assert_eq!((cursor.selected(), cursor.offset()), (2, 0));
    }
}
