"""The spool WAV: every captured block lands on disk as it arrives, so a crash keeps the audio.

The header is written first with zero sizes and patched when the take ends; `repair` derives the sizes from the
file length, which is all a take cut short by a crash (SIGKILL, power loss) lacks.
"""

from __future__ import annotations

import logging
import os
import struct
import time
from pathlib import Path

import numpy as np

from .decode import SAMPLE_RATE

log = logging.getLogger(__name__)

_HEADER_BYTES = 44
_BYTES_PER_SAMPLE = 2
# fsync at most this often: flush() already hands every block to the OS (enough for a killed process); fsync
# protects against power loss without stalling on every 100 ms block.
_FSYNC_EVERY_S = 1.0


def _header(data_bytes: int) -> bytes:
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, SAMPLE_RATE * _BYTES_PER_SAMPLE,
                                    _BYTES_PER_SAMPLE, 8 * _BYTES_PER_SAMPLE)
            + b"data" + struct.pack("<I", data_bytes))


def to_pcm16(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()


class SpoolWriter:
    """A 16 kHz mono 16-bit WAV that is valid up to its last flushed block at every moment but the sizes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # Private (0700 folder, 0600 file) like the rest of saydo's data (app/private.py): a take is what a client said.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # Windows would turn \n into \r\n
        self._fh = os.fdopen(os.open(path, flags, 0o600), "wb")
        self._fh.write(_header(0))
        self._data_bytes = 0
        self._synced_at = time.monotonic()

    @property
    def samples_written(self) -> int:
        return self._data_bytes // _BYTES_PER_SAMPLE

    def write(self, samples: np.ndarray) -> None:
        data = to_pcm16(samples)
        self._fh.write(data)
        self._fh.flush()
        self._data_bytes += len(data)
        if time.monotonic() - self._synced_at >= _FSYNC_EVERY_S:
            os.fsync(self._fh.fileno())
            self._synced_at = time.monotonic()

    def close(self) -> None:
        if self._fh.closed:
            return
        try:
            self._fh.seek(0)
            self._fh.write(_header(self._data_bytes))
            self._fh.flush()
            os.fsync(self._fh.fileno())
        finally:
            self._fh.close()  # even on a full disk: the blocks written so far stay readable (recover_spools)


def is_complete(path: Path) -> bool:
    """Whether the header's sizes match the file: false for a take that was cut short."""
    with path.open("rb") as fh:
        head = fh.read(_HEADER_BYTES)
    if len(head) < _HEADER_BYTES or head[:4] != b"RIFF" or head[36:40] != b"data":
        return False
    data_bytes = struct.unpack("<I", head[40:44])[0]
    return data_bytes == path.stat().st_size - _HEADER_BYTES


def repair(path: Path) -> bool:
    """Fix the header sizes of a spool WAV from its length; False when the file holds no audio at all."""
    size = path.stat().st_size
    data_bytes = max(0, size - _HEADER_BYTES)
    data_bytes -= data_bytes % _BYTES_PER_SAMPLE
    if data_bytes == 0:
        return False
    with path.open("r+b") as fh:
        fh.write(_header(data_bytes))
        fh.truncate(_HEADER_BYTES + data_bytes)
        fh.flush()
        os.fsync(fh.fileno())
    return True


def recover_spools(spool_dir: Path) -> list[Path]:
    """Takes left in the spool folder (a crash, or the app closed before they were filed), oldest first.

    Takes cut short get their header repaired so every reader accepts them; files with no audio at all are
    removed, since there is nothing in them to lose.
    """
    if not spool_dir.is_dir():
        return []
    found: list[Path] = []
    for path in sorted(spool_dir.glob("*.wav"), key=lambda p: p.stat().st_mtime):
        if is_complete(path) and path.stat().st_size > _HEADER_BYTES:
            found.append(path)
        elif repair(path):
            log.warning("recovered an interrupted recording: %s", path)
            found.append(path)
        else:
            log.info("removing an empty spool file: %s", path)
            path.unlink(missing_ok=True)
    return found
