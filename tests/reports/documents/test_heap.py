"""A report's layout never walks the worker's long-lived heap, and gives it back afterwards."""

import gc

import pytest

from reports.documents.pdf.fetcher import ReportFetcher
from reports.documents.pdf.heap import older_objects_frozen
from reports.documents.pdf.render import layout

HTML = (
    '<html><body><p>Rapport</p><img src="https://report.invalid/static/favicon.svg"></body></html>'
)


def test_the_layout_runs_with_the_older_objects_out_of_the_collectors_reach(monkeypatch) -> None:
    seen_during_layout: list[int] = []
    static = ReportFetcher._static

    def fetched(self, url, path):  # type: ignore[no-untyped-def]  # in the middle of the layout
        seen_during_layout.append(gc.get_freeze_count())
        return static(self, url, path)

    monkeypatch.setattr(ReportFetcher, "_static", fetched)
    before = gc.get_freeze_count()
    data, pages = layout(HTML)

    assert data.startswith(b"%PDF")
    assert pages == 1
    assert seen_during_layout
    assert seen_during_layout[0] > before
    assert gc.get_freeze_count() == before  # every object collectable again


def test_the_heap_is_given_back_when_the_layout_fails() -> None:
    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), older_objects_frozen():
        raise RuntimeError("a chart could not be drawn")
    assert gc.get_freeze_count() == before


def test_what_the_block_allocates_is_still_collected() -> None:
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    with older_objects_frozen():
        gc.collect()
        Node()
        assert gc.collect() >= 1
