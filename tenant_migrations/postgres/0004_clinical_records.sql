-- Products and lots, charts with treatment entries, photos with annotation versions,
-- sign-off signatures and addenda. Charts and photos are never hard-deleted; once a chart is
-- signed by the medical director the database itself refuses any change to it or its entries.

create table products (
    id uuid primary key,
    name text not null check (length(name) between 1 and 80),
    name_key text not null unique,
    manufacturer text check (length(manufacturer) <= 80),
    kind text not null check (kind in ('neurotoxin', 'filler', 'biostimulator', 'skin', 'energy', 'other')),
    default_unit text not null
        check (default_unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other')),
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null
);

create table product_lots (
    id uuid primary key,
    product_id uuid not null references products (id),
    lot_number text not null check (length(lot_number) between 1 and 60),
    expires_on date not null,
    received_on date,
    notes text check (length(notes) <= 500),
    archived_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (product_id, lot_number)
);
create index product_lots_by_number on product_lots (lot_number);

create table charts (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    appointment_id uuid references appointments (id),
    provider_id uuid not null references staff_users (id),
    template_kind text not null check (template_kind in ('injectables', 'laser', 'skin', 'general')),
    status text not null default 'draft' check (status in ('draft', 'needs_signoff', 'md_signed')),
    areas jsonb not null default '[]',
    technique_sealed text,
    aftercare_sealed text,
    revision integer not null default 1 check (revision > 0),
    submitted_at timestamptz,
    submitted_by uuid references staff_users (id),
    signed_at timestamptz,
    signed_by uuid references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id),
    check (status <> 'md_signed' or (signed_at is not null and signed_by is not null)),
    check (status = 'draft' or submitted_at is not null)
);
create unique index charts_one_per_appointment on charts (appointment_id)
    where appointment_id is not null and deleted_at is null;
create index charts_by_patient on charts (patient_id, created_at);
create index charts_awaiting_signoff on charts (submitted_at) where status = 'needs_signoff';

create table chart_entries (
    id uuid primary key,
    chart_id uuid not null references charts (id),
    position integer not null default 0,
    area text not null check (length(area) between 1 and 80),
    product_id uuid references products (id),
    lot_id uuid references product_lots (id),
    product_name text check (length(product_name) <= 80),
    lot_number text check (length(lot_number) <= 60),
    lot_expires_on date,
    -- Doses are thousandths of the unit (20 units = 20000; 0.5 mL = 500): exact, no floats.
    dose_milli bigint check (dose_milli > 0),
    dose_unit text check (dose_unit in ('units', 'ml', 'syringes', 'vials', 'pulses', 'j_cm2', 'passes', 'other')),
    injection_points integer check (injection_points between 0 and 500),
    technique text check (length(technique) <= 500),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id),
    check ((dose_milli is null) = (dose_unit is null))
);
create index chart_entries_by_chart on chart_entries (chart_id, position);
create index chart_entries_by_lot on chart_entries (lot_id) where lot_id is not null;

create table chart_returns (
    id uuid primary key,
    chart_id uuid not null references charts (id),
    returned_by uuid not null references staff_users (id),
    comment text not null check (length(comment) between 1 and 2000),
    created_at timestamptz not null
);
create index chart_returns_by_chart on chart_returns (chart_id);

create table chart_addenda (
    id uuid primary key,
    chart_id uuid not null references charts (id),
    author_id uuid not null references staff_users (id),
    body_sealed text not null,
    created_at timestamptz not null
);
create index chart_addenda_by_chart on chart_addenda (chart_id);

create table signatures (
    id uuid primary key,
    chart_id uuid not null references charts (id),
    addendum_id uuid references chart_addenda (id),
    kind text not null check (kind in ('md_signoff', 'addendum')),
    signer_id uuid not null references staff_users (id),
    signer_name text not null,
    signer_role text not null,
    signed_at timestamptz not null,
    record_hash text not null check (record_hash ~ '^[0-9a-f]{64}$'),
    hash_version integer not null default 1,
    created_at timestamptz not null,
    check ((kind = 'addendum') = (addendum_id is not null))
);
create unique index signatures_one_signoff on signatures (chart_id) where kind = 'md_signoff';

create table photos (
    id uuid primary key,
    patient_id uuid not null references patients (id),
    chart_id uuid references charts (id),
    appointment_id uuid references appointments (id),
    phase text not null check (phase in ('before', 'after', 'other')),
    view text not null default 'other' check (view in
        ('front', 'left_oblique', 'right_oblique', 'left_profile', 'right_profile', 'other')),
    object_key text not null unique,
    content_type text not null
        check (content_type in ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
    byte_size bigint not null check (byte_size > 0),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    width integer check (width > 0),
    height integer check (height > 0),
    taken_at timestamptz,
    uploaded_by uuid not null references staff_users (id),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    deleted_at timestamptz,
    deleted_by uuid references staff_users (id)
);
create index photos_by_patient on photos (patient_id, created_at);
create index photos_by_chart on photos (chart_id) where chart_id is not null;

create table photo_annotations (
    id uuid primary key,
    photo_id uuid not null references photos (id),
    version integer not null check (version > 0),
    overlay jsonb not null,
    overlay_sha256 text not null check (overlay_sha256 ~ '^[0-9a-f]{64}$'),
    created_by uuid not null references staff_users (id),
    created_at timestamptz not null,
    unique (photo_id, version)
);

create trigger chart_returns_append_only before update or delete on chart_returns
    for each row execute function reject_change();
create trigger chart_addenda_append_only before update or delete on chart_addenda
    for each row execute function reject_change();
create trigger signatures_append_only before update or delete on signatures
    for each row execute function reject_change();
create trigger photo_annotations_append_only before update or delete on photo_annotations
    for each row execute function reject_change();

create function reject_signed_chart_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or old.status = 'md_signed' then
        raise exception 'chart_signed: chart % is signed and cannot change', old.id
            using errcode = 'CT002';
    end if;
    return new;
end
$$;
create trigger charts_signed_immutable before update or delete on charts
    for each row execute function reject_signed_chart_change();

-- Checks the chart an entry comes from and the chart it goes to, holding the chart row(s) so a
-- sign-off cannot slip in between the check and the commit.
create function reject_signed_chart_entry_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'chart_signed: chart entries are never deleted' using errcode = 'CT002';
    end if;
    if exists (
        select 1 from charts
        where id in (new.chart_id, case when tg_op = 'UPDATE' then old.chart_id end) and status = 'md_signed'
        for share
    ) then
        raise exception 'chart_signed: entries of a signed chart cannot change' using errcode = 'CT002';
    end if;
    return new;
end
$$;
create trigger chart_entries_signed_immutable before insert or update or delete on chart_entries
    for each row execute function reject_signed_chart_entry_change();

-- A photo's original never changes, photos are never deleted (only marked so), and nothing about
-- the photos or overlays of a signed chart changes: they are part of what was signed.
create function reject_photo_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'append_only: photos are never deleted' using errcode = 'CT001';
    end if;
    if tg_op = 'UPDATE' and (new.object_key <> old.object_key or new.sha256 <> old.sha256
        or new.byte_size <> old.byte_size or new.content_type <> old.content_type
        or new.patient_id <> old.patient_id) then
        raise exception 'append_only: a photo''s original never changes' using errcode = 'CT001';
    end if;
    if exists (
        select 1 from charts
        where id in (new.chart_id, case when tg_op = 'UPDATE' then old.chart_id end) and status = 'md_signed'
        for share
    ) then
        raise exception 'chart_signed: photos of a signed chart cannot change' using errcode = 'CT002';
    end if;
    return new;
end
$$;
create trigger photos_guarded before insert or update or delete on photos
    for each row execute function reject_photo_change();

create function reject_signed_chart_annotation() returns trigger language plpgsql as $$
begin
    if exists (
        select 1 from photos p join charts c on c.id = p.chart_id
        where p.id = new.photo_id and c.status = 'md_signed'
        for share of c
    ) then
        raise exception 'chart_signed: overlays of a signed chart''s photos cannot change' using errcode = 'CT002';
    end if;
    return new;
end
$$;
create trigger photo_annotations_signed before insert on photo_annotations
    for each row execute function reject_signed_chart_annotation();
