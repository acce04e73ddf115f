"""What the API shows and accepts. Objects are named by their public code, never their id."""

from assessments.serializers.companies import (
    ClusterSerializer,
    CompanySerializer,
    CompanyWriteSerializer,
    ImportConfirmSerializer,
    ImportErrorSerializer,
    ImportFileSerializer,
    ImportPreviewSerializer,
    ImportResultSerializer,
    ImportRowSerializer,
)
from assessments.serializers.diagnostics import (
    AnswerConflictSerializer,
    AnswerSerializer,
    AnswerWriteSerializer,
    AssessmentDetailSerializer,
    AssessmentSerializer,
    AssessmentStartSerializer,
    AxisScoreSerializer,
    ProgressSerializer,
    ReopenSerializer,
    ScoresSerializer,
    TargetSerializer,
    TargetsWriteSerializer,
)
from assessments.serializers.evidence import EvidenceSerializer, EvidenceUploadSerializer
from config.api.serializers import ErrorSerializer

__all__ = [
    "AnswerConflictSerializer",
    "AnswerSerializer",
    "AnswerWriteSerializer",
    "AssessmentDetailSerializer",
    "AssessmentSerializer",
    "AssessmentStartSerializer",
    "AxisScoreSerializer",
    "ClusterSerializer",
    "CompanySerializer",
    "CompanyWriteSerializer",
    "ErrorSerializer",
    "EvidenceSerializer",
    "EvidenceUploadSerializer",
    "ImportConfirmSerializer",
    "ImportErrorSerializer",
    "ImportFileSerializer",
    "ImportPreviewSerializer",
    "ImportResultSerializer",
    "ImportRowSerializer",
    "ProgressSerializer",
    "ReopenSerializer",
    "ScoresSerializer",
    "TargetSerializer",
    "TargetsWriteSerializer",
]
