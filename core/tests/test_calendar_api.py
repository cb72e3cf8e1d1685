"""Calendar API: calendars and official days (anonymous / no permission / permitted / bad input), the day list and
the add-working-time calculator."""

import pytest

from core.models import CalendarExtraDay, OfficialDay, WorkCalendar
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries

pytestmark = pytest.mark.django_db

OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]
NEW_CALENDAR = {
    "name": "售后服务", "timezone": "Asia/Shanghai", "follows_china_calendar": True,
    "weekly_hours": {"mon": OFFICE, "tue": OFFICE, "wed": OFFICE, "thu": OFFICE, "fri": OFFICE,
                     "sat": [["09:00", "12:00"]]},
    "extra_days": [{"date": "2025-03-07", "is_working_day": False, "name": "公司年会"}],
}


def calendar_id(name: str) -> int:
    return WorkCalendar.objects.get(name=name).pk


# -- calendars ---------------------------------------------------------------------------------------------------

def test_anonymous_calendar_list_is_401_with_the_error_body():
    response = api_as(None).get("/api/v1/calendars/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_partner_user_without_the_view_permission_gets_403():
    assert api_as(p.PARTNER_A_USER).get("/api/v1/calendars/").status_code == 403


def test_staff_list_the_three_seeded_calendars_default_first_without_n_plus_one():
    CalendarExtraDay.objects.create(calendar_id=calendar_id("7×24"), date="2025-03-07", is_working_day=False,
                                    name="停机维护")
    client = api_as(p.NORTH_REP)
    with max_queries(5):
        response = client.get("/api/v1/calendars/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {c["name"] for c in results} >= {"办公时间", "客服热线", "7×24"}
    office = results[0]
    assert office["name"] == "办公时间"
    assert office["is_default"] and office["follows_china_calendar"]
    assert office["weekly_hours"]["mon"] == OFFICE and office["weekly_hours"]["sun"] == []
    assert set(office) == {"id", "name", "timezone", "weekly_hours", "follows_china_calendar", "extra_days",
                           "is_default"}


def test_sales_rep_cannot_create_a_calendar():
    response = api_as(p.NORTH_REP).post("/api/v1/calendars/", NEW_CALENDAR, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_system_admin_creates_a_calendar_with_extra_days_and_completed_weekdays():
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/calendars/", NEW_CALENDAR, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["weekly_hours"]["sat"] == [["09:00", "12:00"]] and body["weekly_hours"]["sun"] == []
    assert body["extra_days"] == [{"date": "2025-03-07", "is_working_day": False, "name": "公司年会"}]
    assert body["is_default"] is False


@pytest.mark.parametrize(("change", "field"), [
    ({"weekly_hours": {"mon": [["09:00", "12:00"], ["11:00", "18:00"]]}}, "weekly_hours"),
    ({"weekly_hours": {"mon": [["18:00", "09:00"]]}}, "weekly_hours"),
    ({"weekly_hours": {"monday": OFFICE}}, "weekly_hours"),
    ({"weekly_hours": {"mon": [["9am", "noon"]]}}, "weekly_hours"),
    ({"weekly_hours": {"mon": "09:00-12:00"}}, "weekly_hours"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"name": "办公时间"}, "name"),
    ({"extra_days": [{"date": "2025-03-07", "is_working_day": False}] * 2}, "extra_days"),
    ({"extra_days": [{"date": "not-a-date", "is_working_day": False}]}, "extra_days"),
])
def test_bad_calendar_input_is_400_with_field_errors(change, field):
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/calendars/", {**NEW_CALENDAR, **change}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"]


def test_patch_replaces_the_extra_days_list():
    pk = api_as(p.SYSTEM_ADMIN).post("/api/v1/calendars/", NEW_CALENDAR, format="json").json()["id"]
    days = [{"date": "2025-04-30", "is_working_day": False, "name": "公司假"}]
    response = api_as(p.CS_MANAGER).patch(f"/api/v1/calendars/{pk}/", {"extra_days": days}, format="json")
    assert response.status_code == 200
    assert response.json()["extra_days"] == days
    assert response.json()["name"] == "售后服务"


def test_making_a_calendar_default_moves_the_flag_and_the_default_cannot_be_deleted():
    client = api_as(p.SYSTEM_ADMIN)
    hotline = calendar_id("客服热线")
    assert client.patch(f"/api/v1/calendars/{hotline}/", {"is_default": True}, format="json").status_code == 200
    assert list(WorkCalendar.objects.filter(is_default=True).values_list("name", flat=True)) == ["客服热线"]
    response = client.delete(f"/api/v1/calendars/{hotline}/")
    assert response.status_code == 400
    assert response.json()["fields"]["non_field_errors"]


def test_unsetting_the_default_flag_is_refused():
    response = api_as(p.SYSTEM_ADMIN).patch(f"/api/v1/calendars/{calendar_id('办公时间')}/", {"is_default": False},
                                            format="json")
    assert response.status_code == 400
    assert "is_default" in response.json()["fields"]


def test_a_non_default_calendar_can_be_deleted_by_an_admin_but_not_by_a_sales_rep():
    pk = calendar_id("7×24")
    assert api_as(p.NORTH_REP).delete(f"/api/v1/calendars/{pk}/").status_code == 403
    assert api_as(p.SYSTEM_ADMIN).delete(f"/api/v1/calendars/{pk}/").status_code == 204
    assert not WorkCalendar.objects.filter(pk=pk).exists()


# -- official days -----------------------------------------------------------------------------------------------

def test_official_days_are_readable_by_staff_and_writable_only_by_admins():
    assert api_as(None).get("/api/v1/official-days/").status_code == 401
    assert api_as(p.NORTH_REP).get("/api/v1/official-days/").status_code == 200
    entry = {"date": "2027-02-08", "is_working_day": False, "name": "春节"}
    assert api_as(p.NORTH_REP).post("/api/v1/official-days/", entry, format="json").status_code == 403
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/official-days/", entry, format="json")
    assert response.status_code == 201
    assert response.json() | {"id": 0} == {**entry, "id": 0}


def test_official_day_for_a_date_already_entered_is_400():
    OfficialDay.objects.create(date="2027-02-08", is_working_day=False, name="春节")
    response = api_as(p.SYSTEM_ADMIN).post("/api/v1/official-days/",
                                           {"date": "2027-02-08", "is_working_day": True, "name": "x"}, format="json")
    assert response.status_code == 400
    assert "date" in response.json()["fields"]


def test_admin_updates_and_deletes_an_official_day():
    day = OfficialDay.objects.create(date="2027-02-08", is_working_day=False, name="春节")
    client = api_as(p.SYSTEM_ADMIN)
    response = client.patch(f"/api/v1/official-days/{day.pk}/", {"name": "春节假期"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "春节假期"
    assert client.delete(f"/api/v1/official-days/{day.pk}/").status_code == 204


# -- day list ----------------------------------------------------------------------------------------------------

def test_days_list_gives_the_2025_spring_festival_with_names_and_adjusted_workdays():
    response = api_as(p.NORTH_REP).get("/api/v1/calendar/days/?from=2025-01-25&to=2025-02-09",
                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    days = {d["date"]: d for d in body["days"]}
    assert len(days) == 16 and body["warnings"] == []
    assert days["2025-01-26"]["is_working_day"] is True
    assert days["2025-01-26"]["reason"]["code"] == "adjusted_workday"
    assert days["2025-01-29"]["reason"] == {"code": "statutory_holiday", "label": "Statutory holiday",
                                            "name": "Spring Festival"}
    assert days["2025-02-05"]["reason"]["code"] == "workday"


def test_days_list_for_2027_warns_and_uses_official_days():
    OfficialDay.objects.create(date="2027-02-08", is_working_day=False, name="春节")
    body = api_as(p.NORTH_REP).get("/api/v1/calendar/days/?from=2027-02-01&to=2027-02-10").json()
    assert len(body["warnings"]) == 1
    day = next(d for d in body["days"] if d["date"] == "2027-02-08")
    assert day["is_working_day"] is False and day["reason"]["code"] == "official_holiday"


def test_days_list_for_another_calendar_ignores_holidays():
    body = api_as(p.NORTH_REP).get(
        f"/api/v1/calendar/days/?from=2025-01-29&to=2025-01-29&calendar={calendar_id('客服热线')}").json()
    assert body["days"][0]["is_working_day"] is True


@pytest.mark.parametrize(("query", "field"), [
    ("to=2025-01-31", "from"),
    ("from=2025-13-01&to=2025-12-31", "from"),
    ("from=2025-02-01&to=2025-01-01", "to"),
    ("from=2025-01-01&to=2026-01-02", "to"),
    ("from=2025-01-01&to=2025-01-02&calendar=999999", "calendar"),
    ("from=2025-01-01&to=2025-01-02&calendar=abc", "calendar"),
])
def test_bad_day_range_is_400_with_field_errors(query, field):
    response = api_as(p.NORTH_REP).get(f"/api/v1/calendar/days/?{query}")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_days_list_needs_authentication_and_the_view_permission():
    assert api_as(None).get("/api/v1/calendar/days/?from=2025-01-01&to=2025-01-02").status_code == 401
    assert api_as(p.PARTNER_A_USER).get("/api/v1/calendar/days/?from=2025-01-01&to=2025-01-02").status_code == 403


# -- add working time ------------------------------------------------------------------------------------------

def test_adding_three_working_days_across_the_2025_spring_festival():
    response = api_as(p.CS_AGENT).get("/api/v1/calendar/add-working-time/",
                                      {"start": "2025-01-24T10:00:00+08:00", "days": 3})
    assert response.status_code == 200
    assert response.json() == {"start": "2025-01-24T10:00:00+08:00", "result": "2025-02-05T10:00:00+08:00",
                               "calendar": calendar_id("办公时间"), "warnings": []}


def test_adding_hours_and_minutes_counts_open_time_and_accepts_an_unencoded_plus():
    response = api_as(p.CS_AGENT).get(
        "/api/v1/calendar/add-working-time/?start=2025-03-03T11:00:00+08:00&hours=1&minutes=30")
    assert response.status_code == 200
    assert response.json()["result"] == "2025-03-03T14:00:00+08:00"


def test_adding_hours_on_the_7x24_calendar_runs_through_holidays():
    response = api_as(p.CS_AGENT).get("/api/v1/calendar/add-working-time/", {
        "start": "2025-01-28T23:00:00Z", "hours": 2, "calendar": calendar_id("7×24")})
    assert response.json()["result"] == "2025-01-29T09:00:00+08:00"


@pytest.mark.parametrize(("params", "field"), [
    ({"start": "2025-03-03T11:00:00+08:00"}, "days"),
    ({"start": "2025-03-03T11:00:00+08:00", "days": 1, "hours": 2}, "days"),
    ({"start": "yesterday", "days": 1}, "start"),
    ({"days": 1}, "start"),
    ({"start": "2025-03-03T11:00:00+08:00", "days": -1}, "days"),
    ({"start": "2025-03-03T11:00:00+08:00", "hours": "lots"}, "hours"),
    ({"start": "9999-12-31T11:00:00+08:00", "days": 5}, "start"),
])
def test_bad_add_working_time_input_is_400_with_field_errors(params, field):
    response = api_as(p.CS_AGENT).get("/api/v1/calendar/add-working-time/", params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_schema_lists_the_calculator_query_parameters():
    schema = api_as(p.SYSTEM_ADMIN).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    days = {param["name"] for param in schema["paths"]["/api/v1/calendar/days/"]["get"]["parameters"]}
    add = {param["name"] for param in schema["paths"]["/api/v1/calendar/add-working-time/"]["get"]["parameters"]}
    assert days == {"from", "to", "calendar"}
    assert add == {"start", "days", "hours", "minutes", "calendar"}
