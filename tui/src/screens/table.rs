//! What the tables share: a `/` filter typed in place, and a sort by a column that `s` moves
//! to the next column and `S` reverses.

use crate::app::{Field, ListCursor};
use crate::keymap::Command;
use crate::ui::layout;
use crossterm::event::{KeyCode, KeyEvent};

/// A filtered, sorted table's state: the selection, the filter and the sort.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// The selected row.
    pub cursor: ListCursor,
    /// The row filter.
    pub filter: Filter,
    /// The sort (column 0: the server's order).
    pub sort: Sort,
}

impl Table {
    /// Whether the filter line shows (being typed, or in force).
    pub fn shows_filter(&self) -> bool {
        self.filter.is_editing() || !self.filter.text().is_empty()
    }

    /// How many rows fit when the table fills the screen's room in a terminal of `size`
    /// (inside a bordered panel, under a header row, above the filter line when it shows).
    pub fn page(&self, size: (u16, u16)) -> usize {
        let body = layout::body(size);
        usize::from(
            body.height
                .saturating_sub(3 + u16::from(self.shows_filter())),
        )
    }

    /// Applies a list, filter or sort command to a table of `len` rows, `page` of them shown
    /// and `sorts` sortable columns; returns whether it was one.
    pub fn on_command(&mut self, command: Command, len: usize, page: usize, sorts: usize) -> bool {
        if self.cursor.apply(command, len, page) {
            return true;
        }
        match command {
            Command::Filter => self.filter.start(),
            Command::Sort => self.sort.next(sorts),
            Command::ReverseSort => self.sort.reverse(),
            _ => return false,
        }
        true
    }

    /// The header's arrow for the column `name` of `sorts`, when the table is sorted by it.
    pub fn arrow(&self, sorts: &[&str], name: &str) -> Option<char> {
        match sorts.iter().position(|s| *s == name) {
            Some(i) if i == self.sort.column && i != 0 => {
                Some(if self.sort.descending { '▼' } else { '▲' })
            }
            _ => None,
        }
    }
}

/// A row filter: a case-insensitive substring over a row's texts.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    text: String,
    editing: Option<Field>,
}

impl Filter {
    /// The filter in force (what is being typed, while it is).
    pub fn text(&self) -> &str {
        match &self.editing {
            Some(field) => field.text(),
            None => &self.text,
        }
    }

    /// Whether the filter is being typed.
    pub fn is_editing(&self) -> bool {
        self.editing.is_some()
    }

    /// The field being typed, if it is.
    pub fn editing_mut(&mut self) -> Option<&mut Field> {
        self.editing.as_mut()
    }

    /// The field being typed, for the view.
    pub fn editing(&self) -> Option<&Field> {
        self.editing.as_ref()
    }

    /// Starts typing, from the filter in force.
    pub fn start(&mut self) {
        self.editing = Some(Field::new(&self.text, 100));
    }

    /// A key while typing: Enter keeps the filter, Esc clears it, the rest edits.
    pub fn on_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => {
                if let Some(field) = self.editing.take() {
                    self.text = field.text().trim().to_owned();
                }
            }
            KeyCode::Esc => {
                self.editing = None;
                self.text.clear();
            }
            _ => {
                if let Some(field) = self.editing.as_mut() {
                    field.input(key);
                }
            }
        }
    }

    /// Whether a row with these texts passes.
    pub fn matches<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> bool {
        let wanted = self.text().trim().to_lowercase();
        wanted.is_empty()
            || texts
                .into_iter()
                .any(|t| t.to_lowercase().contains(&wanted))
    }
}

/// A sort: the column and the direction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    /// The column's index in the screen's list of sortable columns.
    pub column: usize,
    /// Largest first.
    pub descending: bool,
}

impl Sort {
    /// The next of `columns` columns, ascending.
    pub fn next(&mut self, columns: usize) {
        self.column = (self.column + 1) % columns.max(1);
        self.descending = false;
    }

    /// The other direction.
    pub fn reverse(&mut self) {
        self.descending = !self.descending;
    }

    /// Applies the direction to an ascending comparison.
    pub fn order(&self, ordering: std::cmp::Ordering) -> std::cmp::Ordering {
        if self.descending {
            ordering.reverse()
        } else {
            ordering
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_filters_live_enter_keeps_esc_clears() {
        let mut filter = Filter::default();
        filter.start();
        for c in "CASSA".chars() {
            filter.on_key(key(KeyCode::Char(c)));
        }
        assert!(filter.matches(["Cassa 1"]));
        assert!(!filter.matches(["Gestionale", "key-1"]));
        filter.on_key(key(KeyCode::Enter));
        assert!(!filter.is_editing());
        assert_eq!(filter.text(), "CASSA");
        filter.start();
        filter.on_key(key(KeyCode::Esc));
        assert_eq!(filter.text(), "");
        assert!(filter.matches(["anything"]));
    }

    #[test]
    fn sort_cycles_and_reverses() {
        let mut sort = Sort::default();
        sort.reverse();
        sort.next(3);
        assert_eq!(
            sort,
            Sort {
                column: 1,
                descending: false
            }
        );
        sort.next(3);
        sort.next(3);
        assert_eq!(sort.column, 0);
    }
}
