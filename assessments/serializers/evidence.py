"""Evidence files attached to answers: listed with a link to download them."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from assessments.models import Evidence


class EvidenceSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="answer.question.code", read_only=True)
    name = serializers.CharField(source="original_name", read_only=True)
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)
    download = serializers.SerializerMethodField(help_text=_("Where to download the file."))

    class Meta:
        model = Evidence
        fields = [
            "code",
            "question",
            "name",
            "content_type",
            "size",
            "uploaded_by",
            "uploaded_at",
            "download",
        ]

    def get_download(self, evidence: Evidence) -> str:
        return reverse("api:evidence-detail", args=[evidence.code])


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_(
            "A photo (JPEG, PNG, WebP, GIF), a PDF or an Office document, checked by its "
            "content; the size limit is the app's."
        )
    )
