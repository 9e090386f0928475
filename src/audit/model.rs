use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::repo::AuditRow;
use crate::auth::Role;
use crate::http::RequestMeta;

crate::text_enum! {
    pub enum ActorKind {
        Staff = "staff",
        ApiToken = "api_token",
        PlatformAdmin = "platform_admin",
        System = "system",
        Anonymous = "anonymous",
    }
}

crate::text_enum! {
    pub enum Outcome {
        Success = "success",
        Denied = "denied",
        Failure = "failure",
    }
}

crate::text_enum! {
    /// Everything the audit log records.
    pub enum AuditAction {
        ClinicCreated = "clinic.created",
        ClinicSuspended = "clinic.suspended",
        ClinicResumed = "clinic.resumed",
        LoginSucceeded = "auth.login_succeeded",
        LoginFailed = "auth.login_failed",
        Logout = "auth.logout",
        PasswordChanged = "auth.password_changed",
        PasswordChangeFailed = "auth.password_change_failed",
        ConfirmFailed = "auth.confirm_failed",
        PermissionDenied = "auth.permission_denied",
        StaffCreated = "staff.created",
        StaffUpdated = "staff.updated",
        StaffRoleChanged = "staff.role_changed",
        StaffDeactivated = "staff.deactivated",
        StaffReactivated = "staff.reactivated",
        StaffPasswordReset = "staff.password_reset",
        TokenCreated = "api_token.created",
        TokenRevoked = "api_token.revoked",
        SsoSettingsChanged = "sso.settings_changed",
        PatientCreated = "patient.created",
        PatientUpdated = "patient.updated",
        PatientArchived = "patient.archived",
        PatientRestored = "patient.restored",
        AllergyAdded = "patient.allergy_added",
        AllergyUpdated = "patient.allergy_updated",
        AllergyRemoved = "patient.allergy_removed",
        NoteAdded = "patient.note_added",
        NoteUpdated = "patient.note_updated",
        NoteRemoved = "patient.note_removed",
        MedicalNotesViewed = "patient.notes_viewed",
        AllergiesViewed = "patient.allergies_viewed",
        PatientTagged = "patient.tag_added",
        PatientUntagged = "patient.tag_removed",
        TagCreated = "tag.created",
        TagUpdated = "tag.updated",
        TagDeleted = "tag.deleted",
        AppointmentBooked = "appointment.booked",
        AppointmentChanged = "appointment.changed",
        AppointmentStatusChanged = "appointment.status_changed",
        AppointmentCancelled = "appointment.cancelled",
        SettingsChanged = "settings.changed",
        ChartCreated = "chart.created",
        ChartUpdated = "chart.updated",
        ChartEntryAdded = "chart.entry_added",
        ChartEntryChanged = "chart.entry_changed",
        ChartEntryRemoved = "chart.entry_removed",
        ChartRead = "chart.read",
        ChartsListed = "chart.listed",
        ChartVerified = "chart.verified",
        SignoffQueueViewed = "chart.queue_viewed",
        ChartSubmitted = "chart.submitted",
        ChartSigned = "chart.signed",
        ChartReturned = "chart.returned",
        ChartAddendum = "chart.addendum_added",
        PhotoUploaded = "photo.uploaded",
        PhotoChanged = "photo.changed",
        PhotoRemoved = "photo.removed",
        PhotoAnnotated = "photo.annotated",
        PhotoUrlIssued = "photo.url_issued",
        PhotoAnnotationsViewed = "photo.annotations_viewed",
        ProductsChanged = "products.changed",
        LotUsesViewed = "lot.uses_viewed",
        ConsentTemplateChanged = "consent_template.changed",
        ConsentSigned = "consent.signed",
        ConsentRevoked = "consent.revoked",
        ConsentViewed = "consent.viewed",
        ConsentDownloaded = "consent.downloaded",
        ConsentLinkIssued = "consent.link_issued",
        ConsentOverridden = "consent.override_used",
        PhotoMarketingExport = "photo.marketing_export",
        InvoiceCreated = "invoice.created",
        InvoiceChanged = "invoice.changed",
        InvoiceIssued = "invoice.issued",
        InvoiceVoided = "invoice.voided",
        InvoiceDownloaded = "invoice.downloaded",
        PaymentRecorded = "payment.recorded",
        RefundRecorded = "payment.refunded",
        PaymentVoided = "payment.voided",
        PlanChanged = "membership_plan.changed",
        MembershipEnrolled = "membership.enrolled",
        MembershipPaused = "membership.paused",
        MembershipResumed = "membership.resumed",
        MembershipCancelled = "membership.cancelled",
        MembershipRenewed = "membership.renewed",
        CreditsUsed = "credits.used",
        CreditsReturned = "credits.returned",
        CreditsAdjusted = "credits.adjusted",
        CreditsExpired = "credits.expired",
        DataExported = "data.exported",
    }
}

/// Who acted. Names and roles are copied into the row so the log reads right after renames.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub name: Option<String>,
    pub role: Option<Role>,
}

impl Actor {
    pub fn system() -> Self {
        Self { kind: ActorKind::System, id: None, name: Some("Contour".into()), role: None }
    }

    pub fn anonymous() -> Self {
        Self { kind: ActorKind::Anonymous, id: None, name: None, role: None }
    }
}

/// One thing that happened, before it is chained.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub action: AuditAction,
    pub actor: Actor,
    pub outcome: Outcome,
    pub entity_type: Option<&'static str>,
    pub entity_id: Option<Uuid>,
    pub patient_id: Option<Uuid>,
    pub request: Option<RequestMeta>,
    /// Ids and codes only; never names, notes or other patient data.
    pub details: Value,
}

impl AuditEntry {
    pub fn new(action: AuditAction, actor: Actor) -> Self {
        Self {
            action,
            actor,
            outcome: Outcome::Success,
            entity_type: None,
            entity_id: None,
            patient_id: None,
            request: None,
            details: json!({}),
        }
    }

    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    pub fn entity(mut self, kind: &'static str, id: Uuid) -> Self {
        self.entity_type = Some(kind);
        self.entity_id = Some(id);
        self
    }

    pub fn patient(mut self, id: Uuid) -> Self {
        self.patient_id = Some(id);
        self
    }

    pub fn request(mut self, meta: &RequestMeta) -> Self {
        self.request = Some(meta.clone());
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub(super) fn into_row(mut self, now: DateTime<Utc>, prev_hash: String) -> AuditRow {
        strip_controls(&mut self.details);
        let clean = |s: Option<String>| s.map(|s| s.chars().filter(|c| !c.is_control()).take(500).collect::<String>());
        let mut row = AuditRow {
            seq: 0,
            id: Uuid::now_v7(),
            occurred_at: now,
            actor_kind: self.actor.kind,
            actor_id: self.actor.id,
            actor_name: clean(self.actor.name),
            actor_role: self.actor.role.map(|r| r.as_str().to_owned()),
            action: self.action.as_str().to_owned(),
            entity_type: self.entity_type.map(str::to_owned),
            entity_id: self.entity_id,
            patient_id: self.patient_id,
            outcome: self.outcome,
            ip: clean(self.request.as_ref().and_then(|r| r.ip.clone())),
            user_agent: clean(self.request.as_ref().and_then(|r| r.user_agent.clone())),
            request_id: self.request.map(|r| r.id),
            details: sqlx::types::Json(self.details),
            prev_hash,
            hash: String::new(),
        };
        row.hash = super::chain::row_hash(&row);
        row
    }
}

/// Typed input (a login email, say) can carry control characters, which Postgres' jsonb refuses
/// and which have no business in a log.
fn strip_controls(value: &mut Value) {
    match value {
        Value::String(s) if s.chars().any(char::is_control) => *s = s.chars().filter(|c| !c.is_control()).collect(),
        Value::Array(items) => items.iter_mut().for_each(strip_controls),
        Value::Object(map) => map.values_mut().for_each(strip_controls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_dropped() {
        let mut v = json!({ "email": "a\u{0}b@x.example", "list": ["\u{7}ok"] });
        strip_controls(&mut v);
        assert_eq!(v, json!({ "email": "ab@x.example", "list": ["ok"] }));
    }
}
