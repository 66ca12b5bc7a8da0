"""Live capture: audio sources (a microphone, or a file played at real-time pace), and the Recorder that keeps a
pre-roll, writes every block to a spool WAV as it arrives, and drives the level meter.

sounddevice (PortAudio) is imported only when a microphone is opened or listed, so importing this module is cheap.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .decode import SAMPLE_RATE, AudioError, load_audio
from .spool import SpoolWriter, recover_spools
from .transcribe import level_dbfs

log = logging.getLogger(__name__)

FrameSink = Callable[[np.ndarray], None]
BLOCK_S = 0.1  # one callback per 100 ms: fine enough for the meter and the pre-roll, cheap on the CPU
_METER_FLOOR_DBFS = -60.0


class CaptureError(AudioError):
    """The input device cannot be opened or listed (no such device, unplugged, no audio system)."""


class SpoolFailed(CaptureError):
    """The take could not be written to disk (full disk); `recording` holds it from memory, so it is not lost."""

    def __init__(self, message: str, recording: Recording) -> None:
        super().__init__(message)
        self.recording = recording


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_samplerate: float
    is_default: bool


def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # PortAudio missing: apt-get install libportaudio2
        raise CaptureError(f"audio capture is unavailable: {exc}") from exc
    return sounddevice


def refresh_devices() -> None:
    """Re-scan the audio system (PortAudio lists devices once, when it starts): after plugging in a headset, or
    once a sound server has come up. Only while no stream is open."""
    sd = _sounddevice()
    sd._terminate()
    sd._initialize()


def list_input_devices(*, refresh: bool = False) -> list[InputDevice]:
    sd = _sounddevice()
    if refresh:
        refresh_devices()
    try:
        default = sd.default.device[0]
        if not (isinstance(default, int) and default >= 0):
            default = sd.query_devices(kind="input")["index"]
        default_index = default
    except (sd.PortAudioError, ValueError):
        default_index = -1
    return [InputDevice(index=d["index"], name=d["name"], channels=d["max_input_channels"],
                        default_samplerate=float(d["default_samplerate"]), is_default=d["index"] == default_index)
            for d in sd.query_devices() if d["max_input_channels"] > 0]


def parse_device(device: str | int | None) -> str | int | None:
    """Settings keep the device as text; a number there means a PortAudio index."""
    if isinstance(device, str):
        device = device.strip()
        if not device:
            return None
        if device.isdigit():
            return int(device)
    return device


def meter_value(samples: np.ndarray) -> float:
    """0..1 for a level meter: -60 dBFS and below is empty, 0 dBFS full."""
    return float(np.clip((level_dbfs(samples) - _METER_FLOOR_DBFS) / -_METER_FLOOR_DBFS, 0.0, 1.0))


class AudioSource(Protocol):
    """Where 16 kHz mono float32 blocks come from; `on_frames` is called from the source's own thread."""

    def start(self, on_frames: FrameSink) -> None: ...

    def stop(self) -> None: ...


class MicrophoneSource:
    """A sounddevice input stream; `device` is a name (or part of one), a PortAudio index, or None for the default.

    Devices that cannot capture at 16 kHz or in mono are opened at their own rate and channel count, and the
    blocks are resampled and mixed down here.
    """

    def __init__(self, device: str | int | None = None) -> None:
        self.device = parse_device(device)
        self._stream: Any = None

    def _settings(self, sd: Any) -> tuple[int, int]:
        try:
            sd.check_input_settings(device=self.device, samplerate=SAMPLE_RATE, channels=1, dtype="float32")
            return SAMPLE_RATE, 1
        except (sd.PortAudioError, ValueError):
            pass
        try:
            info = sd.query_devices(self.device, kind="input")
        except (sd.PortAudioError, ValueError) as exc:
            raise CaptureError(f"no input device {self.device!r}: {exc}; `saydo devices` lists them") from exc
        return int(info["default_samplerate"]), max(1, min(2, int(info["max_input_channels"])))

    def start(self, on_frames: FrameSink) -> None:
        sd = _sounddevice()
        rate, channels = self._settings(sd)
        resampler = _Resampler(rate) if rate != SAMPLE_RATE else None

        def callback(indata: np.ndarray, _frames: int, _time: Any, status: Any) -> None:
            if status:
                log.debug("input status: %s", status)
            block = indata.mean(axis=1) if indata.shape[1] > 1 else indata[:, 0].copy()
            block = resampler(block) if resampler else block
            if block.size:
                on_frames(block.astype(np.float32, copy=False))

        try:
            self._stream = sd.InputStream(samplerate=rate, channels=channels, dtype="float32", device=self.device,
                                          blocksize=int(rate * BLOCK_S), callback=callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            self._stream = None
            raise CaptureError(f"cannot open input device {self.device if self.device is not None else '(default)'}"
                               f": {exc}; `saydo devices` lists them") from exc
        log.info("capturing from %s at %d Hz, %d channel(s)", self._stream.device, rate, channels)

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None


class _Resampler:
    """Streaming resampling to 16 kHz mono with FFmpeg's resampler (keeps its filter state across blocks)."""

    def __init__(self, rate: int) -> None:
        import av

        self._rate = rate
        self._av = av
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)

    def __call__(self, block: np.ndarray) -> np.ndarray:
        frame = self._av.AudioFrame.from_ndarray(block.astype(np.float32).reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = self._rate
        out = [f.to_ndarray().reshape(-1) for f in self._resampler.resample(frame)]
        return np.concatenate(out) if out else np.zeros(0, dtype=np.float32)


class FileSource:
    """Plays a clip as if spoken into a microphone: 100 ms blocks at real-time pace (`realtime=False`: as fast as
    possible). Stands in for a physical microphone in tests and benchmarks; `finished` is set after the last block.

    `tail_s` of silence follows the clip, as a real microphone keeps delivering after the speaker stops; `speed`
    plays faster than real time (a long take in a short test) while keeping the pacing; `block_s` is the block size
    (devices deliver what they like).
    """

    def __init__(self, path: Path, *, realtime: bool = True, tail_s: float = 0.0, speed: float = 1.0,
                 block_s: float = BLOCK_S) -> None:
        self.path = path
        self.realtime = realtime
        self.tail_s = tail_s
        self.speed = speed
        self.block_s = block_s
        self.finished = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._samples = load_audio(path).samples  # decode errors surface here, in the caller's thread

    @property
    def duration_s(self) -> float:
        return self._samples.size / SAMPLE_RATE

    def start(self, on_frames: FrameSink) -> None:
        self._stop.clear()
        self.finished.clear()
        self._thread = threading.Thread(target=self._play, args=(on_frames,), name="file-source", daemon=True)
        self._thread.start()

    def _play(self, on_frames: FrameSink) -> None:
        block = int(SAMPLE_RATE * self.block_s)
        tail = np.zeros(int(self.tail_s * SAMPLE_RATE), dtype=np.float32)
        started = time.monotonic()
        sent = 0
        for part in (self._samples, tail):
            for at in range(0, part.size, block):
                if self._stop.is_set():
                    return
                chunk = part[at:at + block]
                if self.realtime:
                    # Pace by the clock, not by sleeping a block's length, so callback time does not add up.
                    delay = started + (sent + chunk.size) / SAMPLE_RATE / self.speed - time.monotonic()
                    if delay > 0 and self._stop.wait(delay):
                        return
                on_frames(chunk.copy())
                sent += chunk.size
        self.finished.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        self._thread = None


@dataclass(frozen=True)
class Recording:
    path: Path
    duration_s: float
    samples: np.ndarray


def _take_name() -> str:
    return f"take-{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.wav"


class Recorder:
    """Arm once (the device opens and a pre-roll ring fills), then start/stop takes as the key goes down and up.

    Every block of a take goes to the spool WAV on a writer thread (flushed per block), so the audio thread never
    waits on the disk and a crash keeps what was said. `on_level` (0..1) and `on_frames` run on the audio thread:
    keep them cheap (a StreamingTranscriber's `feed` is).
    """

    def __init__(self, source: AudioSource, spool_dir: Path, *, pre_roll_s: float = 0.5,
                 on_level: Callable[[float], None] | None = None,
                 on_frames: Callable[[np.ndarray], None] | None = None) -> None:
        self.source = source
        self.spool_dir = spool_dir
        self.pre_roll_s = pre_roll_s
        self.on_level = on_level
        self.on_frames = on_frames
        self._lock = threading.Lock()
        self._armed = False
        self._pre_roll: deque[np.ndarray] = deque()
        self._pre_roll_size = 0
        self._writer: SpoolWriter | None = None
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue()
        self._writer_thread: threading.Thread | None = None
        self._take: list[np.ndarray] = []
        self._write_error: OSError | None = None

    @property
    def recording(self) -> bool:
        return self._writer is not None

    def arm(self) -> None:
        if not self._armed:
            self.source.start(self._on_source_frames)
            self._armed = True

    def _on_source_frames(self, block: np.ndarray) -> None:
        if self.on_level:
            self.on_level(meter_value(block))
        with self._lock:
            if self._writer is None:
                self._pre_roll.append(block)
                self._pre_roll_size += block.size
                while self._pre_roll and self._pre_roll_size - self._pre_roll[0].size >= self.pre_roll_s * SAMPLE_RATE:
                    self._pre_roll_size -= self._pre_roll.popleft().size
                return
            self._queue.put(block)
            self._take.append(block)
        if self.on_frames:
            self.on_frames(block)

    def start(self) -> Path:
        """Begin a take (pre-roll first) and return its spool path; arms the source if needed."""
        self.arm()
        with self._lock:
            if self._writer is not None:
                return self._writer.path
            self._writer = SpoolWriter(self.spool_dir / _take_name())
            self._write_error = None
            self._queue = queue.Queue()
            self._writer_thread = threading.Thread(target=self._write_loop, args=(self._writer, self._queue),
                                                   name="spool-writer", daemon=True)
            self._writer_thread.start()
            pre = np.concatenate(self._pre_roll) if self._pre_roll else np.zeros(0, dtype=np.float32)
            pre = pre[-int(self.pre_roll_s * SAMPLE_RATE):] if self.pre_roll_s > 0 else pre[:0]
            self._pre_roll.clear()
            self._pre_roll_size = 0
            self._take = [pre] if pre.size else []
            if pre.size:
                self._queue.put(pre)
            path = self._writer.path
        if pre.size and self.on_frames:
            self.on_frames(pre)
        log.info("recording to %s", path)
        return path

    def _write_loop(self, writer: SpoolWriter, blocks: queue.Queue[np.ndarray | None]) -> None:
        while (block := blocks.get()) is not None:
            try:
                writer.write(block)
            except OSError as exc:  # disk full: keep the take in memory, report it at stop
                log.error("cannot write the spool file %s: %s", writer.path, exc)
                self._write_error = exc

    def _end_take(self) -> tuple[SpoolWriter, list[np.ndarray]] | None:
        with self._lock:
            writer, take = self._writer, self._take
            self._writer, self._take = None, []
            if writer is None:
                return None
            self._queue.put(None)
        if self._writer_thread is not None:
            self._writer_thread.join()
            self._writer_thread = None
        try:
            writer.close()
        except OSError as exc:  # the header could not be finished: the same full disk
            log.error("cannot finish the spool file %s: %s", writer.path, exc)
            self._write_error = self._write_error or exc
        return writer, take

    def stop(self) -> Recording:
        """End the take: the WAV is complete on disk; the source stays armed for the next take."""
        ended = self._end_take()
        if ended is None:
            raise RuntimeError("stop() without start(): no take is being recorded")
        writer, take = ended
        samples = np.concatenate(take) if take else np.zeros(0, dtype=np.float32)
        recording = Recording(path=writer.path, duration_s=samples.size / SAMPLE_RATE, samples=samples)
        if self._write_error is not None:
            error, self._write_error = self._write_error, None
            raise SpoolFailed(f"the recording could not be saved to {writer.path}: {error}", recording)
        return recording

    def cancel(self) -> None:
        """End the take and delete its spool file: the user threw it away."""
        ended = self._end_take()
        if ended is not None:
            ended[0].path.unlink(missing_ok=True)

    def close(self) -> None:
        """Release the device; a take in progress is finished and kept on disk."""
        if self._writer is not None:
            self._end_take()
        if self._armed:
            self.source.stop()
            self._armed = False


__all__ = ["AudioSource", "CaptureError", "FileSource", "SpoolFailed", "InputDevice", "MicrophoneSource", "Recorder",
           "Recording", "list_input_devices", "meter_value", "parse_device", "recover_spools", "refresh_devices"]
