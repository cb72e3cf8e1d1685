"""Channel pages: they render, HTMX gets only the table, scopes and rights hold, forms go through the services."""

import datetime

import pytest

from apps.channels import services
from apps.channels.choices import PartnerStage
from apps.channels.models import PartnerApplication, PartnerScorecard
from apps.customers import services as customer_services
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import max_queries, user, web_as

from .factories import (
    PASSING,
    approve_both,
    make_application,
    make_office,
    make_partner,
    make_partner_customer,
    org_unit,
    upload,
)

pytestmark = pytest.mark.django_db

GUANGZHOU = {"province_code": "440000", "city_code": "440100"}


@pytest.fixture
def north():
    return make_partner(owner=p.NORTH_REP)


@pytest.fixture
def south():
    return make_partner(owner=p.SOUTH_REP, customer=make_partner_customer(p.SOUTH_REP, **GUANGZHOU),
                        territories=("440100",))


@pytest.fixture
def alf():
    customer = make_partner_customer(kind="partner", partner_unit=org_unit("partner-bj-alf"))
    customer_services.add_contact(actor=user(p.NORTH_REP), customer=customer, name="艾礼富", title="总经理",
                                  phone="13911112222")
    return make_partner(PartnerStage.AGENT, customer=customer, territories=("110000", "131000"))


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_anonymous_is_sent_to_login():
    response = web_as(None).get("/channels/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_partner_list_shows_only_the_reps_own_partners(north, south):
    page = html(web_as(p.NORTH_REP).get("/channels/"))
    assert north.name in page and south.name not in page


def test_partner_list_htmx_request_returns_only_the_table(north, south):
    page = html(web_as(p.DIRECTOR).get("/channels/?province=440000", HTTP_HX_REQUEST="true"))
    assert "<table" in page and "<html" not in page
    assert south.name in page and north.name not in page


def test_partner_list_filters_by_stage(north):
    trial = make_partner(PartnerStage.TRIAL_DISTRIBUTOR)
    page = html(web_as(p.DIRECTOR).get("/channels/?stage=trial_distributor"))
    assert trial.name in page and north.name not in page


def test_partner_list_page_has_no_n_plus_one(north, south):
    for _ in range(6):
        make_partner(territories=("110000", "120000"))
    client = web_as(p.DIRECTOR)
    client.get("/channels/")
    with max_queries(22):
        html(client.get("/channels/"))


@pytest.mark.parametrize("persona", [p.CS_AGENT, p.PARTNER_A_USER])
def test_the_partner_pages_are_403_without_the_staff_right(persona):
    assert web_as(persona).get("/channels/").status_code == 403
    assert web_as(persona).get("/channels/applications/").status_code == 403


@pytest.mark.parametrize("tab", ["overview", "territory", "timeline", "scorecards", "applications", "contacts",
                                 "users", "history"])
def test_every_tab_of_the_partner_page_renders(alf, tab):
    page = html(web_as(p.DEPARTMENT_MANAGER).get(f"/channels/partners/{alf.pk}/?tab={tab}"))
    assert alf.name in page and 'id="partner-stage"' in page


def test_the_detail_page_offers_the_actions_the_role_may_take(north):
    manager = html(web_as(p.DEPARTMENT_MANAGER).get(f"/channels/partners/{north.pk}/"))
    rep = html(web_as(p.NORTH_REP).get(f"/channels/partners/{north.pk}/"))
    assert 'id="suspend"' in manager and 'id="terminate"' in manager and 'id="apply-promotion"' in manager
    assert 'id="promote"' not in manager  # no approved application to apply
    assert 'id="suspend"' not in rep and 'id="terminate"' not in rep


def test_an_approved_promotion_waiting_for_a_suspension_to_end_is_applied_from_the_page(north):
    application = make_application(customer=north.customer, tier="agent")
    services.suspend_partner(actor=user(p.DEPARTMENT_MANAGER), partner=north, reason="核查")
    approve_both(application)
    services.resume_partner(actor=user(p.DEPARTMENT_MANAGER), partner=north)
    client = web_as(p.DEPARTMENT_MANAGER)
    assert 'id="promote"' in html(client.get(f"/channels/partners/{north.pk}/"))
    client.post(f"/channels/partners/{north.pk}/promote/", {"tier": "agent"})
    north.refresh_from_db()
    assert north.stage == "agent"


def test_partner_detail_needs_the_right_even_with_an_all_records_scope(north):
    assert web_as(p.CS_AGENT).get(f"/channels/partners/{north.pk}/").status_code == 403


def test_partner_detail_out_of_scope_is_404(south):
    assert web_as(p.NORTH_REP).get(f"/channels/partners/{south.pk}/").status_code == 404
    assert web_as(p.NORTH_REP).get("/channels/partners/987654/").status_code == 404


def test_a_partner_user_sees_its_own_company_and_nothing_else(alf, south):
    client = web_as(p.PARTNER_A_USER)
    portal = html(client.get("/channels/portal/"))
    assert alf.name in portal and "北京市" in portal and "廊坊市" in portal and "艾礼富" in portal
    assert client.get(f"/channels/partners/{south.pk}/").status_code == 404
    own = html(client.get(f"/channels/partners/{alf.pk}/?tab=timeline"))
    assert 'id="tab-timeline"' not in own and 'id="tab-territory"' in own and 'id="suspend"' not in own


def test_the_sidebar_shows_a_partner_user_only_its_company(alf):
    partner_page = html(web_as(p.PARTNER_A_USER).get("/"))
    staff_page = html(web_as(p.DEPARTMENT_MANAGER).get("/"))
    assert 'data-nav="channels-portal"' in partner_page and 'data-nav="channels-partners"' not in partner_page
    assert 'data-nav="channels-partners"' in staff_page and 'data-nav="channels-portal"' not in staff_page
    assert 'id="partners-panel"' in staff_page


def test_the_portal_is_for_partner_users_only():
    assert web_as(p.DEPARTMENT_MANAGER).get("/channels/portal/").status_code == 403


def test_the_application_form_submits_with_evidence_and_opens_the_approval_screen():
    customer = make_partner_customer(p.NORTH_REP)
    data = {**{k: str(v) for k, v in PASSING.items()}, "customer": customer.pk, "tier": "trial_distributor",
            "territory_codes": ["110000"], "file_credit_documents": upload("征信.pdf")}
    response = web_as(p.NORTH_REP).post("/channels/applications/new/", data)
    application = PartnerApplication.objects.get(customer=customer)
    assert response.status_code == 302 and response["Location"] == f"/channels/applications/{application.pk}/"
    page = html(web_as(p.DEPARTMENT_MANAGER).get(response["Location"]))
    assert 'data-criterion="document:credit_documents" class="mc-pass"' in page and 'id="approve"' in page


def test_the_application_form_shows_field_errors():
    page = html(web_as(p.NORTH_REP).post("/channels/applications/new/", {"tier": "trial_distributor"}))
    assert "invalid-feedback" in page
    assert not PartnerApplication.objects.exists()


def test_the_approval_screen_marks_failed_criteria():
    application = make_application(tier="agent", documents=[], cash_flow="1000")
    page = html(web_as(p.DEPARTMENT_MANAGER).get(f"/channels/applications/{application.pk}/"))
    assert 'data-criterion="min_cash_flow" class="mc-fail"' in page
    assert 'data-criterion="document:sales_plan" class="mc-fail"' in page


def test_approval_in_the_ui_by_manager_then_director_admits_the_partner():
    application = make_application()
    url = f"/channels/applications/{application.pk}"
    web_as(p.DEPARTMENT_MANAGER).post(f"{url}/approve/", {"comment": "同意"})
    director_page = html(web_as(p.DIRECTOR).get(f"{url}/"))
    assert 'id="decision-card"' in director_page
    web_as(p.DIRECTOR).post(f"{url}/approve/", {})
    application.refresh_from_db()
    application.partner.refresh_from_db()
    assert application.status == "approved" and application.partner.stage == "trial_distributor"


def test_a_rep_cannot_decide_and_sees_no_decision_card():
    application = make_application()
    assert 'id="decision-card"' not in html(web_as(p.NORTH_REP).get(f"/channels/applications/{application.pk}/"))
    assert web_as(p.NORTH_REP).post(f"/channels/applications/{application.pk}/approve/").status_code == 403
    assert AuditEvent.objects.filter(action="permission_denied", username=p.NORTH_REP).exists()


def test_the_director_trying_first_is_told_it_waits_for_the_manager():
    application = make_application()
    response = web_as(p.DIRECTOR).post(f"/channels/applications/{application.pk}/approve/", follow=True)
    assert "alert-danger" in html(response)
    application.refresh_from_db()
    assert application.status == "pending_manager"


def test_rejection_in_the_ui_records_the_reason():
    application = make_application()
    web_as(p.DEPARTMENT_MANAGER).post(f"/channels/applications/{application.pk}/reject/", {"reason": "资料不全"})
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == ("rejected", "资料不全")


def test_application_list_filters_what_waits_for_me():
    waiting = make_application()
    decided = make_application()
    services.reject_application(actor=user(p.DEPARTMENT_MANAGER), application=decided, reason="x")
    page = html(web_as(p.DEPARTMENT_MANAGER).get("/channels/applications/?awaiting=1", HTTP_HX_REQUEST="true"))
    assert f"#{waiting.pk}<" in page and f"#{decided.pk}<" not in page


def test_the_territory_table_lists_who_covers_each_province(alf, south):
    page = html(web_as(p.DIRECTOR).get("/channels/territories/"))
    assert 'data-province="110000"' in page and alf.name in page and south.name in page
    partial = html(web_as(p.DIRECTOR).get("/channels/territories/?tier=agent", HTTP_HX_REQUEST="true"))
    assert "<html" not in partial and alf.name in partial and south.name not in partial


def test_territory_is_added_through_the_cascading_picker(north):
    options = html(web_as(p.DEPARTMENT_MANAGER).get("/channels/cities/?province_code=130000"))
    assert '<option value="130100">石家庄市</option>' in options
    web_as(p.DEPARTMENT_MANAGER).post(f"/channels/partners/{north.pk}/territories/",
                                      {"province_code": "130000", "city_code": "130100"})
    assert north.territories.filter(city="石家庄市").exists()


def test_lifecycle_actions_from_the_detail_page(north):
    client = web_as(p.DEPARTMENT_MANAGER)
    client.post(f"/channels/partners/{north.pk}/suspend/", {"reason": "货款逾期"})
    north.refresh_from_db()
    assert north.stage == "suspended"
    page = html(client.get(f"/channels/partners/{north.pk}/?tab=timeline"))
    assert "货款逾期" in page and 'id="resume"' in page
    client.post(f"/channels/partners/{north.pk}/resume/")
    north.refresh_from_db()
    assert north.stage == "distributor"


def test_lifecycle_actions_need_the_right(north):
    assert web_as(p.NORTH_REP).post(f"/channels/partners/{north.pk}/suspend/", {"reason": "x"}).status_code == 403


def test_the_profile_form_saves_credit_terms_and_office(north):
    office = make_office("beijing")
    response = web_as(p.DEPARTMENT_MANAGER).post(f"/channels/partners/{north.pk}/edit/", {
        "credit_limit": "200000", "payment_term_days": "30", "authorised_products": "数码印刷机\nUV 平板打印机",
        "office": office.pk, "authorised_from": "2026-01-01", "authorised_until": "2026-12-31"})
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.authorised_products == ["数码印刷机", "UV 平板打印机"] and north.office == office
    assert north.payment_term_days == 30


def test_a_contact_gets_a_portal_login_that_sees_only_its_company(alf, south):
    contact = customer_services.add_contact(actor=user(p.NORTH_REP), customer=alf.customer, name="李经理",
                                            phone="13911113333")
    response = web_as(p.DEPARTMENT_MANAGER).post(f"/channels/partners/{alf.pk}/logins/new/", {
        "contact": contact.pk, "username": "alf_li", "password": "Str0ng-Passw0rd!"})
    assert response.status_code == 302
    client = web_as("alf_li")
    assert alf.name in html(client.get("/channels/portal/"))
    assert client.get(f"/channels/partners/{south.pk}/").status_code == 404
    assert "alf_li" in html(web_as(p.DEPARTMENT_MANAGER).get(f"/channels/partners/{alf.pk}/?tab=users"))


def test_documents_are_served_only_within_scope(north):
    document = services.attach_authorisation(actor=user(p.DEPARTMENT_MANAGER), partner=north,
                                             upload=upload("授权书.pdf"))
    assert web_as(p.NORTH_REP).get(f"/channels/documents/{document.pk}/").status_code == 200
    assert web_as(p.SOUTH_REP).get(f"/channels/documents/{document.pk}/").status_code == 404


def test_scorecards_list_and_fill(north):
    make_partner(on=datetime.date(2026, 3, 1))
    services.create_quarterly_scorecards(today=datetime.date(2026, 7, 1))
    client = web_as(p.DEPARTMENT_MANAGER)
    page = html(client.get("/channels/scorecards/?status=open"))
    scorecard = PartnerScorecard.objects.get()
    assert f"/channels/scorecards/{scorecard.pk}/" in page
    client.post(f"/channels/scorecards/{scorecard.pk}/", {"service_level": 60, "sales_amount": "200000",
                                                         "sales_quota": "500000", "payment_punctuality": 50,
                                                         "complaint_count": 3})
    flagged = html(client.get("/channels/scorecards/?flagged=1", HTTP_HX_REQUEST="true"))
    assert "48.0" in flagged


def test_global_search_finds_partners_in_scope(north, south):
    page = html(web_as(p.NORTH_REP).get(f"/search/?q={south.name[:8]}", HTTP_HX_REQUEST="true"))
    assert f"/channels/partners/{south.pk}/" not in page
    page = html(web_as(p.DIRECTOR).get(f"/search/?q={south.name}", HTTP_HX_REQUEST="true"))
    assert f"/channels/partners/{south.pk}/" in page
