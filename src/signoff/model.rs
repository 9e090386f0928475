//! The medical director's sign-off: signatures with their record hashes, returns with their
//! comments, and signed addenda.

use chrono::{DateTime, Utc};

use crate::sealed::Sensitive;
use crate::staff::StaffUserId;

crate::id_type!(
    /// An addendum's id.
    AddendumId
);

crate::text_enum! {
    pub enum SignatureKind {
        MdSignoff = "md_signoff",
        Addendum = "addendum",
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Signature {
    pub kind: SignatureKind,
    pub addendum_id: Option<AddendumId>,
    pub signer_id: StaffUserId,
    pub signer_name: String,
    pub signer_role: String,
    pub signed_at: DateTime<Utc>,
    pub record_hash: String,
    pub hash_version: i32,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Return {
    pub returned_by_name: String,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AddendumRow {
    pub id: AddendumId,
    pub author_id: StaffUserId,
    pub author_name: String,
    pub body_sealed: String,
    pub created_at: DateTime<Utc>,
}

/// Everything sign-off has recorded about a chart.
#[derive(Debug, Clone, Default)]
pub struct SignoffRecord {
    pub signatures: Vec<Signature>,
    pub returns: Vec<Return>,
    /// Each addendum with its text unsealed.
    pub addenda: Vec<(AddendumRow, Sensitive)>,
}

/// One recomputed check: what was signed against what the record says now.
#[derive(Debug, Clone)]
pub struct Check {
    pub what: String,
    pub signed_hash: String,
    pub computed_hash: String,
}

impl Check {
    pub fn matches(&self) -> bool {
        self.signed_hash == self.computed_hash
    }
}

/// The result of re-checking a chart: its sign-off hash, each addendum's, and each photo's bytes.
#[derive(Debug, Clone)]
pub struct Verification {
    pub signed: bool,
    pub checks: Vec<Check>,
}
