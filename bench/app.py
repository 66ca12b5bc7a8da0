"""`saydo bench app`: the desktop app as a person meets it, measured on the real widgets and the real models.

- cold start: QApplication and the app built, the models loaded (weights already on disk), until the worker says
  ready;
- hotkey to recording: the slot pynput's listener calls, until the Recorder has started the take (median of 5);
- `saydo toggle` to recording: the command sent over the channel a desktop shortcut uses (from a thread, as from
  another process), until the Recorder has started the take (median of 5);
- `saydo toggle` with no app running: the real console script, start to exit (median of 10), beside the full CLI
  (`python -c "from app.cli import main; main()" toggle`, what the console script loaded before) for the ratio;
- release to card: the bundled `samples/zh-visit-note.flac` spoken into the app at real-time pace (FileSource stands
  in for the microphone), from key release until the confirmation card is on screen; the rules parse that one alone,
  so an English visit note (11.6 s) that needs the language model is measured the same way beside it: until its
  card is on screen (`release_to_card_llm_s`; the card opens on what the rules found) and until the fields that
  waited for the model are filled (`release_to_complete_llm_s`);
- peak RSS of the process running the app.

Records go to a throwaway data folder; the configured models and settings are used as they are. Without a display
the app runs on Qt's offscreen platform.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from .report import BenchOptions, console, peak_rss_mb, table, write_json

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zh-visit-note.flac"
LLM_SAMPLE = ROOT / "tests" / "data" / "dictation" / "en-visit-northwind.flac"  # from a checkout only
HOTKEY_REPEATS = 5
TOGGLE_REPEATS = 10
TOGGLE_TIMEOUT_MS = 10_000
TIMEOUT_S = 600.0


def _wait(qt: Any, done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"bench app: timed out waiting for {what}")
        qt.processEvents()
        time.sleep(0.005)


def _toggle_no_app_s() -> tuple[list[float], list[float]]:
    """Seconds `saydo toggle` takes to say that no app runs: the console script, and the full CLI beside it
    (interleaved, so that a change of load hits both alike)."""
    script = shutil.which("saydo", path=sysconfig.get_path("scripts"))
    if script is None:
        raise RuntimeError("bench app: the saydo console script is not installed in this environment")
    commands = {"script": [script], "full_cli": [sys.executable, "-c", "from app.cli import main; main()"]}
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="saydo-bench-toggle-") as home:
        for _ in range(TOGGLE_REPEATS):
            for name, command in commands.items():
                t0 = time.perf_counter()
                done = subprocess.run([*command, "--home", home, "toggle"], capture_output=True, text=True,
                                      cwd=ROOT, timeout=TIMEOUT_S)
                seconds[name].append(time.perf_counter() - t0)
                if done.returncode != 1 or "not running" not in done.stderr:
                    raise RuntimeError(f"bench app: `saydo toggle` with no app gave {done.returncode}: {done.stderr}")
    return seconds["script"], seconds["full_cli"]


def _toggle_to_recording_ms(qt: Any, app: Any) -> float:
    """From `toggle` leaving a client (on a thread: this one runs the app's event loop) to the take started."""
    from PySide6.QtCore import QEventLoop, QTimer

    from app.ipc import send_command

    def send() -> tuple[float, str]:
        sent = time.perf_counter()
        return sent, send_command(app.paths.runtime_dir, "toggle")

    recorded: list[float] = []
    loop = QEventLoop()

    def on_recording() -> None:
        recorded.append(time.perf_counter())
        loop.quit()

    app.recording_started.connect(on_recording)
    try:
        with ThreadPoolExecutor(1) as pool:
            answer = pool.submit(send)
            QTimer.singleShot(TOGGLE_TIMEOUT_MS, loop.quit)  # a refusal starts nothing: the answer says why
            loop.exec()  # as the app's own loop waits: woken by the socket, not by polling
            _wait(qt, answer.done, "the answer to toggle")
    finally:
        app.recording_started.disconnect(on_recording)
    sent, said = answer.result()
    if not recorded or said != "recording":
        raise RuntimeError(f"bench app: `toggle` did not start a recording (the app said {said!r})")
    return (recorded[0] - sent) * 1000


def run(settings: Any, paths: Any, options: BenchOptions) -> dict[str, Any]:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    toggle_no_app_s, toggle_full_cli_s = _toggle_no_app_s()  # before the app exists: nothing else runs
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
            toggles_ms = []
            for _ in range(HOTKEY_REPEATS):
                toggles_ms.append(_toggle_to_recording_ms(qt, app))
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
                released = time.perf_counter()
                _wait(qt, lambda: bool(cards), "the card")
                card = cards[0]
                to_card_s = app.last_release_to_card_s
                opened_waiting = card.waiting
                _wait(qt, lambda card=card: not card.waiting, "the language model's fields")
                to_complete_s = time.perf_counter() - released if opened_waiting else to_card_s
                stored = app.store.get(card.draft.record_id)
                takes.append({"sample": sample.name, "release_to_card_s": to_card_s,
                              "release_to_complete_s": to_complete_s, "opened_before_the_model": opened_waiting,
                              "needs_llm": sample == LLM_SAMPLE,
                              "intent": card.form.intent, "transcript": card.draft.transcript,
                              "stage_timings_s": stored.provenance.timings if stored.provenance else {}})
                card.reject()
                qt.processEvents()
        finally:
            app.shutdown()

    result = {
        "cold_start_s": round(cold_start_s, 3),
        "hotkey_to_recording_ms": round(statistics.median(starts_ms), 2),
        "toggle_to_recording_ms": round(statistics.median(toggles_ms), 2),
        "toggle_no_app_s": round(statistics.median(toggle_no_app_s), 3),
        "release_to_card_s": round(takes[0]["release_to_card_s"], 3),
        **({"release_to_card_llm_s": round(takes[1]["release_to_card_s"], 3),
            "release_to_complete_llm_s": round(takes[1]["release_to_complete_s"], 3)} if len(takes) > 1 else {}),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    full_cli_s, script_s = statistics.median(toggle_full_cli_s), statistics.median(toggle_no_app_s)
    details = {"takes": takes, "hotkey_to_recording_ms_all": [round(v, 2) for v in starts_ms],
               "toggle_to_recording_ms_all": [round(v, 2) for v in toggles_ms],
               "toggle_no_app_s_all": [round(v, 3) for v in toggle_no_app_s],
               "toggle_no_app_full_cli_s": round(full_cli_s, 3),
               "toggle_no_app_full_cli_s_all": [round(v, 3) for v in toggle_full_cli_s],
               "toggle_no_app_speedup": round(full_cli_s / script_s, 1),
               "threads": settings.cpu_threads(),
               "asr_model": settings.asr.model, "llm_model": settings.llm.model, "streaming": settings.asr.streaming,
               "platform": QApplication.platformName()}
    console.print(table("saydo bench app", ["metric", "value"], [[k, v] for k, v in result.items()]))
    console.print(table("saydo toggle, no app running", ["through", "median s"],
                        [["console script", result["toggle_no_app_s"]],
                         ["full CLI (before)", details["toggle_no_app_full_cli_s"]],
                         ["ratio", details["toggle_no_app_speedup"]]]))
    console.print(table("release to card, per take",
                        ["sample", "card s", "complete s", "intent", "stages (s)", "transcript"],
                        [[t["sample"], round(t["release_to_card_s"] or 0, 3), round(t["release_to_complete_s"] or 0, 3),
                          t["intent"], t["stage_timings_s"], t["transcript"]] for t in takes]))
    path = write_json("app", {**result, "details": details})
    console.print(f"[dim]wrote {path}[/]")
    return result
