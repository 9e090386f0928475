//! The standard fonts' metrics and WinAnsi text, and breaking runs of it into lines.

use std::mem;

use pdf_writer::Name;
use unicode_normalization::UnicodeNormalization;

/// The standard fonts used; Helvetica-Oblique has Helvetica's metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    Regular,
    Bold,
    Oblique,
    Mono,
}

impl Font {
    pub const ALL: [Font; 4] = [Font::Regular, Font::Bold, Font::Oblique, Font::Mono];

    /// Its name in the pages' resources.
    pub fn resource(self) -> Name<'static> {
        Name(match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
            Font::Oblique => b"F3",
            Font::Mono => b"F4",
        })
    }

    pub fn base_font(self) -> Name<'static> {
        let name: &'static [u8] = match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
            Font::Oblique => b"Helvetica-Oblique",
            Font::Mono => b"Courier",
        };
        Name(name)
    }

    /// The advance width of WinAnsi `text` at `size`, in points.
    pub fn width(self, text: &[u8], size: f32) -> f32 {
        let units: u32 = match self {
            Font::Regular | Font::Oblique => text.iter().map(|&b| advance(&HELVETICA, b)).sum(),
            Font::Bold => text.iter().map(|&b| advance(&HELVETICA_BOLD, b)).sum(),
            Font::Mono => text.iter().map(|_| 600).sum(),
        };
        units as f32 * size / 1000.0
    }
}

fn advance(widths: &[u16; 224], byte: u8) -> u32 {
    u32::from(widths[usize::from(byte.saturating_sub(32))])
}

/// Text in one font, in WinAnsiEncoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub font: Font,
    pub text: Vec<u8>,
}

impl Run {
    pub fn new(font: Font, text: &str) -> Self {
        Self { font, text: win_ansi(text) }
    }
}

/// Breaks `runs` into lines at most `width` points wide: at spaces, and inside a word only
/// when the word alone is wider than a line (a long hash or address).
pub fn wrap(runs: &[Run], size: f32, width: f32) -> Vec<Vec<Run>> {
    let mut lines = Vec::new();
    let mut line: Vec<Run> = Vec::new();
    let mut line_width = 0.0;
    for word in words(runs) {
        let pieces =
            if width_of(&word.runs, size) > width { split_word(&word.runs, size, width) } else { vec![word.runs] };
        for piece in pieces {
            let piece_width = width_of(&piece, size);
            if !line.is_empty() {
                let space = word.space.width(b" ", size);
                if line_width + space + piece_width <= width + 0.001 {
                    push_text(&mut line, word.space, b" ");
                    line_width += space;
                } else {
                    lines.push(mem::take(&mut line));
                    line_width = 0.0;
                }
            }
            for run in piece {
                push_text(&mut line, run.font, &run.text);
            }
            line_width += piece_width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word of a paragraph; it may change font part way.
struct Word {
    runs: Vec<Run>,
    /// The font of the space before it, so that a space keeps the font it was written in
    /// (and a bold name is one string in the file, without the space after it).
    space: Font,
}

/// The words of `runs`, split at spaces.
fn words(runs: &[Run]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut word = Word { runs: Vec::new(), space: Font::Regular };
    for run in runs {
        for (i, part) in run.text.split(|&byte| byte == b' ').enumerate() {
            if i > 0 {
                if !word.runs.is_empty() {
                    words.push(mem::replace(&mut word, Word { runs: Vec::new(), space: run.font }));
                }
                word.space = run.font;
            }
            if !part.is_empty() {
                push_text(&mut word.runs, run.font, part);
            }
        }
    }
    if !word.runs.is_empty() {
        words.push(word);
    }
    words
}

/// `word` cut into pieces at most `width` wide (at least one character each).
fn split_word(word: &[Run], size: f32, width: f32) -> Vec<Vec<Run>> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    let mut piece_width = 0.0;
    for run in word {
        for &byte in &run.text {
            let byte_width = run.font.width(&[byte], size);
            if piece_width + byte_width > width + 0.001 && !piece.is_empty() {
                pieces.push(mem::take(&mut piece));
                piece_width = 0.0;
            }
            push_text(&mut piece, run.font, &[byte]);
            piece_width += byte_width;
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// The width of `runs` side by side at `size`, in points.
pub fn width_of(runs: &[Run], size: f32) -> f32 {
    runs.iter().map(|run| run.font.width(&run.text, size)).sum()
}

/// Appends `text` in `font`, joining the last run when it has the same font.
pub fn push_text(runs: &mut Vec<Run>, font: Font, text: &[u8]) {
    match runs.last_mut() {
        Some(last) if last.font == font => last.text.extend_from_slice(text),
        _ => runs.push(Run { font, text: text.to_vec() }),
    }
}

/// `text` in WinAnsiEncoding (Windows-1252), the encoding of the PDF's fonts. It is composed
/// first (NFC), so an "e" followed by a combining accent prints as "é". Characters WinAnsi
/// lacks become `?`; line breaks, tabs and other spaces become spaces (the no-break ones a
/// no-break space), and invisible format characters are dropped.
pub fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        let byte = match c {
            ' '..='~' | '\u{a1}'..='\u{ac}' | '\u{ae}'..='\u{ff}' => c as u8,
            '\u{a0}' | '\u{2007}' | '\u{202f}' => 0xa0,
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => continue,
            '€' => 0x80,
            '‚' => 0x82,
            'ƒ' => 0x83,
            '„' => 0x84,
            '…' => 0x85,
            '†' => 0x86,
            '‡' => 0x87,
            'ˆ' => 0x88,
            '‰' => 0x89,
            'Š' => 0x8a,
            '‹' => 0x8b,
            'Œ' => 0x8c,
            'Ž' => 0x8e,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '˜' => 0x98,
            '™' => 0x99,
            'š' => 0x9a,
            '›' => 0x9b,
            'œ' => 0x9c,
            'ž' => 0x9e,
            'Ÿ' => 0x9f,
            '\u{2010}' | '\u{2011}' | '\u{2212}' => b'-',
            c if c.is_whitespace() => b' ',
            c if c.is_control() => continue,
            _ => b'?',
        };
        out.push(byte);
    }
    out
}

/// Advance widths of Helvetica for WinAnsi codes 32..=255, in 1/1000 em: the Adobe Core 14
/// font metrics (Helvetica.afm, version 002.000). That AFM has no Euro; 0x80 takes the 556 of
/// later Helvetica releases. Codes WinAnsi leaves unused (0x7f, 0x81, 0x8d, 0x8f, 0x90, 0x9d)
/// are never written, and readers show them as a bullet, whose width they get.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
     278,  278,  355,  556,  556,  889,  667,  191,  333,  333,  389,  584,  278,  333,  278,  278, // 0x20
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  278,  278,  584,  584,  584,  556, // 0x30
    1015,  667,  667,  722,  722,  667,  611,  778,  722,  278,  500,  667,  556,  833,  722,  778, // 0x40
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  278,  278,  278,  469,  556, // 0x50
     333,  556,  556,  500,  556,  556,  278,  556,  556,  222,  222,  500,  222,  833,  556,  556, // 0x60
     556,  556,  333,  500,  278,  556,  500,  722,  500,  500,  500,  334,  260,  334,  584,  350, // 0x70
     556,  350,  222,  556,  333, 1000,  556,  556,  333, 1000,  667,  333, 1000,  350,  611,  350, // 0x80
     350,  222,  222,  333,  333,  350,  556, 1000,  333, 1000,  500,  333,  944,  350,  500,  667, // 0x90
     278,  333,  556,  556,  556,  556,  260,  556,  333,  737,  370,  556,  584,  333,  737,  333, // 0xa0
     400,  584,  333,  333,  333,  556,  537,  278,  333,  333,  365,  556,  834,  834,  834,  611, // 0xb0
     667,  667,  667,  667,  667,  667, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278, // 0xc0
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611, // 0xd0
     556,  556,  556,  556,  556,  556,  889,  500,  556,  556,  556,  556,  278,  278,  278,  278, // 0xe0
     556,  556,  556,  556,  556,  556,  556,  584,  611,  556,  556,  556,  556,  500,  556,  500, // 0xf0
];

/// As [`HELVETICA`], for Helvetica-Bold (Adobe Core 14 Helvetica-Bold.afm, version 002.000).
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
     278,  333,  474,  556,  556,  889,  722,  238,  333,  333,  389,  584,  278,  333,  278,  278, // 0x20
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  333,  333,  584,  584,  584,  611, // 0x30
     975,  722,  722,  722,  722,  667,  611,  778,  722,  278,  556,  722,  611,  833,  722,  778, // 0x40
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  333,  278,  333,  584,  556, // 0x50
     333,  556,  611,  556,  611,  556,  333,  611,  611,  278,  278,  556,  278,  889,  611,  611, // 0x60
     611,  611,  389,  556,  333,  611,  556,  778,  556,  556,  500,  389,  280,  389,  584,  350, // 0x70
     556,  350,  278,  556,  500, 1000,  556,  556,  333, 1000,  667,  333, 1000,  350,  611,  350, // 0x80
     350,  278,  278,  500,  500,  350,  556, 1000,  333, 1000,  556,  333,  944,  350,  500,  667, // 0x90
     278,  333,  556,  556,  556,  556,  280,  556,  333,  737,  370,  556,  584,  333,  737,  333, // 0xa0
     400,  584,  333,  333,  333,  611,  556,  278,  333,  333,  365,  556,  834,  834,  834,  611, // 0xb0
     722,  722,  722,  722,  722,  722, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278, // 0xc0
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611, // 0xd0
     556,  556,  556,  556,  556,  556,  889,  556,  556,  556,  556,  556,  278,  278,  278,  278, // 0xe0
     611,  611,  611,  611,  611,  611,  611,  584,  611,  611,  611,  611,  611,  556,  611,  556, // 0xf0
];
