from django.urls import path

from . import kb_urls, quality_urls, visits_urls
from .views import config, create, inbox, mail_log, ticket

app_name = "service"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("counts/", inbox.inbox_counts, name="counts"),
    path("bulk-assign/", inbox.bulk_assign, name="bulk-assign"),
    path("views/", inbox.save_view, name="save-view"),
    path("views/<int:pk>/delete/", inbox.delete_view, name="delete-view"),
    path("new/", create.ticket_create, name="create"),
    path("lookup/", create.lookup, name="lookup"),
    path("tickets/<int:pk>/", ticket.ticket_detail, name="detail"),
    path("tickets/<int:pk>/reply/", ticket.reply, name="reply"),
    path("tickets/<int:pk>/five-clears/", ticket.five_clears, name="five-clears"),
    path("tickets/<int:pk>/edit/", ticket.ticket_edit, name="edit"),
    path("tickets/<int:pk>/customers/", create.customer_search, name="customer-search"),
    path("tickets/<int:pk>/link-customer/", ticket.link_customer, name="link-customer"),
    path("tickets/<int:pk>/attachments/", ticket.attach, name="attach"),
    path("tickets/<int:pk>/do/<slug:action>/", ticket.ticket_action, name="action"),
    path("settings/", config.settings_page, name="settings"),
    path("inbound-mail/", mail_log.inbound_mail, name="inbound-mail"),
    path("settings/policies/new/", config.policy_form, name="policy-create"),
    path("settings/policies/<int:pk>/", config.policy_form, name="policy-edit"),
    path("settings/rules/new/", config.rule_form, name="rule-create"),
    path("settings/rules/<int:pk>/", config.rule_form, name="rule-edit"),
    path("settings/categories/new/", config.category_form, name="category-create"),
    path("settings/categories/<int:pk>/", config.category_form, name="category-edit"),
    *kb_urls.urlpatterns,
    *quality_urls.urlpatterns,
    *visits_urls.urlpatterns,
]
