"""The quality API: /api/v1/qa-evaluations/ and /api/v1/quality-reports/ with the permission matrix (anonymous,
no right, permitted, another agent's evaluation → 404), scoring, sampling, reports and their files."""

import pytest

from apps.service.models import QAEvaluation
from apps.service.quality import selectors
from apps.service.services import quality as services
from core import pdf
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import api_as, max_queries, user

from .quality_helpers import at, form, full_marks, resolved_ticket

pytestmark = pytest.mark.django_db
URL = "/api/v1/qa-evaluations/"
REPORTS = "/api/v1/quality-reports/"
needs_font = pytest.mark.skipif(not pdf.cjk_font_available(), reason="no CJK font (apt install fonts-noto-cjk)")


@pytest.fixture
def evaluations():
    """One scored evaluation each of cs_agent (投诉受理组) and return_visit_agent (回访调查组)."""
    made = {}
    for agent in ("cs_agent", "return_visit_agent"):
        ticket = resolved_ticket(agent, resolved=at(10))
        made[agent] = services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(),
                                                 scores=full_marks(form()), comment="规范")
    return made


def _ids(response) -> set:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_is_401_for_evaluations_and_reports():
    for url in (URL, REPORTS):
        response = api_as(None).get(url)
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_a_role_without_the_right_is_403():
    for url in (URL, REPORTS):
        response = api_as(p.NORTH_REP).get(url)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_an_agent_sees_only_their_own_evaluation_and_another_agents_id_is_404(evaluations):
    client = api_as(p.CS_AGENT)
    own, other = evaluations["cs_agent"], evaluations["return_visit_agent"]

    assert _ids(client.get(URL)) == {own.pk}
    assert client.get(f"{URL}{own.pk}/").json()["score"] == "100.00"
    assert client.get(f"{URL}{other.pk}/").status_code == 404


def test_a_group_leader_sees_the_team_and_a_supervisor_the_department(evaluations):
    own, other = evaluations["cs_agent"].pk, evaluations["return_visit_agent"].pk

    assert _ids(api_as(p.CS_GROUP_LEADER).get(URL)) == {own}  # 投诉受理组 only
    assert api_as(p.CS_GROUP_LEADER).get(f"{URL}{other}/").status_code == 404
    assert _ids(api_as(p.CS_SUPERVISOR).get(URL)) == {own, other}  # the whole 客服中心
    assert _ids(api_as("qa_evaluator").get(URL)) == {own, other}
    assert _ids(api_as(p.CS_MANAGER).get(URL)) == {own, other}


def test_the_list_has_the_contract_fields_filters_and_no_n_plus_1(evaluations):
    for agent in ("cs_agent", "cs_agent", "return_visit_agent"):
        ticket = resolved_ticket(agent, resolved=at(20))
        services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(),
                                   scores=full_marks(form()))
    client = api_as("qa_evaluator")

    with max_queries(8):
        response = client.get(URL)

    body = response.json()
    assert body["count"] == 5
    row = body["results"][0]
    assert {"id", "ticket", "ticket_number", "agent", "agent_name", "team", "period", "status", "status_label",
            "score", "evaluator", "scored_at", "scores"} <= set(row)
    assert row["period"] == "2026-03-01" and len(row["scores"]) == 5
    assert client.get(URL, {"agent": user("cs_agent").pk}).json()["count"] == 3
    assert client.get(URL, {"period": "2026-03"}).json()["count"] == 5
    assert client.get(URL, {"period": "2026-04"}).json()["count"] == 0
    assert client.get(URL, {"status": "pending"}).json()["count"] == 0


def test_an_evaluator_creates_a_scored_evaluation():
    ticket = resolved_ticket("cs_agent")
    items = selectors.active_items(form())
    scores = [{"item": item.pk, "points": str(item.max_points - 1), "comment": "稍欠"} for item in items]

    response = api_as("qa_evaluator").post(URL, {"ticket": ticket.pk, "scores": scores, "comment": "良好"},
                                           format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["score"] == "95.00" and body["status"] == "scored" and body["agent"] == user("cs_agent").pk
    assert body["template"] == form().pk and body["scores"][0]["comment"] == "稍欠"


@pytest.mark.parametrize(("change", "field"), [
    ({"points": "999"}, "item-"), ({"item": 0}, "scores"),
])
def test_bad_scores_are_400_naming_the_item(change, field):
    ticket = resolved_ticket("cs_agent")
    scores = [{"item": i.pk, "points": "10"} for i in selectors.active_items(form())]
    scores[0].update(change)

    response = api_as("qa_evaluator").post(URL, {"ticket": ticket.pk, "scores": scores}, format="json")

    assert response.status_code == 400
    assert any(key.startswith(field) for key in response.json()["fields"]), response.json()
    assert not QAEvaluation.objects.exists()


def test_agents_cannot_create_or_score_and_an_open_ticket_is_400(evaluations):
    from .factories import make_ticket

    ticket = resolved_ticket("cs_agent")
    scores = [{"item": i.pk, "points": "10"} for i in selectors.active_items(form())]
    assert api_as(p.CS_AGENT).post(URL, {"ticket": ticket.pk, "scores": scores}, format="json").status_code == 403
    own = evaluations["cs_agent"].pk
    assert api_as(p.CS_AGENT).post(f"{URL}{own}/score/", {"scores": scores}, format="json").status_code == 403
    open_ticket = make_ticket("cs_agent", assign_to_me=True)
    response = api_as("qa_evaluator").post(URL, {"ticket": open_ticket.pk, "scores": scores}, format="json")
    assert response.status_code == 400 and "ticket" in response.json()["fields"]


def test_sample_then_score_through_the_api():
    for day in (3, 4, 5):
        resolved_ticket("cs_agent", resolved=at(day))
    client = api_as("qa_evaluator")

    sampled = client.post(f"{URL}sample/", {"period": "2026-03", "size": 2}, format="json")

    assert sampled.status_code == 201, sampled.json()
    assert len(sampled.json()) == 2 and {row["status"] for row in sampled.json()} == {"pending"}
    evaluation = sampled.json()[0]["id"]
    scores = [{"item": i.pk, "points": "10"} for i in selectors.active_items(form())]
    scored = client.post(f"{URL}{evaluation}/score/", {"scores": scores, "comment": "一般"}, format="json")
    assert scored.status_code == 200 and scored.json()["score"] == "50.00"
    assert client.post(f"{URL}sample/", {"period": "March"}, format="json").status_code == 400
    assert api_as(p.CS_AGENT).post(f"{URL}sample/", {"period": "2026-03"}, format="json").status_code == 403


@needs_font
def test_reports_list_detail_files_and_generation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resolved_ticket("cs_agent", kind="repair", resolved=at(6), product="写真机", model_no="HC-1800")
    manager = api_as(p.CS_MANAGER)

    created = manager.post(REPORTS, {"period": "2026-03"}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["period"] == "2026-03-01" and body["version"] == 1 and body["defect_count"] == 1
    assert body["rows"][0]["product"] == "写真机" and body["rows"][0]["count"] == 1
    assert body["excel_url"].endswith(f"/api/v1/quality-reports/{body['id']}/excel/")
    supervisor = api_as(p.CS_SUPERVISOR)
    assert supervisor.get(REPORTS).json()["count"] == 1
    pdf_file = supervisor.get(f"{REPORTS}{body['id']}/pdf/")
    assert pdf_file.status_code == 200 and pdf_file["Content-Type"] == "application/pdf"
    assert b"".join(pdf_file.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="export", target="quality-report:2026-03").count() == 1
    again = manager.post(f"{REPORTS}{body['id']}/regenerate/", {}, format="json")
    assert again.status_code == 200 and again.json()["version"] == 2
    assert api_as(p.CS_AGENT).get(f"{REPORTS}{body['id']}/").status_code == 403
    assert api_as("qa_evaluator").post(REPORTS, {"period": "2026-03"}, format="json").status_code == 403
    assert supervisor.get(f"{REPORTS}999999/").status_code == 404
