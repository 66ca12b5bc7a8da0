"""Retrain the intent probe from the labelled bank, reproducibly.

    uv run --group train python -m bench.train_intent [--model GGUF] [--check FILE.jsonl ...]

Embeds every bank utterance with the model (cached by text under the cache folder, so a rerun after a bank edit
embeds only what changed), fits a multinomial logistic regression (scikit-learn, fixed solver and seed), reports
5-fold cross-validated accuracy on the bank and accuracy on any `--check` sets (gold lines of the record scorer),
and writes intents/probe/intent-<model key>.npz. The bank is kept apart from every evaluation set: never add an
item of one to it.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from intents.classify import FEATURES_VERSION, LABELS, Embedder, feature_row, model_key, weights_path

log = logging.getLogger(__name__)

BANK_DIR = Path(__file__).resolve().parent / "data" / "intent_bank"
# The bank has no spoken moment of its own; a fixed one keeps the date cues (a time ahead, a day past) reproducible.
BANK_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
C = 20.0
SAVE_EVERY = 100


def load_bank(folder: Path = BANK_DIR) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            item = json.loads(line)
            if item["label"] not in LABELS:
                raise ValueError(f"{path.name}:{number}: unknown label {item['label']!r}")
            items.append((item["text"], item["label"]))
    return items


def load_check(path: Path) -> list[tuple[str, str, datetime]]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            expected = item["expected"]
            label = "query" if "query" in expected else expected["intent"]
            now = datetime.fromisoformat(item.get("now", "2026-11-23T10:00"))
            items.append((item["utterance"], label, now.replace(tzinfo=ZoneInfo(item.get("tz", "Asia/Shanghai")))))
    return items


class CachedEmbedder:
    """Embeddings by text, kept in an .npz so reruns only embed new or edited utterances."""

    def __init__(self, embed: Embedder, cache: Path) -> None:
        self._embed, self._cache = embed, cache
        self._known: dict[str, np.ndarray] = {}
        self._unsaved = 0
        if cache.exists():
            data = np.load(cache, allow_pickle=False)
            self._known = dict(zip(data["texts"].tolist(), data["vectors"], strict=True))

    def __call__(self, text: str) -> np.ndarray:
        if text not in self._known:
            self._known[text] = np.asarray(self._embed(text), dtype=np.float32)
            self._unsaved += 1
            # A larger model takes most of an hour on 2 cores: save as we go so an interrupted run resumes.
            if self._unsaved >= SAVE_EVERY:
                self.save()
                log.info("embedded %d utterances so far", len(self._known))
        return self._known[text]

    def save(self) -> None:
        self._cache.parent.mkdir(parents=True, exist_ok=True)
        texts = list(self._known)
        np.savez(self._cache, texts=np.array(texts), vectors=np.stack([self._known[t] for t in texts]))
        self._unsaved = 0


def _matrix(embed: CachedEmbedder, items: list[tuple[str, datetime]]) -> np.ndarray:
    return np.stack([feature_row(embed(text), text, now) for text, now in items])


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from app.settings import load_settings
    from models import DEFAULT_LLM, ensure_model, get_model

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, help="GGUF file (default: the bundled language model)")
    ap.add_argument("--check", type=Path, action="append", default=[], help="a gold set to report accuracy on")
    ap.add_argument("--cache", type=Path, default=Path(".cache/intent-embeddings.npz"))
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    if args.model is None:
        spec = get_model(DEFAULT_LLM)
        args.model = ensure_model(spec, load_settings()[1].models_dir) / spec.files[0].name
    model = args.model
    embed = CachedEmbedder(Embedder(model), args.cache.with_suffix(f".{model_key(model)}.npz"))
    bank = load_bank()
    log.info("bank: %d utterances; embedding with %s", len(bank), model.name)
    x = _matrix(embed, [(text, BANK_NOW) for text, _ in bank])
    y = np.array([LABELS.index(label) for _, label in bank])
    embed.save()

    probe = LogisticRegression(C=C, max_iter=4000, random_state=0)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    predicted = cross_val_predict(probe, x, y, cv=folds)
    log.info("bank 5-fold accuracy: %.3f", float((predicted == y).mean()))
    probe.fit(x, y)
    for path in args.check:
        items = load_check(path)
        cx = _matrix(embed, [(text, now) for text, _, now in items])
        cy = np.array([LABELS.index(label) for _, label, _ in items])
        log.info("%s: accuracy %.3f on %d items", path.name, float((probe.predict(cx) == cy).mean()), len(items))
    embed.save()

    out = weights_path(model_key(model))
    out.parent.mkdir(parents=True, exist_ok=True)
    labels = [LABELS[i] for i in probe.classes_]
    np.savez(out, coef=probe.coef_.astype(np.float32), intercept=probe.intercept_.astype(np.float32),
             labels=np.array(labels), features_version=np.array(FEATURES_VERSION))
    log.info("wrote %s", out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
