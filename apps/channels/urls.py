from django.urls import path

from .views import applications, partners, portal, scorecards

app_name = "channels"
urlpatterns = [
    path("", partners.partner_list, name="partners"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner-edit"),
    path("partners/<int:pk>/territories/", partners.territory_add, name="territory-add"),
    path("partners/<int:pk>/territories/<int:territory_pk>/delete/", partners.territory_delete,
         name="territory-delete"),
    path("partners/<int:pk>/authorisation/", partners.authorisation_upload, name="authorisation-upload"),
    path("partners/<int:pk>/logins/new/", partners.portal_login_grant, name="portal-login-grant"),
    path("partners/<int:pk>/<slug:action>/", partners.partner_action, name="partner-action"),
    path("territories/", partners.territory_table, name="territories"),
    path("cities/", partners.city_options, name="city-options"),
    path("documents/<int:pk>/", partners.document_download, name="document"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/new/", applications.application_create, name="application-create"),
    path("applications/<int:pk>/", applications.application_detail, name="application-detail"),
    path("applications/<int:pk>/documents/", applications.evidence_upload, name="evidence-upload"),
    path("applications/<int:pk>/<slug:decision>/", applications.application_decide, name="application-decide"),
    path("scorecards/", scorecards.scorecard_list, name="scorecards"),
    path("scorecards/<int:pk>/", scorecards.scorecard_fill, name="scorecard-fill"),
    path("portal/", portal.portal, name="portal"),
]
