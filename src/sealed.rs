//! The one seam for sensitive free text (allergies, medical notes, chart notes). Everything
//! stored in a `*_sealed` column goes through [`seal`] and comes back through [`unseal`], so
//! switching on field encryption later changes this file and nothing that calls it.
//!
//! Stored form: `<codec>:<payload>`. Today the only codec is `p1` (plain UTF-8); an encrypted
//! codec would add its own prefix and old rows stay readable.

use std::fmt;

/// Text that is sensitive. Its `Debug` never prints the content, so it cannot reach logs.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sensitive(String);

impl Sensitive {
    pub fn new(text: impl Into<String>) -> Self {
        Self(text.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sensitive({} chars)", self.0.chars().count())
    }
}

const PLAIN: &str = "p1:";

pub fn seal(text: &Sensitive) -> String {
    format!("{PLAIN}{}", text.0)
}

#[derive(Debug, thiserror::Error)]
#[error("a sealed field has an unknown codec")]
pub struct UnknownCodec;

pub fn unseal(stored: &str) -> Result<Sensitive, UnknownCodec> {
    stored.strip_prefix(PLAIN).map(|t| Sensitive(t.to_owned())).ok_or(UnknownCodec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_no_leak_in_debug() {
        let s = Sensitive::new("anaphylaxis to lidocaine");
        let stored = seal(&s);
        assert_eq!(unseal(&stored).unwrap(), s);
        assert!(!format!("{s:?}").contains("lidocaine"));
        assert!(unseal("x9:whatever").is_err());
    }
}
