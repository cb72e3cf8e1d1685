"""The quality pages: evaluations (own only for agents), the sample, the score sheet, the forms' editor, and the
quality feedback reports with their audited downloads and regeneration."""

import pytest

from apps.service.choices import QAEvaluationStatus
from apps.service.models import EvaluationTemplate, QAEvaluation, QualityReport
from apps.service.quality import selectors
from apps.service.services import quality as services
from core import pdf
from core.models import AuditEvent
from core.testing import personas as p
from core.testing.helpers import user, web_as

from .quality_helpers import at, form, full_marks, resolved_ticket

pytestmark = pytest.mark.django_db
needs_font = pytest.mark.skipif(not pdf.cjk_font_available(), reason="no CJK font (apt install fonts-noto-cjk)")


@pytest.fixture
def evaluations():
    made = {}
    for agent in ("cs_agent", "return_visit_agent"):
        ticket = resolved_ticket(agent, resolved=at(10), subject=f"{agent} 的工单")
        made[agent] = services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(),
                                                 scores=full_marks(form(), 结束语=10))
    return made


def test_an_agent_sees_their_own_evaluations_and_average_only(evaluations):
    client = web_as(p.CS_AGENT)

    page = client.get("/service/quality/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-evaluation="{evaluations["cs_agent"].pk}"' in html
    assert f'data-evaluation="{evaluations["return_visit_agent"].pk}"' not in html
    assert 'id="sample-form"' not in html and 'name="agent"' not in html
    assert f'data-average="{user("cs_agent").pk}-2026-03"' in html
    assert client.get(f"/service/quality/{evaluations['return_visit_agent'].pk}/").status_code == 404
    own = client.get(f"/service/quality/{evaluations['cs_agent'].pk}/")
    assert own.status_code == 200 and 'id="score-form"' not in own.content.decode()
    assert "95.0" in own.content.decode()


def test_the_list_filters_through_htmx(evaluations):
    client = web_as("qa_evaluator")

    partial = client.get("/service/quality/", {"agent": user("cs_agent").pk}, headers={"HX-Request": "true"})

    html = partial.content.decode()
    assert "<html" not in html and 'id="evaluations"' in html
    assert f'data-evaluation="{evaluations["cs_agent"].pk}"' in html
    assert f'data-evaluation="{evaluations["return_visit_agent"].pk}"' not in html


def test_an_evaluator_samples_the_month_and_scores_on_the_sheet():
    for day in (3, 4):
        resolved_ticket("cs_agent", resolved=at(day))
    client = web_as("qa_evaluator")
    assert 'id="sample-form"' in client.get("/service/quality/").content.decode()

    response = client.post("/service/quality/sample/", {"period": "2026-03", "template": form().pk, "size": "1"})

    assert response.status_code == 302 and "status=pending" in response["Location"]
    evaluation = QAEvaluation.objects.get()
    sheet = client.get(f"/service/quality/{evaluation.pk}/")
    assert 'id="score-form"' in sheet.content.decode()
    data = {f"points_{item.pk}": str(item.max_points) for item in selectors.active_items(form())}
    first = selectors.active_items(form())[0]
    refused = client.post(f"/service/quality/{evaluation.pk}/", {**data, f"points_{first.pk}": "99"})
    assert refused.status_code == 200 and "is-invalid" in refused.content.decode()
    saved = client.post(f"/service/quality/{evaluation.pk}/", {**data, "comment": "很好"})
    assert saved.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == QAEvaluationStatus.SCORED and str(evaluation.score) == "100.00"


def test_agents_may_not_sample_or_score(evaluations):
    client = web_as(p.CS_AGENT)
    own = evaluations["cs_agent"]

    assert client.post("/service/quality/sample/", {"period": "2026-03", "template": form().pk}).status_code == 403
    points = {f"points_{i.pk}": "0" for i in selectors.active_items(form())}
    assert client.post(f"/service/quality/{own.pk}/", points).status_code == 403
    own.refresh_from_db()
    assert str(own.score) == "95.00"


def test_managers_edit_the_evaluation_forms_and_agents_only_read_them():
    manager = web_as(p.CS_MANAGER)
    response = manager.post("/service/quality/forms/new/", {
        "name": "电话质检表", "description": "", "is_active": "on",
        "item_id": ["", "", ""], "item_name": ["开场", "解答", ""], "item_description": ["", "", ""],
        "item_max_points": ["40", "60", ""], "item_weight": ["1", "1", "1"]})

    assert response.status_code == 302
    created = EvaluationTemplate.objects.get(name="电话质检表")
    assert [(i.name, i.max_points) for i in created.items.order_by("position")] == [("开场", 40), ("解答", 60)]
    assert web_as(p.CS_AGENT).get("/service/quality/forms/").status_code == 200
    assert web_as(p.CS_AGENT).get(f"/service/quality/forms/{created.pk}/").status_code == 403
    refused = manager.post(f"/service/quality/forms/{created.pk}/", {"name": "电话质检表", "item_name": ["x"],
                                                                      "item_max_points": ["-1"]})
    assert refused.status_code == 200 and 'id="item-errors"' in refused.content.decode()


@pytest.fixture
def a_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resolved_ticket("cs_agent", kind="repair", resolved=at(6), product="写真机", model_no="HC-1800")
    return services.generate_quality_report(actor=user("cs_supervisor"), period=at(1).date())


@needs_font
def test_reports_list_detail_chart_and_audited_downloads(a_report):
    client = web_as(p.CS_SUPERVISOR)

    listing = client.get("/service/quality/reports/")
    detail = client.get(f"/service/quality/reports/{a_report.pk}/")
    by_model = client.get(f"/service/quality/reports/{a_report.pk}/?by=model", headers={"HX-Request": "true"})
    download = client.get(f"/service/quality/reports/{a_report.pk}/xlsx/")

    assert 'data-report="2026-03"' in listing.content.decode()
    html = detail.content.decode()
    assert 'id="report-chart"' in html and "写真机" in html and 'id="regenerate-form"' in html
    assert "<html" not in by_model.content.decode() and "HC-1800" in by_model.content.decode()
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="export", target="quality-report:2026-03", actor=user(p.CS_SUPERVISOR),
                                     detail__format="xlsx").exists()
    assert client.get(f"/service/quality/reports/{a_report.pk}/doc/").status_code == 404


@needs_font
def test_managers_regenerate_and_others_may_not(a_report):
    evaluator = web_as("qa_evaluator")
    assert evaluator.get(f"/service/quality/reports/{a_report.pk}/").status_code == 200
    assert 'id="regenerate-form"' not in evaluator.get(f"/service/quality/reports/{a_report.pk}/").content.decode()
    assert evaluator.post("/service/quality/reports/generate/", {"period": "2026-03"}).status_code == 403
    assert web_as(p.CS_AGENT).get("/service/quality/reports/").status_code == 403

    response = web_as(p.CS_MANAGER).post("/service/quality/reports/generate/", {"period": "2026-03"})

    assert response.status_code == 302 and response["Location"].endswith(f"/reports/{a_report.pk}/")
    assert QualityReport.objects.get().version == 2


def test_the_menu_shows_the_quality_pages_to_those_who_may_open_them():
    from core.registry import nav_for

    def keys(username):
        return {item.key for item in nav_for(user(username))}

    assert {"service-dashboard", "service-qa", "service-quality-reports"} <= keys(p.CS_MANAGER)
    assert {"service-dashboard", "service-qa"} <= keys(p.CS_AGENT)
    assert "service-quality-reports" not in keys(p.CS_AGENT)
    assert not {"service-dashboard", "service-qa", "service-quality-reports"} & keys(p.NORTH_REP)
