//! What an uploaded photo is, judged by its bytes rather than its name or the browser's word, and
//! the derived sizes made from it. The original itself is never rewritten.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// Formats accepted for clinical photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Jpeg,
    Png,
    Webp,
    Heic,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Png => "image/png",
            ImageKind::Webp => "image/webp",
            ImageKind::Heic => "image/heic",
        }
    }

    /// By magic bytes only.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
            return Some(Self::Jpeg);
        }
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            return Some(Self::Png);
        }
        if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            return Some(Self::Webp);
        }
        // ISO base media: a `ftyp` box whose brand is one of HEIF's.
        if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            let brand = &bytes[8..12];
            if [b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"].iter().any(|b| brand == *b) {
                return Some(Self::Heic);
            }
        }
        None
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImageError {
    #[error(
        "HEIC photos can't be processed yet. On an iPad, choose Settings › Camera › Formats › Most Compatible, or share the photo as JPEG."
    )]
    HeicUnsupported,
    #[error("This photo is too large: at most {0} pixels on a side.")]
    TooLarge(u32),
    #[error("This file looks like a photo but can't be read. It may be damaged.")]
    Unreadable,
}

/// The derived images and the upright size of the original.
#[derive(Debug)]
pub struct Derived {
    /// Width and height once EXIF orientation is applied: annotation coordinates use this grid.
    pub width: u32,
    pub height: u32,
    pub display: Vec<u8>,
    pub thumb: Vec<u8>,
}

pub const MAX_SIDE: u32 = 12_000;
const DISPLAY_SIDE: u32 = 1_600;
const THUMB_SIDE: u32 = 320;

/// Decodes the original (honouring its EXIF orientation) and makes the display and thumbnail
/// JPEGs. CPU-heavy: call it off the async runtime.
pub fn derive(bytes: &[u8], kind: ImageKind) -> Result<Derived, ImageError> {
    let format = match kind {
        ImageKind::Jpeg => ImageFormat::Jpeg,
        ImageKind::Png => ImageFormat::Png,
        ImageKind::Webp => ImageFormat::WebP,
        ImageKind::Heic => return Err(ImageError::HeicUnsupported),
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(read_error)?;
    let orientation = decoder.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(read_error)?;
    img.apply_orientation(orientation);
    Ok(Derived {
        width: img.width(),
        height: img.height(),
        display: jpeg(&img, DISPLAY_SIDE, 84)?,
        thumb: jpeg(&img, THUMB_SIDE, 78)?,
    })
}

fn read_error(e: image::ImageError) -> ImageError {
    match e {
        image::ImageError::Limits(_) => ImageError::TooLarge(MAX_SIDE),
        _ => ImageError::Unreadable,
    }
}

fn jpeg(img: &DynamicImage, side: u32, quality: u8) -> Result<Vec<u8>, ImageError> {
    let small = if img.width() > side || img.height() > side { img.thumbnail(side, side) } else { img.clone() };
    let rgb = DynamicImage::ImageRgb8(small.to_rgb8());
    let mut out = Vec::new();
    rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, quality)).map_err(|_| ImageError::Unreadable)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    fn sample(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let img = ImageBuffer::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img).write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn kinds_come_from_the_bytes() {
        assert_eq!(ImageKind::sniff(&sample(4, 4, ImageFormat::Png)), Some(ImageKind::Png));
        assert_eq!(ImageKind::sniff(&sample(4, 4, ImageFormat::Jpeg)), Some(ImageKind::Jpeg));
        assert_eq!(ImageKind::sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(ImageKind::Heic));
        assert_eq!(ImageKind::sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(ImageKind::sniff(b"<html><script>"), None);
        assert_eq!(ImageKind::sniff(b"%PDF-1.7"), None);
    }

    #[test]
    fn derived_sizes_are_small_jpegs() {
        let d = derive(&sample(2400, 1200, ImageFormat::Png), ImageKind::Png).unwrap();
        assert_eq!((d.width, d.height), (2400, 1200));
        let display = image::load_from_memory(&d.display).unwrap();
        assert_eq!((display.width(), display.height()), (1600, 800));
        let thumb = image::load_from_memory(&d.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (320, 160));
        assert_eq!(ImageKind::sniff(&d.thumb), Some(ImageKind::Jpeg));
    }

    #[test]
    fn the_camera_orientation_is_applied_to_derived_images_only() {
        // A landscape JPEG whose EXIF says "rotate 90° clockwise to view" (orientation 6).
        let img = DynamicImage::ImageRgb8(ImageBuffer::from_pixel(200, 100, Rgb([200, 10, 10])));
        let exif = [
            0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, // TIFF header, little-endian, IFD at 8
            1, 0, // one entry
            0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, // Orientation (SHORT) = 6
            0, 0, 0, 0, // no next IFD
        ];
        let mut original = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut original, 90);
        image::ImageEncoder::set_exif_metadata(&mut encoder, exif.to_vec()).unwrap();
        img.write_with_encoder(encoder).unwrap();
        let d = derive(&original, ImageKind::Jpeg).unwrap();
        assert_eq!((d.width, d.height), (100, 200), "upright");
        let display = image::load_from_memory(&d.display).unwrap();
        assert_eq!((display.width(), display.height()), (100, 200));
    }

    #[test]
    fn broken_and_heic_files_are_refused_clearly() {
        let mut png = sample(10, 10, ImageFormat::Png);
        png.truncate(40);
        assert_eq!(derive(&png, ImageKind::Png).unwrap_err(), ImageError::Unreadable);
        assert_eq!(derive(b"\0\0\0\x18ftypheic", ImageKind::Heic).unwrap_err(), ImageError::HeicUnsupported);
    }
}
