"""The long-lived heap is frozen once per page per process (dtplan.web.heap), so Streamlit's collection
after every run no longer scans the ≈200,000 objects of the loaded libraries."""

from __future__ import annotations

import gc

from dtplan.web import heap


def test_the_heap_is_frozen_after_the_first_run_of_each_page_only(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(heap, "_warm_pages", set())
    monkeypatch.setattr(heap.gc, "collect", lambda: calls.append("collect"))
    monkeypatch.setattr(heap.gc, "freeze", lambda: calls.append("freeze"))
    assert heap.freeze_when_warm("tong_quan") is True
    assert heap.freeze_when_warm("tong_quan") is False
    assert heap.freeze_when_warm("chi_tieu") is True
    assert calls == ["collect", "freeze", "collect", "freeze"]


def test_it_can_be_turned_off(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(heap, "_warm_pages", set())
    monkeypatch.setattr(heap.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setenv("DTPLAN_GC_FREEZE", "0")
    assert heap.freeze_when_warm("tong_quan") is False
    assert calls == []


def test_frozen_objects_leave_the_collected_generations(monkeypatch):
    monkeypatch.setattr(heap, "_warm_pages", set())
    try:
        before = gc.get_freeze_count()
        heap.freeze_when_warm("tong_quan")
        assert gc.get_freeze_count() > before
        assert sum(gc.get_count()) < gc.get_freeze_count()
    finally:
        gc.unfreeze()
