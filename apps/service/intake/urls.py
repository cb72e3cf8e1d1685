"""The public support pages, mounted at /support/ (no login)."""

from django.urls import path

from ..views import public

app_name = "support"
urlpatterns = [
    path("", public.support_form, name="form"),
    path("thanks/<str:token>/", public.thanks, name="thanks"),
    path("status/", public.status, name="status"),
]
