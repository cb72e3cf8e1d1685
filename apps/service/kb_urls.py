"""Knowledge-base routes, mounted in the service app's urls (names service:kb…)."""

from django.urls import path

from .views import kb

urlpatterns = [
    path("kb/", kb.kb_list, name="kb"),
    path("kb/new/", kb.article_form, name="kb-create"),
    path("kb/suggest/", kb.suggest, name="kb-suggest"),
    path("kb/<int:pk>/", kb.article_detail, name="kb-detail"),
    path("kb/<int:pk>/edit/", kb.article_form, name="kb-edit"),
    path("kb/<int:pk>/do/<slug:action>/", kb.article_action, name="kb-action"),
    path("kb/canned/", kb.canned_list, name="kb-canned"),
    path("kb/canned/new/", kb.canned_form, name="kb-canned-create"),
    path("kb/canned/<int:pk>/", kb.canned_form, name="kb-canned-edit"),
    path("kb/canned/<int:pk>/delete/", kb.canned_delete, name="kb-canned-delete"),
    path("tickets/<int:pk>/kb/", kb.ticket_panel, name="kb-ticket-panel"),
    path("tickets/<int:pk>/kb/solved/<int:article_pk>/", kb.mark_solved, name="kb-solved"),
]
