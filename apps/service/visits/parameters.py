"""Return-visit rule numbers (domain.md §7) as dated parameters; `apps.service.parameters` declares them."""

from django.utils.translation import gettext_lazy as _

from core.rules import Parameter

SECTION = _("Return visits and satisfaction")

TICKET_SCRIPT = (
    "您好，请问是{customer}吗？我是营销中心客服中心的回访专员{agent}，打扰您一两分钟。\n"
    "1. 您前几天反映的问题（{subject}，工单号{ticket}）现在解决了吗？\n"
    "2. 您对我们的处理速度和服务人员的态度满意吗？请您为本次服务打个分，1分最低，5分最高。\n"
    "3. 您对我们公司、产品和服务还有什么意见或建议？\n"
    "感谢您的支持！如有问题请随时拨打我们的服务热线。"
)
MEMBER_SCRIPT = (
    "您好，请问是{customer}吗？我是营销中心客服中心的回访专员{agent}，今天是会员定期回访，打扰您一两分钟。\n"
    "1. 最近设备使用情况怎么样？有没有需要我们帮忙的地方？\n"
    "2. 您对我们的产品和服务满意吗？请您打个分，1分最低，5分最高。\n"
    "3. 您对我们公司、产品和服务还有什么意见或建议？\n"
    "提醒您按时做好设备保养。感谢您一直以来的支持！"
)

VISIT_PARAMETERS = [
    Parameter("service.visit_quiet_hours", _("Customers' rest time: no return-visit calls"),
              [{"from": "12:00", "to": "14:00"}, {"from": "21:00", "to": "09:00"}], kind="table", section=SECTION,
              help=_("Windows as HH:MM (Asia/Shanghai); one that ends before it starts runs over midnight. A time "
                     "agreed with the customer is kept even inside them.")),
    Parameter("service.visit_max_attempts", _("Calls before a visit is closed as unreachable"), 3, kind="integer",
              section=SECTION),
    Parameter("service.visit_retry_working_hours", _("Working hours until the next call when not reached"), 2,
              kind="number", section=SECTION),
    Parameter("service.member_visit_interval_days", _("Days between periodic visits of a member customer"), 90,
              kind="integer", section=SECTION,
              # xgettext:no-python-format
              help=_("Every member customer gets a visit at least this often (100 % coverage).")),
    Parameter("service.member_visit_due_working_days", _("Working days to make a planned member visit"), 3,
              kind="integer", section=SECTION),
    Parameter("service.finding_forward_working_days", _("Working days to pass satisfaction findings to the "
                                                        "responsible department"), 2, kind="integer",
              section=SECTION),
    Parameter("service.finding_measures_working_days", _("Working days for the department to answer with "
                                                         "measures"), 3, kind="integer", section=SECTION),
    Parameter("service.finding_revisit_working_days", _("Working days to revisit the customer after the fix"), 10,
              kind="integer", section=SECTION, help=_("Two weeks are ten working days.")),
    Parameter("service.satisfaction_link_days", _("Days a satisfaction link stays valid"), 7, kind="integer",
              section=SECTION),
    Parameter("service.return_visit_script", _("Call script of a return visit after a ticket"), TICKET_SCRIPT,
              kind="text", section=SECTION,
              help=_("Placeholders: {customer}, {agent}, {subject}, {ticket}.")),
    Parameter("service.member_visit_script", _("Call script of a periodic member visit"), MEMBER_SCRIPT,
              kind="text", section=SECTION, help=_("Placeholders: {customer}, {agent}.")),
]
