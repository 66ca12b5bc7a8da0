"""The intent decision: a linear probe over the language model's sentence embedding, with the wording's cues beside it.

Keyword cues alone fit the phrasings they were written from; asking a 0.5B model to name the intent is near chance.
A logistic-regression probe on the model's mean-pooled embedding generalises to unseen speech, and the cue scores
enter it as features, so a cue is evidence the probe learned to weigh, never a verdict. The weights are trained
by `python -m intents.training.train` on a labelled bank kept apart from every evaluation set
(docs/decisions/intent-probe.md).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from .normalize import find_datetimes, find_money, parse_money
from .query import is_query
from .rules import cue_scores
from .schema import INTENTS

log = logging.getLogger(__name__)

LABELS: tuple[str, ...] = (*INTENTS, "query")
WEIGHTS_DIR = Path(__file__).resolve().parent / "probe"
# Bumped whenever `cue_features` changes, so weights trained on other features are refused, not misread.
FEATURES_VERSION = 2
_CUE_CAP = 6.0
# Cues are 0..1 and the embedding is unit length over ~900 dimensions: this scale lets the probe weigh both without
# the regulariser silencing either (chosen on the bank's cross-validation, see the decision record).
CUE_SCALE = 0.5
_EMBED_CHARS = 400


# How a question ends or starts, whatever it asks about ("…那边最近怎么样", "…发了没有", "did we…"): the rules'
# question test also weighs verbs that embed a question in a record, which hides these.
_QUESTION_FORM = re.compile(
    r"(?:吗|呢|么|没有|没|怎么样|如何|多少|什么|啥|几[个次号点天笔]|哪[些个天里])[？?。.!！\s]*$|"
    r"^(?:what|which|when|who|how|did|do|does|is|are|was|were|have|has|any)\b|[?？]\s*$",
    re.IGNORECASE,
)


def cue_features(text: str, now: datetime) -> np.ndarray:
    """What the wording says beyond its meaning: each intent's cue strength, an amount, a question shape, a time."""
    scores = cue_scores(text)
    stamp = now.strftime("%Y-%m-%dT%H:%M")
    found = find_datetimes(text, now)
    values = [min(scores[intent], _CUE_CAP) / _CUE_CAP for intent in scores]
    values += [
        float(bool(find_money(text) or parse_money(text))),
        float(is_query(text)),
        float(bool(_QUESTION_FORM.search(text.strip()))),
        float(any(f.value > stamp for f in found)),
        float(any(f.value[:10] < stamp[:10] for f in found)),
    ]
    return np.asarray(values, dtype=np.float32) * CUE_SCALE


def feature_row(embedding: Sequence[float], text: str, now: datetime) -> np.ndarray:
    vector = np.asarray(embedding, dtype=np.float32)
    norm = float(np.linalg.norm(vector)) or 1.0
    return np.concatenate([vector / norm, cue_features(text, now)])


def model_key(model_path: Path) -> str:
    """Weights belong to one model's embedding space: the first 16 hex digits of a hash of the file's head."""
    digest = hashlib.sha256()
    with model_path.open("rb") as handle:
        digest.update(handle.read(1 << 20))
    digest.update(str(model_path.stat().st_size).encode())
    return digest.hexdigest()[:16]


def weights_path(key: str) -> Path:
    return WEIGHTS_DIR / f"intent-{key}.npz"


@dataclass(frozen=True)
class IntentScores:
    """The probe's probability for every label, best first."""

    ranked: tuple[tuple[str, float], ...]

    @property
    def best(self) -> str:
        return self.ranked[0][0]

    def best_record(self) -> str:
        """The likeliest of the six record intents (a query is not something `parse` can return)."""
        return next(label for label, _ in self.ranked if label != "query")

    def probability(self, label: str) -> float:
        return dict(self.ranked)[label]


class IntentClassifier:
    """Softmax probe: `embed(text)` gives the model's sentence embedding; weights map it and the cues to labels."""

    def __init__(self, weights: Path, embed: Callable[[str], Sequence[float]]) -> None:
        data = np.load(weights)
        if int(data["features_version"]) != FEATURES_VERSION:
            raise ValueError(f"{weights.name} was trained on other features (version {int(data['features_version'])})")
        self.labels = tuple(str(label) for label in data["labels"])
        self._coef = data["coef"].astype(np.float32)
        self._intercept = data["intercept"].astype(np.float32)
        self._embed = embed

    def scores(self, text: str, now: datetime) -> IntentScores:
        row = feature_row(self._embed(text), text, now)
        logits = self._coef @ row + self._intercept
        probs = np.exp(logits - logits.max())
        probs /= probs.sum()
        order = np.argsort(-probs)
        return IntentScores(tuple((self.labels[i], float(probs[i])) for i in order))


class Embedder:
    """A second llama.cpp context on the same GGUF file, in embedding mode with mean pooling.

    The file is memory-mapped, so both contexts share the weights' pages; a separate context keeps the generation
    context's warm prompt cache intact (an embed call clears its context's cache).
    """

    def __init__(self, model_path: Path, *, threads: int = 2, context: int = 512, gpu_layers: int = 0) -> None:
        import llama_cpp  # heavy import kept off the start-up path

        self._llm = llama_cpp.Llama(model_path=str(model_path), n_ctx=context, n_batch=context, n_ubatch=context,
                                    n_threads=threads, n_threads_batch=threads, n_gpu_layers=gpu_layers,
                                    embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN, verbose=False)

    def __call__(self, text: str) -> list[float]:
        # The opening of a long ramble says what it is; the cut keeps one call inside the context (a token per
        # character at most, in Chinese).
        return self._llm.embed(text[:_EMBED_CHARS])
