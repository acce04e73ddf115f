from uuid import UUID

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

CODE = OpenApiParameter("code", OpenApiTypes.UUID, OpenApiParameter.PATH)
NO_CODE = UUID(int=0)


def query(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=description)


def path_int(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, OpenApiParameter.PATH, description=description)


def as_uuid(value: str) -> UUID:
    """A code from a query string; a malformed one matches nothing."""
    try:
        return UUID(value)
    except ValueError:
        return NO_CODE
