"""China's administrative divisions for cascading address pickers: provinces, cities of one, districts of a city."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core import divisions


class DivisionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField(help_text="1 province, 2 city, 3 district")


class DivisionListView(APIView):
    """Divisions under `parent` (a 6-digit code); without it, the provinces. Not paginated: at most a few dozen."""

    @extend_schema(parameters=[OpenApiParameter("parent", str, description="Province or city code")],
                   responses=DivisionSerializer(many=True))
    def get(self, request):
        parent = request.query_params.get("parent", "").strip()
        return Response(DivisionSerializer(divisions.children(parent), many=True).data)
