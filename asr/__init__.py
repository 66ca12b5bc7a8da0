"""Audio in, text out: capture, decoding files, VAD, streaming transcription, Chinese script normalisation.

Heavy parts (faster-whisper's model, PortAudio) load only when a transcriber or a microphone is first used.
"""

import os

# onnxruntime (Silero VAD) has a native telemetry client that looks up Microsoft's event host during long runs;
# only this variable, set before onnxruntime loads, turns it off (its Python switch does not).
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

from .capture import (
    AudioSource,
    CaptureError,
    FileSource,
    InputDevice,
    MicrophoneSource,
    Recorder,
    Recording,
    SpoolFailed,
    list_input_devices,
    recover_spools,
)
from .decode import SAMPLE_RATE, SUPPORTED_SUFFIXES, AudioError, DecodedAudio, load_audio
from .memo import fingerprint
from .names import BookName, Change, Correction, NameIndex, correct_names
from .script import to_simplified, to_traditional
from .stream import StreamEvent, StreamingTranscriber, StreamTuning
from .transcribe import NoSpeechError, Segment, TranscribeOptions, Transcriber, Transcript, level_dbfs
from .vad import EndOfSpeech
from .vocabulary import Vocabulary

__all__ = [
    "SAMPLE_RATE",
    "SUPPORTED_SUFFIXES",
    "AudioError",
    "AudioSource",
    "BookName",
    "CaptureError",
    "Change",
    "Correction",
    "DecodedAudio",
    "EndOfSpeech",
    "FileSource",
    "InputDevice",
    "MicrophoneSource",
    "NameIndex",
    "NoSpeechError",
    "Recorder",
    "Recording",
    "Segment",
    "SpoolFailed",
    "StreamEvent",
    "StreamTuning",
    "StreamingTranscriber",
    "TranscribeOptions",
    "Transcriber",
    "Transcript",
    "Vocabulary",
    "correct_names",
    "fingerprint",
    "level_dbfs",
    "list_input_devices",
    "load_audio",
    "recover_spools",
    "to_simplified",
    "to_traditional",
]
