//! Every permission an operation can need, as a type. A handler names its permission in its
//! signature (`Staff<ChartsSign>`); the extractor checks it before the handler runs, so before
//! any data is read. Services that change clinical data take the resulting [`Permit`] as proof.

use std::marker::PhantomData;

/// A permission: a resource and an action on it, as named in `policy.csv`.
pub trait Permission: Send + Sync + 'static {
    const RESOURCE: &'static str;
    const ACTION: &'static str;
    /// Whether any signed-in user may do it, whatever their role (their own profile, signing out).
    const ANY_ROLE: bool = false;

    fn name() -> String {
        format!("{}:{}", Self::RESOURCE, Self::ACTION)
    }
}

/// Proof that the current actor holds permission `P`. Only this module's callers in `auth` make
/// one: the extractors, after checking the role, and the units of work built on them.
#[derive(Debug)]
pub struct Permit<P: Permission>(PhantomData<P>);

impl<P: Permission> Permit<P> {
    pub(in crate::auth) fn granted() -> Self {
        Self(PhantomData)
    }
}

macro_rules! permissions {
    ($($(#[$meta:meta])* $name:ident = $resource:literal : $action:literal as $full:literal),+ $(,)?) => {
        $(
            $(#[$meta])*
            #[derive(Debug)]
            pub struct $name;
            impl Permission for $name {
                const RESOURCE: &'static str = $resource;
                const ACTION: &'static str = $action;
            }
        )+

        /// Every (resource, action) pair, for building the decision table and for `/me`.
        pub const ALL: &[(&str, &str)] = &[$(($resource, $action)),+];

        /// Every permission by name, as `/me` lists them and the web app checks them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, poem_openapi::Enum)]
        pub enum PermissionName { $(#[oai(rename = $full)] $name),+ }

        impl PermissionName {
            /// The name for a (resource, action) pair.
            pub fn of(resource: &str, action: &str) -> Option<Self> {
                $(if resource == $resource && action == $action {
                    return Some(PermissionName::$name);
                })+
                None
            }

            /// `resource:action`.
            pub fn as_str(self) -> &'static str {
                match self { $(PermissionName::$name => $full),+ }
            }
        }
    };
}

permissions! {
    PatientsRead = "patients": "read" as "patients:read",
    PatientsWrite = "patients": "write" as "patients:write",
    PatientsArchive = "patients": "archive" as "patients:archive",
    MedicalRead = "patient_medical": "read" as "patient_medical:read",
    MedicalWrite = "patient_medical": "write" as "patient_medical:write",
    AppointmentsRead = "appointments": "read" as "appointments:read",
    AppointmentsWrite = "appointments": "write" as "appointments:write",
    AppointmentsCancel = "appointments": "cancel" as "appointments:cancel",
    ChartsRead = "charts": "read" as "charts:read",
    ChartsWrite = "charts": "write" as "charts:write",
    ChartsSubmit = "charts": "submit" as "charts:submit",
    ChartsSign = "charts": "sign" as "charts:sign",
    ChartsReturn = "charts": "return" as "charts:return",
    PhotosRead = "photos": "read" as "photos:read",
    PhotosWrite = "photos": "write" as "photos:write",
    ConsentTemplatesRead = "consent_templates": "read" as "consent_templates:read",
    ConsentTemplatesWrite = "consent_templates": "write" as "consent_templates:write",
    ConsentsRead = "consents": "read" as "consents:read",
    ConsentsWrite = "consents": "write" as "consents:write",
    InvoicesRead = "invoices": "read" as "invoices:read",
    InvoicesWrite = "invoices": "write" as "invoices:write",
    MembershipsRead = "memberships": "read" as "memberships:read",
    MembershipsWrite = "memberships": "write" as "memberships:write",
    ReportsRead = "reports": "read" as "reports:read",
    SettingsRead = "settings": "read" as "settings:read",
    SettingsWrite = "settings": "write" as "settings:write",
    StaffRead = "staff": "read" as "staff:read",
    StaffWrite = "staff": "write" as "staff:write",
    AuditRead = "audit": "read" as "audit:read",
}

/// Any signed-in staff member or API token, whatever the role.
#[derive(Debug)]
pub struct SignedIn;

impl Permission for SignedIn {
    const RESOURCE: &'static str = "self";
    const ACTION: &'static str = "use";
    const ANY_ROLE: bool = true;
}

/// What the public booking pages may do for a visitor: find or register the patient and book
/// the time they chose. No role holds it; only the booking pages' unit of work is granted it.
#[derive(Debug)]
pub struct OnlineBooking;

impl Permission for OnlineBooking {
    const RESOURCE: &'static str = "online_booking";
    const ACTION: &'static str = "book";
}

/// What a patient may do on their own phone through a consent link: read the consents their
/// visit needs and sign them. No role holds it; only the link's unit of work is granted it.
#[derive(Debug)]
pub struct PatientSigning;

impl Permission for PatientSigning {
    const RESOURCE: &'static str = "patient_signing";
    const ACTION: &'static str = "sign";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_is_its_resource_and_action() {
        for &(resource, action) in ALL {
            let name = PermissionName::of(resource, action).unwrap();
            assert_eq!(name.as_str(), format!("{resource}:{action}"));
        }
    }
}
