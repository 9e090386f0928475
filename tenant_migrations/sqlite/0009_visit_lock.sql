-- A submitted chart shows its visit as it was when submitted: the time, the service and the
-- provider's name are copied onto the chart then (and cleared if it is returned to draft), so
-- renaming a service or a staff member later leaves the signed record as it was. The visit
-- itself is held still too: once its chart is submitted, an appointment's time, provider,
-- service and patient cannot change, and it cannot be cancelled or marked a no-show.

alter table charts add column submitted_visit_at text;
alter table charts add column submitted_service_id blob references services (id);
alter table charts add column submitted_service_name text;
alter table charts add column submitted_provider_name text;

-- Charts submitted before this migration get what they show today.
drop trigger charts_signed_no_update;
update charts set
    submitted_visit_at = (select a.starts_at from appointments a where a.id = charts.appointment_id),
    submitted_service_id = (select a.service_id from appointments a where a.id = charts.appointment_id),
    submitted_service_name = (
        select s.name from appointments a join services s on s.id = a.service_id
        where a.id = charts.appointment_id
    ),
    submitted_provider_name = (select u.display_name from staff_users u where u.id = charts.provider_id)
where status <> 'draft';
create trigger charts_signed_no_update before update on charts when old.status = 'md_signed'
begin select raise(abort, 'chart_signed: a signed chart cannot change'); end;

create trigger appointments_visit_locked
before update of starts_at, ends_at, provider_id, service_id, patient_id, status on appointments
when (new.starts_at is not old.starts_at or new.ends_at is not old.ends_at
        or new.provider_id is not old.provider_id or new.service_id is not old.service_id
        or new.patient_id is not old.patient_id
        or (new.status in ('cancelled', 'no_show') and new.status is not old.status))
    and exists (
        select 1 from charts where appointment_id = old.id and status <> 'draft' and deleted_at is null
    )
begin select raise(abort, 'visit_locked: the visit of a submitted chart cannot change'); end;
