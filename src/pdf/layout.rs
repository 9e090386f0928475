//! The page, the house styles, and the writer that lays lines down the pages.

use std::mem;

use pdf_writer::Content;

use super::fonts::{Font, Run, wrap};
use super::paint::{draw_text, fill_rect, horizontal_rule};

/// US Letter, in points.
pub const PAGE_WIDTH: f32 = 612.0;
pub const PAGE_HEIGHT: f32 = 792.0;
pub const MARGIN: f32 = 54.0;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
pub const TOP: f32 = PAGE_HEIGHT - MARGIN;
pub const BOTTOM: f32 = MARGIN;

/// Text in a banner is inset this far from its edges.
pub const BANNER_INSET: f32 = 12.0;

pub type Rgb = [f32; 3];

pub const INK: Rgb = [0.1, 0.1, 0.1];
pub const GREY: Rgb = [0.42, 0.42, 0.42];
pub const RULE: Rgb = [0.75, 0.75, 0.75];
pub const RED: Rgb = [0.75, 0.05, 0.05];
pub const PALE_RED: Rgb = [1.0, 0.92, 0.92];

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// The height of a line.
    pub leading: f32,
    pub color: Rgb,
}

pub const TITLE: Style = Style { size: 18.0, leading: 23.0, color: INK };
pub const BODY: Style = Style { size: 10.0, leading: 14.0, color: INK };
pub const BANNER: Style = Style { size: 11.0, leading: 15.0, color: RED };
pub const DETAIL: Style = Style { size: 9.0, leading: 12.0, color: GREY };
pub const FOOTER: Style = Style { size: 8.0, leading: 10.0, color: GREY };

/// Runs drawn one after the other from `x`, in points from the left margin.
#[derive(Debug)]
pub struct Segment {
    pub x: f32,
    pub runs: Vec<Run>,
}

/// One line of a page; its segments share the baseline. A `band` line has a banner's
/// background, so a banner is drawn line by line and survives a page break.
#[derive(Debug)]
pub struct Line {
    pub style: Style,
    pub segments: Vec<Segment>,
    pub band: bool,
}

/// `runs` wrapped to `width` in lines of `style` that start `x` points from the margin.
pub fn text_lines(runs: &[Run], style: Style, x: f32, width: f32) -> Vec<Line> {
    wrap(runs, style.size, width)
        .into_iter()
        .map(|runs| Line { style, segments: vec![Segment { x, runs }], band: false })
        .collect()
}

pub fn height(lines: &[Line]) -> f32 {
    lines.iter().map(|line| line.style.leading).sum()
}

/// The baseline that centres text of `style` in a line whose top is `top`.
pub fn baseline(top: f32, style: Style) -> f32 {
    top - (style.leading - style.size) / 2.0 - 0.78 * style.size
}

/// Lays content down the pages, top to bottom, starting a page when the next piece does not
/// fit on this one.
pub struct Writer {
    done: Vec<Content>,
    page: Content,
    /// The top of the free space on `page`.
    y: f32,
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

impl Writer {
    pub fn new() -> Self {
        Self { done: Vec::new(), page: Content::new(), y: TOP }
    }

    pub fn at_top(&self) -> bool {
        self.y >= TOP
    }

    /// How many pages have been started.
    pub fn pages(&self) -> usize {
        self.done.len() + 1
    }

    /// The height left on this page.
    pub fn free(&self) -> f32 {
        self.y - BOTTOM
    }

    /// Starts a new page unless `height` more fits on this one. An empty page is kept: what
    /// does not fit there fits nowhere, and flows on.
    pub fn room(&mut self, height: f32) {
        if self.y - height < BOTTOM && !self.at_top() {
            self.done.push(mem::replace(&mut self.page, Content::new()));
            self.y = TOP;
        }
    }

    /// Vertical space, except at the top of a page.
    pub fn gap(&mut self, height: f32) {
        if !self.at_top() {
            self.y -= height;
        }
    }

    pub fn line(&mut self, line: &Line) {
        let Style { leading, .. } = line.style;
        self.room(leading);
        let top = self.y;
        if line.band {
            fill_rect(&mut self.page, PALE_RED, MARGIN, top - leading, TEXT_WIDTH, leading);
            fill_rect(&mut self.page, RED, MARGIN, top - leading, 3.0, leading);
        }
        draw_text(&mut self.page, &line.segments, baseline(top, line.style), line.style);
        self.y -= leading;
    }

    pub fn lines(&mut self, lines: &[Line]) {
        for line in lines {
            self.line(line);
        }
    }

    /// `height` points drawn by `draw`, which is given the page and the top of its space.
    pub fn drawing(&mut self, height: f32, draw: impl FnOnce(&mut Content, f32)) {
        self.room(height);
        draw(&mut self.page, self.y);
        self.y -= height;
    }

    pub fn rule(&mut self) {
        self.drawing(14.0, |page, top| horizontal_rule(page, top - 7.0));
    }

    /// A red band across the page: `headline` in bold, then ": " and `detail` unless it is
    /// blank. It says that a document no longer holds (a revoked consent, a void invoice).
    pub fn banner(&mut self, headline: &str, detail: &str) {
        let detail = detail.trim();
        let mut runs = vec![Run::new(Font::Bold, headline)];
        if !detail.is_empty() {
            runs[0].text.extend_from_slice(b": ");
            runs.push(Run::new(Font::Regular, detail));
        }
        let padding = Line { style: Style { leading: 5.0, ..BANNER }, segments: Vec::new(), band: true };
        let mut lines = text_lines(&runs, BANNER, BANNER_INSET, TEXT_WIDTH - 2.0 * BANNER_INSET);
        lines.iter_mut().for_each(|line| line.band = true);
        self.line(&padding);
        self.lines(&lines);
        self.line(&padding);
    }

    /// The pages' contents, in order.
    pub fn finish(mut self) -> Vec<Content> {
        self.done.push(self.page);
        self.done
    }
}
