//! Database failures by kind, so callers map constraint violations to domain errors without
//! parsing driver messages themselves.

/// What went wrong in the database, in terms the domain can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbFailure {
    /// A unique key; the constraint or column name when the driver says.
    Unique(String),
    ForeignKey,
    Check,
    /// An active appointment already holds that provider's or room's time.
    Overlap(OverlapOf),
    /// A trigger refused to change or delete an append-only row.
    AppendOnly,
    /// A trigger refused to change a signed chart.
    ChartSigned,
    /// A trigger refused to move, reassign or cancel a visit whose chart was submitted.
    VisitLocked,
    /// A trigger refused to change what an issued invoice charges.
    InvoiceIssued,
    /// A trigger refused a credit entry that would take its pot below zero.
    CreditOverdrawn,
    /// A lock conflict worth retrying (serialization failure, deadlock, SQLite busy).
    Retry,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverlapOf {
    Provider,
    Room,
}

pub fn classify(err: &sqlx::Error) -> DbFailure {
    let sqlx::Error::Database(db) = err else {
        return DbFailure::Other;
    };
    let message = db.message();
    let constraint = db.constraint().unwrap_or_default();
    let overlap = |text: &str| {
        if text.contains("room") { OverlapOf::Room } else { OverlapOf::Provider }
    };
    match db.code().as_deref() {
        // Postgres SQLSTATEs
        Some("23505") => DbFailure::Unique(constraint.to_owned()),
        Some("23503") => DbFailure::ForeignKey,
        Some("23514") => DbFailure::Check,
        Some("23P01") => DbFailure::Overlap(overlap(constraint)),
        Some("CT001") => DbFailure::AppendOnly,
        Some("CT002") => DbFailure::ChartSigned,
        Some("CT003") => DbFailure::VisitLocked,
        Some("CT004") => DbFailure::InvoiceIssued,
        Some("CT005") => DbFailure::CreditOverdrawn,
        Some("40001" | "40P01") => DbFailure::Retry,
        // SQLite extended result codes
        Some("2067" | "1555") => DbFailure::Unique(message.trim_start_matches("UNIQUE constraint failed: ").to_owned()),
        Some("787") => DbFailure::ForeignKey,
        Some("275") => DbFailure::Check,
        Some("5" | "6" | "517" | "261") => DbFailure::Retry,
        _ if message.starts_with("appointment_overlap") => DbFailure::Overlap(overlap(message)),
        _ if message.starts_with("append_only") => DbFailure::AppendOnly,
        _ if message.starts_with("chart_signed") => DbFailure::ChartSigned,
        _ if message.starts_with("visit_locked") => DbFailure::VisitLocked,
        _ if message.starts_with("invoice_issued") => DbFailure::InvoiceIssued,
        _ if message.starts_with("credit_overdrawn") => DbFailure::CreditOverdrawn,
        _ => DbFailure::Other,
    }
}
