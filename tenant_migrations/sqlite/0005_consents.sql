-- Versioned consent templates and signed consents (SQLite twin of postgres/0005).

create table consent_templates (
    id blob primary key,
    name text not null check (length(name) between 1 and 120),
    name_key text not null unique,
    treatment_kind text check (length(treatment_kind) <= 60),
    renew_after_days integer check (renew_after_days between 1 and 3650),
    archived_at text,
    created_at text not null,
    updated_at text not null
) strict;

create table consent_template_versions (
    id blob primary key,
    template_id blob not null references consent_templates (id),
    version integer not null check (version > 0),
    title text not null check (length(title) between 1 and 200),
    body text not null check (length(body) between 1 and 100000),
    body_sha256 text not null check (length(body_sha256) = 64 and body_sha256 not glob '*[^0-9a-f]*'),
    created_by blob references staff_users (id),
    created_at text not null,
    unique (template_id, version)
) strict;

create table signed_consents (
    id blob primary key,
    patient_id blob not null references patients (id),
    template_version_id blob not null references consent_template_versions (id),
    appointment_id blob references appointments (id),
    title text not null,
    body text not null,
    body_sha256 text not null check (length(body_sha256) = 64 and body_sha256 not glob '*[^0-9a-f]*'),
    signature_strokes text not null check (json_valid(signature_strokes)),
    signature_sha256 text not null
        check (length(signature_sha256) = 64 and signature_sha256 not glob '*[^0-9a-f]*'),
    signer_name text not null check (length(signer_name) between 1 and 200),
    signed_at text not null,
    witness_id blob not null references staff_users (id),
    ip text,
    user_agent text,
    created_at text not null
) strict;
create index signed_consents_by_patient on signed_consents (patient_id, signed_at);

create trigger consent_template_versions_no_update before update on consent_template_versions
begin select raise(abort, 'append_only: consent_template_versions'); end;
create trigger consent_template_versions_no_delete before delete on consent_template_versions
begin select raise(abort, 'append_only: consent_template_versions'); end;
create trigger signed_consents_no_update before update on signed_consents
begin select raise(abort, 'append_only: signed_consents'); end;
create trigger signed_consents_no_delete before delete on signed_consents
begin select raise(abort, 'append_only: signed_consents'); end;
