"""Drives a running Contour server through a Python client generated from the committed spec.

Every call goes through the generated models: an answer the spec does not describe (a null it
does not allow, a field it does not know, a missing one) fails here, as it would for an
integrator. Run by scripts/client-test, which generates the client, starts the server with the
demo clinic and passes:

  CONTOUR_CLIENT_DIR  the folder holding the generated `contour_api_client` package
  CONTOUR_BASE_URL    http://127.0.0.1:PORT/api/v1
  CONTOUR_HOST        the clinic's host, e.g. glow.localhost:PORT
  CONTOUR_EMAIL / CONTOUR_PASSWORD   the demo owner's sign-in
"""

import datetime
import importlib
import os
import pkgutil
import sys
import uuid

import attrs

sys.path.insert(0, os.environ["CONTOUR_CLIENT_DIR"])

from contour_api_client import AuthenticatedClient, Client  # noqa: E402
from contour_api_client import api as api_package  # noqa: E402
from contour_api_client.api.api_tokens import api_tokens_create  # noqa: E402
from contour_api_client.api.appointments import appointments_create, appointments_get  # noqa: E402
from contour_api_client.api.auth import auth_login  # noqa: E402
from contour_api_client.api.calendar import calendar_availability, calendar_range  # noqa: E402
from contour_api_client.api.charts import (  # noqa: E402
    charts_add_entry,
    charts_get,
    charts_open_for_appointment,
)
from contour_api_client.api.patients import (  # noqa: E402
    patients_create,
    patients_get,
    patients_list,
    patients_timeline,
    patients_update,
)
from contour_api_client.api.products import products_list  # noqa: E402
from contour_api_client.api.settings import providers_list, services_list  # noqa: E402
from contour_api_client.models import (  # noqa: E402
    ApiTokenIn,
    AppointmentIn,
    EntryIn,
    LoginIn,
    PatientIn,
    PatientPatchIn,
    Problem,
    Role,
    Sex,
)
from contour_api_client.types import UNSET, Response  # noqa: E402

BASE_URL = os.environ["CONTOUR_BASE_URL"]
HOST = os.environ["CONTOUR_HOST"]
calls = 0


def strict(value, where="answer"):
    """Fails if a generated model kept fields the spec does not describe."""
    if attrs.has(type(value)):
        declared = [f for f in attrs.fields(type(value)) if f.name != "additional_properties"]
        extra = getattr(value, "additional_properties", {})
        if declared and extra:
            raise AssertionError(f"{where}: {type(value).__name__} has undescribed fields {sorted(extra)}")
        for f in declared:
            strict(getattr(value, f.name), f"{where}.{f.name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            strict(item, f"{where}[{i}]")


def ok(response: Response, model, what: str):
    """The parsed answer, checked to be a 2xx of the expected model."""
    global calls
    calls += 1
    if not 200 <= response.status_code < 300:
        raise AssertionError(f"{what}: {response.status_code} {response.content[:300]!r}")
    parsed = response.parsed
    if model is list:
        assert isinstance(parsed, list), f"{what}: not a list: {parsed!r}"
    elif model is not None:
        assert isinstance(parsed, model), f"{what}: parsed {type(parsed).__name__}, not {model.__name__}"
    strict(parsed, what)
    return parsed


def api_token() -> str:
    """Signs in as the owner and makes an API token, as an integrator would set one up."""
    with Client(base_url=BASE_URL, headers={"Host": HOST}, raise_on_unexpected_status=True) as anonymous:
        login = auth_login.sync_detailed(
            client=anonymous,
            body=LoginIn(email=os.environ["CONTOUR_EMAIL"], password=os.environ["CONTOUR_PASSWORD"]),
        )
        session = ok(login, None, "auth.login")
        cookie = login.headers["set-cookie"].split(";", 1)[0]
        name, value = cookie.split("=", 1)
    with Client(
        base_url=BASE_URL,
        headers={"Host": HOST, "X-CSRF-Token": session.csrf_token},
        cookies={name: value},
        raise_on_unexpected_status=True,
    ) as signed_in:
        created = api_tokens_create.sync_detailed(
            client=signed_in, body=ApiTokenIn(name=f"Client test {uuid.uuid4().hex[:6]}", role=Role.OWNER)
        )
        return ok(created, None, "api_tokens.create").secret


def every_parameterless_get(client: AuthenticatedClient):
    """Calls every GET that needs no parameters; each answer must parse."""
    for module_info in pkgutil.walk_packages(api_package.__path__, api_package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        kwargs = getattr(module, "_get_kwargs", None)
        if kwargs is None or "platform" in module_info.name:
            continue
        try:
            request = kwargs()
        except TypeError:
            continue  # it needs parameters
        if request["method"] != "get":
            continue
        response = module.sync_detailed(client=client)
        parsed = response.parsed
        if isinstance(parsed, Problem) and parsed.code == "forbidden":
            continue  # the owner's role doesn't hold it (the sign-off queue); the problem parsed
        ok(response, None, module_info.name)


def main():
    secret = api_token()
    client = AuthenticatedClient(
        base_url=BASE_URL, token=secret, headers={"Host": HOST}, raise_on_unexpected_status=True
    )
    every_parameterless_get(client)

    # A new patient, then an edit that clears and sets fields.
    created = patients_create.sync_detailed(
        client=client,
        body=PatientIn(
            first_name="Quill",
            last_name=f"Testerly-{uuid.uuid4().hex[:6]}",
            email="quill.testerly@example.test",
            phone="(555) 010-4242",
            sex=Sex.FEMALE,
            date_of_birth=datetime.date(1990, 4, 2),
        ),
    )
    patient = ok(created, None, "patients.create")
    edited = patients_update.sync_detailed(
        id=patient.id,
        client=client,
        body=PatientPatchIn(preferred_name="Q", sex=None, date_of_birth=None, pronouns="she/her"),
    )
    edited = ok(edited, None, "patients.update")
    assert edited.preferred_name == "Q" and edited.sex is UNSET and edited.date_of_birth is UNSET, edited
    found = ok(patients_list.sync_detailed(client=client, q=patient.last_name), None, "patients.list")
    assert any(p.id == patient.id for p in found.items), "search finds the new patient"
    ok(patients_get.sync_detailed(id=patient.id, client=client), None, "patients.get")

    # Book the first free time for an injectable service, then read the calendar around it.
    services = ok(services_list.sync_detailed(client=client), list, "services.list")
    providers = ok(providers_list.sync_detailed(client=client), list, "providers.list")
    service = next(s for s in services if s.chart_kind.value == "injectables" and not s.archived)
    today = datetime.date.today()
    free = ok(
        calendar_availability.sync_detailed(
            client=client, service_id=service.id, from_=today + datetime.timedelta(days=1),
            to=today + datetime.timedelta(days=14),
        ),
        None,
        "calendar.availability",
    )
    assert free.slots, "the demo clinic has free times in the next two weeks"
    slot = free.slots[0]
    option = slot.options[0]
    booked = appointments_create.sync_detailed(
        client=client,
        body=AppointmentIn(
            patient_id=patient.id, provider_id=option.provider_id, service_id=service.id, starts_at=slot.starts_at,
            room_id=option.room_id,
        ),
        idempotency_key=f"client-test-{uuid.uuid4()}",
    )
    appointment = ok(booked, None, "appointments.create").appointment
    ok(appointments_get.sync_detailed(id=appointment.id, client=client), None, "appointments.get")
    week = ok(
        calendar_range.sync_detailed(
            client=client, from_=slot.starts_at - datetime.timedelta(days=3),
            to=slot.starts_at + datetime.timedelta(days=4),
        ),
        None,
        "calendar.range",
    )
    assert any(a.id == appointment.id for a in week.appointments), "the booking is on the calendar"
    assert providers, "the demo clinic has providers"

    # Open the visit's chart and chart an injection with an unexpired lot.
    opened = ok(
        charts_open_for_appointment.sync_detailed(id=appointment.id, client=client), None, "charts.open_for_appointment"
    )
    products = ok(products_list.sync_detailed(client=client), list, "products.list")
    product, lot = next((p, lot) for p in products for lot in p.lots if not lot.expired and not lot.archived and not p.archived)
    entry = charts_add_entry.sync_detailed(
        id=opened.chart_id,
        client=client,
        body=EntryIn(area="Glabella", product_id=product.id, lot_id=lot.id, dose="20", injection_points=5),
    )
    ok(entry, None, "charts.add_entry")
    chart = ok(charts_get.sync_detailed(id=opened.chart_id, client=client), None, "charts.get")
    assert len(chart.entries) == 1 and chart.entries[0].lot_number == lot.lot_number, chart.entries

    timeline = ok(patients_timeline.sync_detailed(id=patient.id, client=client), None, "patients.timeline")
    kinds = {type(e).__name__ for e in timeline.entries}
    assert {"TimelineEntryTimelineAppointment", "TimelineEntryTimelineChart"} <= kinds, kinds

    print(f"generated client: {calls} calls, every answer parsed into the generated models")


if __name__ == "__main__":
    main()
