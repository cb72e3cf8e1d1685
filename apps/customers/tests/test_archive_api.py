"""Customer archive API: the anonymous / no right / permitted / other scope matrix, create with duplicates,
contacts, the screen-pop lookup, phone reveal, merge, hand-over, composition and the schema."""

import pytest
from rest_framework.test import APIClient

from apps.customers.models import Customer, Tag
from config.settings.base import caches_for
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user, web_as

from .factories import make_customer

pytestmark = pytest.mark.django_db

URL = "/api/v1/customers/"


def employee_id(username: str) -> int:
    return user(username).employee.pk


@pytest.fixture
def north():
    return make_customer(name="北京艾礼富科技有限公司", phone="13812345678",
                         contacts=[{"name": "王建军", "phone": "13912345678"}])


# -- the matrix ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("get", ""), ("get", "{id}/"), ("get", "lookup/?phone=13812345678"), ("get", "composition/?by=grade"),
    ("post", ""), ("post", "handover/"), ("post", "{id}/reveal-phone/"), ("get", "{id}/contacts/"),
])
def test_anonymous_calls_are_401(method, path, north):
    response = getattr(APIClient(), method)(URL + path.format(id=north.pk))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("username, method, path", [
    (p.HR, "get", ""),
    (p.HR, "get", "lookup/?phone=13812345678"),
    (p.HR, "get", "composition/?by=grade"),
    (p.PARTNER_A_USER, "post", ""),
    (p.NORTH_REP, "post", "handover/"),
    (p.NORTH_REP, "post", "{id}/merge/"),
    (p.NORTH_REP, "post", "{id}/reveal-phone/"),
    (p.CS_AGENT, "delete", "{id}/contacts/{contact}/"),
])
def test_missing_rights_are_403(username, method, path, north):
    url = URL + path.format(id=north.pk, contact=north.contacts.get().pk)
    response = getattr(api_as(username), method)(url, {}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("username, method, path", [
    (p.SOUTH_REP, "get", "{id}/"),
    (p.SOUTH_REP, "patch", "{id}/"),
    (p.SOUTH_REP, "get", "{id}/contacts/"),
    (p.BRANCH_GM, "post", "{id}/merge/"),
    (p.DEPARTMENT_MANAGER, "post", "{id}/reveal-phone/"),
    (p.PARTNER_A_USER, "get", "{id}/"),
])
def test_other_scope_is_404(username, method, path, north):
    response = getattr(api_as(username), method)(URL + path.format(id=north.pk), {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("guess", [0, 999999, "abc"])
def test_guessing_ids_is_404(guess):
    assert api_as(p.DIRECTOR).get(f"{URL}{guess}/").status_code == 404


def test_the_list_is_scoped_paginated_and_masks_phones(north):
    make_customer(owner=p.SOUTH_REP)
    body = api_as(p.NORTH_REP).get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [r["name"] for r in body["results"]] == [north.name]
    assert body["results"][0]["phone"] == "138****5678"
    assert body["results"][0]["contacts"][0]["phone"] == "139****5678"
    assert api_as(p.DIRECTOR).get(f"{URL}{north.pk}/").json()["phone"] == "13812345678"


def test_the_list_searches_filters_and_has_no_n_plus_one(north):
    for n in range(8):
        make_customer(grade="B", contacts=[{"name": f"联系人{n}"}])
    client = api_as(p.DIRECTOR)
    client.get(URL)
    with max_queries(6):
        body = client.get(URL + "?page_size=100").json()
    assert body["count"] == 9
    assert [r["name"] for r in client.get(URL + "?search=bjalf").json()["results"]] == [north.name]
    assert [r["name"] for r in client.get(URL + "?search=5678").json()["results"]] == [north.name]
    assert client.get(URL + "?grade=B").json()["count"] == 8
    assert client.get(URL + f"?owner={employee_id(p.NORTH_REP)}").json()["count"] == 9
    names = [r["name"] for r in client.get(URL + "?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)


# -- create and update -------------------------------------------------------------------------------------------------

NEW = {"name": "深圳宏图包装有限公司", "kind": "industry", "phone": "+86 136-0000-1111", "province": "440000",
       "city": "440300", "district": "440305", "address": "科技路1号"}


def test_a_rep_creates_a_customer_owned_by_themselves():
    response = api_as(p.NORTH_REP).post(URL, NEW, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["kind"], body["phone"]) == (NEW["name"], "industry", "136****1111")
    assert body["owner"] == employee_id(p.NORTH_REP)
    assert (body["province"], body["province_name"], body["city_name"], body["district_name"]) == (
        "440000", "广东省", "深圳市", "南山区")
    assert body["region_name"] == "深圳大区"
    assert set(body) >= {"id", "grade", "region", "basic", "characteristics", "business", "trade", "contacts",
                         "tags", "is_member", "source"}


def test_create_accepts_blocks_tags_contacts_and_an_owner_in_scope():
    Tag.objects.create(name="重点客户")
    data = {**NEW, "owner": employee_id(p.SOUTH_REP), "tags": ["重点客户"],
            "basic": {"industry": "印刷", "registered_capital": "5000000.00"}, "trade": {"credit_status": "good"},
            "contacts": [{"name": "甲"}, {"name": "乙", "phone": "13700000000", "is_primary": True}]}
    body = api_as(p.DIRECTOR).post(URL, data, format="json").json()
    customer = Customer.objects.get(pk=body["id"])
    assert customer.owner == user(p.SOUTH_REP)
    assert (customer.industry, customer.credit_status) == ("印刷", "good")
    assert body["basic"]["registered_capital"] == "5000000.00"
    assert body["tags"] == ["重点客户"]
    assert customer.contacts.get(is_primary=True).name == "乙"


def test_a_rep_cannot_give_a_new_customer_to_someone_else():
    response = api_as(p.NORTH_REP).post(URL, {**NEW, "owner": employee_id(p.SOUTH_REP)}, format="json")
    assert response.status_code == 400
    assert "owner" in response.json()["fields"]


def test_a_duplicate_phone_is_400_naming_the_existing_customer(north):
    response = api_as(p.NORTH_REP).post(URL, {**NEW, "phone": "138 1234 5678"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert north.name in body["fields"]["phone"][0]


def test_allow_duplicate_creates_it_flagged(north):
    response = api_as(p.NORTH_REP).post(URL, {**NEW, "phone": "13812345678", "allow_duplicate": True},
                                        format="json")
    assert response.status_code == 201
    assert response.json()["duplicate_of"] == north.pk


def test_address_errors_use_the_api_field_names():
    response = api_as(p.NORTH_REP).post(URL, {**NEW, "district": "110105"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"district"}


def test_patch_updates_and_ignores_the_owner(north):
    response = api_as(p.NORTH_REP).patch(f"{URL}{north.pk}/", {"name": "北京艾礼富科技股份有限公司",
                                                                "owner": employee_id(p.SOUTH_REP),
                                                                "business": {"annual_purchase": "300000"}},
                                         format="json")
    assert response.status_code == 200
    north.refresh_from_db()
    assert north.name == "北京艾礼富科技股份有限公司"
    assert north.owner == user(p.NORTH_REP)
    assert str(north.annual_purchase) == "300000.00"


def test_customers_are_never_deleted_through_the_api(north):
    assert api_as(p.ADMIN).delete(f"{URL}{north.pk}/").status_code == 405


# -- contacts ----------------------------------------------------------------------------------------------------------

def test_contacts_list_create_update_and_delete(north):
    client = api_as(p.NORTH_REP)
    listed = client.get(f"{URL}{north.pk}/contacts/").json()
    assert [c["name"] for c in listed["results"]] == ["王建军"]
    created = client.post(f"{URL}{north.pk}/contacts/", {"name": "李娜", "phone": "13700000001",
                                                         "is_primary": True}, format="json")
    assert created.status_code == 201 and created.json()["is_primary"] is True
    contact_id = created.json()["id"]
    patched = client.patch(f"{URL}{north.pk}/contacts/{contact_id}/", {"title": "采购经理"}, format="json")
    assert patched.json()["title"] == "采购经理"
    assert client.delete(f"{URL}{north.pk}/contacts/{contact_id}/").status_code == 204
    assert north.contacts.get().is_primary


def test_a_contact_of_another_customer_is_404(north):
    other = make_customer(contacts=[{"name": "别人"}])
    response = api_as(p.NORTH_REP).patch(f"{URL}{north.pk}/contacts/{other.contacts.get().pk}/", {"title": "x"},
                                         format="json")
    assert response.status_code == 404


# -- lookup, reveal ----------------------------------------------------------------------------------------------------

def test_lookup_gives_the_card_with_a_masked_phone_in_five_queries(north):
    client = api_as(p.CS_AGENT)
    client.get(URL + "lookup/?phone=13000000000")
    with max_queries(5):
        response = client.get(URL + "lookup/", {"phone": "+86 138-1234-5678"})
    assert response.status_code == 200
    card = response.json()
    assert (card["id"], card["name"], card["kind"], card["phone"]) == (north.pk, north.name, "company",
                                                                      "138****5678")
    assert card["owner"] == employee_id(p.NORTH_REP)
    assert [c["name"] for c in card["contacts"]] == ["王建军"]
    assert set(card) >= {"grade", "activities", "open_items"}


@pytest.fixture(params=["test cache", "shared file cache"])
def deployed_caches(request, settings, tmp_path):
    """The test settings' per-process cache, then the deployment's file cache shared by worker processes."""
    if request.param == "shared file cache":
        settings.CACHES = caches_for(settings.DATABASES["default"], tmp_path)


def test_the_whole_lookup_request_through_the_middleware_costs_at_most_five_queries(north, deployed_caches,
                                                                                    django_assert_max_num_queries):
    client = web_as(p.CS_AGENT)
    client.get(URL + "lookup/", {"phone": "13000000000"}, HTTP_ACCEPT="application/json")  # an earlier call
    with django_assert_max_num_queries(5):  # user, customer, contacts, activities, open items
        response = client.get(URL + "lookup/", {"phone": "+86 138-1234-5678"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["id"] == north.pk


def test_lookup_of_an_unknown_number_is_404(north):
    response = api_as(p.CS_AGENT).get(URL + "lookup/", {"phone": "13000000000"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_reveal_phone_gives_the_full_number_and_is_audited(north):
    response = api_as(p.DIRECTOR).post(f"{URL}{north.pk}/reveal-phone/", {}, format="json")
    assert response.json() == {"id": north.pk, "contact": None, "phone": "13812345678"}
    contact = north.contacts.get()
    response = api_as(p.DIRECTOR).post(f"{URL}{north.pk}/reveal-phone/", {"contact": contact.pk}, format="json")
    assert response.json()["phone"] == "13912345678"
    assert AuditEvent.objects.filter(action="phone_revealed", actor=user(p.DIRECTOR)).count() == 2


def test_a_refused_reveal_is_audited_as_a_denial(north):
    api_as(p.NORTH_REP).post(f"{URL}{north.pk}/reveal-phone/", {}, format="json")
    assert not AuditEvent.objects.filter(action="phone_revealed").exists()
    assert AuditEvent.objects.filter(action="permission_denied", actor=user(p.NORTH_REP)).exists()


# -- merge, hand-over, composition -------------------------------------------------------------------------------------

def test_merge_folds_the_duplicate_into_the_customer(north):
    duplicate = make_customer(name="北京艾礼富科技有限责任公司", allow_duplicate=True, industry="印刷器材")
    response = api_as(p.DIRECTOR).post(f"{URL}{north.pk}/merge/", {"duplicate": duplicate.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["basic"]["industry"] == "印刷器材"
    assert api_as(p.DIRECTOR).get(f"{URL}{duplicate.pk}/").status_code == 404


def test_merge_with_a_duplicate_out_of_scope_is_404(north):
    theirs = make_customer(owner=p.SOUTH_REP, province_code="440000", city_code="440100")
    response = api_as(p.REGIONAL_MANAGER).post(f"{URL}{north.pk}/merge/", {"duplicate": theirs.pk}, format="json")
    assert response.status_code == 404


def test_merge_with_itself_is_400(north):
    response = api_as(p.DIRECTOR).post(f"{URL}{north.pk}/merge/", {"duplicate": north.pk}, format="json")
    assert response.status_code == 400
    assert "duplicate" in response.json()["fields"]


def test_handover_moves_all_or_the_listed_customers(north):
    second, third = make_customer(), make_customer()
    client = api_as(p.DIRECTOR)
    data = {"from_owner": employee_id(p.NORTH_REP), "to_owner": employee_id(p.SOUTH_REP),
            "customers": [second.pk], "reason": "调岗"}
    assert client.post(URL + "handover/", data, format="json").json() == {"moved": 1}
    del data["customers"]
    assert client.post(URL + "handover/", data, format="json").json() == {"moved": 2}
    assert set(Customer.objects.filter(owner=user(p.SOUTH_REP))) == {north, second, third}


def test_handover_to_an_employee_out_of_scope_is_400():
    data = {"from_owner": employee_id(p.NORTH_REP), "to_owner": employee_id(p.SOUTH_REP)}
    response = api_as(p.REGIONAL_MANAGER).post(URL + "handover/", data, format="json")
    assert response.status_code == 400
    assert "to_owner" in response.json()["fields"]


def test_composition_by_grade_and_an_unknown_dimension():
    make_customer(grade="A", annual_purchase="1500000")
    make_customer(grade="A", annual_purchase="1000000")
    body = api_as(p.NORTH_REP).get(URL + "composition/?by=grade").json()
    assert body == {"by": "grade", "count": 2, "revenue": "2500000.00",
                    "rows": [{"key": "A", "label": "A", "count": 2, "revenue": "2500000.00"}]}
    response = api_as(p.NORTH_REP).get(URL + "composition/?by=colour")
    assert response.status_code == 400 and "by" in response.json()["fields"]


# -- divisions and schema ----------------------------------------------------------------------------------------------

def test_divisions_give_provinces_cities_and_districts():
    client = api_as(p.NORTH_REP)
    assert {"code": "440000", "name": "广东省", "level": 1} in client.get("/api/v1/divisions/").json()
    cities = client.get("/api/v1/divisions/?parent=440000").json()
    assert {"code": "440300", "name": "深圳市", "level": 2} in cities
    assert APIClient().get("/api/v1/divisions/").status_code == 401


def test_the_schema_documents_the_customer_endpoints():
    schema = api_as(p.ADMIN).get("/api/schema/?format=json").json()
    for path in ["/api/v1/customers/", "/api/v1/customers/{id}/", "/api/v1/customers/lookup/",
                 "/api/v1/customers/composition/", "/api/v1/customers/handover/", "/api/v1/customers/{id}/merge/",
                 "/api/v1/customers/{id}/reveal-phone/", "/api/v1/customers/{id}/contacts/",
                 "/api/v1/customers/{id}/contacts/{contact_pk}/", "/api/v1/divisions/"]:
        assert path in schema["paths"], path
    assert "CustomerCreateRequest" in schema["components"]["schemas"]
