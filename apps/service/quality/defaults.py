"""The shipped QA evaluation form (data only): the items of domain.md §7's call evaluation, 100 points in all.

`install_default_form` takes the model classes, so the data migration (historical models) and tests share it.
"""

from decimal import Decimal

FORM_NAME = "客服质检评分表"
FORM_DESCRIPTION = "服务考评组抽检已解决工单（含通话录音）按此表评分；满分100分。"
# (item, what earns the points, maximum points, weight)
ITEMS = [
    ("问候与开场", "规范问候，报工号，确认客户身份", Decimal(15), Decimal(1)),
    ("倾听与理解", "听清楚、问清楚：不打断，复述确认客户诉求", Decimal(20), Decimal(1)),
    ("答复准确性", "答复内容准确、完整，符合政策与知识库", Decimal(25), Decimal(1)),
    ("五清楚一报告完整性", "跟清楚、复清楚、记清楚；重大投诉及时报告", Decimal(25), Decimal(1)),
    ("结束语", "确认问题已解决，告知后续安排，礼貌结束", Decimal(15), Decimal(1)),
]


def install_default_form(EvaluationTemplate, EvaluationItem) -> None:
    """Create the default evaluation form unless a form exists already."""
    if EvaluationTemplate.objects.exists():
        return
    form = EvaluationTemplate.objects.create(name=FORM_NAME, description=FORM_DESCRIPTION)
    EvaluationItem.objects.bulk_create([
        EvaluationItem(template=form, name=name, description=description, max_points=points, weight=weight,
                       position=(index + 1) * 10)
        for index, (name, description, points, weight) in enumerate(ITEMS)])
