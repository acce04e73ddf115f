"""Benchmark: one demo PME's PDF roadmap, rendered again and again in one process.

Uses the database the environment names (DATA_DIR / DATABASE_URL); with none, a
throw-away SQLite database, which it fills with the default framework and the demo
cohort. Prints, over the runs after a first (cold) one, the median time per report
split into data, HTML, charts (drawn in Python, within the data phase) and WeasyPrint,
then the overhead ratio: the total divided by WeasyPrint's
own time on the final HTML (the same HTML laid out again), and the same ratio in CPU time
of this process (steadier than wall time on a shared machine).

    .venv/bin/python benchmarks/render_roadmap.py [--company NAME] [--kind T0|T1]
                                                  [--lang fr|en|ar] [--runs 10]
                                                  [--edition manager|detailed|both]
                                                  [--compare fr,ar] [--shipped-weasyprint]
Each edition is measured in turn, then both editable exports (Excel plan, Word document).
Targets on a 2-core machine (issue 15): manager edition under 1 s median, overhead ratio ≤ 1.1.

``--compare fr,ar`` instead renders the same report in each language, the languages taking
turns run after run (so a shared machine's load falls on both alike), and prints per
language the mean and median of each phase and of the CPU time, then each language's
ratio to the first one. Target (issue 19): Arabic within 10 % of French.
``--shipped-weasyprint`` measures without reports/documents/pdf/rtl_lines.py's fix (each
right-to-left line laid out twice), for a before/after.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="m40-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402
from weasyprint.layout import inline  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from assessments.models import Assessment  # noqa: E402
from reports.documents.exports import roadmap_export  # noqa: E402
from reports.documents.pdf import rtl_lines  # noqa: E402
from reports.documents.pdf.render import layout, render_roadmap  # noqa: E402

DEMO_COMPANY = "Atlas Circuits SARL"


def ensure_demo() -> None:
    call_command("migrate", verbosity=0)
    if not Assessment.objects.exists():
        call_command("load_framework", str(ROOT / "diagnostics/frameworks/default.yaml"))
        call_command("load_demo")


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--company", default=DEMO_COMPANY)
    parser.add_argument("--kind", default="T0", choices=["T0", "T1"])
    parser.add_argument("--lang", default="fr", choices=["fr", "en", "ar"])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--edition", default="both", choices=["manager", "detailed", "both"])
    parser.add_argument("--compare", help="languages to compare, comma-separated: fr,ar")
    parser.add_argument(
        "--shipped-weasyprint", action="store_true", help="without rtl_lines.py's fix"
    )
    args = parser.parse_args()
    if args.shipped_weasyprint:
        inline.get_next_linebox = rtl_lines.SHIPPED
    ensure_demo()
    assessment = Assessment.objects.select_related(
        "company__cluster", "framework_version__framework", "consultant", "baseline"
    ).get(company__name=args.company, kind=args.kind)
    editions = ["manager", "detailed"] if args.edition == "both" else [args.edition]
    if args.compare:
        for edition in editions:
            compare(assessment, args.compare.split(","), edition, args.runs)
        return
    for edition in editions:
        measure(assessment, args, edition)
    for fmt in ("xlsx", "docx"):
        seconds = []
        for _run in range(args.runs):
            started = time.perf_counter()
            data = roadmap_export(assessment, language=args.lang, fmt=fmt)
            seconds.append(time.perf_counter() - started)
        spread = f"min {min(seconds):.3f}, max {max(seconds):.3f}"
        print(f"  export {fmt}: {len(data) // 1024} KiB, median {median(seconds):.3f} s "
              f"({spread}) over {args.runs} runs")  # fmt: skip


def measure(assessment: Assessment, args: argparse.Namespace, edition: str) -> None:
    cold_started = time.perf_counter()
    cold = render_roadmap(assessment, language=args.lang, version=1, edition=edition)
    cold_seconds = time.perf_counter() - cold_started
    rows, cpu, cpu_ratios = [], [], []
    for _run in range(args.runs):
        cpu_started = time.process_time()
        rendered = render_roadmap(assessment, language=args.lang, version=1, edition=edition)
        cpu.append(time.process_time() - cpu_started)
        started, cpu_alone = time.perf_counter(), time.process_time()
        layout(rendered.html, rtl=args.lang == "ar")
        cpu_ratios.append(cpu[-1] / (time.process_time() - cpu_alone))
        rows.append((rendered.timings, time.perf_counter() - started))

    totals = [t.total for t, _alone in rows]
    alone = [a for _t, a in rows]
    ratios = [t.total / a for t, a in rows]
    title = f"{args.company} · {args.kind} · {args.lang} · {edition} edition"
    print(f"{title}: {cold.pages} pages, "
          f"{len(cold.data) // 1024} KiB; {args.runs} runs after a cold one of "
          f"{cold_seconds:.2f} s")  # fmt: skip
    print(f"  data (queries, content)   {median([t.data for t, _a in rows]):6.3f} s")
    print(f"  HTML (template, typog.)   {median([t.html for t, _a in rows]):6.3f} s")
    print(f"  charts (within data)      {median([t.charts for t, _a in rows]):6.3f} s")
    print(f"  WeasyPrint layout + PDF   {median([t.layout for t, _a in rows]):6.3f} s")
    print(f"  total per report          {median(totals):6.3f} s  (min {min(totals):.3f}, "
          f"max {max(totals):.3f})")  # fmt: skip
    print(f"  CPU time of this process  {median(cpu):6.3f} s per report")
    print(f"  WeasyPrint alone, final HTML {median(alone):5.3f} s")
    print(f"  overhead ratio (total ÷ WeasyPrint alone) {median(ratios):.2f}")
    print(f"  the same ratio in CPU time of this process {median(cpu_ratios):.2f}")
    print(f"  load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


PHASES = ("data", "html", "charts", "layout", "total")


def compare(assessment: Assessment, languages: list[str], edition: str, runs: int) -> None:
    """The same report in each language, the languages taking turns; ratios to the first."""
    for language in languages:  # a cold run each: fonts, stylesheets
        render_roadmap(assessment, language=language, version=1, edition=edition)
    phases: dict[str, dict[str, list[float]]] = {
        language: {name: [] for name in (*PHASES, "cpu")} for language in languages
    }
    pages = {}
    for _run in range(runs):
        for language in languages:
            cpu_started = time.process_time()
            rendered = render_roadmap(assessment, language=language, version=1, edition=edition)
            phases[language]["cpu"].append(time.process_time() - cpu_started)
            for name in PHASES:
                phases[language][name].append(getattr(rendered.timings, name))
            pages[language] = rendered.pages
    print(f"{assessment.company.name} · {assessment.kind} · {edition} edition · {runs} runs "
          f"per language, taking turns (seconds, mean / median)")  # fmt: skip
    header = "".join(f"{language + f' ({pages[language]} p.)':>22}" for language in languages)
    print(f"  {'':24}{header}")
    labels = {
        "data": "data (queries, content)",
        "html": "HTML (template, typog.)",
        "charts": "charts (within data)",
        "layout": "WeasyPrint layout + PDF",
        "total": "total per report",
        "cpu": "CPU of this process",
    }
    for name, label in labels.items():
        cells = "".join(
            f"{statistics.mean(phases[lang][name]):>12.3f} / {median(phases[lang][name]):.3f}"
            for lang in languages
        )
        print(f"  {label:24}{cells}")
    first = languages[0]
    for language in languages[1:]:
        for name in ("total", "cpu", "layout"):
            ratio = median(phases[language][name]) / median(phases[first][name])
            print(f"  {language} ÷ {first}, median {labels[name]}: {ratio:.2f}")
    print(f"  load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
