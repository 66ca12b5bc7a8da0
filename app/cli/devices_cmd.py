"""`saydo devices` (input devices, default marked) and `saydo record` (capture, stream, print the transcript)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated

import typer

from . import output
from .base import JsonOpt, cli, config, fail, open_pipeline


@cli.command()
def devices(as_json: JsonOpt = False) -> None:
    """List the audio input devices; the system default is marked with *."""
    from asr.capture import CaptureError, list_input_devices

    try:
        found = list_input_devices()
    except CaptureError as exc:
        raise fail(str(exc)) from exc
    if as_json:
        for device in found:
            output.json_line({"index": device.index, "name": device.name, "channels": device.channels,
                              "default_samplerate": device.default_samplerate, "default": device.is_default})
        return
    if not found:
        output.warn("no input devices found (is a microphone connected, and the sound server running?)")
        return
    for device in found:
        mark = "*" if device.is_default else " "
        output.out.print(f"{mark} {device.index:>3}  {output.safe(device.name)}  [dim]({device.channels} ch, "
                         f"{device.default_samplerate:.0f} Hz)[/]", highlight=False)


@cli.command()
def record(
    seconds: Annotated[float | None, typer.Option(help="Stop after this many seconds (default: when you stop "
                                                          "speaking, or Ctrl-C).", min=0.5)] = None,
    device: Annotated[str | None, typer.Option(help="Input device name or index (see `saydo devices`).")] = None,
    out: Annotated[Path | None, typer.Option(help="Keep the recording here as WAV.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record from the microphone, show text while you speak (stderr), then print the transcript."""
    from asr import AudioError, NoSpeechError
    from asr.capture import MicrophoneSource, Recorder, SpoolFailed
    from asr.stream import StreamEvent, StreamingTranscriber
    from asr.vad import EndOfSpeech

    settings, paths = config()
    with open_pipeline(settings, paths) as (pipeline, spinner):
        transcriber = pipeline.transcriber
        spinner.stop()

        def show(event: StreamEvent) -> None:
            committed, partial = output.safe(event.committed), output.safe(event.partial)
            output.err.print(f"[bold]{committed}[/] [dim]{partial}[/]", highlight=False)

        stream = StreamingTranscriber(transcriber, pipeline.transcribe_options(), on_event=show)
        done = threading.Event()
        end = EndOfSpeech(silence_s=1.5, on_end=done.set)

        def frames(block):  # noqa: ANN001 - numpy block from the audio thread
            stream.feed(block)
            if seconds is None:
                end.feed(block)

        recorder = Recorder(MicrophoneSource(device or settings.asr.input_device), paths.spool_dir,
                            on_frames=frames)
        spool_error: SpoolFailed | None = None
        try:
            recorder.start()
            output.info("recording… (Ctrl-C to stop)" if seconds is None else f"recording {seconds:g} s…")
            try:
                done.wait(seconds)
            except KeyboardInterrupt:
                pass
            recording = recorder.stop()
        except SpoolFailed as exc:
            recording, spool_error = exc.recording, exc  # the take is in memory: transcribe it before failing
        except AudioError as exc:
            stream.cancel(wait=True)
            raise fail(str(exc)) from exc
        finally:
            recorder.close()
        try:
            transcript = stream.finish()
        except NoSpeechError as exc:
            recording.path.unlink(missing_ok=True)
            raise fail(str(exc)) from exc
        except Exception:
            output.error(f"transcription failed; the recording is kept at {recording.path}")
            raise
        finally:
            stream.wait_idle()  # the models are freed at exit: no decode may still be running then
    if spool_error is not None:
        output.out.print(output.safe(transcript.text))
        raise fail(f"{spool_error}; what you said is printed above")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        recording.path.replace(out)
    else:
        recording.path.unlink(missing_ok=True)  # the transcript is printed; the spool is not an archive
    if as_json:
        output.json_line({"transcript": transcript.text, "lang": transcript.lang,
                          "duration_s": round(recording.duration_s, 3),
                          "audio": str(out) if out is not None else None})
    else:
        output.out.print(output.safe(transcript.text))
