//! [`HBars`]: horizontal bars, one a row — a label in words, the value as text, and a bar
//! whose length (to an eighth of a cell) says how it compares with the largest.

use super::theme::Theme;
use crate::format::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

/// The eighths of a cell, from one to eight.
const EIGHTHS: [&str; 8] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];

/// One bar: its label, its size (nothing drawn for what is not positive), and its value as
/// text.
#[derive(Clone, Debug, PartialEq)]
pub struct HBar {
    /// The label, in words.
    pub label: String,
    /// The size the bar shows.
    pub size: f64,
    /// The value as text (`1.234,56 €`).
    pub text: String,
}

/// Horizontal bars, as many as fit, the labels cut with `…`.
#[derive(Clone, Debug)]
pub struct HBars<'a> {
    bars: &'a [HBar],
    theme: &'a Theme,
}

impl<'a> HBars<'a> {
    /// The bars, in the order given.
    pub fn new(bars: &'a [HBar], theme: &'a Theme) -> HBars<'a> {
        HBars { bars, theme }
    }
}

impl Widget for HBars<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 10 || area.height == 0 {
            return;
        }
        let shown = &self.bars[..self.bars.len().min(usize::from(area.height))];
        let width = usize::from(area.width);
        let text_width = shown
            .iter()
            .map(|b| b.text.width())
            .max()
            .unwrap_or(0)
            .min(width / 3);
        let longest = shown.iter().map(|b| b.label.width()).max().unwrap_or(0);
        let label_width = longest.min(width / 3).max(4);
        let room = width.saturating_sub(label_width + text_width + 2);
        let top = shown.iter().map(|b| b.size).fold(0.0_f64, f64::max);
        for (i, bar) in shown.iter().enumerate() {
            let eighths = if top > 0.0 && bar.size > 0.0 {
                ((bar.size / top) * (room * 8) as f64).round().max(1.0) as usize
            } else {
                0
            };
            let mut drawn = "█".repeat(eighths / 8);
            if eighths % 8 > 0 {
                drawn.push_str(EIGHTHS[eighths % 8 - 1]);
            }
            let label = truncate(&bar.label, label_width);
            let line = Line::from(vec![
                Span::raw(format!("{label:<label_width$} ")),
                Span::styled(
                    format!("{:>text_width$} ", truncate(&bar.text, text_width)),
                    self.theme.text(),
                ),
                Span::styled(drawn, self.theme.accent()),
            ]);
            line.render(
                Rect {
                    y: area.y + i as u16,
                    height: 1,
                    ..area
                },
                buf,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_labels_are_cut() {
        let bars = vec![
            HBar {
                label: "Contanti".into(),
                size: 100.0,
                text: "100,00 €".into(),
            },
            HBar {
                label: "Elettronico".into(),
                size: 50.0,
                text: "50,00 €".into(),
            },
            HBar {
                label: "Resi".into(),
                size: -5.0,
                text: "-5,00 €".into(),
            },
        ];
        let theme = Theme::default();
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 3));
        HBars::new(&bars, &theme).render(buf.area, &mut buf);
        let row =
            |y: u16| -> String { (0..40).map(|x| buf[(x, y)].symbol().to_string()).collect() };
        assert_eq!(row(0), format!("Contanti    100,00 € {}", "█".repeat(19)));
        assert_eq!(
            row(1),
            format!("Elettronico  50,00 € {}▌{}", "█".repeat(9), " ".repeat(9))
        );
        assert_eq!(row(2), format!("Resi         -5,00 € {}", " ".repeat(19)));
    }
}
