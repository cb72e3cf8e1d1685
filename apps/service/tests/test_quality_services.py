"""QA evaluations through the services: the monthly sample, scoring, the forms, the monthly averages."""

import datetime as dt
import random
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from apps.service.choices import QAEvaluationStatus
from apps.service.models import EvaluationItem, QAEvaluation
from apps.service.quality import selectors
from apps.service.services import quality as services
from core import rules as rule_data
from core.models import Notification
from core.testing.helpers import english, user

from .quality_helpers import MONTH, at, form, full_marks, resolved_ticket

pytestmark = pytest.mark.django_db
NEXT_MONTH = dt.date(2026, 4, 1)


def _sample(size=None, **kwargs):
    return services.sample_tickets(actor=user("qa_evaluator"), period=MONTH, template=form(), size=size,
                                   rng=random.Random(3), **kwargs)


@pytest.fixture
def month_of_tickets():
    """cs_agent resolved 4 tickets in March and 1 in April; return_visit_agent 1 in March; one March ticket
    of cs_agent is still open."""
    march = [resolved_ticket("cs_agent", resolved=at(day)) for day in (3, 9, 17, 31)]
    april = resolved_ticket("cs_agent", resolved=at(1, month=NEXT_MONTH))
    other = resolved_ticket("return_visit_agent", resolved=at(12))
    from .factories import make_ticket

    still_open = make_ticket("cs_agent", received_at=at(20), assign_to_me=True)
    return {"march": march, "april": april, "other": other, "open": still_open}


def test_the_sample_draws_n_resolved_tickets_per_agent_from_the_month(month_of_tickets):
    created = _sample(size=2)

    by_agent = {}
    for evaluation in created:
        by_agent.setdefault(evaluation.agent.username, []).append(evaluation.ticket_id)
    assert len(by_agent["cs_agent"]) == 2
    assert set(by_agent["cs_agent"]) <= {t.pk for t in month_of_tickets["march"]}
    assert by_agent["return_visit_agent"] == [month_of_tickets["other"].pk]  # fewer than N: all
    assert all(e.period == MONTH and e.status == QAEvaluationStatus.PENDING for e in created)
    assert {e.team.code for e in created if e.agent.username == "cs_agent"} == {"cs-complaint"}


def test_sampling_again_only_tops_up_to_n(month_of_tickets):
    _sample(size=2)

    more = _sample(size=3)

    assert [e.agent.username for e in more] == ["cs_agent"]
    assert QAEvaluation.objects.filter(period=MONTH, agent=user("cs_agent")).count() == 3
    assert _sample(size=3) == []


def test_the_sample_size_is_the_dated_parameter_in_force_for_the_month(month_of_tickets):
    manager = user("cs_manager")
    rule_data.set_value(actor=manager, key="service.qa_sample_size", new_value=1, effective_from=MONTH)
    rule_data.set_value(actor=manager, key="service.qa_sample_size", new_value=3, effective_from=NEXT_MONTH)

    created = _sample()

    assert sorted(e.agent.username for e in created) == ["cs_agent", "return_visit_agent"]


def test_the_sample_can_be_limited_to_a_team(month_of_tickets):
    from .factories import unit

    created = _sample(size=5, team=unit("cs-survey"))

    assert [e.agent.username for e in created] == ["return_visit_agent"]


def test_scoring_gives_the_weighted_score_out_of_100_and_tells_the_agent(month_of_tickets,
                                                                         django_capture_on_commit_callbacks):
    evaluation = _sample(size=1)[0]
    scores = full_marks(form(), 倾听与理解=D(15), 结束语=D("12.5"))  # 100 − 5 − 2.5

    with django_capture_on_commit_callbacks(execute=True):
        scored = services.score_evaluation(actor=user("qa_evaluator"), evaluation=evaluation, scores=scores,
                                           comment="倾听时打断客户")

    assert scored.score == D("92.50")
    assert scored.status == QAEvaluationStatus.SCORED and scored.evaluator == user("qa_evaluator")
    assert scored.scores.count() == 5
    note = Notification.objects.get(recipient=evaluation.agent)
    assert "92.50" in note.title and note.url.endswith(f"/quality/{evaluation.pk}/")


def test_the_score_uses_the_weights(month_of_tickets):
    template = services.save_template(actor=user("cs_manager"), name="加权表", items=[
        {"name": "问候", "max_points": "10", "weight": "1"}, {"name": "准确", "max_points": "10", "weight": "3"}])
    evaluation = services.sample_tickets(actor=user("qa_evaluator"), period=MONTH, template=template, size=1)[0]
    items = {i.name: i.pk for i in template.items.all()}

    scored = services.score_evaluation(actor=user("qa_evaluator"), evaluation=evaluation, scores={
        items["问候"]: {"points": D(10)}, items["准确"]: {"points": D(5)}})

    assert scored.score == D("62.50")  # 100 × (10 + 3×5) / (10 + 3×10)


def test_points_outside_the_item_range_and_missing_items_are_refused(month_of_tickets):
    evaluation = _sample(size=1)[0]
    items = selectors.active_items(form())
    scores = full_marks(form())
    scores[items[0].pk] = {"points": items[0].max_points + 1}
    del scores[items[1].pk]

    with pytest.raises(ValidationError) as refused:
        services.score_evaluation(actor=user("qa_evaluator"), evaluation=evaluation, scores=scores)

    assert set(refused.value.message_dict) == {f"item-{items[0].pk}", f"item-{items[1].pk}"}
    evaluation.refresh_from_db()
    assert evaluation.status == QAEvaluationStatus.PENDING and evaluation.score is None


def test_correcting_a_score_replaces_the_item_scores(month_of_tickets):
    evaluation = _sample(size=1)[0]
    evaluator = user("qa_evaluator")
    services.score_evaluation(actor=evaluator, evaluation=evaluation, scores=full_marks(form()))

    corrected = services.score_evaluation(actor=evaluator, evaluation=evaluation,
                                          scores=full_marks(form(), 答复准确性=D(20)))

    assert corrected.score == D("95.00")
    assert corrected.scores.count() == 5


def test_nobody_scores_their_own_ticket(settings):
    ticket = resolved_ticket("cs_manager")

    with english(settings), pytest.raises(ValidationError, match="own"):
        services.create_evaluation(actor=user("cs_manager"), ticket=ticket, template=form(),
                                   scores=full_marks(form()))


def test_a_ticket_is_evaluated_once():
    ticket = resolved_ticket("cs_agent")
    services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(), scores=full_marks(form()))

    with pytest.raises(ValidationError) as refused:
        services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(),
                                   scores=full_marks(form()))

    assert "ticket" in refused.value.message_dict


def test_an_open_ticket_is_not_evaluated():
    from .factories import make_ticket

    ticket = make_ticket("cs_agent", assign_to_me=True)

    with pytest.raises(ValidationError):
        services.create_evaluation(actor=user("qa_evaluator"), ticket=ticket, template=form(),
                                   scores=full_marks(form()))


def test_monthly_averages_per_agent_and_an_agent_sees_only_their_own(month_of_tickets):
    evaluator = user("qa_evaluator")
    for evaluation, points in zip(_sample(size=5), [D(10), D(20), D(15), D(25), D(5)], strict=False):
        services.score_evaluation(actor=evaluator, evaluation=evaluation,
                                  scores=full_marks(form(), 答复准确性=points))

    everyone = {(a.agent_name, a.period): a for a in selectors.period_averages_for(evaluator)}
    own = selectors.period_averages_for(user("cs_agent"))

    agent = user("cs_agent")
    mine = everyone[(agent.first_name, MONTH)]
    scores = list(QAEvaluation.objects.filter(agent=agent, period=MONTH).values_list("score", flat=True))
    assert mine.count == 4 and mine.average == (sum(scores) / 4).quantize(D("0.01"))
    assert len(everyone) == 2
    assert [(a.agent_id, a.count) for a in own] == [(agent.pk, 4)]


def test_a_form_is_saved_with_its_items_and_a_scored_item_is_kept_inactive(month_of_tickets):
    manager = user("cs_manager")
    template = services.save_template(actor=manager, name="新表", description="试行", items=[
        {"name": "问候", "max_points": "40"}, {"name": "准确", "max_points": "60"}])
    items = {i.name: i for i in template.items.all()}
    evaluation = services.sample_tickets(actor=user("qa_evaluator"), period=MONTH, template=template, size=1)[0]
    services.score_evaluation(actor=user("qa_evaluator"), evaluation=evaluation,
                              scores={i.pk: {"points": D(30)} for i in items.values()})

    services.save_template(actor=manager, template=template, name="新表", items=[
        {"id": items["准确"].pk, "name": "答复准确", "max_points": "50", "weight": "2"},
        {"name": "结束语", "max_points": "10"}])

    current = {i.name: i for i in EvaluationItem.objects.filter(template=template)}
    assert current["答复准确"].weight == 2 and current["答复准确"].max_points == 50
    assert current["问候"].is_active is False  # scored once: kept for the old evaluation
    assert current["结束语"].is_active
    evaluation.refresh_from_db()
    assert evaluation.score == D("60.00")  # old scores keep the maxima they were given against


def test_a_form_needs_named_items_with_points():
    with pytest.raises(ValidationError) as refused:
        services.save_template(actor=user("cs_manager"), name="坏表", items=[
            {"name": "", "max_points": "10"}, {"name": "零分", "max_points": "0"}])

    assert set(refused.value.message_dict) == {"items-1", "items-2"}
    with pytest.raises(ValidationError):
        services.save_template(actor=user("cs_manager"), name="空表", items=[])
