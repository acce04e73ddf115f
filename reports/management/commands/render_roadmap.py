"""Render one diagnostic's PDF roadmap in the shell, for support: no queue, no stored version."""

import base64
import os
import uuid
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from reports.documents.models import Report
from reports.documents.pdf.fetcher import chart_url
from reports.documents.pdf.kaleido_server import ChartError
from reports.documents.pdf.render import STYLESHEET, RenderedPdf, RenderError, render_roadmap


class Command(BaseCommand):
    help = "Render the PDF roadmap of a diagnostic (its public code) into a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment", help="the diagnostic's public code (UUID)")
        parser.add_argument("--lang", choices=Report.Language.values, default="fr")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the PDF to write")
        parser.add_argument("--html", type=Path, help="also write the final HTML here")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = self._assessment(options["assessment"])
        try:
            rendered = render_roadmap(assessment, language=options["lang"])
        except (ChartError, RenderError) as exc:
            raise CommandError(f"Rendering failed: {exc}") from exc
        _write(options["output"], rendered.data)
        if options["html"]:
            _write(options["html"], standalone_html(rendered).encode())
        t = rendered.timings
        self.stdout.write(
            f"{options['output']}: {rendered.pages} pages, {len(rendered.data) // 1024} KiB "
            f"in {t.total:.2f} s (data {t.data:.2f}, HTML {t.html:.2f}, "
            f"charts {t.charts:.2f} alongside, WeasyPrint {t.layout:.2f})"
        )

    def _assessment(self, code: str) -> Assessment:
        try:
            return Assessment.objects.select_related(
                "company__cluster", "framework_version__framework", "consultant", "baseline"
            ).get(code=uuid.UUID(code))
        except (ValueError, ValidationError, Assessment.DoesNotExist) as exc:
            raise CommandError(f"No diagnostic has the code {code!r}.") from exc


def standalone_html(rendered: RenderedPdf) -> str:
    """The report's HTML with its charts and stylesheet inlined, to open in a browser."""
    html = rendered.html
    for name, svg in rendered.charts.items():
        data = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
        html = html.replace(chart_url(name), data)
    css = Path(finders.find(STYLESHEET) or "").read_text()
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def _write(path: Path, data: bytes) -> None:
    """Write next to the target, then move: a failure never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
