-- Patients and their medical background. Patients are clinical records: never hard-deleted;
-- archiving sets deleted_at/deleted_by. Free-text medical fields are stored through the sealed
-- codec (columns ending in _sealed) so field encryption can be switched on later.

create table patients (
    id uuid primary key,
    first_name text not null check (length(first_name) between 1 and 100),
    last_name text not null check (length(last_name) between 1 and 100),
    preferred_name text check (length(preferred_name) <= 100),
    date_of_birth date,
    sex text check (sex in ('female', 'male', 'intersex', 'unknown')),
    pronouns text check (length(pronouns) <= 40),
    email text collate "C" check (email = lower(email) and length(email) between 3 and 254),
    phone text check (length(phone) <= 40),
    phone_digits text check (phone_digits ~ '^[0-9]{0,20}$'),
    address_line1 text check (length(address_line1) <= 200),
    address_line2 text check (length(address_line2) <= 200),
    city text check (length(city) <= 100),
    region text check (length(region) <= 100),
    postal_code text check (length(postal_code) <= 20),
    country text check (country ~ '^[A-Z]{2}$'),
    -- Folded "last first": the browse order and its cursor.
    sort_name text collate "C" not null,
    -- The phone's digits reversed, so "ends with 0142" is an indexed prefix search.
    phone_rev text collate "C",
    source text not null default 'staff' check (source in ('staff', 'online', 'import', 'api')),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id)
);
create index patients_by_sort_name on patients (sort_name, id) where deleted_at is null;
create index patients_by_phone_rev on patients (phone_rev) where phone_rev is not null;
create index patients_by_email on patients (email) where email is not null;
create index patients_by_birth_date on patients (date_of_birth) where date_of_birth is not null;

create table patient_allergies (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    substance_sealed text not null,
    reaction_sealed text,
    severity text not null check (severity in ('mild', 'moderate', 'severe', 'unknown')),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id)
);
create index patient_allergies_by_patient on patient_allergies (patient_id) where deleted_at is null;

create table patient_medical_notes (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    body_sealed text not null,
    author_id uuid not null references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id)
);
create index patient_medical_notes_by_patient on patient_medical_notes (patient_id) where deleted_at is null;

create table tags (
    id uuid primary key,
    name text not null check (length(name) between 1 and 40),
    name_key text not null unique,
    color text not null check (color ~ '^#[0-9a-f]{6}$'),
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table patient_tags (
    patient_id uuid not null references patients (id),
    tag_id uuid not null references tags (id),
    created_by uuid references staff_users (id),
    created_at timestamptz not null,
    primary key (patient_id, tag_id)
);
create index patient_tags_by_tag on patient_tags (tag_id);

-- Byte-order ("C") collation on the search columns: prefix searches are index range scans.
-- Search: every folded name word of a patient (prefix search), and every trigram of those words
-- (typo-tolerant search). Kept by the application whenever names change.
create table patient_search_terms (
    term text collate "C" not null,
    patient_id uuid not null references patients (id),
    primary key (term, patient_id)
);
create index patient_search_terms_by_patient on patient_search_terms (patient_id);

create table patient_trigrams (
    trigram text collate "C" not null,
    patient_id uuid not null references patients (id),
    primary key (trigram, patient_id)
);
create index patient_trigrams_by_patient on patient_trigrams (patient_id);
