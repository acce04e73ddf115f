"""The framework read once per page: a request that only reads (GET, HEAD) sees one version
of the framework, so its selectors share one read of each version's axes and questions."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from diagnostics.selectors import framework_read_once

SAFE_METHODS = frozenset({"GET", "HEAD"})


class FrameworkReadOnceMiddleware:
    """``framework_read_once`` around each GET and HEAD request.

    A results page read a version's axes and questions seven times (its scores, its sector
    packs, its EU DMA reading, the manager's self-assessment beside it). Requests that write
    are left alone: one that edits a draft framework then reads it must see its own edit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with framework_read_once():
            return self.get_response(request)
