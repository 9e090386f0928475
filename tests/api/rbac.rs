//! The RBAC matrix: every operation in the OpenAPI spec, called by every role, by nobody, and by
//! a signed-in user of another clinic, against the expected outcome. An operation without a row
//! here fails the test, so every new endpoint must take its place in the table.

use std::collections::{BTreeMap, BTreeSet};

use contour::auth::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{Session, TestApp};

/// Who may do what: the policy table from the access issue, written out independently of
/// `policy.csv` so that a change to either shows up here.
pub const POLICY: &[(&str, &[&str])] = &[
    ("patients:read", &["owner", "provider", "front_desk", "billing", "medical_director", "read_only"]),
    ("patients:write", &["owner", "provider", "front_desk"]),
    ("patients:archive", &["owner"]),
    ("patient_medical:read", &["owner", "provider", "front_desk", "medical_director", "read_only"]),
    ("patient_medical:write", &["owner", "provider", "front_desk"]),
    ("appointments:read", &["owner", "provider", "front_desk", "billing", "medical_director", "read_only"]),
    ("appointments:write", &["owner", "provider", "front_desk"]),
    ("appointments:cancel", &["owner", "front_desk"]),
    ("charts:read", &["owner", "provider", "medical_director", "read_only"]),
    ("charts:write", &["owner", "provider"]),
    ("charts:submit", &["owner", "provider"]),
    ("charts:sign", &["medical_director"]),
    ("charts:return", &["medical_director"]),
    ("photos:read", &["owner", "provider", "medical_director", "read_only"]),
    ("photos:write", &["owner", "provider"]),
    ("consent_templates:read", &["owner", "provider", "front_desk", "medical_director", "read_only"]),
    ("consent_templates:write", &["owner"]),
    ("consents:read", &["owner", "provider", "front_desk", "medical_director", "read_only"]),
    ("consents:write", &["owner", "provider", "front_desk"]),
    ("invoices:read", &["owner", "provider", "front_desk", "billing", "read_only"]),
    ("invoices:write", &["owner", "provider", "front_desk", "billing"]),
    ("memberships:read", &["owner", "provider", "front_desk", "billing", "read_only"]),
    ("memberships:write", &["owner", "front_desk", "billing"]),
    ("reports:read", &["owner", "billing", "read_only"]),
    ("settings:read", &["owner", "provider", "front_desk", "billing", "medical_director", "read_only"]),
    ("settings:write", &["owner"]),
    ("staff:read", &["owner"]),
    ("staff:write", &["owner"]),
    ("audit:read", &["owner", "medical_director"]),
];

#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in member of this clinic.
    SignedIn,
    /// Members whose role holds the permission.
    Needs(&'static str),
    /// Platform host only: not found on a clinic's host.
    Platform,
}

/// Every operation and the rule that governs it.
pub const OPERATIONS: &[(&str, Rule)] = &[
    ("clinic.get", Rule::Public),
    ("auth.login", Rule::Public),
    ("auth.logout", Rule::SignedIn),
    ("auth.me", Rule::SignedIn),
    ("auth.change_password", Rule::SignedIn),
    ("auth.confirm", Rule::SignedIn),
    ("patients.list", Rule::Needs("patients:read")),
    ("patients.get", Rule::Needs("patients:read")),
    ("patients.find_duplicates", Rule::Needs("patients:read")),
    ("patients.timeline", Rule::Needs("patients:read")),
    ("patients.create", Rule::Needs("patients:write")),
    ("patients.update", Rule::Needs("patients:write")),
    ("patients.archive", Rule::Needs("patients:archive")),
    ("patients.restore", Rule::Needs("patients:archive")),
    ("patients.add_tag", Rule::Needs("patients:write")),
    ("patients.remove_tag", Rule::Needs("patients:write")),
    ("tags.list", Rule::Needs("patients:read")),
    ("tags.create", Rule::Needs("patients:write")),
    ("tags.update", Rule::Needs("patients:write")),
    ("tags.delete", Rule::Needs("patients:write")),
    ("patients.list_allergies", Rule::Needs("patient_medical:read")),
    ("patients.add_allergy", Rule::Needs("patient_medical:write")),
    ("patients.update_allergy", Rule::Needs("patient_medical:write")),
    ("patients.remove_allergy", Rule::Needs("patient_medical:write")),
    ("patients.list_notes", Rule::Needs("patient_medical:read")),
    ("patients.add_note", Rule::Needs("patient_medical:write")),
    ("patients.update_note", Rule::Needs("patient_medical:write")),
    ("patients.remove_note", Rule::Needs("patient_medical:write")),
    ("appointments.create", Rule::Needs("appointments:write")),
    ("appointments.get", Rule::Needs("appointments:read")),
    ("appointments.update", Rule::Needs("appointments:write")),
    ("appointments.set_status", Rule::Needs("appointments:write")),
    ("appointments.cancel", Rule::Needs("appointments:cancel")),
    ("calendar.range", Rule::Needs("appointments:read")),
    ("calendar.availability", Rule::Needs("appointments:read")),
    ("rooms.list", Rule::Needs("settings:read")),
    ("rooms.create", Rule::Needs("settings:write")),
    ("rooms.update", Rule::Needs("settings:write")),
    ("rooms.archive", Rule::Needs("settings:write")),
    ("rooms.restore", Rule::Needs("settings:write")),
    ("services.list", Rule::Needs("settings:read")),
    ("services.create", Rule::Needs("settings:write")),
    ("services.update", Rule::Needs("settings:write")),
    ("services.archive", Rule::Needs("settings:write")),
    ("services.restore", Rule::Needs("settings:write")),
    ("providers.list", Rule::Needs("settings:read")),
    ("providers.update", Rule::Needs("settings:write")),
    ("providers.set_hours", Rule::Needs("settings:write")),
    ("providers.set_services", Rule::Needs("settings:write")),
    ("time_off.list", Rule::Needs("settings:read")),
    ("time_off.create", Rule::Needs("settings:write")),
    ("time_off.delete", Rule::Needs("settings:write")),
    ("online_booking.get", Rule::Needs("settings:read")),
    ("online_booking.update", Rule::Needs("settings:write")),
    ("products.list", Rule::Needs("settings:read")),
    ("products.create", Rule::Needs("settings:write")),
    ("products.update", Rule::Needs("settings:write")),
    ("products.archive", Rule::Needs("settings:write")),
    ("products.restore", Rule::Needs("settings:write")),
    ("lots.create", Rule::Needs("settings:write")),
    ("lots.update", Rule::Needs("settings:write")),
    ("lots.archive", Rule::Needs("settings:write")),
    ("lots.uses", Rule::Needs("charts:read")),
    ("charts.open_for_appointment", Rule::Needs("charts:write")),
    ("charts.create", Rule::Needs("charts:write")),
    ("charts.list_for_patient", Rule::Needs("charts:read")),
    ("charts.get", Rule::Needs("charts:read")),
    ("charts.update", Rule::Needs("charts:write")),
    ("charts.add_entry", Rule::Needs("charts:write")),
    ("charts.update_entry", Rule::Needs("charts:write")),
    ("charts.remove_entry", Rule::Needs("charts:write")),
    ("charts.submit", Rule::Needs("charts:submit")),
    ("charts.sign", Rule::Needs("charts:sign")),
    ("charts.return", Rule::Needs("charts:return")),
    ("charts.add_addendum", Rule::Needs("charts:write")),
    ("charts.verify", Rule::Needs("charts:read")),
    ("charts.queue", Rule::Needs("charts:sign")),
    ("photos.upload", Rule::Needs("photos:write")),
    ("photos.url", Rule::Needs("photos:read")),
    ("photos.chart_urls", Rule::Needs("photos:read")),
    ("photos.update", Rule::Needs("photos:write")),
    ("photos.remove", Rule::Needs("photos:write")),
    ("photos.annotations", Rule::Needs("photos:read")),
    ("photos.annotate", Rule::Needs("photos:write")),
    ("photos.marketing_export", Rule::Needs("photos:write")),
    ("consent_templates.list", Rule::Needs("consent_templates:read")),
    ("consent_templates.get", Rule::Needs("consent_templates:read")),
    ("consent_templates.create", Rule::Needs("consent_templates:write")),
    ("consent_templates.update", Rule::Needs("consent_templates:write")),
    ("consent_templates.archive", Rule::Needs("consent_templates:write")),
    ("consent_templates.restore", Rule::Needs("consent_templates:write")),
    ("consents.of_visit", Rule::Needs("consents:read")),
    ("consents.of_patient", Rule::Needs("consents:read")),
    ("consents.get", Rule::Needs("consents:read")),
    ("consents.pdf", Rule::Needs("consents:read")),
    ("consents.sign", Rule::Needs("consents:write")),
    ("consents.link", Rule::Needs("consents:write")),
    ("consents.revoke", Rule::Needs("consents:write")),
    ("invoices.checkout", Rule::Needs("invoices:write")),
    ("invoices.create", Rule::Needs("invoices:write")),
    ("invoices.list", Rule::Needs("invoices:read")),
    ("invoices.get", Rule::Needs("invoices:read")),
    ("invoices.update", Rule::Needs("invoices:write")),
    ("invoices.sync_chart", Rule::Needs("invoices:write")),
    ("invoices.issue", Rule::Needs("invoices:write")),
    ("invoices.void", Rule::Needs("invoices:write")),
    ("invoices.record_payment", Rule::Needs("invoices:write")),
    ("invoices.void_payment", Rule::Needs("invoices:write")),
    ("invoices.pdf", Rule::Needs("invoices:read")),
    ("membership_plans.list", Rule::Needs("memberships:read")),
    ("membership_plans.get", Rule::Needs("memberships:read")),
    ("membership_plans.create", Rule::Needs("settings:write")),
    ("membership_plans.update", Rule::Needs("settings:write")),
    ("membership_plans.archive", Rule::Needs("settings:write")),
    ("memberships.of_patient", Rule::Needs("memberships:read")),
    ("memberships.enrol", Rule::Needs("memberships:write")),
    ("memberships.pause", Rule::Needs("memberships:write")),
    ("memberships.resume", Rule::Needs("memberships:write")),
    ("memberships.cancel", Rule::Needs("memberships:write")),
    ("memberships.adjust", Rule::Needs("memberships:write")),
    ("memberships.liability", Rule::Needs("reports:read")),
    ("billing_settings.get", Rule::Needs("settings:read")),
    ("billing_settings.update", Rule::Needs("settings:write")),
    ("staff.list", Rule::Needs("staff:read")),
    ("staff.get", Rule::Needs("staff:read")),
    ("staff.create", Rule::Needs("staff:write")),
    ("staff.update", Rule::Needs("staff:write")),
    ("staff.deactivate", Rule::Needs("staff:write")),
    ("staff.reactivate", Rule::Needs("staff:write")),
    ("staff.reset_password", Rule::Needs("staff:write")),
    ("api_tokens.list", Rule::Needs("staff:read")),
    ("api_tokens.create", Rule::Needs("staff:write")),
    ("api_tokens.revoke", Rule::Needs("staff:write")),
    ("sso.get", Rule::Needs("staff:read")),
    ("sso.update", Rule::Needs("staff:write")),
    ("sso.delete", Rule::Needs("staff:write")),
    ("audit.list", Rule::Needs("audit:read")),
    ("platform.login", Rule::Platform),
    ("platform.logout", Rule::Platform),
    ("platform.me", Rule::Platform),
    ("platform.list_clinics", Rule::Platform),
    ("platform.create_clinic", Rule::Platform),
    ("platform.suspend_clinic", Rule::Platform),
    ("platform.resume_clinic", Rule::Platform),
];

struct Operation {
    id: String,
    method: Method,
    path: String,
    has_body: bool,
}

fn operations_in_spec() -> Vec<Operation> {
    let spec: Value = serde_json::from_str(&contour::app::openapi_json()).unwrap();
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            // Path parameters get a well-formed id that matches nothing.
            let concrete: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { uuid::Uuid::now_v7().to_string() } else { seg.to_owned() })
                .collect::<Vec<_>>()
                .join("/");
            out.push(Operation {
                id: op["operationId"].as_str().unwrap().to_owned(),
                method: method.to_uppercase().parse().unwrap(),
                path: format!("/api/v1{concrete}"),
                has_body: op.get("requestBody").is_some(),
            });
        }
    }
    // Signing out ends the caller's session, so it goes last.
    out.sort_by_key(|o| o.id == "auth.logout");
    out
}

#[derive(Debug)]
enum Outcome {
    Allowed,
    Forbidden,
    Unauthenticated,
    NotFound,
}

/// Whether a reply is the expected outcome. "Allowed" means past authentication and the
/// permission check: the made-up ids then give 404, the empty bodies 400, and so on.
fn is(expected: &Outcome, status: StatusCode, body: &str) -> bool {
    match expected {
        Outcome::Allowed => {
            !matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) && !status.is_server_error()
        }
        Outcome::Forbidden => status == StatusCode::FORBIDDEN && body.contains(r#""code":"forbidden""#),
        Outcome::Unauthenticated => status == StatusCode::UNAUTHORIZED,
        Outcome::NotFound => status == StatusCode::NOT_FOUND && body.contains(r#""code":"not_found""#),
    }
}

#[tokio::test]
async fn every_operation_for_every_role_anonymous_and_another_clinic() {
    let rules: BTreeMap<&str, Rule> = OPERATIONS.iter().copied().collect();
    let in_spec = operations_in_spec();
    let spec_ids: BTreeSet<&str> = in_spec.iter().map(|o| o.id.as_str()).collect();
    let missing: Vec<&&str> = spec_ids.iter().filter(|id| !rules.contains_key(**id)).collect();
    assert!(missing.is_empty(), "operations without a row in the RBAC matrix: {missing:?}");
    let stale: Vec<&&str> = rules.keys().filter(|id| !spec_ids.contains(**id)).collect();
    assert!(stale.is_empty(), "rows for operations that no longer exist: {stale:?}");
    for (perm, _) in POLICY {
        let known = contour::auth::permissions::ALL.iter().any(|(r, a)| format!("{r}:{a}") == *perm);
        assert!(known, "{perm} is not a permission the server knows");
    }

    let app = TestApp::spawn().await;
    let clinic = app.create_clinic().await;
    let other = app.create_clinic().await;
    let mut callers: Vec<(String, Option<Role>, Session)> = Vec::new();
    for role in Role::ALL {
        callers.push((role.as_str().to_owned(), Some(*role), clinic.as_role(&app, *role).await));
    }
    callers.push(("anonymous".into(), None, clinic.anonymous(&app)));
    // A real session of another clinic, presented on this clinic's host.
    let outsider = other.owner(&app).await;
    let outsider_cookie = outsider.client.cookie_header().await;
    let stranger = clinic.anonymous(&app);

    let mut failures = Vec::new();
    for op in &in_spec {
        let rule = rules[op.id.as_str()];
        let body = op.has_body.then(|| json!({}));
        for (who, role, session) in &callers {
            let reply = session.request(op.method.clone(), &op.path, body.as_ref()).await;
            let expected = match (rule, role) {
                (Rule::Platform, _) => Outcome::NotFound,
                (Rule::Public, _) => Outcome::Allowed,
                (_, None) => Outcome::Unauthenticated,
                (Rule::SignedIn, Some(_)) => Outcome::Allowed,
                (Rule::Needs(perm), Some(role)) => {
                    let holders = POLICY.iter().find(|(p, _)| *p == perm).map(|(_, r)| *r).unwrap_or(&[]);
                    if holders.contains(&role.as_str()) { Outcome::Allowed } else { Outcome::Forbidden }
                }
            };
            if !is(&expected, reply.status, &reply.text) {
                failures.push(format!(
                    "{} {} as {who}: expected {expected:?}, got {} {}",
                    op.id, op.method, reply.status, reply.text
                ));
            }
        }
        let mut req = stranger
            .client
            .http
            .request(op.method.clone(), stranger.client.url(&op.path))
            .header("cookie", &outsider_cookie);
        if let Some(b) = &body {
            req = req.json(b);
        }
        let reply = stranger.client.send(req).await;
        let expected = match rule {
            Rule::Platform => Outcome::NotFound,
            Rule::Public => Outcome::Allowed,
            _ => Outcome::Unauthenticated,
        };
        if !is(&expected, reply.status, &reply.text) {
            failures.push(format!(
                "{} {} as another clinic's owner: expected {expected:?}, got {}",
                op.id, op.method, reply.status
            ));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
