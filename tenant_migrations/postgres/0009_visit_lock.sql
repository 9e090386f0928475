-- A submitted chart shows its visit as it was when submitted: the time, the service and the
-- provider's name are copied onto the chart then (and cleared if it is returned to draft), so
-- renaming a service or a staff member later leaves the signed record as it was. The visit
-- itself is held still too: once its chart is submitted, an appointment's time, provider,
-- service and patient cannot change, and it cannot be cancelled or marked a no-show.

alter table charts add column submitted_visit_at timestamptz;
alter table charts add column submitted_service_id uuid references services (id);
alter table charts add column submitted_service_name text;
alter table charts add column submitted_provider_name text;

-- Charts submitted before this migration get what they show today.
alter table charts disable trigger charts_signed_immutable;
update charts c set
    submitted_visit_at = a.starts_at,
    submitted_service_id = a.service_id,
    submitted_service_name = s.name,
    submitted_provider_name = u.display_name
from staff_users u, appointments a, services s
where c.status <> 'draft' and u.id = c.provider_id and a.id = c.appointment_id and s.id = a.service_id;
update charts c set submitted_provider_name = u.display_name
from staff_users u
where c.status <> 'draft' and c.appointment_id is null and u.id = c.provider_id;
alter table charts enable trigger charts_signed_immutable;

create function reject_locked_visit_change() returns trigger language plpgsql as $$
begin
    if (new.starts_at, new.ends_at, new.provider_id, new.service_id, new.patient_id)
            is distinct from (old.starts_at, old.ends_at, old.provider_id, old.service_id, old.patient_id)
        or (new.status in ('cancelled', 'no_show') and new.status is distinct from old.status) then
        if exists (
            select 1 from charts
            where appointment_id = old.id and status <> 'draft' and deleted_at is null
            for share
        ) then
            raise exception 'visit_locked: the visit of a submitted chart cannot change'
                using errcode = 'CT003';
        end if;
    end if;
    return new;
end
$$;
create trigger appointments_visit_locked before update on appointments
    for each row execute function reject_locked_visit_change();
