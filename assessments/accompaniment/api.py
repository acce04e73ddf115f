from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from assessments.accompaniment import serializers as s
from assessments.accompaniment import services
from assessments.accompaniment.models import Plan, PlanDay, PlanSlot, Roadmap, RoadmapItem
from assessments.accompaniment.selectors import plan_view, plans_visible_to, roadmap_library_left
from assessments.api.access import visible_assessment
from assessments.rules import can_answer
from assessments.selectors import assessments_visible_to
from config.api.errors import conflict
from config.api.parameters import CODE, as_uuid, path_int, query
from config.api.permissions import (
    code_or_404,
    has_nul,
    object_or_404,
    require,
)

SLOT = path_int("slot_id", "Slot id, as listed in the plan's days.")
DAY = path_int("number", "Day number, 1 to 8.")


class RoadmapEditing(viewsets.GenericViewSet):
    """Adding actions to a diagnostic's roadmap (mixed into the diagnostics' viewset).

    Allowed to whoever may answer the diagnostic, as the app's roadmap page.
    """

    def _roadmap(self) -> Roadmap:
        assessment = visible_assessment(self.request.user, self.kwargs["code"])
        require(can_answer(self.request.user, assessment))
        roadmap: Roadmap | None = getattr(assessment, "roadmap", None)
        if roadmap is None:
            raise NotFound(_("This diagnostic has no roadmap yet: propose it first."))
        return roadmap

    @extend_schema(
        request=None,
        responses=s.LibraryActionSerializer(many=True),
        summary="The library actions that can still be added to the roadmap",
        tags=["roadmaps"],
    )
    @action(detail=True, methods=["get"], url_path="roadmap/library", pagination_class=None)
    def roadmap_library(self, request: Request, code: str) -> Response:
        actions = roadmap_library_left(self._roadmap())
        return Response(s.LibraryActionSerializer(actions, many=True).data)

    @extend_schema(
        request=s.RoadmapActionAddSerializer,
        responses={201: s.RoadmapItemSerializer},
        summary="Add an action to the roadmap: from the library (by code) or a custom one",
        tags=["roadmaps"],
    )
    @action(detail=True, methods=["post"], url_path="roadmap/actions")
    def roadmap_add(self, request: Request, code: str) -> Response:
        roadmap = self._roadmap()
        form = s.RoadmapActionAddSerializer(data=request.data, context={"roadmap": roadmap})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if "action" in data:
            item = services.roadmap_item_add_from_library(roadmap=roadmap, action=data["action"])
        else:
            item = services.roadmap_item_add_custom(roadmap=roadmap, **data["custom"])
        return Response(s.RoadmapItemSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    partial_update=extend_schema(
        request=s.RoadmapItemWriteSerializer, responses=s.RoadmapItemSerializer
    )
)
@extend_schema(tags=["roadmaps"])
class RoadmapItemViewSet(
    mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """One action of a roadmap: change its horizon, remove, restore or move it, mark it done."""

    serializer_class = s.RoadmapItemSerializer
    queryset = RoadmapItem.objects.none()  # for the schema; objects come from get_object()
    lookup_field = "code"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_object(self) -> RoadmapItem:
        return visible_roadmap_item(self.request.user, self.kwargs["code"])

    def _editable(self) -> RoadmapItem:
        item = self.get_object()
        require(can_answer(self.request.user, item.roadmap.assessment))
        return item

    @transaction.atomic  # all the changes asked for, or none
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self._editable()
        form = s.RoadmapItemWriteSerializer(data=request.data, partial=True)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if "removed" in data and data["removed"] != item.removed:
            change = (
                services.roadmap_item_remove if data["removed"] else services.roadmap_item_restore
            )
            item = change(item=item)
        if "horizon" in data and data["horizon"] != item.horizon:
            item = services.roadmap_item_set_horizon(item=item, horizon=data["horizon"])
        if "completed" in data and data["completed"] != (item.completed_at is not None):
            item = services.roadmap_item_complete(item=item, done=data["completed"])
        return Response(s.RoadmapItemSerializer(item).data)

    @extend_schema(
        request=s.RoadmapMoveSerializer,
        responses=s.RoadmapSerializer,
        summary="Move the action one place up or down in the roadmap's order",
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, code: str) -> Response:
        item = self._editable()
        form = s.RoadmapMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.roadmap_item_move(item=item, offset=form.validated_data["offset"])
        return Response(s.RoadmapSerializer(item.roadmap).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[query("pme", "PME code."), query("status", "The plan's status.")]
    ),
    retrieve=extend_schema(responses=s.PlanDetailSerializer),
)
@extend_schema(tags=["plans"])
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """The eight days of accompaniment: their slots, and what was logged each day."""

    serializer_class = s.PlanSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Plan]:
        if getattr(self, "swagger_fake_view", False):  # the schema is being generated
            return Plan.objects.none()
        if has_nul(self.request.query_params.values()):
            return Plan.objects.none()
        plans = plans_visible_to(self.request.user)
        params = self.request.query_params
        if "pme" in params:
            plans = plans.filter(assessment__company__code=as_uuid(params["pme"]))
        if "status" in params:
            plans = plans.filter(status=params["status"])
        return plans.order_by("-created_at", "pk")

    def get_object(self) -> Plan:
        return visible_plan(self.request.user, self.kwargs["code"])

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._detail(self.get_object())

    def _detail(self, plan: Plan, status_code: int = status.HTTP_200_OK) -> Response:
        plan = Plan.objects.select_related("assessment__company").get(pk=plan.pk)
        return Response(s.PlanDetailSerializer(plan_view(plan)).data, status=status_code)

    def _editable(self) -> Plan:
        plan = self.get_object()
        require(can_answer(self.request.user, plan.assessment))
        return plan

    def _day(self, plan: Plan, number: str) -> PlanDay:
        day = plan.days.filter(number=int(number)).first()
        if day is None:
            raise NotFound
        return day

    def _slot(self, plan: Plan, slot_id: str) -> PlanSlot:
        slot = PlanSlot.objects.select_related("day__plan", "item").filter(
            pk=int(slot_id), day__plan=plan
        )
        found = slot.first()
        if found is None:
            raise NotFound
        return found

    @extend_schema(
        request=s.SlotAddSerializer,
        responses={201: s.PlanDetailSerializer},
        summary="Put a roadmap action on a day",
    )
    @action(detail=True, methods=["post"])
    def slots(self, request: Request, code: str) -> Response:
        plan = self._editable()
        form = s.SlotAddSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        item = RoadmapItem.objects.filter(
            code=data["item"], roadmap__assessment=plan.assessment, removed=False
        ).first()
        if item is None:
            raise ValidationError({"item": [_not_in_roadmap()]})
        day = self._day(plan, data["day"])
        services.plan_slot_add(plan=plan, item=item, day=day, half_days=data["half_days"])
        return self._detail(plan, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None}, parameters=[CODE, SLOT])
    @action(detail=True, methods=["delete"], url_path=r"slots/(?P<slot_id>[0-9]{1,9})")
    def slot_remove(self, request: Request, code: str, slot_id: str) -> Response:
        plan = self._editable()
        services.plan_slot_remove(slot=self._slot(plan, slot_id))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=s.SlotMoveSerializer,
        responses=s.PlanDetailSerializer,
        parameters=[CODE, SLOT],
        summary="Move a slot to another day",
    )
    @action(detail=True, methods=["post"], url_path=r"slots/(?P<slot_id>[0-9]{1,9})/move")
    def slot_move(self, request: Request, code: str, slot_id: str) -> Response:
        plan = self._editable()
        slot = self._slot(plan, slot_id)
        form = s.SlotMoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.plan_slot_move(slot=slot, day=self._day(plan, form.validated_data["day"]))
        return self._detail(plan)

    @extend_schema(methods=["GET"], request=None, responses=s.DaySerializer, parameters=[CODE, DAY])
    @extend_schema(
        methods=["PATCH"],
        request=s.DayUpdateSerializer,
        responses={200: s.DaySerializer, 409: s.DayConflictSerializer},
        parameters=[CODE, DAY],
        summary="Change a planned day's date, objectives, agenda, preparation or deliverables",
    )
    @action(detail=True, methods=["get", "patch"], url_path=r"days/(?P<number>[1-8])")
    def day(self, request: Request, code: str, number: str) -> Response:
        if request.method == "GET":
            return Response(s.DaySerializer(self._day(self.get_object(), number)).data)
        plan = self._editable()
        day = self._day(plan, number)
        form = s.DayUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            day = services.plan_day_update(
                day=day,
                date=data.get("date", day.date),
                objectives=data.get("objectives", day.objectives),
                deliverables=data.get("deliverables", day.deliverables),
                agenda_morning=data.get("agenda_morning"),
                agenda_afternoon=data.get("agenda_afternoon"),
                preparation=data.get("preparation"),
                expected_revision=data.get("expected_revision"),
            )
        except DjangoValidationError as refused:
            if getattr(refused, "code", None) != "conflict":
                raise
            return conflict(refused, s.DaySerializer(self._day(plan, number)).data)
        return Response(s.DaySerializer(day).data)

    @extend_schema(
        request=s.DayLogSerializer,
        responses=s.DaySerializer,
        parameters=[CODE, DAY],
        summary="Log what happened on a day",
    )
    @action(detail=True, methods=["post"], url_path=r"days/(?P<number>[1-8])/log")
    def day_log(self, request: Request, code: str, number: str) -> Response:
        plan = self._editable()
        day = self._day(plan, number)
        form = s.DayLogSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        codes = set(data.pop("completed", []))
        completed = list(RoadmapItem.objects.filter(slots__day=day, code__in=codes).distinct())
        if len(completed) != len(codes):
            raise ValidationError({"completed": [_not_on_day()]})
        day = services.plan_day_log(day=day, by=request.user, completed=completed, **data)
        return Response(s.DaySerializer(day).data)

    @extend_schema(request=None, responses=s.PlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, code: str) -> Response:
        plan = services.plan_agree(plan=self._editable())
        return self._detail(plan)

    @extend_schema(request=None, responses=s.PlanDetailSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, code: str) -> Response:
        plan = services.plan_complete(plan=self._editable())
        return self._detail(plan)


def _not_in_roadmap() -> str:
    return _("This action is not in this PME's roadmap.")


def _not_on_day() -> str:
    return _("Only the actions planned on this day can be marked as completed on it.")


def visible_plan(user: Any, code: object) -> Plan:
    plan: Plan = object_or_404(plans_visible_to(user), code=code_or_404(code))
    return plan


def visible_roadmap_item(user: Any, code: object) -> RoadmapItem:
    items = RoadmapItem.objects.select_related("roadmap__assessment__company", "axis", "action")
    visible = items.filter(roadmap__assessment__in=assessments_visible_to(user))
    item: RoadmapItem = object_or_404(visible, code=code_or_404(code))
    return item
