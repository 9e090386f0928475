//! Files the API hands over as downloads.

use poem_openapi::ApiResponse;
use poem_openapi::payload::Binary;

/// A PDF goes out as a download (`application/octet-stream`, named `*.pdf`), the file type
/// standard API client generators read as bytes.
#[derive(ApiResponse)]
pub enum PdfFile {
    /// The document as a PDF file, to save or print.
    #[oai(status = 200, content_type = "application/octet-stream")]
    Pdf(Binary<Vec<u8>>, #[oai(header = "content-disposition")] String),
}

impl PdfFile {
    /// An attachment named `name-words-2026-12-03.pdf`: what a download folder shows, built
    /// from a title and a date, never from patient data.
    pub fn attachment(bytes: Vec<u8>, title: &str, on: chrono::NaiveDate) -> Self {
        let mut slug = String::new();
        for word in title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word.to_ascii_lowercase());
        }
        if slug.is_empty() {
            slug.push_str("document");
        }
        PdfFile::Pdf(Binary(bytes), format!("attachment; filename=\"{slug}-{on}.pdf\""))
    }
}
