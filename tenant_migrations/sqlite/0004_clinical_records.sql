-- Products and lots, charts, photos, sign-off (SQLite twin of postgres/0004).

create table products (
    id blob primary key,
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    manufacturer text check (length(manufacturer) <= 80),
    kind text not null check (kind in ('neurotoxin', 'filler', 'biostimulator', 'skin', 'energy', 'other')),
    default_unit text not null
        check (default_unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other')),
    archived_at text,
    created_at text not null,
    updated_at text not null
) strict;

create table product_lots (
    id blob primary key,
    product_id blob not null references products (id),
    lot_number text not null check (length(lot_number) between 1 and 60),
    expires_on text not null check (date(expires_on) = expires_on),
    received_on text check (received_on is null or date(received_on) = received_on),
    notes text check (length(notes) <= 500),
    archived_at text,
    created_at text not null,
    updated_at text not null,
    unique (product_id, lot_number)
) strict;
create index product_lots_by_number on product_lots (lot_number);

create table charts (
    id blob primary key,
    patient_id blob not null references patients (id),
    appointment_id blob references appointments (id),
    provider_id blob not null references staff_users (id),
    template_kind text not null check (template_kind in ('injectables', 'laser', 'skin', 'general')),
    status text not null default 'draft' check (status in ('draft', 'needs_signoff', 'md_signed')),
    areas text not null default '[]' check (json_valid(areas) and json_type(areas) = 'array'),
    technique_sealed text,
    aftercare_sealed text,
    revision integer not null default 1 check (revision > 0),
    submitted_at text,
    submitted_by blob references staff_users (id),
    signed_at text,
    signed_by blob references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id),
    check (status <> 'md_signed' or (signed_at is not null and signed_by is not null)),
    check (status = 'draft' or submitted_at is not null)
) strict;
create unique index charts_one_per_appointment on charts (appointment_id)
    where appointment_id is not null and deleted_at is null;
create index charts_by_patient on charts (patient_id, created_at);
create index charts_awaiting_signoff on charts (submitted_at) where status = 'needs_signoff';

create table chart_entries (
    id blob primary key,
    chart_id blob not null references charts (id),
    position integer not null default 0,
    area text not null check (length(area) between 1 and 80),
    product_id blob references products (id),
    lot_id blob references product_lots (id),
    product_name text check (length(product_name) <= 80),
    lot_number text check (length(lot_number) <= 60),
    lot_expires_on text check (lot_expires_on is null or date(lot_expires_on) = lot_expires_on),
    dose_milli integer check (dose_milli > 0),
    dose_unit text check (dose_unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other')),
    injection_points integer check (injection_points between 0 and 500),
    technique text check (length(technique) <= 500),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id),
    check ((dose_milli is null) = (dose_unit is null))
) strict;
create index chart_entries_by_chart on chart_entries (chart_id, position);
create index chart_entries_by_lot on chart_entries (lot_id) where lot_id is not null;

create table chart_returns (
    id blob primary key,
    chart_id blob not null references charts (id),
    returned_by blob not null references staff_users (id),
    comment text not null check (length(comment) between 1 and 2000),
    created_at text not null
) strict;
create index chart_returns_by_chart on chart_returns (chart_id);

create table chart_addenda (
    id blob primary key,
    chart_id blob not null references charts (id),
    author_id blob not null references staff_users (id),
    body_sealed text not null,
    created_at text not null
) strict;
create index chart_addenda_by_chart on chart_addenda (chart_id);

create table signatures (
    id blob primary key,
    chart_id blob not null references charts (id),
    addendum_id blob references chart_addenda (id),
    kind text not null check (kind in ('md_signoff', 'addendum')),
    signer_id blob not null references staff_users (id),
    signer_name text not null,
    signer_role text not null,
    signed_at text not null,
    record_hash text not null check (length(record_hash) = 64 and record_hash not glob '*[^0-9a-f]*'),
    hash_version integer not null default 1,
    created_at text not null,
    check ((kind = 'addendum') = (addendum_id is not null))
) strict;
create unique index signatures_one_signoff on signatures (chart_id) where kind = 'md_signoff';

create table photos (
    id blob primary key,
    patient_id blob not null references patients (id),
    chart_id blob references charts (id),
    appointment_id blob references appointments (id),
    phase text not null check (phase in ('before', 'after', 'other')),
    view text not null default 'other' check (view in
        ('front', 'left_oblique', 'right_oblique', 'left_profile', 'right_profile', 'other')),
    object_key text not null unique,
    content_type text not null
        check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
    byte_size integer not null check (byte_size > 0),
    sha256 text not null check (length(sha256) = 64 and sha256 not glob '*[^0-9a-f]*'),
    width integer check (width > 0),
    height integer check (height > 0),
    taken_at text,
    uploaded_by blob not null references staff_users (id),
    created_at text not null,
    updated_at text not null,
    deleted_at text,
    deleted_by blob references staff_users (id)
) strict;
create index photos_by_patient on photos (patient_id, created_at);
create index photos_by_chart on photos (chart_id) where chart_id is not null;

create table photo_annotations (
    id blob primary key,
    photo_id blob not null references photos (id),
    version integer not null check (version > 0),
    overlay text not null check (json_valid(overlay)),
    overlay_sha256 text not null check (length(overlay_sha256) = 64 and overlay_sha256 not glob '*[^0-9a-f]*'),
    created_by blob not null references staff_users (id),
    created_at text not null,
    unique (photo_id, version)
) strict;

create trigger chart_returns_no_update before update on chart_returns
begin select raise(abort, 'append_only: chart_returns'); end;
create trigger chart_returns_no_delete before delete on chart_returns
begin select raise(abort, 'append_only: chart_returns'); end;
create trigger chart_addenda_no_update before update on chart_addenda
begin select raise(abort, 'append_only: chart_addenda'); end;
create trigger chart_addenda_no_delete before delete on chart_addenda
begin select raise(abort, 'append_only: chart_addenda'); end;
create trigger signatures_no_update before update on signatures
begin select raise(abort, 'append_only: signatures'); end;
create trigger signatures_no_delete before delete on signatures
begin select raise(abort, 'append_only: signatures'); end;
create trigger photo_annotations_no_update before update on photo_annotations
begin select raise(abort, 'append_only: photo_annotations'); end;
create trigger photo_annotations_no_delete before delete on photo_annotations
begin select raise(abort, 'append_only: photo_annotations'); end;

create trigger charts_signed_no_update before update on charts when old.status = 'md_signed'
begin select raise(abort, 'chart_signed: a signed chart cannot change'); end;
create trigger charts_no_delete before delete on charts
begin select raise(abort, 'chart_signed: charts are never deleted'); end;

create trigger chart_entries_signed_no_insert before insert on chart_entries
when (select status from charts where id = new.chart_id) = 'md_signed'
begin select raise(abort, 'chart_signed: entries of a signed chart cannot change'); end;
create trigger chart_entries_signed_no_update before update on chart_entries
when (select status from charts where id = old.chart_id) = 'md_signed'
  or (select status from charts where id = new.chart_id) = 'md_signed'
begin select raise(abort, 'chart_signed: entries of a signed chart cannot change'); end;
create trigger chart_entries_no_delete before delete on chart_entries
begin select raise(abort, 'chart_signed: chart entries are never deleted'); end;

-- A photo's original never changes, photos are never deleted (only marked so), and nothing about
-- the photos or overlays of a signed chart changes: they are part of what was signed.
create trigger photos_no_delete before delete on photos
begin select raise(abort, 'append_only: photos are never deleted'); end;
create trigger photos_original_fixed before update on photos
when new.object_key <> old.object_key or new.sha256 <> old.sha256 or new.byte_size <> old.byte_size
  or new.content_type <> old.content_type or new.patient_id <> old.patient_id
begin select raise(abort, 'append_only: a photo''s original never changes'); end;
create trigger photos_signed_no_insert before insert on photos
when (select status from charts where id = new.chart_id) = 'md_signed'
begin select raise(abort, 'chart_signed: photos of a signed chart cannot change'); end;
create trigger photos_signed_no_update before update on photos
when (select status from charts where id = old.chart_id) = 'md_signed'
  or (select status from charts where id = new.chart_id) = 'md_signed'
begin select raise(abort, 'chart_signed: photos of a signed chart cannot change'); end;
create trigger photo_annotations_signed before insert on photo_annotations
when (select c.status from photos p join charts c on c.id = p.chart_id where p.id = new.photo_id) = 'md_signed'
begin select raise(abort, 'chart_signed: overlays of a signed chart''s photos cannot change'); end;
