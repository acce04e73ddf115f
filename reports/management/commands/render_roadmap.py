"""Render one diagnostic's roadmap in the shell, for support: no queue, no stored version.

``--edition manager|detailed --format pdf|docx|xlsx`` (manager and pdf by default)."""

import os
import time
import uuid
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from assessments.models import Assessment
from reports.documents.exports import FORMATS, roadmap_export
from reports.documents.models import Report
from reports.documents.pdf.content import Edition
from reports.documents.pdf.render import STYLESHEET, RenderedPdf, RenderError, render_roadmap


class Command(BaseCommand):
    help = "Render the PDF roadmap of a diagnostic (its public code) into a file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("assessment", help="the diagnostic's public code (UUID)")
        parser.add_argument("--lang", choices=Report.Language.values, default="fr")
        parser.add_argument("--edition", choices=Edition.ALL, default=Edition.MANAGER)
        parser.add_argument("--format", choices=["pdf", *FORMATS], default="pdf", dest="fmt")
        parser.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
        parser.add_argument("--html", type=Path, help="also write the final HTML here (PDF)")

    def handle(self, *args: Any, **options: Any) -> None:
        assessment = self._assessment(options["assessment"])
        if options["fmt"] != "pdf":
            self._export(assessment, options)
            return
        try:
            rendered = render_roadmap(
                assessment, language=options["lang"], edition=options["edition"]
            )
        except RenderError as exc:
            raise CommandError(f"Rendering failed: {exc}") from exc
        _write(options["output"], rendered.data)
        if options["html"]:
            _write(options["html"], standalone_html(rendered).encode())
        t = rendered.timings
        self.stdout.write(
            f"{options['output']}: {rendered.pages} pages, {len(rendered.data) // 1024} KiB "
            f"in {t.total:.2f} s (data {t.data:.2f}, HTML {t.html:.2f}, "
            f"charts {t.charts:.2f}, WeasyPrint {t.layout:.2f})"
        )

    def _export(self, assessment: Assessment, options: dict[str, Any]) -> None:
        if options["fmt"] == "xlsx" and options["edition"] != Edition.MANAGER:
            self.stderr.write("The Excel action plan has one edition; --edition is ignored.")
        started = time.perf_counter()
        data = roadmap_export(
            assessment, language=options["lang"], fmt=options["fmt"], edition=options["edition"]
        )
        _write(options["output"], data)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{options['output']}: {len(data) // 1024} KiB in {seconds:.2f} s")

    def _assessment(self, code: str) -> Assessment:
        try:
            return Assessment.objects.select_related(
                "company__cluster", "framework_version__framework", "consultant", "baseline"
            ).get(code=uuid.UUID(code))
        except (ValueError, ValidationError, Assessment.DoesNotExist) as exc:
            raise CommandError(f"No diagnostic has the code {code!r}.") from exc


def standalone_html(rendered: RenderedPdf) -> str:
    """The report's HTML (its charts are in it) with its stylesheet inlined, for a browser."""
    css = Path(finders.find(STYLESHEET) or "").read_text()
    return rendered.html.replace("</head>", f"<style>{css}</style></head>", 1)


def _write(path: Path, data: bytes) -> None:
    """Write next to the target, then move: a failure never leaves half a file."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
