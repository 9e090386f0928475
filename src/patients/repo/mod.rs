//! The patients' SQL: their own columns, the search index, and (in `medical` and `tags`) what
//! hangs off a patient.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::model::{NewPatient, Patient, PatientId, TagId};
use super::search;
use crate::args;
use crate::db::{Arg, ClinicTx, Sql};
use crate::staff::StaffUserId;

mod medical;
mod tags;

pub(super) use medical::*;
pub(super) use tags::*;

macro_rules! cols {
    () => {
        "p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.sex, p.pronouns, p.email, p.phone, \
         p.address_line1, p.address_line2, p.city, p.region, p.postal_code, p.country, p.source, p.sort_name, \
         p.created_at, p.updated_at, p.deleted_at"
    };
}

/// The statement for active or archived patients (literal, so the planner can use the partial
/// indexes), optionally limited to one tag, always bound as `$1`.
macro_rules! pick {
    ($filter:expr, $head:expr, $tail:expr) => {
        if $filter.archived {
            concat!(
                $head,
                " and p.deleted_at is not null and ($1 is null or exists (select 1 from patient_tags pt \
                 where pt.patient_id = p.id and pt.tag_id = $1))",
                $tail
            )
        } else {
            concat!(
                $head,
                " and p.deleted_at is null and ($1 is null or exists (select 1 from patient_tags pt \
                 where pt.patient_id = p.id and pt.tag_id = $1))",
                $tail
            )
        }
    };
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub archived: bool,
    pub tag: Option<TagId>,
}

/// A patient's own columns, in the order the insert and the update list them (`$2` to `$18`).
fn columns(p: &NewPatient) -> Vec<Arg> {
    let digits = p.phone.as_ref().map(|ph| ph.digits.clone());
    args![
        &p.first_name,
        &p.last_name,
        &p.preferred_name,
        p.date_of_birth,
        p.sex,
        &p.pronouns,
        p.email.as_ref().map(|e| e.as_str().to_owned()),
        p.phone.as_ref().map(|ph| ph.display.clone()),
        digits.clone(),
        digits.map(|d| search::reversed(&d)),
        &p.address.line1,
        &p.address.line2,
        &p.address.city,
        &p.address.region,
        &p.address.postal_code,
        &p.address.country,
        search::sort_name(&p.first_name, &p.last_name),
    ]
}

pub(super) async fn insert(
    tx: &mut ClinicTx,
    id: PatientId,
    p: &NewPatient,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let values = [args![id], columns(p), args![p.source, by, now]].concat();
    tx.execute(
        "insert into patients (id, first_name, last_name, preferred_name, date_of_birth, sex, pronouns, email, \
         phone, phone_digits, phone_rev, address_line1, address_line2, city, region, postal_code, country, sort_name, \
         source, created_by, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)",
        values,
    )
    .await?;
    index_names(tx, id, p).await
}

pub(super) async fn update(
    tx: &mut ClinicTx,
    id: PatientId,
    p: &NewPatient,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute(
        "update patients set first_name = $2, last_name = $3, preferred_name = $4, date_of_birth = $5, sex = $6, \
         pronouns = $7, email = $8, phone = $9, phone_digits = $10, phone_rev = $11, address_line1 = $12, \
         address_line2 = $13, city = $14, region = $15, postal_code = $16, country = $17, sort_name = $18, \
         updated_at = $19 where id = $1",
        [args![id], columns(p), args![now]].concat(),
    )
    .await?;
    tx.execute("delete from patient_search_terms where patient_id = $1", args![id]).await?;
    tx.execute("delete from patient_trigrams where patient_id = $1", args![id]).await?;
    index_names(tx, id, p).await
}

/// Adds a JSON array of search terms for one patient (`$1` the terms, `$2` the patient) to a
/// term table, each term once.
macro_rules! add_terms {
    ($table:literal, $column:literal) => {
        Sql::each(
            concat!(
                "insert into ",
                $table,
                " (",
                $column,
                ", patient_id) ",
                "select distinct t, $2 from jsonb_array_elements_text($1) t on conflict do nothing"
            ),
            concat!(
                "insert into ",
                $table,
                " (",
                $column,
                ", patient_id) ",
                "select distinct value, $2 from json_each($1) where true on conflict do nothing"
            ),
        )
    };
}

/// Writes the words and trigrams a patient is found by.
async fn index_names(tx: &mut ClinicTx, id: PatientId, p: &NewPatient) -> Result<(), sqlx::Error> {
    let words = search::name_words(&p.first_name, &p.last_name, p.preferred_name.as_deref());
    let mut grams: Vec<String> = words.iter().flat_map(|w| search::trigrams(w)).collect();
    grams.sort();
    grams.dedup();
    let terms =
        [(add_terms!("patient_search_terms", "term"), words), (add_terms!("patient_trigrams", "trigram"), grams)];
    for (sql, values) in terms {
        tx.execute(sql, args![Value::from(values), id]).await?;
    }
    Ok(())
}

pub(super) async fn set_archived(
    tx: &mut ClinicTx,
    id: PatientId,
    archive: bool,
    by: Option<StaffUserId>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    if archive {
        tx.execute(
            "update patients set deleted_at = $2, deleted_by = $3, updated_at = $2 where id = $1 and deleted_at is null",
            args![id, now, by],
        )
        .await
    } else {
        tx.execute(
            "update patients set deleted_at = null, deleted_by = null, updated_at = $2 where id = $1 \
             and deleted_at is not null",
            args![id, now],
        )
        .await
    }
}

/// An active patient with exactly this first and last name (in any case) and this phone's
/// digits or this email, the earliest on file.
pub(super) async fn same_person(
    tx: &mut ClinicTx,
    first_name: &str,
    last_name: &str,
    phone_digits: &str,
    email: &str,
) -> Result<Option<PatientId>, sqlx::Error> {
    let found: Option<(PatientId,)> = tx
        .fetch_optional(
            "select id from patients where deleted_at is null \
             and lower(first_name) = lower($1) and lower(last_name) = lower($2) \
             and ((phone_digits = $3 and $3 <> '') or (email = $4 and $4 <> '')) \
             order by created_at limit 1",
            args![first_name, last_name, phone_digits, email],
        )
        .await?;
    Ok(found.map(|(id,)| id))
}

pub(super) async fn by_id(tx: &mut ClinicTx, id: PatientId) -> Result<Option<Patient>, sqlx::Error> {
    tx.fetch_optional(concat!("select ", cols!(), " from patients p where p.id = $1"), args![id]).await
}

/// The browse order, after a cursor position.
pub(super) async fn browse(
    tx: &mut ClinicTx,
    filter: Filter,
    after: Option<(String, PatientId)>,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    let (after_name, after_id) = match after {
        Some((name, id)) => (Some(name), Some(id)),
        None => (None, None),
    };
    tx.fetch_all(
        pick!(
            filter,
            concat!(
                "select ",
                cols!(),
                " from patients p where ($2 is null or p.sort_name > $2 or (p.sort_name = $2 and p.id > $3))"
            ),
            " order by p.sort_name, p.id limit $4"
        ),
        args![filter.tag, after_name, after_id, limit],
    )
    .await
}

/// Patients with a name word starting with `prefix`.
pub(super) async fn by_word_prefix(
    tx: &mut ClinicTx,
    prefix: &str,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    tx.fetch_all(
        pick!(
            filter,
            concat!(
                "select ",
                cols!(),
                " from patients p where p.id in (select t.patient_id from patient_search_terms t \
                 where t.term >= $2 and t.term < $3)"
            ),
            " order by p.sort_name, p.id limit $4"
        ),
        args![filter.tag, prefix, search::successor(prefix), limit],
    )
    .await
}

/// Patients sharing the most trigrams with the query, best first.
pub(super) async fn by_trigrams(
    tx: &mut ClinicTx,
    grams: Vec<String>,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    tx.fetch_all(
        Sql::each(
            pick!(
                filter,
                concat!(
                    "select ",
                    cols!(),
                    " from patients p join (select t.patient_id, count(*) as hits from patient_trigrams t \
                     where t.trigram = any($2) group by t.patient_id order by hits desc limit $3) best \
                     on best.patient_id = p.id where true"
                ),
                " order by best.hits desc, p.sort_name"
            ),
            pick!(
                filter,
                concat!(
                    "select ",
                    cols!(),
                    " from patients p join (select t.patient_id, count(*) as hits from patient_trigrams t \
                     where t.trigram in (select value from json_each($2)) group by t.patient_id \
                     order by hits desc limit $3) best on best.patient_id = p.id where true"
                ),
                " order by best.hits desc, p.sort_name"
            ),
        ),
        args![filter.tag, grams, limit],
    )
    .await
}

/// Patients whose phone ends with `digits` (the reversed digits start with them reversed).
pub(super) async fn by_phone_ending(
    tx: &mut ClinicTx,
    digits: &str,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    let rev = search::reversed(digits);
    tx.fetch_all(
        pick!(
            filter,
            concat!("select ", cols!(), " from patients p where p.phone_rev >= $2 and p.phone_rev < $3"),
            " order by p.sort_name, p.id limit $4"
        ),
        args![filter.tag, rev.clone(), search::successor(&rev), limit],
    )
    .await
}

/// Patients whose email starts with `prefix`.
pub(super) async fn by_email_prefix(
    tx: &mut ClinicTx,
    prefix: &str,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    tx.fetch_all(
        pick!(
            filter,
            concat!("select ", cols!(), " from patients p where p.email >= $2 and p.email < $3"),
            " order by p.sort_name, p.id limit $4"
        ),
        args![filter.tag, prefix, search::successor(prefix), limit],
    )
    .await
}

pub(super) async fn by_birth_date(
    tx: &mut ClinicTx,
    date: NaiveDate,
    filter: Filter,
    limit: i64,
) -> Result<Vec<Patient>, sqlx::Error> {
    tx.fetch_all(
        pick!(
            filter,
            concat!("select ", cols!(), " from patients p where p.date_of_birth = $2"),
            " order by p.sort_name, p.id limit $3"
        ),
        args![filter.tag, date, limit],
    )
    .await
}

/// Active patients who share a phone or an email with the new one, or a name and birth date.
pub(super) async fn possible_duplicates(
    tx: &mut ClinicTx,
    phone_digits: Option<&str>,
    email: Option<&str>,
    sort_name: &str,
    date_of_birth: Option<NaiveDate>,
) -> Result<Vec<Patient>, sqlx::Error> {
    tx.fetch_all(
        concat!(
            "select ",
            cols!(),
            " from patients p where p.deleted_at is null and ((p.phone_digits = $1) or (p.email = $2) \
             or (p.sort_name = $3 and p.date_of_birth = $4)) order by p.sort_name limit 10"
        ),
        args![phone_digits, email, sort_name, date_of_birth],
    )
    .await
}

#[derive(sqlx::FromRow)]
pub(super) struct TagOf {
    pub patient_id: PatientId,
    pub id: TagId,
    pub name: String,
    pub color: String,
}

pub(super) async fn tags_of(tx: &mut ClinicTx, ids: Vec<uuid::Uuid>) -> Result<Vec<TagOf>, sqlx::Error> {
    tx.fetch_all(
        Sql::each(
            "select pt.patient_id, t.id, t.name, t.color from patient_tags pt join tags t on t.id = pt.tag_id \
             where pt.patient_id = any($1) order by t.name",
            "select pt.patient_id, t.id, t.name, t.color from patient_tags pt join tags t on t.id = pt.tag_id \
             where pt.patient_id in (select unhex(value) from json_each($1)) order by t.name",
        ),
        args![ids],
    )
    .await
}

/// Which of these patients have an allergy on record.
pub(super) async fn with_allergies(tx: &mut ClinicTx, ids: Vec<uuid::Uuid>) -> Result<Vec<PatientId>, sqlx::Error> {
    tx.fetch_scalars(
        Sql::each(
            "select distinct patient_id from patient_allergies where deleted_at is null and patient_id = any($1)",
            "select distinct patient_id from patient_allergies where deleted_at is null \
             and patient_id in (select unhex(value) from json_each($1))",
        ),
        args![ids],
    )
    .await
}
