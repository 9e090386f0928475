//! Membership queries, written once for both databases.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::*;
use crate::args;
use crate::billing::InvoiceId;
use crate::catalogue::ProductKind;
use crate::db::{ClinicTx, Sql};
use crate::patients::PatientId;
use crate::scheduling::{AppointmentId, ServiceId};
use crate::staff::StaffUserId;
use crate::types::name_key;

/// Days after a period starts that its unpaid invoice marks the membership overdue.
pub const OVERDUE_AFTER_DAYS: u64 = 7;

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: PlanId,
    kind: PlanKind,
    name: String,
    description: Option<String>,
    price_cents: i64,
    billing_interval: BillingInterval,
    member_discount_bp: i32,
    discount_services: bool,
    discount_products: bool,
    validity_days: Option<i32>,
    credit_rollover_months: i32,
    members: i64,
    archived_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct BenefitRow {
    id: BenefitId,
    plan_id: PlanId,
    credit_kind: CreditKind,
    service_id: Option<ServiceId>,
    service_name: Option<String>,
    product_kind: Option<ProductKind>,
    quantity_milli: i64,
    amount_cents: i64,
}

impl BenefitRow {
    fn benefit(self) -> Option<Benefit> {
        let credit = Credit::from_columns(self.credit_kind, self.service_id, self.product_kind)?;
        let amount = if credit == Credit::Money { self.amount_cents } else { self.quantity_milli };
        let label = match credit {
            Credit::Service(_) => self.service_name.unwrap_or_default(),
            Credit::Money => "Credit".to_owned(),
            Credit::Units(kind) => format!("{} units", kind.as_str()),
        };
        Some(Benefit { id: self.id, credit, amount, label })
    }
}

macro_rules! plan_columns {
    () => {
        "select p.id, p.kind, p.name, p.description, p.price_cents, p.billing_interval, \
     p.member_discount_bp, p.discount_services, p.discount_products, p.validity_days, p.credit_rollover_months, \
     (select count(*) from patient_memberships m where m.plan_id = p.id and m.status in ('active', 'paused')) as members, \
     p.archived_at, p.created_at, p.updated_at from membership_plans p "
    };
}

fn assemble(rows: Vec<PlanRow>, benefits: Vec<BenefitRow>) -> Vec<Plan> {
    let mut plans: Vec<Plan> = rows
        .into_iter()
        .map(|r| Plan {
            id: r.id,
            kind: r.kind,
            name: r.name,
            description: r.description,
            price_cents: r.price_cents,
            interval: r.billing_interval,
            member_discount_bp: r.member_discount_bp,
            discount_services: r.discount_services,
            discount_products: r.discount_products,
            validity_days: r.validity_days,
            rollover_months: r.credit_rollover_months,
            benefits: Vec::new(),
            members: r.members,
            archived_at: r.archived_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
        .collect();
    for row in benefits {
        let plan = row.plan_id;
        if let (Some(p), Some(b)) = (plans.iter_mut().find(|p| p.id == plan), row.benefit()) {
            p.benefits.push(b);
        }
    }
    plans
}

macro_rules! benefit_columns {
    () => {
        "select b.id, b.plan_id, b.credit_kind, b.service_id, s.name as service_name, \
     b.product_kind, b.quantity_milli, b.amount_cents from plan_benefits b left join services s on s.id = b.service_id "
    };
}

pub async fn plans(tx: &mut ClinicTx) -> Result<Vec<Plan>, sqlx::Error> {
    let rows = tx.fetch_all(format_plans(), args![]).await?;
    let benefits = tx.fetch_all(format_benefits(), args![]).await?;
    Ok(assemble(rows, benefits))
}

fn format_plans() -> Sql {
    Sql::from(concat!(plan_columns!(), "order by p.archived_at is not null, p.kind, p.name"))
}

fn format_benefits() -> Sql {
    Sql::from(concat!(benefit_columns!(), "order by b.plan_id, b.position"))
}

pub async fn plan(tx: &mut ClinicTx, id: PlanId) -> Result<Option<Plan>, sqlx::Error> {
    let rows: Vec<PlanRow> = tx.fetch_all(concat!(plan_columns!(), "where p.id = $1"), args![id]).await?;
    let benefits =
        tx.fetch_all(concat!(benefit_columns!(), "where b.plan_id = $1 order by b.position"), args![id]).await?;
    Ok(assemble(rows, benefits).pop())
}

/// Whether another plan already has this name.
pub async fn name_taken(tx: &mut ClinicTx, name: &str, except: Option<PlanId>) -> Result<bool, sqlx::Error> {
    let n: i64 = tx
        .fetch_scalar(
            "select count(*) from membership_plans where name_key = $1 and ($2 is null or id <> $2)",
            args![name_key(name), except],
        )
        .await?;
    Ok(n > 0)
}

pub async fn insert_plan(tx: &mut ClinicTx, id: PlanId, p: &PlanInput, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into membership_plans (id, kind, name, name_key, description, price_cents, billing_interval, \
         member_discount_bp, discount_services, discount_products, validity_days, credit_rollover_months, \
         created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
        args![
            id,
            p.kind,
            &p.name,
            name_key(&p.name),
            &p.description,
            p.price_cents,
            p.interval,
            p.member_discount_bp,
            p.discount_services,
            p.discount_products,
            p.validity_days,
            p.rollover_months,
            now
        ],
    )
    .await?;
    insert_benefits(tx, id, &p.benefits, now).await
}

pub async fn update_plan(tx: &mut ClinicTx, id: PlanId, p: &PlanInput, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update membership_plans set name = $2, name_key = $3, description = $4, price_cents = $5, \
         billing_interval = $6, member_discount_bp = $7, discount_services = $8, discount_products = $9, \
         validity_days = $10, credit_rollover_months = $11, updated_at = $12 where id = $1",
        args![
            id,
            &p.name,
            name_key(&p.name),
            &p.description,
            p.price_cents,
            p.interval,
            p.member_discount_bp,
            p.discount_services,
            p.discount_products,
            p.validity_days,
            p.rollover_months,
            now
        ],
    )
    .await
}

/// Replaces a plan's benefits (only while nobody has ever enrolled in it).
pub async fn replace_benefits(
    tx: &mut ClinicTx,
    id: PlanId,
    benefits: &[BenefitInput],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    tx.execute("delete from plan_benefits where plan_id = $1", args![id]).await?;
    insert_benefits(tx, id, benefits, now).await
}

async fn insert_benefits(
    tx: &mut ClinicTx,
    plan: PlanId,
    benefits: &[BenefitInput],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    for (position, b) in benefits.iter().enumerate() {
        let (quantity, cents) = columns(b.credit, b.amount);
        tx.execute(
            "insert into plan_benefits (id, plan_id, position, credit_kind, service_id, product_kind, quantity_milli, \
             amount_cents, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            args![
                BenefitId::generate(),
                plan,
                position as i32,
                b.credit.kind(),
                b.credit.service(),
                b.credit.product_kind(),
                quantity,
                cents,
                now
            ],
        )
        .await?;
    }
    Ok(())
}

/// An amount in the ledger's columns: thousandths, or cents for money.
fn columns(credit: Credit, amount: i64) -> (i64, i64) {
    if credit == Credit::Money { (0, amount) } else { (amount, 0) }
}

pub async fn ever_enrolled(tx: &mut ClinicTx, plan: PlanId) -> Result<bool, sqlx::Error> {
    let n: i64 = tx.fetch_scalar("select count(*) from patient_memberships where plan_id = $1", args![plan]).await?;
    Ok(n > 0)
}

pub async fn set_archived(
    tx: &mut ClinicTx,
    plan: PlanId,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update membership_plans set archived_at = $2, updated_at = $3 where id = $1", args![plan, at, now])
        .await
}

/// Every service's price, for valuing the credits a plan grants.
pub async fn service_price(tx: &mut ClinicTx, service: ServiceId) -> Result<Option<i64>, sqlx::Error> {
    tx.fetch_optional::<(i64,)>("select price_cents from services where id = $1", args![service])
        .await
        .map(|r| r.map(|r| r.0))
}

/// The price of one default unit of a kind of product (the lowest the clinic charges).
pub async fn unit_price(tx: &mut ClinicTx, kind: ProductKind) -> Result<Option<i64>, sqlx::Error> {
    tx.fetch_optional::<(Option<i64>,)>(
        "select min(price_cents) from products where kind = $1 and price_cents is not null",
        args![kind],
    )
    .await
    .map(|r| r.and_then(|r| r.0))
}

pub async fn services_exist(tx: &mut ClinicTx, ids: &[ServiceId]) -> Result<bool, sqlx::Error> {
    let mut unique: Vec<uuid::Uuid> = ids.iter().map(|s| s.0).collect();
    unique.sort_unstable();
    unique.dedup();
    let n: i64 = tx
        .fetch_scalar(
            Sql::each(
                "select count(*) from services where id = any($1)",
                "select count(*) from services where id in (select unhex(value) from json_each($1))",
            ),
            args![unique.clone()],
        )
        .await?;
    Ok(n == unique.len() as i64)
}

pub async fn patient_exists(tx: &mut ClinicTx, id: PatientId) -> Result<bool, sqlx::Error> {
    let n: i64 =
        tx.fetch_scalar("select count(*) from patients where id = $1 and deleted_at is null", args![id]).await?;
    Ok(n > 0)
}

macro_rules! membership_columns {
    () => {
        "select m.id, m.patient_id, m.plan_id, p.name as plan_name, p.kind as plan_kind, \
     m.status, m.started_on, m.next_renewal_on, m.expires_on, m.paused_on, m.cancelled_at, m.cancellation_reason, \
     m.sale_invoice_id, exists (select 1 from membership_periods mp join invoices iv on iv.id = mp.invoice_id \
     where mp.membership_id = m.id and iv.status in ('unpaid', 'partially_paid') and mp.starts_on <= $1) as overdue, \
     m.created_at from patient_memberships m join membership_plans p on p.id = m.plan_id "
    };
}

/// `overdue_before`: a period that started on or before this day and is unpaid is overdue.
pub async fn membership(
    tx: &mut ClinicTx,
    id: MembershipId,
    overdue_before: NaiveDate,
) -> Result<Option<Membership>, sqlx::Error> {
    tx.fetch_optional(concat!(membership_columns!(), "where m.id = $2"), args![overdue_before, id]).await
}

pub async fn memberships_of(
    tx: &mut ClinicTx,
    patient: PatientId,
    overdue_before: NaiveDate,
) -> Result<Vec<Membership>, sqlx::Error> {
    tx.fetch_all(
        concat!(membership_columns!(), "where m.patient_id = $2 order by m.created_at desc"),
        args![overdue_before, patient],
    )
    .await
}

pub struct NewMembership {
    pub id: MembershipId,
    pub patient: PatientId,
    pub plan: PlanId,
    pub started_on: NaiveDate,
    pub next_renewal_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub sale_invoice: Option<InvoiceId>,
    pub by: Option<StaffUserId>,
    pub now: DateTime<Utc>,
}

pub async fn insert_membership(tx: &mut ClinicTx, m: &NewMembership) -> Result<(), sqlx::Error> {
    tx.execute(
        "insert into patient_memberships (id, patient_id, plan_id, status, started_on, next_renewal_on, expires_on, \
         sale_invoice_id, created_by, created_at, updated_at) values ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $9)",
        args![m.id, m.patient, m.plan, m.started_on, m.next_renewal_on, m.expires_on, m.sale_invoice, m.by, m.now],
    )
    .await
    .map(drop)
}

pub struct StatusChange<'a> {
    pub status: MembershipStatus,
    pub next_renewal_on: Option<NaiveDate>,
    pub paused_on: Option<NaiveDate>,
    pub cancelled: Option<(DateTime<Utc>, Option<StaffUserId>, &'a str)>,
}

pub async fn set_status(
    tx: &mut ClinicTx,
    id: MembershipId,
    c: &StatusChange<'_>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update patient_memberships set status = $2, next_renewal_on = $3, paused_on = $4, cancelled_at = $5, \
         cancelled_by = $6, cancellation_reason = $7, updated_at = $8 where id = $1",
        args![
            id,
            c.status,
            c.next_renewal_on,
            c.paused_on,
            c.cancelled.map(|c| c.0),
            c.cancelled.and_then(|c| c.1),
            c.cancelled.map(|c| c.2),
            now
        ],
    )
    .await
}

pub async fn set_next_renewal(
    tx: &mut ClinicTx,
    id: MembershipId,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    tx.execute("update patient_memberships set next_renewal_on = $2, updated_at = $3 where id = $1", args![id, on, now])
        .await
}

/// Memberships whose next period has started by `today`.
pub async fn due(tx: &mut ClinicTx, today: NaiveDate) -> Result<Vec<MembershipId>, sqlx::Error> {
    tx.fetch_all::<(MembershipId,)>(
        "select id from patient_memberships where status = 'active' and next_renewal_on <= $1 order by next_renewal_on, id",
        args![today],
    )
    .await
    .map(|rows| rows.into_iter().map(|r| r.0).collect())
}

/// Claims a period for billing and granting; answers false when it was claimed before.
pub async fn claim_period(
    tx: &mut ClinicTx,
    id: MembershipId,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let n = tx
        .execute(
            "insert into membership_periods (membership_id, starts_on, ends_on, created_at) values ($1, $2, $3, $4) \
             on conflict (membership_id, starts_on) do nothing",
            args![id, starts_on, ends_on, now],
        )
        .await?;
    Ok(n == 1)
}

pub async fn set_period_invoice(
    tx: &mut ClinicTx,
    id: MembershipId,
    starts_on: NaiveDate,
    invoice: InvoiceId,
) -> Result<u64, sqlx::Error> {
    tx.execute(
        "update membership_periods set invoice_id = $3 where membership_id = $1 and starts_on = $2",
        args![id, starts_on, invoice],
    )
    .await
}

/// A ledger entry to write.
pub struct NewEntry {
    pub membership: MembershipId,
    pub patient: PatientId,
    pub kind: EntryKind,
    pub credit: Credit,
    pub amount: i64,
    pub pot: Option<EntryId>,
    pub reverses: Option<EntryId>,
    pub benefit: Option<BenefitId>,
    pub period_starts_on: Option<NaiveDate>,
    pub value_cents: i64,
    pub expires_on: Option<NaiveDate>,
    pub appointment: Option<AppointmentId>,
    pub invoice: Option<InvoiceId>,
    pub reason: Option<String>,
    pub by: Option<StaffUserId>,
}

impl NewEntry {
    pub fn new(membership: MembershipId, patient: PatientId, kind: EntryKind, credit: Credit, amount: i64) -> Self {
        Self {
            membership,
            patient,
            kind,
            credit,
            amount,
            pot: None,
            reverses: None,
            benefit: None,
            period_starts_on: None,
            value_cents: 0,
            expires_on: None,
            appointment: None,
            invoice: None,
            reason: None,
            by: None,
        }
    }
}

pub async fn insert_entry(tx: &mut ClinicTx, e: &NewEntry, now: DateTime<Utc>) -> Result<EntryId, sqlx::Error> {
    let id = EntryId::generate();
    let (quantity, cents) = columns(e.credit, e.amount);
    tx.execute(
        "insert into credit_ledger (id, membership_id, patient_id, entry_kind, credit_kind, service_id, product_kind, \
         quantity_milli, amount_cents, pot_id, reverses_id, benefit_id, period_starts_on, value_cents, expires_on, \
         appointment_id, invoice_id, reason, created_by, created_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        args![
            id,
            e.membership,
            e.patient,
            e.kind,
            e.credit.kind(),
            e.credit.service(),
            e.credit.product_kind(),
            quantity,
            cents,
            e.pot,
            e.reverses,
            e.benefit,
            e.period_starts_on,
            e.value_cents,
            e.expires_on,
            e.appointment,
            e.invoice,
            &e.reason,
            e.by,
            now
        ],
    )
    .await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: EntryId,
    membership_id: MembershipId,
    entry_kind: EntryKind,
    credit_kind: CreditKind,
    service_id: Option<ServiceId>,
    service_name: Option<String>,
    product_kind: Option<ProductKind>,
    quantity_milli: i64,
    amount_cents: i64,
    pot_id: Option<EntryId>,
    expires_on: Option<NaiveDate>,
    appointment_id: Option<AppointmentId>,
    invoice_id: Option<InvoiceId>,
    invoice_number: Option<String>,
    reason: Option<String>,
    by_name: Option<String>,
    created_at: DateTime<Utc>,
}

impl EntryRow {
    fn entry(self) -> Option<Entry> {
        let credit = Credit::from_columns(self.credit_kind, self.service_id, self.product_kind)?;
        Some(Entry {
            id: self.id,
            membership_id: self.membership_id,
            kind: self.entry_kind,
            credit,
            service_name: self.service_name,
            amount: if credit == Credit::Money { self.amount_cents } else { self.quantity_milli },
            pot_id: self.pot_id,
            expires_on: self.expires_on,
            appointment_id: self.appointment_id,
            invoice_id: self.invoice_id,
            invoice_number: self.invoice_number,
            reason: self.reason,
            by_name: self.by_name,
            created_at: self.created_at,
        })
    }
}

macro_rules! entry_columns {
    () => {
        "select l.id, l.membership_id, l.entry_kind, l.credit_kind, l.service_id, s.name as service_name, l.product_kind, \
     l.quantity_milli, l.amount_cents, l.pot_id, l.expires_on, l.appointment_id, l.invoice_id, \
     i.number as invoice_number, l.reason, u.display_name as by_name, l.created_at from credit_ledger l \
     left join invoices i on i.id = l.invoice_id left join staff_users u on u.id = l.created_by \
     left join services s on s.id = l.service_id "
    };
}

fn entries_of(rows: Vec<EntryRow>) -> Vec<Entry> {
    rows.into_iter().filter_map(EntryRow::entry).collect()
}

/// A membership's ledger, oldest first.
pub async fn ledger(tx: &mut ClinicTx, id: MembershipId) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = tx
        .fetch_all(concat!(entry_columns!(), "where l.membership_id = $1 order by l.created_at, l.id"), args![id])
        .await?;
    Ok(entries_of(rows))
}

/// A patient's whole ledger, oldest first.
pub async fn patient_ledger(tx: &mut ClinicTx, patient: PatientId) -> Result<Vec<Entry>, sqlx::Error> {
    let rows = tx
        .fetch_all(concat!(entry_columns!(), "where l.patient_id = $1 order by l.created_at, l.id"), args![patient])
        .await?;
    Ok(entries_of(rows))
}

/// Pots whose last day is before `today` and that no `expire` entry has closed yet.
pub async fn pots_past_their_day(tx: &mut ClinicTx, today: NaiveDate) -> Result<Vec<MembershipId>, sqlx::Error> {
    tx.fetch_all::<(MembershipId,)>(
        "select distinct p.membership_id from credit_ledger p where p.pot_id is null and p.expires_on < $1 \
         and not exists (select 1 from credit_ledger x where x.pot_id = p.id and x.entry_kind = 'expire')",
        args![today],
    )
    .await
    .map(|rows| rows.into_iter().map(|r| r.0).collect())
}

/// Holds the membership until the transaction ends, so its credits change one writer at a time.
pub async fn hold(tx: &mut ClinicTx, id: MembershipId) -> Result<(), sqlx::Error> {
    tx.lock(&format!("membership:{id}")).await
}

/// A pot as the liability report reads it, as of an instant.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PotStanding {
    pub plan_id: PlanId,
    pub credit_kind: CreditKind,
    pub service_id: Option<ServiceId>,
    pub product_kind: Option<ProductKind>,
    pub granted_milli: i64,
    pub granted_cents: i64,
    pub value_cents: i64,
    pub left_milli: i64,
    pub left_cents: i64,
}

macro_rules! pots_standing {
    () => {
        "select m.plan_id, pt.credit_kind, pt.service_id, pt.product_kind, pt.quantity_milli as granted_milli, \
         pt.amount_cents as granted_cents, pt.value_cents, "
    };
}
macro_rules! pots_standing_from {
    () => {
        "from credit_ledger pt join patient_memberships m on m.id = pt.membership_id \
         left join credit_ledger d on d.pot_id = pt.id and d.created_at < $2 \
         where pt.pot_id is null and pt.created_at < $2 and (pt.expires_on is null or pt.expires_on >= $1) \
         group by pt.id, m.plan_id, pt.credit_kind, pt.service_id, pt.product_kind, pt.quantity_milli, \
         pt.amount_cents, pt.value_cents"
    };
}

/// Every pot usable on `on` as it stood before `until` (the end of that day), with what was
/// left in it then.
pub async fn pots_standing(
    tx: &mut ClinicTx,
    on: NaiveDate,
    until: DateTime<Utc>,
) -> Result<Vec<PotStanding>, sqlx::Error> {
    tx.fetch_all(
        Sql::each(
            concat!(
                pots_standing!(),
                "(pt.quantity_milli + coalesce(sum(d.quantity_milli), 0))::bigint as left_milli, \
             (pt.amount_cents + coalesce(sum(d.amount_cents), 0))::bigint as left_cents ",
                pots_standing_from!()
            ),
            concat!(
                pots_standing!(),
                "pt.quantity_milli + coalesce(sum(d.quantity_milli), 0) as left_milli, \
             pt.amount_cents + coalesce(sum(d.amount_cents), 0) as left_cents ",
                pots_standing_from!()
            ),
        ),
        args![on, until],
    )
    .await
}

/// Members per plan on `on`: enrolled by then, and not cancelled or ended before `until`.
pub async fn members_per_plan(
    tx: &mut ClinicTx,
    on: NaiveDate,
    until: DateTime<Utc>,
) -> Result<Vec<(PlanId, i64)>, sqlx::Error> {
    tx.fetch_all(
        "select plan_id, count(*) from patient_memberships where started_on <= $1 \
         and (cancelled_at is null or cancelled_at >= $2) and (expires_on is null or expires_on >= $1) \
         group by plan_id",
        args![on, until],
    )
    .await
}

/// A use to give back.
pub struct UseToReverse {
    pub id: EntryId,
    pub membership_id: MembershipId,
    pub patient_id: PatientId,
    pub credit: Credit,
    pub amount: i64,
    pub pot_id: Option<EntryId>,
    pub appointment_id: Option<AppointmentId>,
}

#[derive(sqlx::FromRow)]
struct UseRow {
    id: EntryId,
    membership_id: MembershipId,
    patient_id: PatientId,
    credit_kind: CreditKind,
    service_id: Option<ServiceId>,
    product_kind: Option<ProductKind>,
    quantity_milli: i64,
    amount_cents: i64,
    pot_id: Option<EntryId>,
    appointment_id: Option<AppointmentId>,
}

/// The uses that paid for an invoice and were not given back.
pub async fn uses_of_invoice(tx: &mut ClinicTx, invoice: InvoiceId) -> Result<Vec<UseToReverse>, sqlx::Error> {
    let rows: Vec<UseRow> = tx
        .fetch_all(
            "select l.id, l.membership_id, l.patient_id, l.credit_kind, l.service_id, l.product_kind, l.quantity_milli, \
             l.amount_cents, l.pot_id, l.appointment_id from credit_ledger l where l.invoice_id = $1 \
             and l.entry_kind = 'use' and not exists (select 1 from credit_ledger r where r.reverses_id = l.id) \
             order by l.created_at, l.id",
            args![invoice],
        )
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let credit = Credit::from_columns(r.credit_kind, r.service_id, r.product_kind)?;
            Some(UseToReverse {
                id: r.id,
                membership_id: r.membership_id,
                patient_id: r.patient_id,
                credit,
                amount: if credit == Credit::Money { r.amount_cents } else { r.quantity_milli },
                pot_id: r.pot_id,
                appointment_id: r.appointment_id,
            })
        })
        .collect())
}
