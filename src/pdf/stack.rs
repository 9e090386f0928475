//! Blocks laid out before they are drawn, for what is not simply one line under another: cells
//! side by side in a table row, a column of labels beside a column of values.

use pdf_writer::Content;

use super::fonts::{Font, Run, width_of, wrap};
use super::layout::*;
use super::paint::{draw_text, set_stroke};

/// Lines and rules at heights below the block's top. It can be measured before it is drawn,
/// so that it is kept on one page when it fits on one, and split between lines when it does
/// not.
#[derive(Debug, Default)]
pub struct Stack {
    items: Vec<(f32, Item)>,
    height: f32,
}

#[derive(Debug)]
enum Item {
    Text(Line),
    Rule { from: f32, to: f32, color: Rgb, width: f32 },
}

impl Item {
    fn height(&self) -> f32 {
        match self {
            Item::Text(line) => line.style.leading,
            Item::Rule { .. } => 0.0,
        }
    }
}

impl Stack {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    /// `lines` one under the other, below what is there.
    pub fn lines(&mut self, lines: Vec<Line>) {
        self.row(vec![lines]);
    }

    /// Cells side by side, each a column of lines starting at the same height; the block
    /// grows by the tallest.
    pub fn row(&mut self, cells: Vec<Vec<Line>>) {
        let top = self.height;
        for cell in cells {
            let mut y = top;
            for line in cell {
                let leading = line.style.leading;
                self.items.push((y, Item::Text(line)));
                y += leading;
                self.height = self.height.max(y);
            }
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.height += height;
    }

    /// A line `width` thick at the current height, from `from` to `to` (in points from the
    /// margin); it takes no room.
    pub fn rule(&mut self, from: f32, to: f32, color: Rgb, width: f32) {
        self.items.push((self.height, Item::Rule { from, to, color, width }));
    }

    /// `other` beside this block, both from the top.
    pub fn beside(&mut self, other: Stack) {
        self.items.extend(other.items);
        self.height = self.height.max(other.height);
    }

    /// Draws the block where the writer is, on this page if it fits, else on the next.
    pub fn draw(self, writer: &mut Writer) {
        self.flow(writer, |_| {});
    }

    /// As [`Stack::draw`], but a block taller than a page is split between lines, and
    /// `new_page` is called at the top of every page this starts (to repeat a table's header).
    pub fn flow(mut self, writer: &mut Writer, mut new_page: impl FnMut(&mut Writer)) {
        loop {
            let pages = writer.pages();
            writer.room(self.height);
            if writer.pages() != pages {
                new_page(writer);
            }
            if self.height <= writer.free() {
                return self.paint(writer);
            }
            let (now, rest) = self.split(writer.free());
            if now.items.is_empty() {
                // Not even its first line fits under the header of a fresh page: drawing it
                // past the bottom margin beats starting pages for ever.
                return rest.paint(writer);
            }
            now.paint(writer);
            self = rest;
        }
    }

    /// What ends within `height` of the top, and the rest moved up to start at the top.
    fn split(self, height: f32) -> (Stack, Stack) {
        let (now, rest): (Vec<_>, Vec<_>) =
            self.items.into_iter().partition(|(y, item)| y + item.height() <= height + 0.001);
        let cut = rest.iter().map(|&(y, _)| y).fold(self.height, f32::min);
        let now_height = now.iter().map(|(y, item)| y + item.height()).fold(0.0, f32::max);
        let rest = rest.into_iter().map(|(y, item)| (y - cut, item)).collect();
        (Stack { items: now, height: now_height }, Stack { items: rest, height: self.height - cut })
    }

    fn paint(self, writer: &mut Writer) {
        writer.drawing(self.height, |page, top| {
            for (y, item) in &self.items {
                match item {
                    Item::Text(line) => draw_text(page, &line.segments, baseline(top - y, line.style), line.style),
                    Item::Rule { from, to, color, width } => rule(page, *from, *to, top - y, *color, *width),
                }
            }
        });
    }
}

fn rule(page: &mut Content, from: f32, to: f32, y: f32, color: Rgb, width: f32) {
    page.save_state();
    set_stroke(page, color).set_line_width(width).move_to(MARGIN + from, y).line_to(MARGIN + to, y).stroke();
    page.restore_state();
}

/// A column of right-aligned text, such as amounts: its right edge, in points from the margin,
/// and its width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub right: f32,
    pub width: f32,
}

impl Column {
    /// `text` wrapped to the column, each line ending at its right edge.
    pub fn cell(self, text: &str, font: Font, style: Style) -> Vec<Line> {
        right_aligned(&[Run::new(font, text)], style, self.right, self.width)
    }

    pub fn left(self) -> f32 {
        self.right - self.width
    }
}

/// `runs` wrapped to `width` in lines of `style`, each ending `right` points from the margin.
pub fn right_aligned(runs: &[Run], style: Style, right: f32, width: f32) -> Vec<Line> {
    wrap(runs, style.size, width)
        .into_iter()
        .map(|runs| {
            let x = right - width_of(&runs, style.size);
            Line { style, segments: vec![Segment { x, runs }], band: false }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> Line {
        text_lines(&[Run::new(Font::Regular, text)], BODY, 0.0, TEXT_WIDTH).remove(0)
    }

    #[test]
    fn a_split_row_keeps_what_fits_and_moves_the_rest_up() {
        let mut stack = Stack::new();
        stack.gap(5.0);
        stack.row(vec![vec![line("a"), line("b"), line("c")], vec![line("1")]]);
        stack.rule(0.0, 10.0, RULE, 0.5);
        assert_eq!(stack.height(), 5.0 + 3.0 * BODY.leading);
        let (now, rest) = stack.split(5.0 + 2.0 * BODY.leading);
        assert_eq!(now.items.len(), 3);
        assert_eq!(now.height, 5.0 + 2.0 * BODY.leading);
        assert_eq!(rest.items.len(), 2, "the third line and the rule");
        assert_eq!(rest.height, BODY.leading);
        assert_eq!(rest.items[0].0, 0.0);
    }

    #[test]
    fn right_aligned_lines_end_at_the_edge() {
        let lines = right_aligned(&[Run::new(Font::Regular, "$1,234.50")], BODY, 300.0, 100.0);
        assert_eq!(lines.len(), 1);
        let segment = &lines[0].segments[0];
        assert!((segment.x + width_of(&segment.runs, BODY.size) - 300.0).abs() < 0.001);
    }
}
