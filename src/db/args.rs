use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use uuid::Uuid;

/// A bind parameter. Each variant is stored the portable way on both backends.
#[derive(Debug, Clone)]
pub enum Arg {
    Uuid(Option<Uuid>),
    Text(Option<String>),
    Int(Option<i64>),
    Int32(Option<i32>),
    Bool(Option<bool>),
    Instant(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
    Json(Option<serde_json::Value>),
    /// Several ids as one parameter: `= any($1)` on Postgres (`uuid[]`),
    /// `in (select unhex(value) from json_each($1))` on SQLite.
    UuidList(Vec<Uuid>),
    /// Several strings as one parameter: `= any($1)` on Postgres (`text[]`),
    /// `in (select value from json_each($1))` on SQLite.
    TextList(Vec<String>),
}

/// The fixed-width text SQLite keeps instants in: `2026-11-24T09:30:00.000000Z`. Fixed width
/// makes text comparison agree with time order, which the overlap triggers rely on.
pub fn sqlite_instant(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

macro_rules! arg_from {
    ($variant:ident: $($ty:ty => $conv:expr),+ $(,)?) => {
        $(
            impl From<$ty> for Arg {
                fn from(v: $ty) -> Self {
                    #[allow(clippy::redundant_closure_call)]
                    Arg::$variant(Some(($conv)(v)))
                }
            }
            impl From<Option<$ty>> for Arg {
                fn from(v: Option<$ty>) -> Self {
                    #[allow(clippy::redundant_closure_call)]
                    Arg::$variant(v.map($conv))
                }
            }
        )+
    };
}

arg_from!(Uuid: Uuid => |v| v, &Uuid => |v: &Uuid| *v);
arg_from!(Text: String => |v| v, &str => |v: &str| v.to_owned(), &String => |v: &String| v.clone());
arg_from!(Int: i64 => |v| v, u32 => i64::from);
arg_from!(Int32: i32 => |v| v, i16 => i32::from, u16 => i32::from);
arg_from!(Bool: bool => |v| v);
arg_from!(Instant: DateTime<Utc> => |v| v, &DateTime<Utc> => |v: &DateTime<Utc>| *v);
arg_from!(Date: NaiveDate => |v| v);
arg_from!(Json: serde_json::Value => |v| v);

impl From<Vec<String>> for Arg {
    fn from(values: Vec<String>) -> Self {
        Arg::TextList(values)
    }
}

impl From<Vec<Uuid>> for Arg {
    fn from(ids: Vec<Uuid>) -> Self {
        Arg::UuidList(ids)
    }
}

impl From<&Option<String>> for Arg {
    fn from(v: &Option<String>) -> Self {
        Arg::Text(v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn sqlite_instants_are_fixed_width_and_sort_in_time_order() {
        let a = Utc.with_ymd_and_hms(2026, 3, 8, 9, 30, 0).unwrap();
        let b = a + chrono::Duration::microseconds(1);
        let c = a + chrono::Duration::milliseconds(500);
        let texts: Vec<String> = [a, b, c].iter().map(sqlite_instant).collect();
        assert!(texts.iter().all(|t| t.len() == 27), "{texts:?}");
        assert_eq!(texts[0], "2026-03-08T09:30:00.000000Z");
        assert!(texts[0] < texts[1] && texts[1] < texts[2]);
    }
}
