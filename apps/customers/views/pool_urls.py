from django.urls import path

from . import pool

urlpatterns = [
    path("", pool.pool_list, name="pool"),
    path("notices/", pool.pool_notices, name="pool-notices"),
    path("<int:pk>/claim/", pool.pool_claim, name="pool-claim"),
    path("release/<int:pk>/", pool.pool_release, name="pool-release"),
]
