//! Sign-off's verbs: the medical director signs a submitted chart (its record hash computed and
//! kept with the signature) or returns it with a comment; the chart's author adds signed addenda
//! to a signed chart; anyone who reads charts can have every hash recomputed. A signature is
//! always the act of the person it names: the unit of work must carry a signer, which only a
//! person signed in as themselves has.

use serde_json::json;

use super::error::SignoffError;
use super::model::{AddendumId, Check, SignatureKind, SignoffRecord, Verification};
use super::record::{self, ConsentDigest, OverlayDigest, RecordParts};
use super::repo;
use crate::audit::AuditAction;
use crate::auth::Signer;
use crate::auth::permissions::{ChartsRead, ChartsReturn, ChartsSign, ChartsWrite, Permission};
use crate::canonical::canonical_sha256;
use crate::charting::{self, ChartId, ChartRow, ChartStatus, ChartView, QueuedChart};
use crate::clinic::{Audited, ClinicOp};
use crate::consents;
use crate::db::ClinicTx;
use crate::photos::{self, Photo};
use crate::sealed::{Sensitive, seal, unseal};
use crate::staff::StaffUserId;

/// Everything sign-off has recorded about a chart, addenda unsealed.
pub async fn of_chart(tx: &mut ClinicTx, chart: ChartId) -> Result<SignoffRecord, sqlx::Error> {
    let mut addenda = Vec::new();
    for row in repo::addenda(tx, chart).await? {
        let body = unseal(&row.body_sealed).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        addenda.push((row, body));
    }
    Ok(SignoffRecord {
        signatures: repo::signatures(tx, chart).await?,
        returns: repo::returns(tx, chart).await?,
        addenda,
    })
}

/// The person signing, from the unit of work: never an API token.
fn signer<P: Permission>(op: &ClinicOp<P>) -> Result<Signer, SignoffError> {
    op.acting().signer().cloned().ok_or(SignoffError::NeedsPerson)
}

/// The chart, held, if it waits for sign-off.
async fn awaiting(tx: &mut ClinicTx, id: ChartId, what: &'static str) -> Result<ChartRow, SignoffError> {
    let chart = charting::hold(tx, id).await?;
    match chart.status {
        ChartStatus::NeedsSignOff => Ok(chart),
        ChartStatus::Draft => Err(SignoffError::Transition(what)),
        ChartStatus::MdSigned => Err(SignoffError::Signed),
    }
}

fn chart_entry<P: Permission>(op: &ClinicOp<P>, action: AuditAction, chart: &ChartRow) -> crate::audit::AuditEntry {
    op.entry(action).entity("chart", chart.id.0).patient(chart.patient_id.0)
}

/// Everything the record hash covers, read fresh from the database.
async fn record_hash_now(tx: &mut ClinicTx, chart: &ChartRow, version: i32) -> Result<String, SignoffError> {
    let technique = charting::unsealed(chart.technique_sealed.as_deref())?;
    let aftercare = charting::unsealed(chart.aftercare_sealed.as_deref())?;
    let entries = charting::entries_of(tx, chart.id).await?;
    let photos = photos::of_chart(tx, chart.id).await?;
    let hashed: Vec<(&Photo, String)> = photos.iter().map(|p| (p, p.sha256.clone())).collect();
    // Each overlay version's hash, recomputed from the JSON stored (not the stored hash column).
    let overlays: Vec<OverlayDigest> = photos::overlays_of_chart(tx, chart.id)
        .await?
        .into_iter()
        .map(|(photo, version, json)| OverlayDigest {
            photo_id: photo.0,
            version,
            sha256: canonical_sha256(&json.0).unwrap_or_default(),
        })
        .collect();
    let ids = chart.consent_ids.as_ref().map(|ids| ids.0.clone()).unwrap_or_default();
    let consents: Vec<ConsentDigest> = consents::copies(tx, &ids).await?.iter().map(consent_digest).collect();
    Ok(record::record_hash(
        version,
        &RecordParts {
            chart,
            technique: technique.as_ref().map(Sensitive::expose),
            aftercare: aftercare.as_ref().map(Sensitive::expose),
            entries: &entries,
            photos: &hashed,
            overlays: &overlays,
            consents: &consents,
        },
    ))
}

fn consent_digest(copy: &consents::SignedConsent) -> ConsentDigest {
    let (body_sha256, signature_sha256) = consents::recomputed_hashes(copy);
    ConsentDigest {
        id: copy.summary.id.0,
        template_version_id: copy.summary.template_version_id.0,
        title: copy.summary.title.clone(),
        signer_name: copy.summary.signer_name.clone(),
        signed_at: copy.summary.signed_at,
        witness_id: copy.witness_id.map(|w| w.0),
        body_sha256,
        signature_sha256,
    }
}

/// The medical director signs: the record hash is computed and kept with the signature, and the
/// chart can never change again.
pub async fn sign(op: &mut ClinicOp<ChartsSign>, id: ChartId) -> Result<Audited<ChartView>, SignoffError> {
    let who = signer(op)?;
    let now = op.now();
    let tx = op.tx();
    let chart = awaiting(tx, id, "Only a submitted chart can be signed.").await?;
    let hash = record_hash_now(tx, &chart, record::HASH_VERSION).await?;
    let signature = repo::NewSignature {
        chart: id,
        addendum: None,
        kind: SignatureKind::MdSignoff,
        signer: &who,
        record_hash: &hash,
        hash_version: record::HASH_VERSION,
    };
    repo::insert_signature(tx, &signature, now).await?;
    charting::mark_signed(tx, id, who.id, now).await?;
    let signed = charting::chart_row(tx, id).await?;
    let entry = chart_entry(op, AuditAction::ChartSigned, &signed).details(json!({ "recordHash": hash }));
    let view = charting::view(op.tx(), signed).await?;
    Ok(op.audit(entry, view).await?)
}

/// The medical director sends the chart back to its provider with what needs changing.
pub async fn return_chart(
    op: &mut ClinicOp<ChartsReturn>,
    id: ChartId,
    comment: &str,
) -> Result<Audited<ChartView>, SignoffError> {
    let who = signer(op)?;
    let now = op.now();
    let tx = op.tx();
    awaiting(tx, id, "Only a submitted chart can be returned.").await?;
    repo::insert_return(tx, id, who.id, comment, now).await?;
    charting::mark_returned(tx, id, now).await?;
    let returned = charting::chart_row(tx, id).await?;
    let entry = chart_entry(op, AuditAction::ChartReturned, &returned).details(json!({}));
    let view = charting::view(op.tx(), returned).await?;
    Ok(op.audit(entry, view).await?)
}

/// A correction or later note on a signed chart, signed by its author (the chart's provider or
/// an owner).
pub async fn add_addendum(
    op: &mut ClinicOp<ChartsWrite>,
    id: ChartId,
    body: &Sensitive,
) -> Result<Audited<ChartView>, SignoffError> {
    let author = signer(op)?;
    let now = op.now();
    let tx = op.tx();
    let chart = charting::hold(tx, id).await?;
    if chart.status != ChartStatus::MdSigned {
        return Err(SignoffError::Transition("Addenda are for signed charts; change the draft itself instead."));
    }
    if chart.provider_id != author.id && author.role != crate::auth::Role::Owner {
        return Err(SignoffError::NotYours { provider_name: chart.provider_name.clone() });
    }
    let signed = repo::signatures(tx, id)
        .await?
        .into_iter()
        .find(|s| s.kind == SignatureKind::MdSignoff)
        .ok_or(SignoffError::NotFound)?;
    let addendum = AddendumId::generate();
    repo::insert_addendum(tx, addendum, id, author.id, &seal(body), now).await?;
    let hash = record::addendum_hash(
        record::HASH_VERSION,
        &chart,
        &signed.record_hash,
        addendum.0,
        author.id.0,
        body.expose(),
        now,
    );
    let signature = repo::NewSignature {
        chart: id,
        addendum: Some(addendum),
        kind: SignatureKind::Addendum,
        signer: &author,
        record_hash: &hash,
        hash_version: record::HASH_VERSION,
    };
    repo::insert_signature(tx, &signature, now).await?;
    let entry = chart_entry(op, AuditAction::ChartAddendum, &chart).details(json!({ "addendumId": addendum }));
    let view = charting::view(op.tx(), chart).await?;
    Ok(op.audit(entry, view).await?)
}

/// Charts awaiting sign-off, oldest submission first; the medical director's worklist. Looking
/// at it is recorded.
pub async fn queue(
    op: &mut ClinicOp<ChartsSign>,
    provider: Option<StaffUserId>,
) -> Result<Audited<Vec<QueuedChart>>, SignoffError> {
    let charts = charting::awaiting_signoff(op.tx(), provider).await?;
    let entry = op.entry(AuditAction::SignoffQueueViewed).details(json!({ "count": charts.len() }));
    Ok(op.audit(entry, charts).await?)
}

/// Recomputes every hash a chart's signatures vouch for: the record, each photo's original
/// bytes (from storage) and each addendum. Verifying is recorded.
pub async fn verify(op: &mut ClinicOp<ChartsRead>, id: ChartId) -> Result<Audited<Verification>, SignoffError> {
    let chart = charting::chart_row(op.tx(), id).await?;
    let entry = chart_entry(op, AuditAction::ChartVerified, &chart);
    let record = of_chart(op.tx(), id).await?;
    let Some(signoff) = record.signatures.iter().find(|s| s.kind == SignatureKind::MdSignoff) else {
        return Ok(op.audit(entry, Verification { signed: false, checks: Vec::new() }).await?);
    };
    let mut checks = vec![Check {
        what: "record".into(),
        signed_hash: signoff.record_hash.clone(),
        computed_hash: record_hash_now(op.tx(), &chart, signoff.hash_version).await?,
    }];
    for photo in photos::of_chart(op.tx(), id).await? {
        let computed_hash = original_sha256(op, &photo).await.unwrap_or_else(|| "missing".into());
        checks.push(Check { what: format!("photo {}", photo.id), signed_hash: photo.sha256.clone(), computed_hash });
    }
    let ids = chart.consent_ids.as_ref().map(|ids| ids.0.clone()).unwrap_or_default();
    for copy in consents::copies(op.tx(), &ids).await? {
        let (body, signature) = consents::recomputed_hashes(&copy);
        checks.push(Check {
            what: format!("consent {} text", copy.summary.id),
            signed_hash: copy.body_sha256.clone(),
            computed_hash: body,
        });
        checks.push(Check {
            what: format!("consent {} signature", copy.summary.id),
            signed_hash: copy.signature_sha256.clone(),
            computed_hash: signature,
        });
    }
    for (addendum, body) in &record.addenda {
        if let Some(sig) = record.signatures.iter().find(|s| s.addendum_id == Some(addendum.id)) {
            let computed = record::addendum_hash(
                sig.hash_version,
                &chart,
                &signoff.record_hash,
                addendum.id.0,
                addendum.author_id.0,
                body.expose(),
                addendum.created_at,
            );
            checks.push(Check {
                what: format!("addendum {}", addendum.id),
                signed_hash: sig.record_hash.clone(),
                computed_hash: computed,
            });
        }
    }
    Ok(op.audit(entry, Verification { signed: true, checks }).await?)
}

/// The SHA-256 of a photo's original bytes as stored now, or nothing if they can't be read.
async fn original_sha256<P: Permission>(op: &ClinicOp<P>, photo: &Photo) -> Option<String> {
    let key = crate::storage::ObjectKey::parse(&photo.object_key)?;
    let bytes = op.services().storage.get(&key).await.ok()?;
    Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)))
}
