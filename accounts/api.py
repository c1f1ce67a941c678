"""GET /api/v1/me/: who the request is authenticated as (session or API token)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    language = serializers.CharField()


class MeView(APIView):
    serializer_class = MeSerializer

    @extend_schema(responses={200: MeSerializer, 403: OpenApiResponse(
        ErrorSerializer, description="not_authenticated or authentication_failed.")})
    def get(self, request):
        return Response(MeSerializer(request.user).data)
