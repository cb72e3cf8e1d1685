"""The knowledge base in a real browser: search in Chinese from the KB page, suggestions while typing a new ticket,
and on the ticket page a canned reply inserted with its placeholders filled and "solved by this article".
Screenshots under var/screenshots/."""

import pytest
from playwright.sync_api import expect

from apps.service.defaults import install_defaults
from apps.service.models import Article, SLAPolicy, TicketCategory
from core import calendars
from core.testing import personas
from core.testing.browser import log_in, screenshot

from .factories import make_customer, make_ticket
from .kb_factories import make_article, make_reply

pytestmark = pytest.mark.browser
OFFICE = [["09:00", "12:00"], ["13:30", "18:00"]]


@pytest.fixture
def knowledge_base(live_server):
    """What a flushed database lacks (calendar, categories, SLA policies) and a small knowledge base."""
    if not calendars.list_calendars().filter(is_default=True).exists():
        calendars.create_calendar(actor=None, name="办公时间", is_default=True,
                                  weekly_hours=dict.fromkeys(("mon", "tue", "wed", "thu", "fri"), OFFICE))
    install_defaults(TicketCategory, SLAPolicy)
    articles = {
        "jam": make_article("写真机、喷绘机打印时卡纸（卡布）的处理方法", keywords="卡纸,卡布,进纸",
                            product_name="大幅面写真机 1.8米",
                            body="1. 按暂停键并抬起压杆。\n2. 从出纸方向抽出卡住的介质。\n3. 重新装纸并测量介质宽度。"),
        "head": make_article("喷头堵塞、断线的清洗步骤", keywords="喷头堵塞,断线",
                             body="执行标准清洗两次；介质卡纸撞头后也要检查喷头。"),
        "driver": make_article("打印机驱动安装与USB无法识别", keywords="驱动安装,driver",
                               body="Download the driver package and run it as administrator."),
    }
    make_reply("受理确认", body="{customer_name}您好，您的工单{ticket_number}已受理，客服{agent_name}。")
    return articles


def test_search_the_knowledge_base_in_chinese(page, live_server, knowledge_base):
    log_in(page, live_server.url, personas.CS_AGENT, next_path="/service/kb/")
    expect(page.locator("#kb-list [data-article]")).to_have_count(3)

    page.fill("#kb-search", "卡纸")  # two characters: below the trigram size, still found
    expect(page.locator("#kb-list [data-article]")).to_have_count(2)
    expect(page.locator("#kb-list .kb-title").first).to_have_text("写真机、喷绘机打印时卡纸（卡布）的处理方法")
    assert "q=%E5%8D%A1%E7%BA%B8" in page.url  # the search is in the address, shareable
    screenshot(page, "kb-search-chinese")

    page.fill("#kb-search", "driver")
    expect(page.locator("#kb-list [data-article]")).to_have_count(1)
    expect(page.locator("#kb-list")).to_contain_text("打印机驱动安装与USB无法识别")

    page.fill("#kb-search", "没有这个词")
    expect(page.locator("#kb-results .mc-empty")).to_be_visible()

    page.fill("#kb-search", "卡纸")
    page.locator("#kb-list .kb-title").first.click()
    expect(page.locator("#article-title")).to_have_text("写真机、喷绘机打印时卡纸（卡布）的处理方法")
    expect(page.locator("#article-body")).to_contain_text("抽出卡住的介质")


def test_suggestions_while_typing_a_new_ticket(page, live_server, knowledge_base):
    log_in(page, live_server.url, personas.CS_AGENT, next_path="/service/new/")
    page.fill("#id_phone", "13900001234")
    page.locator("#id_subject").press_sequentially("写真机打印时频繁卡纸", delay=20)
    suggestions = page.locator("#kb-suggestion-list")
    expect(suggestions).to_be_visible()
    expect(suggestions.locator("[data-article]").first).to_contain_text("卡纸（卡布）的处理方法")
    page.fill("#id_description", "另外喷头断线，打印有白线")  # the description adds its own suggestions
    expect(suggestions).to_contain_text("喷头堵塞、断线的清洗步骤")
    screenshot(page, "kb-new-ticket-suggestions")


def test_insert_a_canned_reply_and_record_the_solving_article(page, live_server, knowledge_base):
    customer = make_customer(name="北京彩印广告有限公司", phone="13810086001")
    ticket = make_ticket(subject="写真机频繁卡纸", customer=customer, assign_to_me=True)
    log_in(page, live_server.url, personas.CS_AGENT, next_path=f"/service/tickets/{ticket.pk}/")

    panel = page.locator("#kb-panel")
    jam = knowledge_base["jam"]
    expect(panel.locator(f'[data-article="{jam.pk}"]')).to_be_visible()
    page.click("#kb-canned-insert")
    expect(page.locator("#reply-form textarea[name=body]")).to_have_value(
        f"北京彩印广告有限公司您好，您的工单{ticket.number}已受理，客服蒋敏。")

    panel.locator(f'[data-solved-by="{jam.pk}"]').click()
    expect(page.locator("#kb-notice")).to_be_visible()
    expect(page.locator("#kb-solved")).to_contain_text("卡纸（卡布）的处理方法")
    screenshot(page, "kb-ticket-panel")
    assert Article.objects.get(pk=jam.pk).solved_count == 1

    page.fill("#kb-panel-search", "driver")
    expect(page.locator("#kb-panel-list")).to_contain_text("打印机驱动安装与USB无法识别")
