use poem_openapi::Tags;

/// Sections of the API reference.
#[derive(Tags)]
pub enum ApiTags {
    /// The clinic addressed by the host
    Clinic,
    /// Signing in and out; the signed-in user
    Auth,
    /// Patients: records, search, tags, timeline
    Patients,
    /// Allergies and medical notes
    Medical,
    /// The appointment book
    Appointments,
    /// The calendar's view of the book, and free times
    Calendar,
    /// Rooms, services, providers' hours and time off
    Settings,
    /// Products and lots for charting, and recall lookups
    Products,
    /// Clinical charts, their entries and the sign-off lifecycle
    Charts,
    /// Clinical photos, their signed links and overlays
    Photos,
    /// Consent templates and the services that require them
    ConsentTemplates,
    /// Signed consents: where a visit stands, signing, revoking, PDFs
    Consents,
    /// Invoices, checkout from a visit, payments and refunds, and the billing settings
    Invoices,
    /// Membership and package plans, patients' memberships with their credits and ledger,
    /// and the credit liability
    Memberships,
    /// Staff and their roles (owners)
    Staff,
    /// API tokens for the clinic's own integrations (owners)
    ApiTokens,
    /// Single sign-on settings (owners)
    Sso,
    /// The audit log
    Audit,
    /// Provisioning clinics, on the platform host
    Platform,
}
