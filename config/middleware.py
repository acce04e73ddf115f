from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
