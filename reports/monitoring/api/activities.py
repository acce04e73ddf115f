"""S&E activities in the API: the rights of ``reports.monitoring.views.activities``,
through its selectors.

Only S&E users (cluster staff, consultants, the coordinator) see activities, those of
the clusters they follow; only those who may enter a cluster's data change them.
"""

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.models import Cluster
from config.api.files import EVIDENCE_RESPONSES, FileDownloads, evidence_response
from config.api.parameters import as_uuid, query
from config.api.parsers import JSONParser
from config.api.permissions import has_nul, require
from reports.monitoring.models import Activity, Participant, Programme
from reports.monitoring.rules import can_record_activity, se_can_enter, se_can_view
from reports.monitoring.selectors.indicators import activities_visible_to, se_clusters_visible_to
from reports.monitoring.serializers.activities import ActivitySerializer, ActivityWriteSerializer
from reports.monitoring.services import activities as services
from reports.monitoring.views.access import programme_asked


def enterable_clusters(user: Any, programme: Programme) -> QuerySet[Cluster]:
    """The programme's clusters whose activities the user records (the form's choices)."""
    clusters = se_clusters_visible_to(user, programme)
    return clusters.filter(pk__in=[c.pk for c in clusters if se_can_enter(user, c)])


def asked_programme(request: Request) -> Programme:
    """``?programme=<code>`` (404 outside the user's), else the user's first programme.

    ``programme=1`` (or ``true``) is the older spelling of ``shared=1``, kept for the scripts
    that use it: a programme's code is a UUID, never 1."""
    asked = request.query_params.get("programme", "")
    code = None if asked in ("", "1", "true") else asked
    return programme_asked(request.user, code)


def visible_activity(user: Any, code: object) -> Activity:
    require(se_can_view(user))
    if has_nul([code]):
        raise NotFound
    found = activities_visible_to(user).filter(code=as_uuid(str(code))).first()
    if found is None:
        raise NotFound
    return found


def _date(params: Any, name: str) -> datetime.date | None:
    if name not in params:
        return None
    try:
        return datetime.date.fromisoformat(params[name])
    except ValueError as exc:
        message = _("Enter a date as YYYY-MM-DD.")
        raise ValidationError({name: [message]}) from exc


WRITE = {
    "application/json": ActivityWriteSerializer,
    "multipart/form-data": ActivityWriteSerializer,
}


@extend_schema_view(
    list=extend_schema(
        parameters=[
            query("cluster", "Cluster code."),
            query("programme", "The programme's public code (default: your first programme)."),
            query(
                "shared",
                "1: only the activities shared by the programme's clusters (no cluster of "
                "their own). programme=1 is the older spelling, kept for existing scripts.",
            ),
            query("kind", "Kind of activity."),
            query("date_from", "First day (YYYY-MM-DD)."),
            query("date_to", "Last day (YYYY-MM-DD)."),
        ]
    ),
    create=extend_schema(request=WRITE, responses={201: ActivitySerializer}),
    partial_update=extend_schema(request=WRITE, responses=ActivitySerializer),
)
@extend_schema(tags=["activities"])
class ActivityViewSet(
    FileDownloads,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Webinars, bootcamps, mentoring sessions, events and S&E trainings, with who took part."""

    serializer_class = ActivitySerializer
    lookup_field = "code"
    file_actions = ("evidence",)
    parser_classes = [JSONParser, MultiPartParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Activity]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Activity.objects.none()
        require(se_can_view(self.request.user))
        params = self.request.query_params
        if has_nul(params.values()):
            return Activity.objects.none()
        programme = asked_programme(self.request)
        activities = activities_visible_to(self.request.user, programme).prefetch_related(
            Prefetch("participants", queryset=Participant.objects.order_by("id"))
        )
        if "cluster" in params:
            activities = activities.filter(cluster__code=params["cluster"])
        if params.get("shared") in ("1", "true") or params.get("programme") in ("1", "true"):
            activities = activities.filter(cluster__isnull=True)
        if "kind" in params:
            activities = activities.filter(kind=params["kind"])
        if (first := _date(params, "date_from")) is not None:
            activities = activities.filter(date__gte=first)
        if (last := _date(params, "date_to")) is not None:
            activities = activities.filter(date__lte=last)
        return activities.order_by("-date", "title", "pk")

    def get_object(self) -> Activity:
        return visible_activity(self.request.user, self.kwargs["code"])

    def _form(self, activity: Activity | None = None, *, partial: bool = False) -> dict[str, Any]:
        programme = activity.programme if activity else asked_programme(self.request)
        form = ActivityWriteSerializer(
            activity,
            data=self.request.data,
            partial=partial,
            clusters=enterable_clusters(self.request.user, programme),
        )
        form.is_valid(raise_exception=True)
        return dict(form.validated_data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(se_can_view(request.user))  # 403 before any programme is looked up
        programme = asked_programme(request)
        require(enterable_clusters(request.user, programme).exists())
        data = self._form()
        activity = services.activity_create(
            by=request.user,
            programme=programme,
            evidence=data.pop("evidence", None),
            participants=data.pop("participants", []),
            **data,
        )
        return Response(self._read(activity), status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        activity = self.get_object()
        require(can_record_activity(request.user, activity.cluster))
        data = self._form(activity, partial=True)
        activity = services.activity_update(
            activity=activity,
            by=request.user,
            evidence=data.pop("evidence", None),
            participants=data.pop("participants", None),
            **data,
        )
        return Response(self._read(activity))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        activity = self.get_object()
        require(can_record_activity(request.user, activity.cluster))
        services.activity_delete(activity=activity, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _read(self, activity: Activity) -> dict[str, Any]:
        fresh = Activity.objects.select_related("cluster", "entered_by").get(pk=activity.pk)
        return ActivitySerializer(fresh).data

    @extend_schema(
        request=None,
        responses=EVIDENCE_RESPONSES,
        summary="Download the activity's evidence file",
    )
    @action(detail=True, methods=["get"])
    def evidence(self, request: Request, code: str) -> FileResponse:
        activity = self.get_object()
        return evidence_response(activity.evidence, activity.evidence_name)
