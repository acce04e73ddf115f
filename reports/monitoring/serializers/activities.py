"""Activities and their participants, as the API shows and accepts them."""

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Cluster
from config.api.serializers import CodeRelatedField
from reports.monitoring.models import Activity, Participant

PARTICIPANT_FIELDS = ["name", "email", "sex", "role", "organisation", "cluster", "count", "person"]
MAX_PEOPLE = 100_000  # per row: far above any event, far below the database's limit


def named_choices(component: str, choices: type[models.TextChoices]) -> type[serializers.Field]:
    """A choice field whose enum has its own name in the schema.

    Several models have a ``kind`` or a ``status``; without a name of its own, the schema's
    enums would be named after a hash.
    """
    schema = {"type": "string", "enum": list(choices.values)}

    @extend_schema_field(schema, component_name=component)
    class NamedChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    return NamedChoiceField


ActivityKindField = named_choices("ActivityKindEnum", Activity.Kind)


class ParticipantSerializer(serializers.ModelSerializer):
    count = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PEOPLE,
        default=1,
        help_text=_("Number of people; a named participant is one person."),
    )
    cluster = CodeRelatedField(
        slug_field="code",
        queryset=Cluster.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Code of the participant's own cluster (they count for it); by default their "
            "PME's, else the activity's."
        ),
    )
    person = serializers.UUIDField(
        source="person.code",
        read_only=True,
        allow_null=True,
        help_text=_("The person this line is: one person is counted once across sessions."),
    )

    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS


class ActivitySerializer(serializers.ModelSerializer):
    kind = ActivityKindField(read_only=True)
    cluster = serializers.CharField(
        source="cluster.code",
        read_only=True,
        allow_null=True,
        help_text=_("Null: an activity of the whole programme."),
    )
    entered_by = serializers.CharField(
        source="entered_by.username", read_only=True, allow_null=True
    )
    evidence_file = serializers.SerializerMethodField(
        help_text=_("Where to download the evidence file; null when there is none.")
    )
    people = serializers.SerializerMethodField(help_text=_("Number of people who took part."))
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "code",
            "kind",
            "title",
            "date",
            "cluster",
            "series",
            "hours",
            "description",
            "evidence_link",
            "evidence_name",
            "evidence_file",
            "entered_by",
            "entered_at",
            "people",
            "participants",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_evidence_file(self, activity: Activity) -> str | None:
        if not activity.evidence:
            return None
        return reverse("api:activity-evidence", kwargs={"code": activity.code})

    def get_people(self, activity: Activity) -> int:
        return sum(p.count for p in activity.participants.all())


class ActivityWriteSerializer(serializers.Serializer):
    """An activity with its participants; JSON, or multipart to attach an evidence file.

    In multipart, participants are sent as ``participants[0]sex``, ``participants[0]count``…
    """

    kind = ActivityKindField()
    title = serializers.CharField(max_length=200)
    date = serializers.DateField()
    cluster = CodeRelatedField(
        slug_field="code",
        queryset=Cluster.objects.none(),
        allow_null=True,
        help_text=_(
            "Code of a cluster whose activities you record; null for an activity of the whole "
            "programme (the coordinator's)."
        ),
    )
    series = serializers.CharField(required=False, allow_blank=True, max_length=100)
    hours = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        help_text=_("Duration in hours."),
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    evidence_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    evidence = serializers.FileField(
        required=False,
        write_only=True,
        help_text=_("Attendance list, photo or report: PDF, image or Office document."),
    )
    participants = ParticipantSerializer(
        many=True,
        required=False,
        max_length=500,
        help_text=_("Given, they replace the list; left out, the list is kept."),
    )

    def __init__(
        self, *args: Any, clusters: QuerySet[Cluster] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if clusters is not None:
            self.fields["cluster"].queryset = clusters

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The form's rule (ActivityForm.clean), on what the activity will be once saved.
        activity: Activity | None = self.instance
        link = attrs.get("evidence_link", activity.evidence_link if activity else "")
        stored = bool(activity and activity.evidence)
        if not attrs.get("evidence") and not link and not stored:
            raise serializers.ValidationError(_("Attach the evidence: a file or a link."))
        return attrs
