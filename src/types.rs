//! Small shared building blocks: typed ids, enums stored as text, and parsed input types.

/// Declares a typed id: a UUIDv7 newtype that is a string/uuid in the API, a uuid (or blob) in
/// the database, and a bind argument.
#[macro_export]
macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, sqlx::Type, poem_openapi::NewType,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        #[oai(to_header = false, from_multipart = false)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for $crate::db::Arg {
            fn from(id: $name) -> Self {
                $crate::db::Arg::Uuid(Some(id.0))
            }
        }

        impl From<Option<$name>> for $crate::db::Arg {
            fn from(id: Option<$name>) -> Self {
                $crate::db::Arg::Uuid(id.map(|i| i.0))
            }
        }

        impl From<&$name> for $crate::db::Arg {
            fn from(id: &$name) -> Self {
                $crate::db::Arg::Uuid(Some(id.0))
            }
        }
    };
}

/// Declares an enum stored as snake_case text: an API enum, a database value (both backends)
/// and a bind argument.
#[macro_export]
macro_rules! text_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            serde::Serialize, serde::Deserialize, poem_openapi::Enum,
        )]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] #[oai(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::types::UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err($crate::types::UnknownVariant(other.to_owned())),
                }
            }
        }

        impl<DB: sqlx::Database> sqlx::Type<DB> for $name where String: sqlx::Type<DB> {
            fn type_info() -> DB::TypeInfo {
                <String as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <String as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $name where &'r str: sqlx::Decode<'r, DB> {
            fn decode(value: DB::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }

        impl From<$name> for $crate::db::Arg {
            fn from(v: $name) -> Self {
                $crate::db::Arg::Text(Some(v.as_str().to_owned()))
            }
        }

        impl From<Option<$name>> for $crate::db::Arg {
            fn from(v: Option<$name>) -> Self {
                $crate::db::Arg::Text(v.map(|v| v.as_str().to_owned()))
            }
        }
    };
}

#[derive(Debug, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownVariant(pub String);

/// An email address: trimmed, lower-cased, plausibly shaped. Deliverability is not our concern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Option<Self> {
        let email = input.trim().to_lowercase();
        let (local, domain) = email.split_once('@')?;
        let plausible = !local.is_empty()
            && local.len() <= 64
            && domain.len() >= 3
            && domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && !domain.contains("..")
            && !domain.contains('@')
            && email.len() <= 254
            && !email.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'));
        plausible.then_some(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&Email> for crate::db::Arg {
    fn from(e: &Email) -> Self {
        crate::db::Arg::Text(Some(e.0.clone()))
    }
}

/// Trims a free-text input; an empty result is `None`.
pub fn clean_optional(input: Option<&str>) -> Option<String> {
    input.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// A lower-cased, whitespace-collapsed key for case-insensitive uniqueness of names.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A `#rrggbb` colour, lower-cased.
pub fn parse_color(input: &str) -> Option<String> {
    let c = input.trim().to_ascii_lowercase();
    (c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_or_refused() {
        assert_eq!(Email::parse("  Ava.Demo@Example.COM ").unwrap().as_str(), "ava.demo@example.com");
        for bad in
            ["", "ava", "ava@", "@example.com", "ava@example", "ava @example.com", "a@b@example.com", "a@.example.com"]
        {
            assert!(Email::parse(bad).is_none(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn colours_and_keys() {
        assert_eq!(parse_color("#A1B2C3").as_deref(), Some("#a1b2c3"));
        assert!(parse_color("a1b2c3").is_none());
        assert!(parse_color("#a1b2cz").is_none());
        assert_eq!(name_key("  Treatment   Room 1 "), "treatment room 1");
    }
}
