//! The consents' SQL, the same text on both databases.

use chrono::{DateTime, Utc};

use super::model::{
    ConsentKind, ConsentTemplateId, Requirement, SignatureMethod, SignedConsent, SignedConsentId, SignedSummary,
    SigningChannel, Template, TemplateVersion, TemplateVersionId, VisitFacts,
};
use crate::args;
use crate::db::ClinicTx;
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;
use crate::types::name_key;

macro_rules! template_select {
    () => {
        "select t.id, t.name, t.treatment_kind as kind, t.renew_after_days, t.archived_at, t.updated_at, \
         v.id as version_id, v.version, v.title, v.body, v.body_sha256, v.created_at as version_created_at \
         from consent_templates t join consent_template_versions v on v.template_id = t.id \
         and v.version = (select max(w.version) from consent_template_versions w where w.template_id = t.id)"
    };
}

pub(super) async fn templates(tx: &mut ClinicTx) -> Result<Vec<Template>, sqlx::Error> {
    tx.fetch_all(concat!(template_select!(), " order by t.archived_at is not null, t.name_key"), args![]).await
}

pub(super) async fn template(tx: &mut ClinicTx, id: ConsentTemplateId) -> Result<Option<Template>, sqlx::Error> {
    tx.fetch_optional(concat!(template_select!(), " where t.id = $1"), args![id]).await
}

/// Every (template, service) requirement, in each service's order.
pub(super) async fn requirement_pairs(tx: &mut ClinicTx) -> Result<Vec<(ConsentTemplateId, ServiceId)>, sqlx::Error> {
    tx.fetch_all("select template_id, service_id from service_consents order by service_id, position", args![]).await
}

pub(super) async fn versions(
    tx: &mut ClinicTx,
    template: ConsentTemplateId,
) -> Result<Vec<TemplateVersion>, sqlx::Error> {
    tx.fetch_all(
        "select v.id, v.template_id, v.version, v.title, v.body, v.body_sha256, u.display_name as created_by_name, \
         v.created_at from consent_template_versions v left join staff_users u on u.id = v.created_by \
         where v.template_id = $1 order by v.version desc",
        args![template],
    )
    .await
}

pub(super) async fn insert_template(
    tx: &mut ClinicTx,
    id: ConsentTemplateId,
    name: &str,
    kind: ConsentKind,
    renew_after_days: Option<i32>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into consent_templates (id, name, name_key, treatment_kind, renew_after_days, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $6)",
        args![id, name, name_key(name), kind, renew_after_days, now],
    )
    .await
    .map(drop)
}

pub(super) async fn update_template(
    tx: &mut ClinicTx,
    id: ConsentTemplateId,
    name: &str,
    kind: ConsentKind,
    renew_after_days: Option<i32>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update consent_templates set name = $2, name_key = $3, treatment_kind = $4, renew_after_days = $5, \
         updated_at = $6 where id = $1",
        args![id, name, name_key(name), kind, renew_after_days, now],
    )
    .await
}

pub(super) async fn set_archived(
    tx: &mut ClinicTx,
    id: ConsentTemplateId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update consent_templates set archived_at = $2, updated_at = $3 where id = $1", args![id, at, now]).await
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_version(
    tx: &mut ClinicTx,
    id: TemplateVersionId,
    template: ConsentTemplateId,
    version: i32,
    title: &str,
    body: &str,
    body_sha256: &str,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into consent_template_versions (id, template_id, version, title, body, body_sha256, created_by, \
         created_at) values ($1, $2, $3, $4, $5, $6, $7, $8)",
        args![id, template, version, title, body, body_sha256, by, now],
    )
    .await
    .map(drop)
}

/// Replaces the services that require a template (set-up, not a record: rows are replaced).
pub(super) async fn set_services(
    tx: &mut ClinicTx,
    template: ConsentTemplateId,
    services: &[ServiceId],
) -> Result<(), sqlx::Error> {
    tx.execute("delete from service_consents where template_id = $1", args![template]).await?;
    for (position, service) in services.iter().enumerate() {
        tx.execute(
            "insert into service_consents (service_id, template_id, position) values ($1, $2, $3)",
            args![*service, template, position as i32],
        )
        .await?;
    }
    Ok(())
}

/// How many of `services` exist.
pub(super) async fn count_services(tx: &mut ClinicTx, services: &[ServiceId]) -> Result<usize, sqlx::Error> {
    let mut found = 0;
    for service in services {
        let hit: Option<(ServiceId,)> =
            tx.fetch_optional("select id from services where id = $1", args![*service]).await?;
        found += usize::from(hit.is_some());
    }
    Ok(found)
}

/// A visit and one requirement of its service (none when the service requires nothing).
#[derive(sqlx::FromRow)]
struct VisitRequirement {
    #[sqlx(flatten)]
    visit: VisitFacts,
    template_id: Option<ConsentTemplateId>,
    name: Option<String>,
    kind: Option<ConsentKind>,
    renew_after_days: Option<i32>,
    version_id: Option<TemplateVersionId>,
    version: Option<i32>,
}

/// A visit and what its service requires (current versions, archived templates left out), in
/// one statement: a visit's consents are read on every appointment panel and chart.
pub(super) async fn visit_requirements(
    tx: &mut ClinicTx,
    appointment: AppointmentId,
) -> Result<Option<(VisitFacts, Vec<Requirement>)>, sqlx::Error> {
    let rows: Vec<VisitRequirement> = tx
        .fetch_all(
            "select a.id as appointment_id, a.patient_id, p.first_name, p.last_name, a.service_id, \
             s.name as service_name, a.starts_at, a.status, t.id as template_id, t.name, \
             t.treatment_kind as kind, t.renew_after_days, v.id as version_id, v.version \
             from appointments a join patients p on p.id = a.patient_id join services s on s.id = a.service_id \
             left join service_consents sc on sc.service_id = a.service_id \
             left join consent_templates t on t.id = sc.template_id and t.archived_at is null \
             left join consent_template_versions v on v.template_id = t.id and v.version = \
             (select max(w.version) from consent_template_versions w where w.template_id = t.id) \
             where a.id = $1 order by sc.position, t.name_key",
            args![appointment],
        )
        .await?;
    let Some(visit) = rows.first().map(|r| r.visit.clone()) else { return Ok(None) };
    let requirements = rows
        .into_iter()
        .filter_map(|r| {
            Some(Requirement {
                template_id: r.template_id?,
                name: r.name?,
                kind: r.kind?,
                renew_after_days: r.renew_after_days,
                version_id: r.version_id?,
                version: r.version?,
            })
        })
        .collect();
    Ok(Some((visit, requirements)))
}

/// The clinic's photography consents, current versions.
pub(super) async fn photography_requirements(tx: &mut ClinicTx) -> Result<Vec<Requirement>, sqlx::Error> {
    tx.fetch_all(
        "select t.id as template_id, t.name, t.treatment_kind as kind, t.renew_after_days, v.id as version_id, \
         v.version from consent_templates t join consent_template_versions v on v.template_id = t.id and v.version = \
         (select max(w.version) from consent_template_versions w where w.template_id = t.id) \
         where t.treatment_kind = 'photography' and t.archived_at is null order by t.name_key",
        args![],
    )
    .await
}

macro_rules! summary_select {
    () => {
        "select s.id, s.patient_id, v.template_id, s.template_version_id, v.version, t.treatment_kind as kind, \
         s.appointment_id, s.title, s.signer_name, s.signed_at, w.display_name as witness_name, s.method, \
         s.channel, r.revoked_at, r.reason as revoke_reason, rb.display_name as revoked_by_name"
    };
}

macro_rules! summary_from {
    () => {
        " from signed_consents s join consent_template_versions v on v.id = s.template_version_id \
         join consent_templates t on t.id = v.template_id left join staff_users w on w.id = s.witness_id \
         left join consent_revocations r on r.signed_consent_id = s.id \
         left join staff_users rb on rb.id = r.revoked_by"
    };
}

/// Every signed copy a patient has, newest first.
pub(super) async fn signed_of_patient(
    tx: &mut ClinicTx,
    patient: PatientId,
) -> Result<Vec<SignedSummary>, sqlx::Error> {
    tx.fetch_all(
        concat!(summary_select!(), summary_from!(), " where s.patient_id = $1 order by s.signed_at desc, s.id"),
        args![patient],
    )
    .await
}

pub(super) async fn signed_many(tx: &mut ClinicTx, ids: &[SignedConsentId]) -> Result<Vec<SignedConsent>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(one) = signed(tx, *id).await? {
            found.push(one);
        }
    }
    Ok(found)
}

pub(super) async fn signed(tx: &mut ClinicTx, id: SignedConsentId) -> Result<Option<SignedConsent>, sqlx::Error> {
    tx.fetch_optional(
        concat!(
            summary_select!(),
            ", s.body, s.body_sha256, s.signature_strokes, s.signature_sha256, s.witness_id, s.ip, s.user_agent",
            summary_from!(),
            " where s.id = $1"
        ),
        args![id],
    )
    .await
}

pub(super) async fn visit(tx: &mut ClinicTx, id: AppointmentId) -> Result<Option<VisitFacts>, sqlx::Error> {
    tx.fetch_optional(
        "select a.id as appointment_id, a.patient_id, p.first_name, p.last_name, a.service_id, \
         s.name as service_name, a.starts_at, a.status from appointments a join patients p on p.id = a.patient_id \
         join services s on s.id = a.service_id where a.id = $1",
        args![id],
    )
    .await
}

/// The patient's next visit that is still to happen, if any.
pub(super) async fn next_visit(
    tx: &mut ClinicTx,
    patient: PatientId,
    from: DateTime<Utc>,
) -> Result<Option<AppointmentId>, sqlx::Error> {
    tx.fetch_optional::<(AppointmentId,)>(
        "select id from appointments where patient_id = $1 and ends_at > $2 \
         and status not in ('cancelled', 'no_show', 'completed') order by starts_at, id limit 1",
        args![patient, from],
    )
    .await
    .map(|row| row.map(|(id,)| id))
}

/// A signed copy as written: the text shown, the signature, who and where.
pub(super) struct NewSigned<'a> {
    pub id: SignedConsentId,
    pub patient: PatientId,
    pub version: TemplateVersionId,
    pub appointment: Option<AppointmentId>,
    pub title: &'a str,
    pub body: &'a str,
    pub body_sha256: &'a str,
    pub strokes: &'a serde_json::Value,
    pub signature_sha256: &'a str,
    pub signer_name: &'a str,
    pub witness: Option<StaffUserId>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    pub method: SignatureMethod,
    pub channel: SigningChannel,
}

pub(super) async fn insert_signed(tx: &mut ClinicTx, s: &NewSigned<'_>, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into signed_consents (id, patient_id, template_version_id, appointment_id, title, body, body_sha256, \
         signature_strokes, signature_sha256, signer_name, signed_at, witness_id, ip, user_agent, created_at, method, \
         channel) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $11, $15, $16)",
        args![
            s.id,
            s.patient,
            s.version,
            s.appointment,
            s.title,
            s.body,
            s.body_sha256,
            s.strokes.clone(),
            s.signature_sha256,
            s.signer_name,
            now,
            s.witness,
            s.ip,
            s.user_agent,
            s.method,
            s.channel
        ],
    )
    .await
    .map(drop)
}

pub(super) async fn insert_revocation(
    tx: &mut ClinicTx,
    consent: SignedConsentId,
    reason: &str,
    by: StaffUserId,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into consent_revocations (id, signed_consent_id, reason, revoked_by, revoked_at) \
         values ($1, $2, $3, $4, $5)",
        args![uuid::Uuid::new_v4(), consent, reason, by, now],
    )
    .await
    .map(drop)
}

pub(super) async fn version(tx: &mut ClinicTx, id: TemplateVersionId) -> Result<Option<TemplateVersion>, sqlx::Error> {
    tx.fetch_optional(
        "select v.id, v.template_id, v.version, v.title, v.body, v.body_sha256, u.display_name as created_by_name, \
         v.created_at from consent_template_versions v left join staff_users u on u.id = v.created_by \
         where v.id = $1",
        args![id],
    )
    .await
}

pub(super) async fn signature_hash(tx: &mut ClinicTx, id: SignedConsentId) -> Result<Option<String>, sqlx::Error> {
    tx.fetch_optional::<(String,)>("select signature_sha256 from signed_consents where id = $1", args![id])
        .await
        .map(|row| row.map(|(h,)| h))
}
