"""Chinese script normalisation: Whisper sometimes answers Mandarin in Traditional characters."""

from __future__ import annotations

from functools import cache

from opencc import OpenCC


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2tw").convert(text)
