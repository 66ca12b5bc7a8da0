"""Speech to text with faster-whisper: one warm model, VAD on, Simplified Chinese out, no text invented on silence."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from .decode import SAMPLE_RATE, AudioError, DecodedAudio
from .script import to_simplified, to_traditional

log = logging.getLogger(__name__)

Language = Literal["auto", "zh-CN", "zh-TW", "en"]

# Whisper was trained on subtitles and fills silence or noise with their boilerplate.
_HALLUCINATIONS = re.compile(
    r"^(谢谢(大家|各位)?(的)?(收看|观看|观赏)|请不吝点赞|字幕由.*提供|字幕.*Amara|优优独播剧场|"
    r"thank you(\s+(so much|very much))?(\s+for watching)?|thanks for watching|subtitles by.*|you)[\s.!。！,，]*$",
    re.IGNORECASE,
)
# Below this level (dBFS) a clip is silence or room tone; no speech model should be asked about it.
_SILENCE_DBFS = -50.0
_SPOKEN_LANGUAGES = ("zh", "en")


class NoSpeechError(AudioError):
    """The audio holds no speech (silence, noise, or only subtitle boilerplate)."""


@dataclass(frozen=True)
class TranscribeOptions:
    language: Language = "auto"
    beam_size: int = 5
    vad: bool = True
    hotwords: str | None = None
    # A segment whose no-speech probability is this high and whose decoding was unsure is dropped.
    no_speech_prob: float = 0.6
    min_avg_logprob: float = -1.0


@dataclass(frozen=True)
class Transcript:
    text: str
    lang: str
    duration_s: float
    seconds: float
    segments: list[str] = field(default_factory=list)

    @property
    def real_time_factor(self) -> float:
        return self.seconds / self.duration_s if self.duration_s else 0.0


def level_dbfs(samples: np.ndarray) -> float:
    if samples.size == 0:
        return -120.0
    peak_window = SAMPLE_RATE // 10
    usable = samples[: samples.size - samples.size % peak_window] if samples.size >= peak_window else samples
    frames = usable.reshape(-1, min(peak_window, usable.size))
    rms = float(np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1)).max())
    return 20 * np.log10(max(rms, 1e-6))


def _join(parts: list[str], lang: str) -> str:
    if lang == "zh":
        return "".join(p.strip() for p in parts).strip()
    return " ".join(p.strip() for p in parts).strip()


class Transcriber:
    """Holds one loaded Whisper model; load it once and keep it warm."""

    def __init__(self, model_dir: Path, *, device: str = "cpu", compute_type: str = "int8", threads: int = 2,
                 model_id: str = "whisper") -> None:
        from faster_whisper import WhisperModel  # heavy import kept off the start-up path

        self.model_id = model_id
        self._model = WhisperModel(str(model_dir), device=device, compute_type=compute_type, cpu_threads=threads)

    def _whisper_language(self, audio: np.ndarray, language: Language) -> str | None:
        if language == "en":
            return "en"
        if language in ("zh-CN", "zh-TW"):
            return "zh"
        # Our users speak Mandarin or English; an unrestricted guess on a short or noisy clip may pick Japanese
        # or Welsh and produce nonsense, so choose the likelier of the two.
        detected, _, probs = self._model.detect_language(audio)
        if detected in _SPOKEN_LANGUAGES:
            return detected
        ranked = {lang: p for lang, p in probs if lang in _SPOKEN_LANGUAGES}
        return max(ranked, key=ranked.__getitem__) if ranked else "zh"

    def transcribe(self, audio: DecodedAudio, options: TranscribeOptions = TranscribeOptions()) -> Transcript:
        started = time.perf_counter()
        if level_dbfs(audio.samples) < _SILENCE_DBFS:
            raise NoSpeechError("no speech found: the recording is silent")
        language = self._whisper_language(audio.samples, options.language)
        segments, info = self._model.transcribe(
            audio.samples,
            language=language,
            beam_size=options.beam_size,
            vad_filter=options.vad,
            hotwords=options.hotwords or None,
            # Conditioning on earlier text lets one bad segment repeat itself through the rest of a long take.
            condition_on_previous_text=False,
        )
        kept: list[str] = []
        for seg in segments:
            text = seg.text.strip()
            unsure = seg.no_speech_prob > options.no_speech_prob and seg.avg_logprob < options.min_avg_logprob
            if not text or unsure or _HALLUCINATIONS.match(text):
                log.debug("dropped segment %r (no_speech=%.2f logprob=%.2f)", text, seg.no_speech_prob, seg.avg_logprob)
                continue
            kept.append(text)
        lang = info.language
        text = _join(kept, lang)
        if lang == "zh":
            # Whisper mixes scripts from one clip to the next; the user's choice decides, never the model's mood.
            convert = to_traditional if options.language == "zh-TW" else to_simplified
            text = convert(text)
            kept = [convert(k) for k in kept]
        if not text:
            raise NoSpeechError("no speech found in the recording")
        return Transcript(text=text, lang=lang, duration_s=audio.duration_s,
                          seconds=time.perf_counter() - started, segments=kept)
