use poem_openapi::Tags;

/// Sections of the API reference.
#[derive(Tags)]
pub enum ApiTags {
    /// The clinic addressed by the host
    Clinic,
}
