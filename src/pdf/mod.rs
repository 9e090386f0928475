//! Documents as PDF files: the letter-sized page, text broken into lines with the fonts' real
//! metrics, a writer that lays lines down the pages and starts a new page when the next piece
//! does not fit, footers with page numbers, and the file itself. Signed consents
//! (`consents::pdf`) and invoices (`billing::pdf`) are drawn with it.
//!
//! Only standard fonts every PDF reader has (Helvetica, Courier) are used, so nothing is
//! embedded and files stay small. Text is in WinAnsiEncoding and content streams are not
//! compressed, so what a document says can be found in its bytes.

mod fonts;
mod layout;
mod paint;
mod stack;

pub use fonts::*;
pub use layout::*;
pub use paint::*;
pub use stack::*;
