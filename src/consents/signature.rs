//! A drawn signature: strokes of points on a 3000 × 1000 pad (y grows downwards), kept as
//! vectors so any screen redraws them at its own size. Coordinates are whole numbers, so the
//! stored JSON has one canonical text on both databases and its hash can be recomputed.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::model::SignatureMethod;
use crate::canonical::canonical_sha256;

pub const PAD_WIDTH: u16 = 3000;
pub const PAD_HEIGHT: u16 = 1000;
const MAX_STROKES: usize = 200;
const MAX_POINTS: usize = 10_000;

/// Each stroke is the points one touch or pen-down drew, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strokes(pub Vec<Vec<[u16; 2]>>);

impl Strokes {
    /// Why these strokes can't be a signature, if they can't: nothing drawn, a lone dot, too
    /// much, or off the pad.
    pub fn problem(&self) -> Option<&'static str> {
        let points: usize = self.0.iter().map(Vec::len).sum();
        if self.0.is_empty() || points == 0 {
            return Some("Draw a signature first.");
        }
        if self.0.iter().all(|s| s.len() < 2) {
            return Some("That's too short to be a signature. Please sign again.");
        }
        if self.0.len() > MAX_STROKES || points > MAX_POINTS {
            return Some("The signature has too many strokes. Clear it and sign again.");
        }
        if self.0.iter().flatten().any(|[x, y]| *x > PAD_WIDTH || *y > PAD_HEIGHT) {
            return Some("The signature runs off the pad. Clear it and sign again.");
        }
        None
    }

    /// Reads strokes back from what the database holds.
    pub fn from_stored(value: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(value.clone()).ok()
    }
}

/// The SHA-256 a signature is known by: the method, the typed name and the strokes, as
/// canonical JSON. Recomputed from the stored row when a record is verified.
pub fn signature_sha256(method: SignatureMethod, signer_name: &str, strokes: &Strokes) -> String {
    let value = json!({ "method": method.as_str(), "signerName": signer_name, "strokes": strokes.0 });
    // Strings and integers only: canonical form cannot fail.
    canonical_sha256(&value).unwrap_or_default()
}

/// Hex SHA-256 of a consent's text, as stored with each version and each signed copy.
pub fn body_sha256(body: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(body.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_needs_a_line_on_the_pad() {
        assert!(Strokes(vec![]).problem().is_some());
        assert!(Strokes(vec![vec![]]).problem().is_some());
        assert!(Strokes(vec![vec![[10, 10]]]).problem().is_some());
        assert!(Strokes(vec![vec![[10, 10], [3001, 10]]]).problem().is_some());
        assert_eq!(Strokes(vec![vec![[10, 10], [200, 400]], vec![[5, 5]]]).problem(), None);
    }

    #[test]
    fn the_hash_binds_name_method_and_strokes() {
        let strokes = Strokes(vec![vec![[10, 10], [20, 30]]]);
        let a = signature_sha256(SignatureMethod::Drawn, "Pat Example", &strokes);
        assert_eq!(a.len(), 64);
        assert_eq!(a, signature_sha256(SignatureMethod::Drawn, "Pat Example", &strokes.clone()));
        assert_ne!(a, signature_sha256(SignatureMethod::Drawn, "Pat Exampel", &strokes));
        assert_ne!(a, signature_sha256(SignatureMethod::Typed, "Pat Example", &strokes));
        assert_ne!(
            a,
            signature_sha256(SignatureMethod::Drawn, "Pat Example", &Strokes(vec![vec![[10, 10], [20, 31]]]))
        );
    }

    #[test]
    fn stored_json_reads_back_whatever_its_spacing() {
        let stored: serde_json::Value = serde_json::from_str("[[ [1, 2], [3,4] ]]").unwrap();
        assert_eq!(Strokes::from_stored(&stored), Some(Strokes(vec![vec![[1, 2], [3, 4]]])));
    }
}
