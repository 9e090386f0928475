//! Patient search, the pure part: folding names into searchable words, reading what a query
//! means (a name, a phone number, an email, a date of birth), and ranking name matches with
//! tolerance for typos. The database finds candidates; this decides which match and in what order.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

/// Lower-case words with accents removed: "Zoë Ängström-Lee" -> ["zoe", "angstrom", "lee"].
pub fn words(text: &str) -> Vec<String> {
    let folded: String = text.nfkd().filter(|c| !is_combining_mark(*c)).collect::<String>().to_lowercase();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The words a patient is found by: their first, last and preferred names.
pub fn name_words(first: &str, last: &str, preferred: Option<&str>) -> Vec<String> {
    let mut all = words(first);
    all.extend(words(last));
    if let Some(p) = preferred {
        all.extend(words(p));
    }
    all.sort();
    all.dedup();
    all
}

/// Browse order: "last first", folded.
pub fn sort_name(first: &str, last: &str) -> String {
    let mut w = words(last);
    w.extend(words(first));
    w.join(" ")
}

/// Trigrams of a word, padded like pg_trgm ("  a", " ab", "abc", "bc "), so short words and
/// word starts count.
pub fn trigrams(word: &str) -> Vec<String> {
    let padded: Vec<char> = format!("  {word} ").chars().collect();
    let mut out: Vec<String> = padded.windows(3).map(|w| w.iter().collect()).collect();
    out.sort();
    out.dedup();
    out
}

/// The smallest string greater than every string starting with `prefix` (for range scans).
pub fn successor(prefix: &str) -> String {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return chars.into_iter().collect();
        }
    }
    String::from('\u{10FFFF}')
}

pub fn reversed(digits: &str) -> String {
    digits.chars().rev().collect()
}

/// What someone typed into the search box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    Everyone,
    Name(Vec<String>),
    /// Digits of a phone number, whole or its last few.
    Phone(String),
    Email(String),
    BirthDate(NaiveDate),
}

pub fn parse(input: &str) -> Query {
    let q = input.trim();
    if q.is_empty() {
        return Query::Everyone;
    }
    if q.contains('@') {
        return Query::Email(q.to_lowercase());
    }
    for format in ["%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(q, format) {
            return Query::BirthDate(date);
        }
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if phone_like && digits.len() >= 3 {
        return Query::Phone(digits);
    }
    let w = words(q);
    if w.is_empty() { Query::Everyone } else { Query::Name(w) }
}

/// Edit distance counting a swap of neighbours as one edit ("optimal string alignment").
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[n][m]
}

fn allowed_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        _ => 2,
    }
}

/// How well one typed word matches one name word: 3 exact, 2 prefix, 1 close (typo), 0 not.
/// Close means within a few edits of the whole word or of its start (people type names
/// incrementally: "aplew" is close to "applewood").
fn word_score(typed: &str, name: &str) -> u8 {
    if typed == name {
        return 3;
    }
    if name.starts_with(typed) {
        return 2;
    }
    let allowed = allowed_edits(typed.chars().count());
    if allowed == 0 {
        return 0;
    }
    let name_chars: Vec<char> = name.chars().collect();
    let len = typed.chars().count();
    let whole = edit_distance(typed, name) <= allowed;
    // A word still being typed gets one slip, against the start of the name.
    let start = (len.saturating_sub(1)..=len + 1)
        .filter(|&l| l >= 1 && l <= name_chars.len())
        .any(|l| edit_distance(typed, &name_chars[..l].iter().collect::<String>()) <= 1);
    u8::from(whole || start)
}

/// A name's match score for the typed words, or `None` when some typed word matches no name
/// word. Higher is better.
pub fn score(typed: &[String], name: &[String]) -> Option<u32> {
    let mut total = 0u32;
    for t in typed {
        let best = name.iter().map(|n| word_score(t, n)).max().unwrap_or(0);
        if best == 0 {
            return None;
        }
        total += u32::from(best);
    }
    Some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn folding() {
        assert_eq!(words("Zoë  Ängström-Lee"), ["zoe", "angstrom", "lee"]);
        assert_eq!(sort_name("Ava", "Applewood"), "applewood ava");
        assert_eq!(name_words("Ava", "Apple Wood", Some("Ava")), ["apple", "ava", "wood"]);
    }

    #[test]
    fn queries() {
        assert_eq!(parse("  "), Query::Everyone);
        assert_eq!(parse("Ava.Apple@Example.com"), Query::Email("ava.apple@example.com".into()));
        assert_eq!(parse("(310) 555-0142"), Query::Phone("3105550142".into()));
        assert_eq!(parse("0142"), Query::Phone("0142".into()));
        assert_eq!(parse("03/08/1990"), Query::BirthDate(NaiveDate::from_ymd_opt(1990, 3, 8).unwrap()));
        assert_eq!(parse("1990-03-08"), Query::BirthDate(NaiveDate::from_ymd_opt(1990, 3, 8).unwrap()));
        assert_eq!(parse("ava app"), Query::Name(vec!["ava".into(), "app".into()]));
        assert_eq!(parse("r2"), Query::Name(vec!["r2".into()]));
    }

    #[test]
    fn ranking_tolerates_typos_but_not_nonsense() {
        let ava = w("Ava Applewood");
        assert_eq!(score(&w("ava applewood"), &ava), Some(6));
        assert!(score(&w("app"), &ava) > score(&w("aplewood"), &ava));
        assert!(score(&w("aplewood"), &ava).is_some(), "a missing letter");
        assert!(score(&w("applewodo"), &ava).is_some(), "swapped letters");
        assert!(score(&w("aplew"), &ava).is_some(), "a typo while still typing");
        assert!(score(&w("ava birchfield"), &ava).is_none(), "every word must match");
        assert!(score(&w("xyz"), &ava).is_none());
        assert!(score(&w("avb"), &ava).is_none(), "short words must be exact prefixes");
        assert!(score(&w("appleton"), &ava).is_none(), "a different name, not a typo");
    }

    #[test]
    fn successors_bound_prefixes() {
        assert_eq!(successor("app"), "apq");
        assert!("applewood" < successor("app").as_str());
        assert!("apq" >= successor("app").as_str());
    }

    proptest! {
        #[test]
        fn every_prefix_of_a_name_finds_it(name in "[a-z]{2,12}", cut in 1usize..12) {
            let cut = cut.min(name.len());
            let typed = vec![name[..cut].to_owned()];
            prop_assert!(score(&typed, std::slice::from_ref(&name)).is_some());
        }

        #[test]
        fn distance_is_symmetric_and_bounded(a in "[a-z]{0,10}", b in "[a-z]{0,10}") {
            let d = edit_distance(&a, &b);
            prop_assert_eq!(d, edit_distance(&b, &a));
            prop_assert!(d <= a.len().max(b.len()));
            prop_assert_eq!(edit_distance(&a, &a), 0);
        }

        #[test]
        fn trigrams_of_a_word_include_its_start(word in "[a-z]{1,10}") {
            let t = trigrams(&word);
            let first = word.chars().next().unwrap();
            let start = format!("  {first}");
            prop_assert!(t.contains(&start));
        }
    }
}
