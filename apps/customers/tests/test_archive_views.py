"""Customer archive pages: scope in lists, pages and exports; HTMX partials; forms; masking and audited reveals."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from apps.customers.models import Customer
from core import registry
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import english, max_queries, user, web_as

from .factories import make_customer

pytestmark = pytest.mark.django_db

@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the English labels."""
    with english(settings):
        yield



@pytest.fixture
def north():
    return make_customer(name="北京艾礼富科技有限公司", phone="13812345678", industry="印刷器材",
                         province_code="110000", city_code="110100", district_code="110105",
                         contacts=[{"name": "王建军", "phone": "13912345678"}])


def html(response) -> str:
    return response.content.decode()


# -- list --------------------------------------------------------------------------------------------------------------

def test_anonymous_is_sent_to_login_and_a_role_without_the_right_gets_403():
    response = web_as(None).get("/customers/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert web_as(p.HR).get("/customers/").status_code == 403


def test_the_list_shows_only_the_users_customers_with_masked_phones(north):
    make_customer(name="广州恒信印务器材有限公司", owner=p.SOUTH_REP)
    page = html(web_as(p.NORTH_REP).get("/customers/"))
    assert north.name in page and "广州恒信" not in page
    assert "138****5678" in page and "13812345678" not in page


def test_htmx_gets_only_the_table_filtered_by_pinyin(north):
    make_customer(name="上海博雅印务有限公司")
    response = web_as(p.DIRECTOR).get("/customers/?q=bjalf", HTTP_HX_REQUEST="true")
    page = html(response)
    assert "<table" in page and "<html" not in page
    assert north.name in page and "上海博雅" not in page


def test_the_list_sorts_by_pinyin_and_filters_by_kind():
    make_customer(name="北京鑫源印务有限公司", kind="industry")
    make_customer(name="北京博雅印务有限公司", kind="industry")
    make_customer(name="北京德信印务有限公司")
    page = html(web_as(p.DIRECTOR).get("/customers/?kind=industry&sort=name"))
    assert page.index("北京博雅") < page.index("北京鑫源") and "北京德信" not in page


def test_the_list_page_has_no_n_plus_one(north):
    for _ in range(10):
        make_customer(contacts=[{"name": "甲"}])
    client = web_as(p.DIRECTOR)
    client.get("/customers/")
    with max_queries(20):
        assert client.get("/customers/").status_code == 200


# -- customer 360 ------------------------------------------------------------------------------------------------------

def test_the_detail_page_shows_the_header_blocks_and_a_masked_phone_with_a_reveal_button(north):
    page = html(web_as(p.DIRECTOR).get(f"/customers/{north.pk}/"))
    assert north.name in page and "北京市 朝阳区" in page and "印刷器材" in page
    for block in ["Basic data", "Characteristics", "Business status", "Trade status"]:
        assert block in page
    assert "138****5678" in page and "13812345678" not in page
    assert "mc-reveal" in page


def test_a_rep_sees_no_reveal_button_and_another_rep_gets_404(north):
    assert "mc-reveal" not in html(web_as(p.NORTH_REP).get(f"/customers/{north.pk}/"))
    assert web_as(p.SOUTH_REP).get(f"/customers/{north.pk}/").status_code == 404
    assert web_as(p.SOUTH_REP).get("/customers/987654/").status_code == 404


def test_every_registered_panel_is_a_tab(north, monkeypatch, settings, tmp_path):
    (tmp_path / "orders_panel.html").write_text("<p>{{ panel_ctx.title }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    panels = registry._record_panels.setdefault("customers.customer", {})
    monkeypatch.setitem(panels, "orders", registry.RecordPanel(
        "orders", "Orders", "orders_panel.html", lambda request, record: {"title": f"订单 of {record.name}"}, 90))
    client = web_as(p.DIRECTOR)
    assert 'data-tab="orders"' in html(client.get(f"/customers/{north.pk}/"))
    response = client.get(f"/customers/{north.pk}/?tab=orders", HTTP_HX_REQUEST="true")
    assert "<html" not in html(response) and "订单 of 北京艾礼富" in html(response)


@pytest.mark.parametrize("tab, text", [("contacts", "王建军"), ("history", "mc-diff"), ("attachments", "id_file")])
def test_the_built_in_tabs(tab, text, north):
    assert text in html(web_as(p.NORTH_REP).get(f"/customers/{north.pk}/?tab={tab}"))


def test_revealing_a_phone_in_the_page_is_audited(north):
    response = web_as(p.DIRECTOR).post(f"/customers/{north.pk}/reveal-phone/", HTTP_HX_REQUEST="true")
    assert "13812345678" in html(response)
    event = AuditEvent.objects.get(action="phone_revealed")
    assert event.actor == user(p.DIRECTOR) and event.target == f"customers.customer:{north.pk}"
    contact = north.contacts.get()
    response = web_as(p.DIRECTOR).post(f"/customers/{north.pk}/reveal-phone/", {"contact": contact.pk})
    assert "13912345678" in html(response)
    assert web_as(p.NORTH_REP).post(f"/customers/{north.pk}/reveal-phone/").status_code == 403


# -- create and edit ---------------------------------------------------------------------------------------------------

FORM = {"name": "深圳宏图包装有限公司", "kind": "industry", "phone": "136 0000 1111", "contact_name": "刘洋",
        "province_code": "440000", "city_code": "440300", "district_code": "440305", "address": "科技路1号",
        "source": "trade_fair", "credit_status": "normal", "payment_score": "60", "potential_score": "50",
        "annual_purchase": "0"}


def test_create_with_the_cascading_address(north):
    client = web_as(p.NORTH_REP)
    form = html(client.get("/customers/new/"))
    assert 'name="province_code"' in form and "hx-get" in form and "广东省" in form
    response = client.post("/customers/new/", {**FORM, "owner": user(p.NORTH_REP).employee.pk})
    customer = Customer.objects.get(name=FORM["name"])
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
    assert (customer.city, customer.district, customer.region.code) == ("深圳市", "南山区", "shenzhen")
    assert customer.contacts.get().name == "刘洋"
    assert customer.owner == user(p.NORTH_REP)


def test_the_divisions_endpoint_cascades_and_drops_a_stale_choice():
    client = web_as(p.NORTH_REP)
    page = html(client.get("/customers/divisions/?province_code=440000&city_code=110100&district_code=110105"))
    assert 'id="address-fields"' in page and "深圳市" in page and "朝阳区" not in page
    page = html(client.get("/customers/divisions/?province_code=440000&city_code=440300"))
    assert "南山区" in page


def test_a_duplicate_shows_a_warning_and_can_be_saved_flagged(north):
    client = web_as(p.NORTH_REP)
    data = {**FORM, "phone": "138-1234-5678", "owner": user(p.NORTH_REP).employee.pk}
    page = html(client.post("/customers/new/", data))
    assert 'id="duplicate-warning"' in page and f"/customers/{north.pk}/" in page
    assert client.post("/customers/new/", {**data, "allow_duplicate": "on"}).status_code == 302
    assert Customer.objects.get(name=FORM["name"]).duplicate_of == north


def test_editing_keeps_a_masked_phone_and_saves_a_new_one(north):
    client = web_as(p.NORTH_REP)
    page = html(client.get(f"/customers/{north.pk}/edit/"))
    assert 'value="138****5678"' in page
    data = {**FORM, "name": "北京艾礼富科技股份有限公司", "phone": "138****5678", "province_code": "110000",
            "city_code": "110100", "district_code": "110105"}
    assert client.post(f"/customers/{north.pk}/edit/", data).status_code == 302
    north.refresh_from_db()
    assert (north.name, north.phone) == ("北京艾礼富科技股份有限公司", "+8613812345678")
    client.post(f"/customers/{north.pk}/edit/", {**data, "phone": "13800009999"})
    north.refresh_from_db()
    assert north.phone == "+8613800009999"


def test_a_partner_user_cannot_edit(north):
    assert web_as(p.PARTNER_A_USER).get("/customers/new/").status_code == 403


# -- contacts and attachments ------------------------------------------------------------------------------------------

def test_contacts_are_added_edited_and_removed(north):
    client = web_as(p.NORTH_REP)
    client.post(f"/customers/{north.pk}/contacts/", {"name": "李娜", "phone": "13700000001", "title": "采购"})
    added = north.contacts.get(name="李娜")
    client.post(f"/customers/{north.pk}/contacts/{added.pk}/", {"name": "李娜", "phone": "137****0001",
                                                                 "title": "采购经理", "is_primary": "on"})
    added.refresh_from_db()
    assert (added.title, added.phone, added.is_primary) == ("采购经理", "+8613700000001", True)
    client.post(f"/customers/{north.pk}/contacts/{added.pk}/delete/")
    assert list(north.contacts.values_list("name", flat=True)) == ["王建军"]


def test_attachments_upload_and_download_through_the_customer(north, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = web_as(p.NORTH_REP)
    upload = SimpleUploadedFile("合同.pdf", b"%PDF contract", content_type="application/pdf")
    client.post(f"/customers/{north.pk}/attachments/", {"file": upload, "kind": "合同"})
    page = html(client.get(f"/customers/{north.pk}/?tab=attachments"))
    assert "合同.pdf" in page
    attachment_id = page.split(f"/customers/{north.pk}/attachments/")[1].split("/")[0]
    url = f"/customers/{north.pk}/attachments/{attachment_id}/"
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF contract"
    assert AuditEvent.objects.filter(action="export", detail__name="合同.pdf").exists()
    assert web_as(p.SOUTH_REP).get(url).status_code == 404


# -- export ------------------------------------------------------------------------------------------------------------

def _sheet(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_export_is_audited_and_masks_phones_unless_allowed(north):
    make_customer(owner=p.SOUTH_REP, province_code="440000", city_code="440100")
    rows = _sheet(web_as(p.REGIONAL_MANAGER).get("/customers/export/?q=bjalf"))
    assert [r[1] for r in rows[1:]] == [north.name]
    assert rows[1][4] == "138****5678" and rows[1][18] == "139****5678"
    event = AuditEvent.objects.get(action="export")
    assert event.detail["rows"] == 1 and event.detail["query"] == "q=bjalf"
    director_rows = _sheet(web_as(p.DIRECTOR).get("/customers/export/"))
    assert "13812345678" in {r[4] for r in director_rows}


def test_export_needs_the_right():
    assert web_as(p.CS_AGENT).get("/customers/export/").status_code == 403


# -- composition, duplicates, hand-over --------------------------------------------------------------------------------

def test_composition_page_has_a_chart_and_a_table_per_dimension(north):
    make_customer(grade="A", annual_purchase="1200000")
    page = html(web_as(p.NORTH_REP).get("/customers/composition/"))
    for by in ["kind", "grade", "region", "industry", "source"]:
        assert f'id="chart-{by}"' in page and f'id="table-{by}"' in page
    assert "¥1,200,000.00" in page
    partial = html(web_as(p.NORTH_REP).get("/customers/composition/?metric=revenue", HTTP_HX_REQUEST="true"))
    assert "<html" not in partial and "1200000" in partial


def test_the_duplicates_page_lists_flags_to_merge_or_clear(north):
    flagged = make_customer(name="北京艾礼富科技有限责任公司", allow_duplicate=True)
    client = web_as(p.DIRECTOR)
    assert flagged.name in html(client.get("/customers/duplicates/"))
    response = client.post(f"/customers/{north.pk}/merge/", {"duplicate": flagged.pk})
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert flagged.merged_into == north
    assert flagged.name not in html(client.get("/customers/duplicates/", HTTP_HX_REQUEST="true"))


def test_clearing_a_duplicate_flag(north):
    flagged = make_customer(name="北京艾礼富科技有限责任公司", allow_duplicate=True)
    web_as(p.DIRECTOR).post(f"/customers/{flagged.pk}/not-duplicate/")
    flagged.refresh_from_db()
    assert flagged.duplicate_of is None
    assert web_as(p.NORTH_REP).post(f"/customers/{flagged.pk}/not-duplicate/").status_code == 403


def test_find_duplicates_on_the_detail_page(north):
    same = make_customer(name="北京艾礼富科技有限责任公司", allow_duplicate=True)
    page = html(web_as(p.DIRECTOR).get(f"/customers/{north.pk}/duplicates/", HTTP_HX_REQUEST="true"))
    assert same.name in page and "same name" in page and "Merge into this customer" in page


def test_handover_previews_the_count_then_moves_the_customers(north):
    make_customer()
    client = web_as(p.DIRECTOR)
    rep, south = user(p.NORTH_REP).employee.pk, user(p.SOUTH_REP).employee.pk
    preview = html(client.get(f"/customers/handover/?from_owner={rep}", HTTP_HX_REQUEST="true"))
    assert "2 customers will be handed over" in preview and "<html" not in preview
    response = client.post("/customers/handover/", {"from_owner": rep, "to_owner": south, "reason": "离职"})
    assert response.status_code == 302
    assert Customer.objects.filter(owner=user(p.SOUTH_REP)).count() == 2
    assert web_as(p.NORTH_REP).get("/customers/handover/").status_code == 403


# -- shell -----------------------------------------------------------------------------------------------------------

def test_menu_entries_follow_the_rights():
    director = html(web_as(p.DIRECTOR).get("/customers/"))
    rep = html(web_as(p.NORTH_REP).get("/customers/"))
    for key in ["customers", "customer-composition", "customer-duplicates", "customer-handover"]:
        assert f'data-nav="{key}"' in director
    assert 'data-nav="customer-composition"' in rep and 'data-nav="customer-handover"' not in rep


def test_global_search_finds_customers_by_pinyin_and_phone_digits(north):
    client = web_as(p.NORTH_REP)
    assert north.name in html(client.get("/search/?q=bjalf", HTTP_HX_REQUEST="true"))
    assert north.name in html(client.get("/search/?q=5678", HTTP_HX_REQUEST="true"))
    assert north.name not in html(web_as(p.SOUTH_REP).get("/search/?q=bjalf", HTTP_HX_REQUEST="true"))
