"""Over HTTP, as a consultant's browser would: log in, ask for a diagnostic's PDF roadmap,
wait for the pdf queue's worker to render it, download it. Used by .ci/serve_check.sh.

    python .ci/serve_pdf.py BASE_URL USERNAME PASSWORD DIAGNOSTIC_CODE

Standard library only. The stack runs with DEBUG off, so its cookies are Secure: they are
kept here by hand (a cookie jar would not send them back over plain http), and each request
says it came through the TLS proxy (X-Forwarded-Proto, with a matching Referer).
"""

import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

BASE, USERNAME, PASSWORD, CODE = sys.argv[1:5]
HOST = urllib.parse.urlsplit(BASE).netloc
cookies: dict[str, str] = {}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(path: str, data: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {
        "X-Forwarded-Proto": "https",
        "Referer": f"https://{HOST}{path}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
    }
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(BASE + path, data=body, headers=headers)
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value
    return response.status, dict(response.headers), response.read()


def fail(message: str) -> None:
    print(f"serve check (pdf): {message}", file=sys.stderr)
    sys.exit(1)


def csrf(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        fail("no CSRF token on the page")
    return found.group(1).decode()


_status, _headers, page = call("/login/")
status, headers, _body = call(
    "/login/",
    {"csrfmiddlewaretoken": csrf(page), "username": USERNAME, "password": PASSWORD},
)
if status != 302 or "sessionid" not in cookies:
    fail(f"logging in as {USERNAME} answered {status}")
print(f"pdf: logged in as {USERNAME}")

status, _headers, page = call(f"/diagnostics/{CODE}/results/")
if status != 200:
    fail(f"the results page answered {status}")
form = {"csrfmiddlewaretoken": csrf(page), "language": "fr", "edition": "manager"}
status, _headers, _body = call(f"/reports/diagnostics/{CODE}/pdf/", form)
if status not in (200, 302):
    fail(f"asking for the PDF answered {status}")
print("pdf: roadmap asked for; waiting for the pdf worker")

deadline = time.monotonic() + 240
link = None
while link is None:
    status, _headers, panel = call(f"/reports/diagnostics/{CODE}/pdf/panel/")
    found = re.search(rb'href="(/reports/pdf/[0-9a-f-]+/download/)"', panel)
    if found:
        link = found.group(1).decode()
    elif time.monotonic() > deadline:
        fail("no PDF ready after 240 s")
    else:
        time.sleep(2)

status, headers, pdf = call(link)
kind = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
if status != 200 or not pdf.startswith(b"%PDF") or "application/pdf" not in kind:
    fail(f"the download answered {status} {kind} ({len(pdf)} bytes)")
print(f"pdf: rendered by the pdf queue and downloaded, {len(pdf):,} bytes")
