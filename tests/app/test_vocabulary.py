"""Recognition is biased toward the user's words and the names already filed (no model needed to check the list)."""

from __future__ import annotations

from pathlib import Path

from app.pipeline import Pipeline
from app.settings import AsrSettings, Settings, load_settings


def test_user_words_first_then_filed_names_and_replacements(tmp_path: Path) -> None:
    _, paths = load_settings(tmp_path)
    settings = Settings(asr=AsrSettings(vocabulary=["ComfyUI", "远航科技"], replacements={"员航科技": "远航科技"}))
    pipeline = Pipeline(settings, paths)
    visit = {"intent": "visit_note", "fields": {"client": "华信科技", "contacts": ["王总"], "visited_on": "2026-11-23",
                                                "summary": "报价"}}
    pipeline.store.confirm(pipeline.store.add(visit, transcript="x", lang="zh", source="cli"))
    vocabulary = pipeline.vocabulary()
    assert vocabulary.words[:2] == ("ComfyUI", "远航科技")
    assert {"华信科技", "王总"} <= set(vocabulary.words)
    assert vocabulary.apply("拜访了员航科技") == "拜访了远航科技"
    assert pipeline.transcribe_options().hint.startswith("ComfyUI, 远航科技")
