//! The unit of work: one clinic operation's transaction, the permit for what it may do, who is
//! acting, the instant it happens, and where the request came from. Service verbs take it, so a
//! verb that needs `P` cannot be called from an operation that was not granted `P`; and they
//! write their own audit entry inside it, which is the only way to get something committed.
//!
//! ```no_run
//! # use contour::auth::permissions::ChartsSign;
//! # use contour::clinic::ClinicOp;
//! // The right permission compiles...
//! async fn sign(op: &mut ClinicOp<ChartsSign>) {}
//! async fn handler(mut op: ClinicOp<ChartsSign>) {
//!     sign(&mut op).await;
//! }
//! ```
//!
//! ```compile_fail,E0308
//! # use contour::auth::permissions::{ChartsRead, ChartsSign};
//! # use contour::clinic::ClinicOp;
//! // ...but a verb that needs `charts:sign` won't take a unit of work granted `charts:read`.
//! async fn sign(op: &mut ClinicOp<ChartsSign>) {}
//! async fn handler(mut op: ClinicOp<ChartsRead>) {
//!     sign(&mut op).await;
//! }
//! ```
//!
//! ```compile_fail,E0308
//! # use contour::auth::permissions::PatientsWrite;
//! # use contour::clinic::ClinicOp;
//! // Nothing is committed without an audit entry: `commit` takes only what `audit` returns.
//! async fn handler(op: ClinicOp<PatientsWrite>) {
//!     op.commit(42).await;
//! }
//! ```
//!
//! ```compile_fail,E0616
//! # use contour::auth::permissions::MedicalRead;
//! # use contour::clinic::{Audited, ClinicOp};
//! // What an audited read returns is reached only through the commit that keeps its audit row.
//! fn peek(notes: Audited<Vec<String>>) -> Vec<String> {
//!     notes.value
//! }
//! ```

use std::sync::Arc;

use std::future::Future;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::permissions::{Permission, Permit};
use super::{Role, Signer};
use crate::audit::{self, AuditAction, AuditEntry};
use crate::db::{ClinicTx, DbFailure, classify};
use crate::http::RequestMeta;
use crate::platform::Clinic;
use crate::staff::StaffUserId;
use crate::state::Services;

/// Who acts in a unit of work.
#[derive(Debug, Clone)]
pub struct Acting {
    actor: audit::Actor,
    staff: Option<StaffUserId>,
    role: Option<Role>,
    signer: Option<Signer>,
    by_token: bool,
    /// The system acting for the platform (the demo, tests): it holds every permission.
    system: bool,
}

impl Acting {
    pub(super) fn staff(
        actor: audit::Actor,
        staff: StaffUserId,
        role: Role,
        signer: Option<Signer>,
        by_token: bool,
    ) -> Self {
        Self { actor, staff: Some(staff), role: Some(role), signer, by_token, system: false }
    }

    /// Someone who is not staff: the public booking visitor.
    pub(super) fn visitor(actor: audit::Actor) -> Self {
        Self { actor, staff: None, role: None, signer: None, by_token: false, system: false }
    }

    /// The system, named in the audit log, acting as `staff` where a record needs a person.
    pub(super) fn system(name: &str, staff: Option<StaffUserId>) -> Self {
        let actor = audit::Actor { kind: audit::ActorKind::System, id: None, name: Some(name.to_owned()), role: None };
        Self { actor, staff, role: None, signer: None, by_token: false, system: true }
    }

    /// As the audit log records them.
    pub fn actor(&self) -> &audit::Actor {
        &self.actor
    }

    /// The staff member acting (the signed-in person, or the one who made the API token).
    pub fn staff_id(&self) -> Option<StaffUserId> {
        self.staff
    }

    /// The role whose permissions apply; none for visitors and the system.
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// Set when a person signed in as themselves is acting: what a signature records.
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }

    pub fn by_token(&self) -> bool {
        self.by_token
    }

    pub fn is_owner(&self) -> bool {
        self.role == Some(Role::Owner)
    }

    pub fn is_system(&self) -> bool {
        self.system
    }
}

/// The result of a service verb, with proof of whether it wrote an audit entry. Only
/// [`ClinicOp::commit`] opens it: a unit of work that recorded something commits, one that did
/// not is rolled back, so no change is ever kept without its audit entry, and what an audited
/// read returns is only reached once its audit entry is kept.
#[must_use = "commit the unit of work to keep what it did"]
pub struct Audited<T> {
    value: T,
    recorded: bool,
}

impl<T> Audited<T> {
    /// A result that changed nothing (a repeated request answered from the first): committing it
    /// rolls the transaction back.
    pub fn unchanged(value: T) -> Self {
        Self { value, recorded: false }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Audited<U> {
        Audited { value: f(self.value), recorded: self.recorded }
    }

    /// Two results of one unit of work; recorded if either was.
    pub fn and<U>(self, other: Audited<U>) -> Audited<(T, U)> {
        Audited { value: (self.value, other.value), recorded: self.recorded || other.recorded }
    }

    /// Whether an audit entry was written for it (tests and the retry loop ask).
    pub fn was_recorded(&self) -> bool {
        self.recorded
    }
}

/// One clinic operation's unit of work. Made only by `Staff<P>::begin` (or `begin_read`), the
/// public booking visitor, or the system acting for the platform.
pub struct ClinicOp<P: Permission> {
    tx: ClinicTx,
    permit: Permit<P>,
    acting: Acting,
    now: DateTime<Utc>,
    clinic: Arc<Clinic>,
    services: Arc<Services>,
    request: Option<RequestMeta>,
}

impl<P: Permission> ClinicOp<P> {
    pub(super) fn new(
        tx: ClinicTx,
        permit: Permit<P>,
        acting: Acting,
        clinic: Arc<Clinic>,
        services: Arc<Services>,
        request: Option<RequestMeta>,
    ) -> Self {
        let now = services.clock.now();
        Self { tx, permit, acting, now, clinic, services, request }
    }

    /// The transaction, for the verb's own queries and the reads it builds on.
    pub fn tx(&mut self) -> &mut ClinicTx {
        &mut self.tx
    }

    /// The proof that this operation may do `P`.
    pub fn permit(&self) -> &Permit<P> {
        &self.permit
    }

    /// When this happens: one instant for the whole unit of work.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    pub fn clinic(&self) -> &Clinic {
        &self.clinic
    }

    /// The clinic's time zone, for days and wall-clock times.
    pub fn tz(&self) -> Tz {
        self.clinic.tz()
    }

    pub fn acting(&self) -> &Acting {
        &self.acting
    }

    /// The staff member acting, for the `created_by` columns (none for visitors).
    pub fn by(&self) -> Option<StaffUserId> {
        self.acting.staff
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    /// Where the request came from (none for the system's own work).
    pub fn request(&self) -> Option<&RequestMeta> {
        self.request.as_ref()
    }

    /// A field-level check: a permit for `Q` when the acting role holds it (the system holds
    /// everything; a visitor nothing).
    pub fn may<Q: Permission>(&self) -> Option<Permit<Q>> {
        super::context::permit_for::<Q>(&self.services.rbac, &self.acting)
    }

    /// An audit entry for this actor and request.
    pub fn entry(&self, action: AuditAction) -> AuditEntry {
        let entry = AuditEntry::new(action, self.acting.actor.clone());
        match &self.request {
            Some(meta) => entry.request(meta),
            None => entry,
        }
    }

    /// Appends `entry` to the clinic's audit log in this transaction, and vouches for `value`.
    pub async fn audit<T>(&mut self, entry: AuditEntry, value: T) -> Result<Audited<T>, sqlx::Error> {
        audit::append(&mut self.tx, self.clinic.id, entry, self.now).await?;
        Ok(Audited { value, recorded: true })
    }

    /// Audits a change to a set-up record (a room, a product): what it is and what happened.
    pub async fn record_change<T>(
        &mut self,
        action: AuditAction,
        entity: &'static str,
        id: uuid::Uuid,
        change: &'static str,
        value: T,
    ) -> Result<Audited<T>, sqlx::Error> {
        let entry = self.entry(action).entity(entity, id).details(serde_json::json!({ "change": change }));
        self.audit(entry, value).await
    }

    /// Reads what the answer needs besides the verb's result, inside this unit of work and
    /// before it commits; the result stays sealed until the commit.
    pub async fn then<T, U, E>(
        &mut self,
        done: Audited<T>,
        read: impl AsyncFnOnce(&mut Self, &T) -> Result<U, E>,
    ) -> Result<Audited<(T, U)>, E> {
        let more = read(self, &done.value).await?;
        Ok(Audited { value: (done.value, more), recorded: done.recorded })
    }

    /// Keeps what the unit of work did (or rolls back when it recorded nothing) and returns the
    /// verb's result.
    pub async fn commit<T>(self, done: Audited<T>) -> Result<T, sqlx::Error> {
        if done.recorded {
            self.tx.commit().await?;
        } else {
            self.tx.rollback().await?;
        }
        Ok(done.value)
    }
}

/// The system's work on a clinic, for what the platform does itself (seeding the demo clinic,
/// tests' set-up): it holds every permission, acts at the instants and as the staff member it is
/// told, and keeps what its verbs did without a commit each; [`SystemWork::commit`] keeps it
/// all. Making one takes the server's state (`auth::system_work`), which clinic code never has.
pub struct SystemWork {
    parked: Option<ClinicOp<super::permissions::SignedIn>>,
}

impl SystemWork {
    pub(super) fn new(op: ClinicOp<super::permissions::SignedIn>) -> Self {
        Self { parked: Some(op) }
    }

    fn op(&mut self) -> &mut ClinicOp<super::permissions::SignedIn> {
        // Parked again before `run` returns, whatever the verb did.
        self.parked.get_or_insert_with(|| unreachable!("system work is always parked between verbs"))
    }

    /// The transaction, for seeding what has no verb (rooms, services, appointments as given).
    pub fn tx(&mut self) -> &mut ClinicTx {
        &mut self.op().tx
    }

    /// Runs a verb as the system, at `at`, acting as `person` where the record names one (a
    /// provider's chart, the medical director's signature).
    pub async fn run<P: Permission, T, E>(
        &mut self,
        at: DateTime<Utc>,
        person: Option<&Signer>,
        verb: impl AsyncFnOnce(&mut ClinicOp<P>) -> Result<Audited<T>, E>,
    ) -> Result<T, E> {
        let parked = self.parked.take().unwrap_or_else(|| unreachable!("system work is always parked"));
        let ClinicOp { tx, acting, clinic, services, request, .. } = parked;
        let mut acting = acting;
        acting.staff = person.map(|p| p.id);
        acting.signer = person.cloned();
        let mut op = ClinicOp { tx, permit: Permit::<P>::granted(), acting, now: at, clinic, services, request };
        let result = verb(&mut op).await;
        let ClinicOp { tx, acting, clinic, services, request, now, .. } = op;
        self.parked = Some(ClinicOp { tx, permit: Permit::granted(), acting, now, clinic, services, request });
        result.map(|done| done.value)
    }

    /// Keeps everything the work did.
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        match self.parked.take() {
            Some(op) => op.tx.commit().await,
            None => Ok(()),
        }
    }
}

/// An error a unit of work can be run again for: a lock conflict (deadlock, serialization
/// failure, a busy SQLite file), which is not the caller's problem.
pub trait Retryable: From<sqlx::Error> {
    fn is_retryable(&self) -> bool;
}

impl Retryable for sqlx::Error {
    fn is_retryable(&self) -> bool {
        classify(self) == DbFailure::Retry
    }
}

/// Runs a unit of work and commits it, running it again (up to three times in all) when it lost
/// a lock race. `begin` opens each attempt's unit of work; `run` does the verb in it and hands
/// the unit of work back with the result.
pub async fn with_retries<P, T, E, B, BF, R, RF>(mut begin: B, mut run: R) -> Result<T, E>
where
    P: Permission,
    E: Retryable,
    B: FnMut() -> BF,
    BF: Future<Output = Result<ClinicOp<P>, sqlx::Error>>,
    R: FnMut(ClinicOp<P>) -> RF,
    RF: Future<Output = (ClinicOp<P>, Result<Audited<T>, E>)>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let op = match begin().await {
            Ok(op) => op,
            Err(e) if e.is_retryable() && attempt < 3 => continue,
            Err(e) => return Err(e.into()),
        };
        match run(op).await {
            (op, Ok(done)) => match op.commit(done).await {
                Ok(value) => return Ok(value),
                Err(e) if e.is_retryable() && attempt < 3 => continue,
                Err(e) => return Err(e.into()),
            },
            (_, Err(e)) if e.is_retryable() && attempt < 3 => continue,
            (_, Err(e)) => return Err(e),
        }
    }
}
