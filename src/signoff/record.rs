//! The signed record: everything a signature vouches for, as canonical JSON, and its SHA-256.
//! Version 1 covers the chart's content, its treatment entries, the SHA-256 of each photo's
//! original bytes and of each version of each photo's overlay. Version 2 adds the visit as the
//! chart shows it: its time, its service, and the provider's name. Signatures keep the version
//! they were made with, and are verified by it. Version 3 adds the signed consents the
//! submission rested on, each by the hashes of its text and signature recomputed from the
//! stored copy.

use serde_json::{Value, json};

use crate::canonical::canonical_sha256;
use crate::charting::{ChartRow, Entry};
use crate::photos::Photo;

/// The version new signatures are made with.
pub const HASH_VERSION: i32 = 3;

/// One overlay version, by the hash of its canonical JSON.
#[derive(Debug, Clone)]
pub struct OverlayDigest {
    pub photo_id: uuid::Uuid,
    pub version: i32,
    pub sha256: String,
}

pub struct RecordParts<'a> {
    pub chart: &'a ChartRow,
    pub technique: Option<&'a str>,
    pub aftercare: Option<&'a str>,
    pub entries: &'a [Entry],
    /// Photos linked to the chart and not removed, with the SHA-256 of their original bytes.
    pub photos: &'a [(&'a Photo, String)],
    pub overlays: &'a [OverlayDigest],
    /// The signed consents the chart rests on (version 3).
    pub consents: &'a [ConsentDigest],
}

/// A signed consent as the record covers it.
#[derive(Debug, Clone)]
pub struct ConsentDigest {
    pub id: uuid::Uuid,
    pub template_version_id: uuid::Uuid,
    pub title: String,
    pub signer_name: String,
    pub signed_at: chrono::DateTime<chrono::Utc>,
    pub witness_id: Option<uuid::Uuid>,
    /// Recomputed from the stored text and strokes, not read from the stored hash columns.
    pub body_sha256: String,
    pub signature_sha256: String,
}

pub fn record(version: i32, parts: &RecordParts<'_>) -> Value {
    let c = parts.chart;
    let mut entries: Vec<&Entry> = parts.entries.iter().collect();
    entries.sort_by_key(|e| (e.position, e.id));
    let mut photos: Vec<&(&Photo, String)> = parts.photos.iter().collect();
    photos.sort_by_key(|(p, _)| p.id);
    let mut overlays: Vec<&OverlayDigest> = parts.overlays.iter().collect();
    overlays.sort_by_key(|o| (o.photo_id, o.version));
    let mut record = json!({
        "hashVersion": version,
        "chart": {
            "id": c.id,
            "patientId": c.patient_id,
            "appointmentId": c.appointment_id,
            "providerId": c.provider_id,
            "templateKind": c.template_kind.as_str(),
            "areas": c.areas.0,
            "technique": parts.technique,
            "aftercare": parts.aftercare,
            "submittedAt": c.submitted_at.map(|t| t.timestamp_micros()),
            "submittedBy": c.submitted_by,
        },
        "entries": entries.iter().map(|e| json!({
            "id": e.id,
            "position": e.position,
            "area": e.area,
            "productId": e.product_id,
            "productName": e.product_name,
            "lotId": e.lot_id,
            "lotNumber": e.lot_number,
            "lotExpiresOn": e.lot_expires_on.map(|d| d.to_string()),
            "doseMilli": e.dose_milli,
            "doseUnit": e.dose_unit.map(|u| u.as_str()),
            "injectionPoints": e.injection_points,
            "technique": e.technique,
        })).collect::<Vec<_>>(),
        "photos": photos.iter().map(|(p, sha)| json!({
            "id": p.id,
            "phase": p.phase.as_str(),
            "view": p.view.as_str(),
            "sha256": sha,
        })).collect::<Vec<_>>(),
        "overlays": overlays.iter().map(|o| json!({
            "photoId": o.photo_id,
            "version": o.version,
            "sha256": o.sha256,
        })).collect::<Vec<_>>(),
    });
    if version >= 2 {
        record["visit"] = json!({
            "at": c.visit_at.map(|t| t.timestamp_micros()),
            "serviceId": c.service_id,
            "serviceName": c.service_name,
            "providerName": c.provider_name,
        });
    }
    if version >= 3 {
        let mut consents: Vec<&ConsentDigest> = parts.consents.iter().collect();
        consents.sort_by_key(|c| c.id);
        record["consents"] = consents
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "templateVersionId": c.template_version_id,
                    "title": c.title,
                    "signerName": c.signer_name,
                    "signedAt": c.signed_at.timestamp_micros(),
                    "witnessId": c.witness_id,
                    "bodySha256": c.body_sha256,
                    "signatureSha256": c.signature_sha256,
                })
            })
            .collect();
    }
    record
}

/// Hex SHA-256 of the record's canonical JSON, in the given hash version.
pub fn record_hash(version: i32, parts: &RecordParts<'_>) -> String {
    // The record is built from integers and strings only, so canonical form cannot fail.
    canonical_sha256(&record(version, parts)).unwrap_or_default()
}

/// What an addendum's signature vouches for: its text, its author and time, and the record it
/// amends (by the medical director's hash).
pub fn addendum_hash(
    version: i32,
    chart: &ChartRow,
    signed_record: &str,
    addendum_id: uuid::Uuid,
    author: uuid::Uuid,
    body: &str,
    created_at: chrono::DateTime<chrono::Utc>,
) -> String {
    let value = json!({
        "hashVersion": version,
        "chartId": chart.id,
        "signedRecord": signed_record,
        "addendumId": addendum_id,
        "authorId": author,
        "body": body,
        "createdAt": created_at.timestamp_micros(),
    });
    canonical_sha256(&value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charting::{ChartId, ChartStatus, EntryId, TemplateKind};
    use crate::photos::{PhotoId, PhotoPhase, PhotoView};
    use crate::staff::StaffUserId;
    use chrono::{TimeZone, Utc};

    fn at() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 9, 18, 0, 0).unwrap()
    }

    fn chart() -> ChartRow {
        ChartRow {
            id: ChartId::generate(),
            patient_id: crate::patients::PatientId::generate(),
            appointment_id: None,
            provider_id: StaffUserId::generate(),
            provider_name: "Riley Hart".into(),
            template_kind: TemplateKind::Injectables,
            status: ChartStatus::NeedsSignOff,
            areas: sqlx::types::Json(vec!["Glabella".into()]),
            technique_sealed: None,
            aftercare_sealed: None,
            revision: 3,
            submitted_at: Some(at()),
            submitted_by: None,
            signed_at: None,
            signed_by: None,
            created_at: at(),
            updated_at: at(),
            visit_at: Some(at()),
            service_id: Some(crate::scheduling::ServiceId::generate()),
            service_name: Some("Neurotoxin".into()),
            consent_ids: None,
            consent_override_reason: None,
        }
    }

    fn entry(chart: ChartId, position: i32, dose: i64) -> Entry {
        Entry {
            id: EntryId::generate(),
            chart_id: chart,
            position,
            area: "Glabella".into(),
            product_id: None,
            lot_id: None,
            product_name: Some("Botox".into()),
            lot_number: Some("C3709".into()),
            lot_expires_on: None,
            dose_milli: Some(dose),
            dose_unit: Some(crate::catalogue::DoseUnit::Units),
            injection_points: Some(5),
            technique: None,
        }
    }

    #[test]
    fn the_hash_covers_content_entries_photos_and_overlays() {
        let c = chart();
        let entries = [entry(c.id, 0, 20_000), entry(c.id, 1, 4_000)];
        let photo = Photo {
            id: PhotoId::generate(),
            patient_id: c.patient_id,
            chart_id: Some(c.id),
            phase: PhotoPhase::Before,
            view: PhotoView::Front,
            object_key: "k".into(),
            content_type: "image/jpeg".into(),
            byte_size: 10,
            sha256: "a".repeat(64),
            width: Some(10),
            height: Some(10),
            uploaded_by: c.provider_id,
            created_at: at(),
            deleted_at: None,
            annotation_version: None,
            consent_id: None,
        };
        let photos = [(&photo, "a".repeat(64))];
        let overlays = [OverlayDigest { photo_id: photo.id.0, version: 1, sha256: "b".repeat(64) }];
        let consent = ConsentDigest {
            id: uuid::Uuid::new_v4(),
            template_version_id: uuid::Uuid::new_v4(),
            title: "Neurotoxin consent".into(),
            signer_name: "Testy McTestface".into(),
            signed_at: at(),
            witness_id: Some(c.provider_id.0),
            body_sha256: "e".repeat(64),
            signature_sha256: "f".repeat(64),
        };
        let consents = [consent.clone()];
        let parts = RecordParts {
            chart: &c,
            technique: Some("Diluted 2.5 mL"),
            aftercare: None,
            entries: &entries,
            photos: &photos,
            overlays: &overlays,
            consents: &consents,
        };
        let base = record_hash(HASH_VERSION, &parts);
        assert_eq!(base.len(), 64);

        // Order of entries as fetched does not matter; their content does.
        let reversed = [entries[1].clone(), entries[0].clone()];
        assert_eq!(record_hash(HASH_VERSION, &RecordParts { entries: &reversed, ..parts }), base);
        let mut changed = entries.clone();
        changed[1].dose_milli = Some(5_000);
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { entries: &changed, ..parts }), base);
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { technique: Some("Diluted 2.0 mL"), ..parts }), base);
        let other_bytes = [(&photo, "c".repeat(64))];
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { photos: &other_bytes, ..parts }), base);
        let redrawn = [OverlayDigest { photo_id: photo.id.0, version: 1, sha256: "d".repeat(64) }];
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { overlays: &redrawn, ..parts }), base);

        // The visit as the chart shows it: its time, service and provider.
        let moved = ChartRow { visit_at: Some(at() + chrono::Duration::days(1)), ..c.clone() };
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { chart: &moved, ..parts }), base);
        let other_service = ChartRow { service_name: Some("Consultation".into()), ..c.clone() };
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { chart: &other_service, ..parts }), base);
        let other_service_id = ChartRow { service_id: Some(crate::scheduling::ServiceId::generate()), ..c.clone() };
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { chart: &other_service_id, ..parts }), base);
        let renamed = ChartRow { provider_name: "Riley Hart-Moss".into(), ..c.clone() };
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { chart: &renamed, ..parts }), base);

        // The consents it rests on: which ones, and their text and signature.
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { consents: &[], ..parts }), base);
        let reworded = [ConsentDigest { body_sha256: "0".repeat(64), ..consent.clone() }];
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { consents: &reworded, ..parts }), base);
        let resigned = [ConsentDigest { signature_sha256: "1".repeat(64), ..consent }];
        assert_ne!(record_hash(HASH_VERSION, &RecordParts { consents: &resigned, ..parts }), base);
        assert!(record(2, &parts).get("consents").is_none());
    }

    #[test]
    fn version_one_records_keep_their_hash() {
        // Signatures made before version 2 are verified by what version 1 covered, so the
        // visit is not part of their hash.
        let c = chart();
        let parts = RecordParts {
            chart: &c,
            technique: None,
            aftercare: None,
            entries: &[],
            photos: &[],
            overlays: &[],
            consents: &[],
        };
        let v1 = record_hash(1, &parts);
        let moved = ChartRow { visit_at: None, service_name: None, ..c.clone() };
        assert_eq!(record_hash(1, &RecordParts { chart: &moved, ..parts }), v1);
        assert_ne!(record_hash(2, &parts), v1);
        assert!(record(1, &parts).get("visit").is_none());
    }
}
