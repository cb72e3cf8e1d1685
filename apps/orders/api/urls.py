from django.urls import path  # noqa: F401
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each area registers its viewsets here (contract names from issue #4).

urlpatterns = [
    *router.urls,
]
