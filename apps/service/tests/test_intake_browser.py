"""The public support pages in a real browser on a phone-sized screen: send a repair request (too quick at first,
then accepted) → the confirmation shows the ticket number → after the desk replies, the status page shows the reply
for the number and the phone's last four digits, never the internal note. Screenshots under var/screenshots/."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.service import services
from apps.service.choices import MessageKind, TicketChannel
from apps.service.defaults import install_defaults
from apps.service.models import SLAPolicy, Ticket, TicketCategory
from core import calendars, rules
from core.testing.browser import PHONE, screenshot
from core.testing.helpers import user

pytestmark = pytest.mark.browser
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]


def human_threshold(seconds: int) -> None:
    rules.set_value(actor=user("system_admin"), key="service.web_form_min_seconds", new_value=seconds,
                    effective_from=timezone.localdate())


@pytest.fixture
def support_desk(live_server):
    """What a flushed database lacks: the calendars and the shipped policies; a human threshold no test (however
    slow its machine) reaches while filling the form."""
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    human_threshold(120)
    return live_server


def fill_request(page, photo):
    page.click("label[for=id_kind_3]")  # repair request
    page.fill("#id_caller_name", "刘先生")
    page.fill("#id_phone", "139 1234 5678")
    page.fill("#id_email", "liu@example.cn")
    page.fill("#id_product", "激光打印机")
    page.fill("#id_model_no", "HC-D800")
    page.fill("#id_serial_no", "SN20261125")
    page.fill("#id_subject", "打印机频繁卡纸")
    page.fill("#id_description", "每打印十页左右就卡纸一次，已清理过纸道。")
    page.set_input_files("#id_attachment", str(photo))


def test_send_a_request_then_check_its_status_on_a_phone(new_page, support_desk, tmp_path):
    photo = tmp_path / "卡纸.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n fake image")
    page = new_page(viewport=PHONE)
    page.goto(f"{support_desk.url}/support/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    fill_request(page, photo)
    screenshot(page, "support-form-phone")

    # sent at once: a robot's speed is refused with a clear message, the entries stay
    page.click("#support-submit")
    expect(page.locator("#support-form-errors")).to_be_visible()
    expect(page.locator("#id_subject")).to_have_value("打印机频繁卡纸")
    screenshot(page, "support-form-too-fast")

    # a person's pace is accepted: the confirmation shows the ticket number
    human_threshold(1)
    page.set_input_files("#id_attachment", str(photo))
    page.wait_for_timeout(1100)
    page.click("#support-submit")
    number = page.locator("#ticket-number")
    expect(number).to_have_text(re.compile(r"T\d{13}"))
    screenshot(page, "support-thanks-phone")
    ticket = Ticket.objects.get(number=number.inner_text())
    assert ticket.channel == TicketChannel.WEB_FORM and ticket.attachments.count() == 1
    assert (ticket.subject, ticket.phone, ticket.email) == ("打印机频繁卡纸", "+8613912345678", "liu@example.cn")

    # the desk answers the customer and writes an internal note
    agent = user("cs_manager")
    services.add_message(actor=agent, ticket=ticket, body="您好，工程师将于明天上午上门更换搓纸轮。")
    services.add_message(actor=agent, ticket=ticket, body="内部备注：客户曾两次投诉", kind=MessageKind.NOTE)

    # a wrong phone reads "not found"; the right pair shows the status and the reply only
    page.click("#to-status")
    page.fill("#id_number", ticket.number)
    page.fill("#id_phone", "0000")
    page.click("#status-submit")
    expect(page.locator("#status-not-found")).to_be_visible()
    expect(page.locator("#status-result")).to_have_count(0)
    page.fill("#id_phone", "5678")
    page.click("#status-submit")
    expect(page.locator("#status-number")).to_have_text(ticket.number)
    expect(page.locator("#status-replies")).to_contain_text("工程师将于明天上午上门更换搓纸轮")
    expect(page.locator("body")).not_to_contain_text("内部备注")
    expect(page.locator("#status-not-found")).to_have_count(0)
    screenshot(page, "support-status-phone")


def test_the_form_on_a_desktop_screen(page, support_desk):
    page.goto(f"{support_desk.url}/support/")
    expect(page.locator("#support-form")).to_be_visible()
    screenshot(page, "support-form-desktop")
