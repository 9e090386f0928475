-- Consent templates are versioned: a version's text never changes once written, and a signed
-- consent keeps the exact text the patient saw, the signature strokes and who witnessed it.

create table consent_templates (
    id uuid primary key,
    name text not null check (length(name) between 1 and 120),
    name_key text not null unique,
    treatment_kind text check (length(treatment_kind) <= 60),
    renew_after_days integer check (renew_after_days between 1 and 3650),
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table consent_template_versions (
    id uuid primary key,
    template_id uuid not null references consent_templates (id),
    version integer not null check (version > 0),
    title text not null check (length(title) between 1 and 200),
    body text not null check (length(body) between 1 and 100000),
    body_sha256 text not null check (body_sha256 ~ '^[0-9a-f]{64}$'),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    unique (template_id, version)
);

create table signed_consents (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    template_version_id uuid not null references consent_template_versions (id),
    appointment_id uuid references appointments (id),
    title text not null,
    body text not null,
    body_sha256 text not null check (body_sha256 ~ '^[0-9a-f]{64}$'),
    signature_strokes jsonb not null,
    signature_sha256 text not null check (signature_sha256 ~ '^[0-9a-f]{64}$'),
    signer_name text not null check (length(signer_name) between 1 and 200),
    signed_at timestamptz not null,
    witness_id uuid not null references staff_users (id),
    ip text,
    user_agent text,
    created_at timestamptz not null
);
create index signed_consents_by_patient on signed_consents (patient_id, signed_at);

create trigger consent_template_versions_append_only before update or delete on consent_template_versions
    for each row execute function reject_change();
create trigger signed_consents_append_only before update or delete on signed_consents
    for each row execute function reject_change();
