-- Patients and their medical background (SQLite twin of postgres/0002).

create table patients (
    id blob primary key,
    first_name text not null check (length(first_name) between 1 and 100),
    last_name text not null check (length(last_name) between 1 and 100),
    preferred_name text check (length(preferred_name) <= 100),
    date_of_birth text check (date_of_birth is null or date(date_of_birth) = date_of_birth),
    sex text check (sex in ('female', 'male', 'intersex', 'unknown')),
    pronouns text check (length(pronouns) <= 40),
    email text check (email = lower(email) and length(email) between 3 and 254),
    phone text check (length(phone) <= 40),
    phone_digits text check (length(phone_digits) <= 20 and phone_digits not glob '*[^0-9]*'),
    address_line1 text check (length(address_line1) <= 200),
    address_line2 text check (length(address_line2) <= 200),
    city text check (length(city) <= 100),
    region text check (length(region) <= 100),
    postal_code text check (length(postal_code) <= 20),
    country text check (length(country) = 2 and country not glob '*[^A-Z]*'),
    -- Folded "last first": the browse order and its cursor.
    sort_name text not null,
    -- The phone's digits reversed, so "ends with 0142" is an indexed prefix search.
    phone_rev text,
    source text not null default 'staff' check (source in ('staff', 'online', 'import', 'api')),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id)
) strict;
create index patients_by_sort_name on patients (sort_name, id) where deleted_at is null;
create index patients_by_phone_rev on patients (phone_rev) where phone_rev is not null;
create index patients_by_email on patients (email) where email is not null;
create index patients_by_birth_date on patients (date_of_birth) where date_of_birth is not null;

create table patient_allergies (
    id blob primary key,
    patient_id blob not null references patients (id),
    substance_sealed text not null,
    reaction_sealed text,
    severity text not null check (severity in ('mild', 'moderate', 'severe', 'unknown')),
    created_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id)
) strict;
create index patient_allergies_by_patient on patient_allergies (patient_id) where deleted_at is null;

create table patient_medical_notes (
    id blob primary key,
    patient_id blob not null references patients (id),
    body_sealed text not null,
    author_id blob not null references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id)
) strict;
create index patient_medical_notes_by_patient on patient_medical_notes (patient_id) where deleted_at is null;

create table tags (
    id blob primary key,
    name text not null check (length(name) between 1 and 40),
    name_key text not null unique,
    color text not null check (color glob '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    created_at text not null,
    updated_at text not null
) strict;

create table patient_tags (
    patient_id blob not null references patients (id),
    tag_id blob not null references tags (id),
    created_by blob references staff_users (id),
    created_at text not null,
    primary key (patient_id, tag_id)
) strict;
create index patient_tags_by_tag on patient_tags (tag_id);

-- Search: every folded name word of a patient (prefix search), and every trigram of those words
-- (typo-tolerant search). Kept by the application whenever names change.
create table patient_search_terms (
    term text not null,
    patient_id blob not null references patients (id),
    primary key (term, patient_id)
) strict;
create index patient_search_terms_by_patient on patient_search_terms (patient_id);

create table patient_trigrams (
    trigram text not null,
    patient_id blob not null references patients (id),
    primary key (trigram, patient_id)
) strict;
create index patient_trigrams_by_patient on patient_trigrams (patient_id);
