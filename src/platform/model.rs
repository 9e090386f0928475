use chrono::{DateTime, Utc};
use chrono_tz::Tz;

crate::id_type!(
    /// A clinic's id.
    ClinicId
);

crate::text_enum! {
    pub enum ClinicStatus {
        Active = "active",
        Suspended = "suspended",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Clinic {
    pub id: ClinicId,
    pub slug: String,
    pub name: String,
    pub timezone: String,
    pub status: ClinicStatus,
    pub is_demo: bool,
    pub suspended_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Clinic {
    /// The clinic's time zone; validated when the clinic was created.
    pub fn tz(&self) -> Tz {
        self.timezone.parse().unwrap_or(Tz::UTC)
    }
}

/// A clinic's subdomain label: 2 to 40 characters of `a-z`, `0-9` and inner hyphens, starting
/// with a letter, and not one of the names the platform keeps for itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("Use 2 to 40 characters: lower-case letters, digits and hyphens, starting with a letter.")]
    Malformed,
    #[error("That name is reserved.")]
    Reserved,
}

const RESERVED: &[&str] = &[
    "admin", "api", "app", "assets", "auth", "book", "cdn", "contour", "docs", "help", "login", "mail", "platform",
    "root", "smtp", "static", "status", "support", "www",
];

impl Slug {
    pub fn parse(input: &str) -> Result<Self, SlugError> {
        let s = input.trim();
        let well_formed = (2..=40).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.ends_with('-')
            && !s.contains("--")
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !well_formed {
            return Err(SlugError::Malformed);
        }
        if RESERVED.contains(&s) {
            return Err(SlugError::Reserved);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["glow", "glow-aesthetics", "a1", "skin-co-2"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "g", "Glow", "1glow", "glow-", "gl--ow", "glow.spa", "glow_spa", &"a".repeat(41)] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Malformed), "{bad}");
        }
        assert_eq!(Slug::parse("admin"), Err(SlugError::Reserved));
    }
}
