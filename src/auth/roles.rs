crate::text_enum! {
    /// A staff member's role in their clinic. What each role may do is the policy in
    /// `auth/policy.csv`.
    pub enum Role {
        Owner = "owner",
        Provider = "provider",
        FrontDesk = "front_desk",
        Billing = "billing",
        MedicalDirector = "medical_director",
        ReadOnly = "read_only",
    }
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Provider => "Provider",
            Role::FrontDesk => "Front desk",
            Role::Billing => "Billing",
            Role::MedicalDirector => "Medical director",
            Role::ReadOnly => "Read-only",
        }
    }
}
