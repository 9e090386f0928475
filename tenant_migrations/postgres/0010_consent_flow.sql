-- Consents in use: which consents each service requires, signatures taken on the patient's own
-- phone (typed or drawn, with no witness), revocations (a new row; the signed copy never
-- changes), the consents a submitted chart relied on or the reason it went ahead without them,
-- and the photography consent that covered each photo when it was taken.

update consent_templates set treatment_kind = 'general' where treatment_kind is null;
alter table consent_templates alter column treatment_kind set not null;
alter table consent_templates add constraint consent_templates_kind check (treatment_kind in
    ('neurotoxin', 'filler', 'laser', 'peel', 'skin', 'photography', 'general'));

create table service_consents (
    service_id uuid not null references services (id),
    template_id uuid not null references consent_templates (id),
    position integer not null default 0,
    primary key (service_id, template_id)
);
create index service_consents_by_template on service_consents (template_id);

alter table signed_consents alter column witness_id drop not null;
alter table signed_consents add column method text not null default 'drawn'
    check (method in ('drawn', 'typed'));
alter table signed_consents add column channel text not null default 'in_clinic'
    check (channel in ('in_clinic', 'own_device'));
alter table signed_consents add constraint signed_consents_witnessed
    check (channel = 'own_device' or witness_id is not null);
alter table signed_consents add constraint signed_consents_drawn_has_strokes
    check (method = 'typed' or jsonb_array_length(signature_strokes) > 0);
create index signed_consents_by_appointment on signed_consents (appointment_id) where appointment_id is not null;

create table consent_revocations (
    id uuid primary key,
    signed_consent_id uuid not null unique references signed_consents (id),
    reason text not null check (length(reason) between 1 and 500),
    revoked_by uuid not null references staff_users (id),
    revoked_at timestamptz not null
);
create trigger consent_revocations_append_only before update or delete on consent_revocations
    for each row execute function reject_change();

alter table charts add column consent_ids jsonb;
alter table charts add column consent_override_reason text check (length(consent_override_reason) between 1 and 500);

alter table photos add column consent_id uuid references signed_consents (id);
