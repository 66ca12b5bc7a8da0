"""Short feedback sounds: a take starts, stops, is filed, or fails. Played without waiting for them to end.

The clips are small 16-bit WAV files shipped in app/ui/sounds/, written once by `python -m app.ui.sounds` from
`synth` (a test checks the shipped files are what it makes). They go through PortAudio (sounddevice, which the recorder
already uses) on the GUI thread, the thread that opens the microphone too: PortAudio must not be entered from two
threads at once. QtMultimedia would need PySide6-Addons, a second large wheel, for four beeps.

No audio output (a server, the offscreen tests), no PortAudio or an unreadable clip: one warning, and silence for
the rest of the session. A sound never stops the app or holds it up.
"""

from __future__ import annotations

import logging
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

SOUND_DIR = Path(__file__).resolve().parent / "sounds"
NAMES = ("start", "stop", "filed", "error")
RATE = 22050
_LEVEL = 0.25  # well under the speech it announces; the start sound ends up in the take's first frames

Output = Callable[[np.ndarray, int], None]


def _tone(freq: float, seconds: float) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    # A quick attack and an exponential decay: a soft "blip", no click at either end.
    envelope = np.minimum(1.0, t / 0.005) * np.exp(-t / (seconds / 3))
    envelope[-int(RATE * 0.004):] *= np.linspace(1.0, 0.0, int(RATE * 0.004))
    return np.sin(2 * np.pi * freq * t) * envelope


def synth(name: str) -> np.ndarray:
    """The clip for `name` as float32 samples at RATE: rising for start, falling for stop, a chord for filed, a low
    double buzz for an error."""
    notes = {
        "start": [(660.0, 0.07), (880.0, 0.09)],
        "stop": [(880.0, 0.07), (660.0, 0.09)],
        "filed": [(1046.5, 0.08), (1318.5, 0.08), (1568.0, 0.16)],
        "error": [(220.0, 0.12), (0.0, 0.05), (220.0, 0.14)],
    }[name]
    parts = [_tone(freq, seconds) if freq else np.zeros(int(RATE * seconds)) for freq, seconds in notes]
    return (np.concatenate(parts) * _LEVEL).astype(np.float32)


def write_clips(folder: Path = SOUND_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in NAMES:
        path = folder / f"{name}.wav"
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(RATE)
            out.writeframes((synth(name) * 32767).round().astype("<i2").tobytes())
        paths.append(path)
    return paths


def read_clip(path: Path) -> tuple[np.ndarray, int]:
    """A mono 16-bit WAV as float32 samples and its rate."""
    with wave.open(str(path), "rb") as clip:
        if (clip.getnchannels(), clip.getsampwidth()) != (1, 2):
            raise ValueError(f"{path.name} is not mono 16-bit")
        frames = clip.readframes(clip.getnframes())
        return np.frombuffer(frames, dtype="<i2").astype(np.float32) / 32767, clip.getframerate()


def speaker(samples: np.ndarray, rate: int) -> None:
    """Start playing on the default output device and return at once (sounddevice plays on its own thread)."""
    import sounddevice  # PortAudio is loaded only once a sound is wanted

    sounddevice.play(samples, rate)


class Sounds:
    """`enabled` is read at every sound, so turning `[ui] sounds` off in the settings takes effect at once.
    `output` plays samples; the default is the speaker, and a test (which has none) passes its own."""

    def __init__(self, enabled: Callable[[], bool], output: Output = speaker) -> None:
        self.enabled = enabled
        self.output = output
        self.working = True  # False after the first failure: no second warning, no retry per take
        self._clips: dict[str, tuple[np.ndarray, int]] = {}

    def play(self, name: str) -> None:
        if not self.working or not self.enabled():
            return
        try:
            samples, rate = self._clip(name)
            self.output(samples, rate)
        except Exception as exc:  # noqa: BLE001 - no device, no PortAudio, a bad file: "no sound", never a crash
            log.warning("feedback sounds are off for this session: %s", exc)
            self.working = False

    def _clip(self, name: str) -> tuple[np.ndarray, int]:
        if name not in self._clips:
            self._clips[name] = read_clip(SOUND_DIR / f"{name}.wav")
        return self._clips[name]


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for written in write_clips():
        log.info("wrote %s", written)
