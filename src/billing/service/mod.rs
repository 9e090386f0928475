//! The billing verbs: drafts (checkout, sales, saving, taking the chart again), an invoice's
//! life after its draft (issuing, payments, refunds, voids), and the billing settings.

pub mod drafts;
pub mod lifecycle;
pub mod sales;
pub mod settings;
