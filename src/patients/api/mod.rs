//! The patients API: records and search (`records`), allergies and notes (`medical`), tags
//! (`tags`) and the timeline (`timeline`).

mod dto;
mod medical;
mod records;
mod tags;
mod timeline;

pub use dto::{PatientOut, TagOut};
pub use medical::MedicalApi;
pub use records::PatientsApi;
pub use tags::TagsApi;
pub use timeline::TimelineApi;
