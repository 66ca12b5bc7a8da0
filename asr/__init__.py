"""Audio in, text out: decoding files, transcription with faster-whisper, Chinese script normalisation."""

from .decode import SAMPLE_RATE, SUPPORTED_SUFFIXES, AudioError, DecodedAudio, load_audio
from .script import to_simplified, to_traditional
from .transcribe import NoSpeechError, Transcriber, TranscribeOptions, Transcript, level_dbfs

__all__ = [
    "SAMPLE_RATE",
    "SUPPORTED_SUFFIXES",
    "AudioError",
    "DecodedAudio",
    "NoSpeechError",
    "TranscribeOptions",
    "Transcriber",
    "Transcript",
    "level_dbfs",
    "load_audio",
    "to_simplified",
    "to_traditional",
]
