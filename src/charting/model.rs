crate::id_type!(
    /// A product's id.
    ProductId
);
crate::id_type!(
    /// A product lot's id.
    LotId
);

crate::text_enum! {
    /// Which chart form a visit uses.
    pub enum TemplateKind {
        Injectables = "injectables",
        Laser = "laser",
        Skin = "skin",
        General = "general",
    }
}

crate::text_enum! {
    pub enum ProductKind {
        Neurotoxin = "neurotoxin",
        Filler = "filler",
        Biostimulator = "biostimulator",
        Skin = "skin",
        Energy = "energy",
        Other = "other",
    }
}

crate::text_enum! {
    /// The unit a dose is charted in.
    pub enum DoseUnit {
        Units = "units",
        Ml = "ml",
        Syringes = "syringes",
        Vials = "vials",
        Pulses = "pulses",
        JoulesPerCm2 = "j_cm2",
        Passes = "passes",
        Other = "other",
    }
}
