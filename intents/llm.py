"""The local LLM behind the parser: llama.cpp, grammar-constrained, greedy, with the prompt prefix kept warm."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .prompt import SYSTEM_PROMPT, user_message
from .spans import parse_spans, schema_hash, spans_schema

log = logging.getLogger(__name__)

# Short spans never need more; a cap also bounds a call that goes wrong.
_MAX_TOKENS = 64
# The transcript is cut to this many characters for the model (rules still read all of it): a 2,000-character
# ramble must not overflow the context or take a minute.
MAX_TRANSCRIPT_CHARS = 600


class LlmError(RuntimeError):
    pass


class LlmCancelled(LlmError):
    """A call given up half-way because its answer is no longer wanted (a speculative parse of stale text)."""


@dataclass(frozen=True)
class LlmCall:
    """One model call, for the ledger stored with each record."""

    model_id: str
    prompt_tokens: int
    output_tokens: int
    latency_s: float
    grammar_hash: str


class SpanExtractor:
    """Holds one loaded GGUF model; asks it for an utterance's intent and spans."""

    def __init__(self, model_path: Path, *, model_id: str, threads: int = 2, context: int = 2048,
                 gpu_layers: int = 0) -> None:
        from llama_cpp import Llama  # heavy import kept off the start-up path

        self.model_id = model_id
        self.gpu_layers = gpu_layers  # what the model was loaded with: 0 = CPU only
        try:
            self._llm = Llama(model_path=str(model_path), n_ctx=context, n_threads=threads,
                              n_threads_batch=threads, n_gpu_layers=gpu_layers, seed=0, verbose=False)
        except ValueError as exc:
            raise LlmError(f"cannot load the language model {model_path}: {exc}") from exc
        self._grammars: dict[tuple[str, ...], object] = {}

    def _grammar(self, intents: tuple[str, ...]) -> object:
        if intents not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars[intents] = LlamaGrammar.from_json_schema(spans_schema(intents), verbose=False)
        return self._grammars[intents]

    def warm_up(self) -> None:
        """Evaluate the system prompt once so the first real utterance only pays for its own tokens."""
        self.extract("。", intents=("note",))

    def extract(self, transcript: str, *, intents: tuple[str, ...],
                cancelled: Callable[[], bool] | None = None) -> tuple[dict, LlmCall]:
        """The spans of one of `intents` (the model picks among them when there are several). With `cancelled`,
        the answer is read token by token and the call gives up (LlmCancelled) as soon as it returns True."""
        started = time.perf_counter()
        messages = [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": user_message(transcript[:MAX_TRANSCRIPT_CHARS])},
        ]
        options = {"messages": messages, "grammar": self._grammar(intents), "temperature": 0.0,
                   "max_tokens": _MAX_TOKENS}
        if cancelled is None:
            response = self._llm.create_chat_completion(**options)
            raw = response["choices"][0]["message"]["content"] or ""
            usage = response.get("usage", {})
            prompt_tokens, output_tokens = int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0))
        else:
            pieces: list[str] = []
            for chunk in self._llm.create_chat_completion(**options, stream=True):
                if cancelled():
                    raise LlmCancelled("no longer wanted")
                pieces.append(chunk["choices"][0]["delta"].get("content") or "")
            raw = "".join(pieces)
            output_tokens = sum(1 for piece in pieces if piece)
            prompt_tokens = max(self._llm.n_tokens - output_tokens, 0)  # the context holds the prompt, then these
        call = LlmCall(
            model_id=self.model_id,
            prompt_tokens=prompt_tokens,
            output_tokens=output_tokens,
            latency_s=time.perf_counter() - started,
            grammar_hash=schema_hash(spans_schema(intents)),
        )
        try:
            spans = parse_spans(raw).model_dump()
        except ValueError as exc:
            # Only a cut-off answer (token cap) gets here: the grammar admits nothing else.
            raise LlmError(f"the language model gave an unusable answer: {raw[:120]!r}") from exc
        log.debug("llm %s -> %s (%.2fs)", transcript[:40], spans, call.latency_s)
        return spans, call
