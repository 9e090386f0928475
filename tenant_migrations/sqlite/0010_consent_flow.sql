-- Consents in use (SQLite twin of postgres/0010). SQLite cannot relax a NOT NULL column, so
-- signed_consents is rebuilt (it has no rows before this version: nothing wrote to it).

update consent_templates set treatment_kind = 'general' where treatment_kind is null;
create trigger consent_templates_kind_insert before insert on consent_templates
when new.treatment_kind is null or new.treatment_kind not in
    ('neurotoxin', 'filler', 'laser', 'peel', 'skin', 'photography', 'general')
begin select raise(abort, 'check: consent_templates.treatment_kind'); end;
create trigger consent_templates_kind_update before update of treatment_kind on consent_templates
when new.treatment_kind is null or new.treatment_kind not in
    ('neurotoxin', 'filler', 'laser', 'peel', 'skin', 'photography', 'general')
begin select raise(abort, 'check: consent_templates.treatment_kind'); end;

create table service_consents (
    service_id blob not null references services (id),
    template_id blob not null references consent_templates (id),
    position integer not null default 0,
    primary key (service_id, template_id)
) strict;
create index service_consents_by_template on service_consents (template_id);

create table signed_consents_v2 (
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
    witness_id blob references staff_users (id),
    ip text,
    user_agent text,
    created_at text not null,
    method text not null default 'drawn' check (method in ('drawn', 'typed')),
    channel text not null default 'in_clinic' check (channel in ('in_clinic', 'own_device')),
    check (channel = 'own_device' or witness_id is not null),
    check (method = 'typed' or json_array_length(signature_strokes) > 0)
) strict;
insert into signed_consents_v2 (id, patient_id, template_version_id, appointment_id, title, body, body_sha256,
    signature_strokes, signature_sha256, signer_name, signed_at, witness_id, ip, user_agent, created_at)
select id, patient_id, template_version_id, appointment_id, title, body, body_sha256,
    signature_strokes, signature_sha256, signer_name, signed_at, witness_id, ip, user_agent, created_at
from signed_consents;
drop table signed_consents;
alter table signed_consents_v2 rename to signed_consents;
create index signed_consents_by_patient on signed_consents (patient_id, signed_at);
create index signed_consents_by_appointment on signed_consents (appointment_id) where appointment_id is not null;
create trigger signed_consents_no_update before update on signed_consents
begin select raise(abort, 'append_only: signed_consents'); end;
create trigger signed_consents_no_delete before delete on signed_consents
begin select raise(abort, 'append_only: signed_consents'); end;

create table consent_revocations (
    id blob primary key,
    signed_consent_id blob not null unique references signed_consents (id),
    reason text not null check (length(reason) between 1 and 500),
    revoked_by blob not null references staff_users (id),
    revoked_at text not null
) strict;
create trigger consent_revocations_no_update before update on consent_revocations
begin select raise(abort, 'append_only: consent_revocations'); end;
create trigger consent_revocations_no_delete before delete on consent_revocations
begin select raise(abort, 'append_only: consent_revocations'); end;

alter table charts add column consent_ids text check (consent_ids is null or json_valid(consent_ids));
alter table charts add column consent_override_reason text
    check (consent_override_reason is null or length(consent_override_reason) between 1 and 500);

alter table photos add column consent_id blob references signed_consents (id);
