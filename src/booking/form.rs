//! The details form: what it sends, how it is checked, and the per-browser cookie behind its
//! CSRF token and idempotency key.

use poem::Request;
use poem::http::header;
use serde::{Deserialize, Serialize};

use super::service::Contact;
use crate::auth::sessions::read_cookie;
use crate::patients::Phone;
use crate::types::Email;

/// The cookie behind the form's CSRF token and idempotency key: a random value per browser.
const COOKIE: &str = "contour_book";

/// What the details form sends. Every field is optional here so a missing one is a message on
/// the page, not a broken request.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DetailsForm {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: String,
    pub note: String,
    #[serde(skip_serializing)]
    pub csrf: String,
    #[serde(skip_serializing)]
    pub key: String,
    /// The honeypot: hidden from people, filled in by naive bots.
    #[serde(skip_serializing)]
    pub website: String,
}

#[derive(Debug, Default, Serialize)]
pub struct FieldErrors {
    #[serde(skip_serializing_if = "Option::is_none")]
    first_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.first_name.is_some() || self.last_name.is_some() || self.contact.is_some() || self.note.is_some()
    }
}

fn clean_name(text: &str) -> Result<String, &'static str> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err("empty");
    }
    if name.chars().count() > 60 || name.chars().any(char::is_control) {
        return Err("bad");
    }
    Ok(name)
}

/// Checks the form; the contact details or what to say next to each field.
pub fn check(form: &DetailsForm) -> Result<Contact, FieldErrors> {
    let mut errors = FieldErrors::default();
    let first = clean_name(&form.first_name)
        .map_err(|e| {
            errors.first_name = Some(if e == "empty" { "Enter your first name." } else { "Use up to 60 letters." })
        })
        .ok();
    let last = clean_name(&form.last_name)
        .map_err(|e| {
            errors.last_name = Some(if e == "empty" { "Enter your last name." } else { "Use up to 60 letters." })
        })
        .ok();
    let phone_text = form.phone.trim();
    let email_text = form.email.trim();
    let phone = (!phone_text.is_empty()).then(|| Phone::parse(phone_text));
    let email = (!email_text.is_empty()).then(|| Email::parse(email_text));
    match (&phone, &email) {
        (None, None) => errors.contact = Some("Enter a mobile phone number or an email address."),
        (Some(None), _) => errors.contact = Some("That phone number doesn’t look right. Include the area code."),
        (_, Some(None)) => errors.contact = Some("That email address doesn’t look right."),
        _ => {}
    }
    let note = form.note.trim();
    if note.chars().count() > 500 {
        errors.note = Some("Please keep the note under 500 characters.");
    }
    match (first, last) {
        (Some(first_name), Some(last_name)) if !errors.any() => Ok(Contact {
            first_name,
            last_name,
            phone: phone.flatten(),
            email: email.flatten(),
            note: (!note.is_empty()).then(|| note.to_owned()),
        }),
        _ => Err(errors),
    }
}

/// The browser's booking cookie, made when it has none.
pub struct Browser {
    pub nonce: String,
    /// Set when the browser had no cookie yet (so a form it posts can't be genuine).
    pub set_cookie: Option<String>,
}

impl Browser {
    pub fn of(req: &Request, secure: bool) -> Self {
        if let Some(nonce) = read_cookie(req.header(header::COOKIE), COOKIE)
            && nonce.len() == 32
            && nonce.chars().all(|c| c.is_ascii_hexdigit())
        {
            return Self { nonce: nonce.to_owned(), set_cookie: None };
        }
        let nonce = uuid::Uuid::new_v4().simple().to_string();
        let cookie = format!(
            "{COOKIE}={nonce}; Path=/book; HttpOnly; SameSite=Lax; Max-Age=86400{}",
            if secure { "; Secure" } else { "" }
        );
        Self { nonce, set_cookie: Some(cookie) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_keeps_what_was_typed_and_says_what_is_wrong() {
        let form = DetailsForm { first_name: " Test ".into(), phone: "12".into(), ..Default::default() };
        let errors = check(&form).unwrap_err();
        assert!(errors.first_name.is_none());
        assert_eq!(errors.last_name, Some("Enter your last name."));
        assert!(errors.contact.unwrap().contains("phone"));
        let ok = DetailsForm {
            first_name: "Demo".into(),
            last_name: "Person".into(),
            email: "Demo.Person@Example.com".into(),
            ..Default::default()
        };
        let contact = check(&ok).unwrap();
        assert_eq!(contact.email.unwrap().as_str(), "demo.person@example.com");
        assert!(contact.phone.is_none() && contact.note.is_none());
    }
}
