from django.urls import path

from .auth import ObtainTokenView

urlpatterns = [path("auth/token/", ObtainTokenView.as_view(), name="auth-token")]
