"""The working-calendar page: month grid for viewers, edit controls for admins, the HTMX grid partial, and the
edit forms for calendars, company days and official days."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from core.models import CalendarExtraDay, OfficialDay, WorkCalendar
from core.testing import personas as p
from core.testing.helpers import user

pytestmark = pytest.mark.django_db


def client_as(username: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if username is not None:
        client.force_login(user(username))
    return client


def office() -> WorkCalendar:
    return WorkCalendar.objects.get(name="办公时间")


def cell(html: str, date: str) -> str:
    """The opening <td> tag of one date in the grid."""
    return re.search(rf'<td [^>]*data-date="{date}"[^>]*>', html).group(0)


# -- viewing -----------------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_the_login_page():
    response = client_as(None).get("/calendar/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_partner_user_without_the_view_permission_gets_403():
    assert client_as(p.PARTNER_A_USER).get("/calendar/").status_code == 403


def test_viewer_sees_the_month_grid_with_holidays_and_adjusted_workdays_but_no_edit_controls():
    response = client_as(p.NORTH_REP).get("/calendar/?month=2025-01")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-nav="calendar"' in html
    assert 'data-reason="statutory_holiday"' in cell(html, "2025-01-29")
    assert 'data-working="0"' in cell(html, "2025-01-29")
    assert 'data-reason="adjusted_workday"' in cell(html, "2025-01-26")
    assert "Spring Festival" in html
    assert "calendar-edit" not in html
    assert "calendar-new" not in html
    assert "official-day-form" not in html


def test_today_is_highlighted_in_the_current_month():
    html = client_as(p.NORTH_REP).get("/calendar/").content.decode()
    today = timezone.localdate().isoformat()
    assert 'aria-current="date"' in cell(html, today)


def test_admin_sees_edit_controls_and_the_official_day_form():
    html = client_as(p.SYSTEM_ADMIN).get("/calendar/").content.decode()
    assert "calendar-edit" in html
    assert "calendar-new" in html
    assert "official-day-form" in html


def test_htmx_request_returns_only_the_grid():
    response = client_as(p.NORTH_REP).get("/calendar/?month=2025-10", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "data-calendar=" not in html
    assert 'data-reason="statutory_holiday"' in cell(html, "2025-10-01")
    assert 'id="calendar-month" name="month" value="2025-10"' in html


def test_grid_of_another_calendar_shows_holidays_as_open():
    hotline = WorkCalendar.objects.get(name="客服热线")
    html = client_as(p.NORTH_REP).get(f"/calendar/?month=2025-10&calendar={hotline.pk}",
                                      HTTP_HX_REQUEST="true").content.decode()
    assert 'data-working="1"' in cell(html, "2025-10-01")


def test_a_month_the_holiday_library_lacks_shows_a_warning_banner():
    html = client_as(p.NORTH_REP).get("/calendar/?month=2027-02", HTTP_HX_REQUEST="true").content.decode()
    assert "alert-warning" in html and "2027" in html


def test_a_bad_month_parameter_falls_back_to_the_current_month():
    response = client_as(p.NORTH_REP).get("/calendar/?month=2025-99")
    assert response.status_code == 200
    assert timezone.localdate().strftime("%Y-%m") in response.content.decode()


# -- editing -----------------------------------------------------------------------------------------------------

def form_data(**changes) -> dict:
    data = {"name": "办公时间", "timezone": "Asia/Shanghai", "follows_china_calendar": "on", "is_default": "on",
            **dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), "9:00-12:00, 13:30-18:00"), "sat": "", "sun": ""}
    return {**data, **changes}


def test_viewer_cannot_open_the_edit_form():
    assert client_as(p.NORTH_REP).get(f"/calendar/{office().pk}/").status_code == 403


def test_admin_saves_hours_typed_as_text():
    response = client_as(p.SYSTEM_ADMIN).post(f"/calendar/{office().pk}/", form_data(sat="09:00-12:00"))
    assert response.status_code == 302
    hours = office().weekly_hours
    assert hours["mon"] == [["09:00", "12:00"], ["13:30", "18:00"]]
    assert hours["sat"] == [["09:00", "12:00"]]


@pytest.mark.parametrize("mon", ["9 to 12", "09:00-12:00, 11:00-13:00", "18:00-09:00"])
def test_bad_hours_re_render_the_form_with_an_error(mon):
    response = client_as(p.SYSTEM_ADMIN).post(f"/calendar/{office().pk}/", form_data(mon=mon))
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert office().weekly_hours["mon"] == [["09:00", "12:00"], ["13:30", "18:00"]]


def test_admin_creates_a_calendar():
    response = client_as(p.CS_MANAGER).post("/calendar/new/", form_data(name="售后服务", is_default=""))
    assert response.status_code == 302
    assert WorkCalendar.objects.filter(name="售后服务", is_default=False).exists()


def test_admin_adds_and_removes_a_company_day():
    client = client_as(p.SYSTEM_ADMIN)
    pk = office().pk
    client.post(f"/calendar/{pk}/extra-days/", {"day-date": "2025-03-07", "day-is_working_day": "0",
                                                "day-name": "公司年会"})
    day = CalendarExtraDay.objects.get(calendar_id=pk, date="2025-03-07")
    assert not day.is_working_day
    assert "公司年会" in client.get(f"/calendar/{pk}/").content.decode()
    client.post(f"/calendar/{pk}/extra-days/{day.pk}/delete/")
    assert not CalendarExtraDay.objects.filter(pk=day.pk).exists()


def test_admin_adds_and_removes_an_official_day_and_a_viewer_cannot():
    entry = {"day-date": "2027-02-08", "day-is_working_day": "0", "day-name": "春节"}
    assert client_as(p.NORTH_REP).post("/calendar/official-days/", entry).status_code == 403
    client = client_as(p.SYSTEM_ADMIN)
    client.post("/calendar/official-days/", entry)
    day = OfficialDay.objects.get(date="2027-02-08")
    client.post(f"/calendar/official-days/{day.pk}/delete/")
    assert not OfficialDay.objects.exists()


def test_deleting_the_default_calendar_is_refused_with_a_message():
    response = client_as(p.SYSTEM_ADMIN).post(f"/calendar/{office().pk}/delete/", follow=True)
    assert WorkCalendar.objects.filter(pk=office().pk).exists()
    assert "alert-danger" in response.content.decode()
