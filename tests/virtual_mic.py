"""A real input device without a microphone: a private PulseAudio daemon with a null sink named `vmic`.

Audio played into the sink (`VirtualMic.play`) comes back through PortAudio → ALSA's pulse plugin → the sink's
monitor source, which is the daemon's default source; sounddevice sees it as the `pulse` (and `default`) input.
Only the physical microphone is simulated: capture, resampling, the spool file and transcription are all real.

Needs the apt packages pulseaudio, pulseaudio-utils and libportaudio2 (`scripts/bootstrap --test`); without them
the fixture skips the test with the reason.

Use from a test module:

    from tests.virtual_mic import virtual_mic  # noqa: F401  (the session fixture)

    def test_capture(virtual_mic):
        source = MicrophoneSource(virtual_mic.device)
        ...
        virtual_mic.play(DATA / "jfk.flac").wait()

or without pytest: `mic = start_virtual_mic(folder)` … `mic.stop()`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SINK = "vmic"


class VirtualMicError(RuntimeError):
    pass


@dataclass
class VirtualMic:
    runtime_dir: Path  # XDG_RUNTIME_DIR of the daemon; its socket is runtime_dir/pulse/native
    pid: int
    device: str = "pulse"  # the sounddevice input name that records the sink's monitor

    @property
    def server(self) -> str:
        return f"unix:{self.runtime_dir / 'pulse' / 'native'}"

    def env(self) -> dict[str, str]:
        """Environment for a subprocess that should capture from (or play into) this daemon."""
        return {**os.environ, "XDG_RUNTIME_DIR": str(self.runtime_dir), "PULSE_SERVER": self.server}

    def play(self, path: Path) -> subprocess.Popen[bytes]:
        """Start playing an audio file (any format FFmpeg reads) into the virtual microphone; `.wait()` on it.

        The file is decoded here and piped to `pacat` as 16 kHz mono 16-bit PCM, so formats paplay's libsndfile
        cannot read (mp3, m4a) work too.
        """
        from asr import load_audio
        from asr.spool import to_pcm16

        pcm = to_pcm16(load_audio(path).samples)
        player = subprocess.Popen(
            ["pacat", "--playback", f"--device={SINK}", "--format=s16le", "--rate=16000", "--channels=1",
             "--latency-msec=50"],
            stdin=subprocess.PIPE, env=self.env())
        assert player.stdin is not None
        player.stdin.write(pcm)
        player.stdin.close()
        return player

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        for _ in range(50):
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        os.kill(self.pid, signal.SIGKILL)


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        raise VirtualMicError(f"{' '.join(args)} failed: {done.stderr.strip()}")


def start_virtual_mic(runtime_dir: Path) -> VirtualMic:
    """Start a private PulseAudio daemon whose default source is the monitor of a null sink.

    Points this process at it too (XDG_RUNTIME_DIR, PULSE_SERVER) and makes PortAudio re-scan its devices, since
    PortAudio only lists devices when it starts.
    """
    missing = [tool for tool in ("pulseaudio", "pactl", "pacat") if shutil.which(tool) is None]
    if missing:
        raise VirtualMicError(f"missing {', '.join(missing)}: apt-get install pulseaudio pulseaudio-utils")
    runtime_dir.mkdir(parents=True, exist_ok=True)
    runtime_dir.chmod(0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir)}
    env.pop("PULSE_SERVER", None)
    _run(["pulseaudio", "-D", "--exit-idle-time=-1", "-n", "--disallow-exit", "--use-pid-file=yes",
          "--load=module-native-protocol-unix", f"--load=module-null-sink sink_name={SINK}",
          "--load=module-always-sink"], env)
    pid_file = runtime_dir / "pulse" / "pid"
    for _ in range(50):
        if pid_file.exists() and pid_file.read_text().strip():
            break
        time.sleep(0.1)
    mic = VirtualMic(runtime_dir=runtime_dir, pid=int(pid_file.read_text().split()[0]))
    try:
        _run(["pactl", "set-default-source", f"{SINK}.monitor"], mic.env())
    except VirtualMicError:
        mic.stop()
        raise
    os.environ.update({"XDG_RUNTIME_DIR": str(runtime_dir), "PULSE_SERVER": mic.server})
    from asr.capture import refresh_devices

    refresh_devices()
    return mic


@pytest.fixture(scope="session")
def virtual_mic() -> Iterator[VirtualMic]:
    """The session's virtual microphone; skips (with the reason) where PulseAudio or PortAudio is missing."""
    # A short path: unix socket paths are limited to 108 bytes, which pytest's tmp_path can exceed.
    runtime_dir = Path(tempfile.mkdtemp(prefix="saydo-pulse-"))
    saved = {key: os.environ.get(key) for key in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
    try:
        mic = start_virtual_mic(runtime_dir)
    except (VirtualMicError, OSError, ValueError) as exc:  # ValueError: asr.capture.CaptureError (no PortAudio)
        shutil.rmtree(runtime_dir, ignore_errors=True)
        pytest.skip(f"no virtual microphone: {exc}")
    try:
        yield mic
    finally:
        mic.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(runtime_dir, ignore_errors=True)
