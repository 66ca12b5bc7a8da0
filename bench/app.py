"""`saydo bench app`: the desktop app as a person meets it, measured on the real widgets and the real models.

- cold start: QApplication and the app built, the models loaded (weights already on disk), until the worker says
  ready;
- hotkey to recording: the slot pynput's listener calls, until the Recorder has started the take (median of 5);
- release to card: the bundled `samples/zh-visit-note.flac` spoken into the app at real-time pace (FileSource stands
  in for the microphone), from key release until the confirmation card is on screen; the rules parse that one alone,
  so an English visit note (11.6 s) that needs the language model is measured the same way beside it;
- peak RSS of the process running the app.

Records go to a throwaway data folder; the configured models and settings are used as they are. Without a display
the app runs on Qt's offscreen platform.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .report import BenchOptions, console, peak_rss_mb, table, write_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zh-visit-note.flac"
LLM_SAMPLE = ROOT / "tests" / "data" / "dictation" / "en-visit-northwind.flac"  # from a checkout only
HOTKEY_REPEATS = 5
TIMEOUT_S = 600.0


def _wait(qt: Any, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench app: timed out waiting for {what}")
        qt.processEvents()
        time.sleep(0.005)


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    from PySide6.QtWidgets import QApplication

    from app.ui.application import SaydoApp
    from asr.capture import FileSource

    with tempfile.TemporaryDirectory(prefix="saydo-bench-app-") as tmp:
        bench_paths = replace(paths, data_dir=Path(tmp) / "data")
        sources: list[FileSource] = []
        clip = [SAMPLE]

        def microphone() -> FileSource:
            sources.append(FileSource(clip[0], tail_s=0.8))
            return sources[-1]

        qt = QApplication.instance() or QApplication(["saydo-bench"])
        app = SaydoApp(settings.model_copy(deep=True), bench_paths, source_factory=microphone,
                       keep_source_armed=False, use_tray=False)
        app.settings.ui.mode = "hold"
        app.settings.ui.auto_confirm = False
        try:
            if not app.start():
                raise RuntimeError("bench app: another saydo instance holds this profile's channel")
            _wait(qt, lambda: app.is_ready, "the models")
            cold_start_s = time.perf_counter() - started

            starts_ms = []
            for _ in range(HOTKEY_REPEATS):
                t0 = time.perf_counter()
                app.hotkey_pressed()
                starts_ms.append((time.perf_counter() - t0) * 1000)
                if not app.is_recording:
                    raise RuntimeError("bench app: the hotkey did not start a recording")
                app.cancel_recording()
                qt.processEvents()

            cards: list[Any] = []
            app.card_shown.connect(cards.append)
            takes = []
            for sample in [SAMPLE, *([LLM_SAMPLE] if LLM_SAMPLE.exists() else [])]:
                clip[0] = sample  # what the next microphone plays
                cards.clear()
                app.hotkey_pressed()
                _wait(qt, lambda: sources[-1].finished.is_set(), "the sample to be spoken")
                app.hotkey_released()
                _wait(qt, lambda: bool(cards), "the card")
                card = cards[0]
                stored = app.store.get(card.draft.record_id)
                takes.append({"sample": sample.name, "release_to_card_s": app.last_release_to_card_s,
                              "intent": card.form.intent, "transcript": card.draft.transcript,
                              "stage_timings_s": stored.provenance.timings if stored.provenance else {}})
                card.reject()
                qt.processEvents()
        finally:
            app.shutdown()

    result = {
        "cold_start_s": round(cold_start_s, 3),
        "hotkey_to_recording_ms": round(statistics.median(starts_ms), 2),
        "release_to_card_s": round(takes[0]["release_to_card_s"], 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    details = {"takes": takes, "hotkey_to_recording_ms_all": [round(v, 2) for v in starts_ms],
               "threads": settings.cpu_threads(),
               "asr_model": settings.asr.model, "llm_model": settings.llm.model, "streaming": settings.asr.streaming,
               "platform": QApplication.platformName()}
    console.print(table("saydo bench app", ["metric", "value"], [[k, v] for k, v in result.items()]))
    console.print(table("release to card, per take", ["sample", "seconds", "intent", "stages (s)", "transcript"],
                        [[t["sample"], round(t["release_to_card_s"] or 0, 3), t["intent"], t["stage_timings_s"],
                          t["transcript"]] for t in takes]))
    path = write_json("app", {**result, "details": details})
    console.print(f"[dim]wrote {path}[/]")
    return result
