from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """French unless the user chose another language (cookie); the browser's language is ignored.

    Consultants share tablets and PME managers read French reports: the choice is
    made once in the app, not inherited from the device. The API is different: a script
    has no cookie to set, so there the ``Accept-Language`` header counts after the cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        api = request.path_info.startswith("/api/")
        if chosen in self.supported:
            language = chosen
        elif api:
            language = translation.get_language_from_request(request)  # Accept-Language
        else:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie", "Accept-Language"] if api else ["Cookie"])
            response.headers.setdefault("Content-Language", language)
        return response


class ApiBodyLimitMiddleware:
    """An API body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a JSON 400 the script can read,
    not Django's HTML page; files (multipart) have their own limits, checked by the upload."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/") and self._too_large(request):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            detail = _("The request body is larger than %(mb)s MB.") % {"mb": limit}
            return JsonResponse({"detail": detail}, status=400)
        return self.get_response(request)

    @staticmethod
    def _too_large(request: HttpRequest) -> bool:
        if request.content_type == "multipart/form-data":
            return False
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return False
        return length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
