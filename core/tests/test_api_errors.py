"""Every API error has the same body: {"code", "detail", "fields"}, translated by Accept-Language."""

import pytest
from rest_framework.test import APIClient

from core.testing import personas as p
from core.testing.helpers import api_as

pytestmark = pytest.mark.django_db


def test_not_found_body():
    body = api_as(p.DIRECTOR).get("/api/v1/employees/999999/").json()
    assert body == {"code": "not_found", "detail": body["detail"], "fields": {}}


def test_validation_error_lists_fields_in_chinese_by_default():
    body = APIClient().post("/api/v1/auth/token/", {}, format="json").json()
    assert body["code"] == "invalid"
    assert "必填" in body["fields"]["username"][0]


def test_validation_error_in_english_when_asked():
    body = APIClient().post("/api/v1/auth/token/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["fields"]["username"] == ["This field is required."]


def test_method_not_allowed_has_a_stable_code():
    response = api_as(p.ADMIN).delete("/api/v1/employees/1/")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"


def test_malformed_json_is_a_400_not_a_500():
    response = api_as(p.SYSTEM_ADMIN).generic("POST", "/api/v1/employees/", "{not json",
                                              content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_swagger_docs_are_served_without_a_cdn():
    html = APIClient().get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in html and "swagger" in html.lower()
