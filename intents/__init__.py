"""Intents: the record schema, the normalizers and the parser (rules + local LLM with constrained output)."""

from .classify import Embedder, IntentClassifier, IntentScores, model_key, weights_path
from .llm import MAX_TRANSCRIPT_CHARS, LlmCall, LlmCancelled, LlmError, SpanExtractor
from .notices import Notice
from .parser import ParseError, Parser, ParseResult, QueryResult
from .prompt import prompt_hash
from .query import recognise_query
from .schema import FIELDS_BY_INTENT, INTENTS, Query, Record, record_json_schema, validate_record

__all__ = [
    "Embedder",
    "FIELDS_BY_INTENT",
    "INTENTS",
    "IntentClassifier",
    "IntentScores",
    "MAX_TRANSCRIPT_CHARS",
    "LlmCall",
    "LlmCancelled",
    "LlmError",
    "Notice",
    "ParseError",
    "ParseResult",
    "Parser",
    "Query",
    "QueryResult",
    "Record",
    "SpanExtractor",
    "model_key",
    "prompt_hash",
    "recognise_query",
    "record_json_schema",
    "validate_record",
    "weights_path",
]
