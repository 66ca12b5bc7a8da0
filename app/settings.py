"""All configuration in one place: a TOML file under the platformdirs config dir, with a default for every key.

`SAYDO_HOME` (or `--home`) moves config, data and logs under one folder, for tests, portable installs and a second
profile; the model cache stays shared in the user cache dir so that profiles do not each hold 600 MB of weights.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
import tomli_w
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, SerializeAsAny, ValidationError, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from models import DEFAULT_ASR, DEFAULT_LLM
from records.sinks import SinkConfig, sink_kind, sink_kinds

from . import locations
from .atomic_files import atomic_write
from .locations import APP_NAME
from .private import private_dir

log = logging.getLogger(__name__)


class SettingsError(ValueError):
    pass


class AsrSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = DEFAULT_ASR
    # Pinned ("zh" Mandarin in Simplified characters, "zh-TW" in Traditional, "en") skips detection; "zh+en"
    # judges each phrase as one of the two, "auto" as any language (asr/language.py), so a take keeps every one.
    language: Literal["auto", "zh", "zh-TW", "en", "zh+en"] = "auto"
    # auto: CUDA when a working GPU is found, else the CPU; compute type auto = float16 on CUDA, int8 on the CPU.
    device: Literal["auto", "cpu", "cuda"] = "auto"
    compute_type: str = "auto"
    beam_size: int = Field(default=5, ge=1, le=10)
    vad: bool = True
    # Input device for live capture: a sounddevice name or index as text; None = the system default input.
    input_device: str | None = None
    # Words recognition should favour (client, product and colleague names), on top of the names in the store.
    vocabulary: list[str] = Field(default_factory=list)
    # Fixes for what biasing cannot: heard text → written text, applied to every transcript.
    replacements: dict[str, str] = Field(default_factory=dict)
    # Decode while the user speaks, so only the last piece is left after release.
    streaming: bool = True

    @field_validator("language", mode="before")
    @classmethod
    def _old_language(cls, value: object) -> object:
        """Config files written before zh+en said zh-CN for Mandarin in Simplified characters."""
        return "zh" if value == "zh-CN" else value


class LlmSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    model: str = DEFAULT_LLM
    context: int = Field(default=2048, ge=512)
    gpu_layers: int = 0


class ModelSettings(BaseModel):
    """Where model weights may come from."""

    model_config = ConfigDict(extra="ignore")

    # Refuse every download (air-gapped machines install weights by hand; `saydo models verify` accepts them).
    offline: bool = False
    # A Hugging Face compatible endpoint (a mirror, or the tests' local server); None = huggingface_hub's default.
    hub_endpoint: str | None = None
    # HTTPS proxy for downloads; None = the usual HTTPS_PROXY / HTTP_PROXY environment.
    proxy: str | None = None


def _as_its_kind(entry: object) -> object:
    """A `[[sinks]]` entry as its kind's config (records/sinks: each kind declares and checks its own fields)."""
    if not isinstance(entry, dict) or not isinstance(kind := entry.get("kind"), str):
        return entry  # SinkConfig says what is wrong with it
    if kind not in sink_kinds():
        expected = ", ".join(map(repr, sink_kinds()[:-1])) + f" or {sink_kinds()[-1]!r}"
        raise ValidationError.from_exception_data("SinkSettings", [
            {"type": "literal_error", "loc": ("kind",), "input": kind, "ctx": {"expected": expected}}])
    try:
        config = sink_kind(kind).config
    except ModuleNotFoundError:
        raise PydanticCustomError("sink_unavailable", "the {kind} sink is not available in this build",
                                  {"kind": kind}) from None
    return config.model_validate(entry)


# One place confirmed records are delivered to, through the outbox. Serialized as its kind, not as the base class.
SinkSettings = Annotated[SerializeAsAny[SinkConfig], BeforeValidator(_as_its_kind)]


class OutboxSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    max_attempts: int = Field(default=8, ge=1)
    backoff_s: float = Field(default=5.0, gt=0)  # first retry delay; doubles per attempt
    backoff_max_s: float = Field(default=3600.0, gt=0)
    timeout_s: float = Field(default=10.0, gt=0)


class UiSettings(BaseModel):
    """The tray app."""

    model_config = ConfigDict(extra="ignore")

    hotkey: str = "<ctrl>+<alt>+<space>"  # pynput HotKey syntax
    mode: Literal["hold", "toggle"] = "hold"
    auto_confirm: bool = False
    autostart: bool = False
    digest_time: str | None = "08:30"  # daily follow-up digest, local HH:MM; None = off
    sounds: bool = True  # short start / stop / filed / error sounds
    language: Literal["auto", "zh", "en"] = "auto"  # the interface; "auto" follows the system locale


class UpdateSettings(BaseModel):
    """Asking a server whether a newer saydo exists: off unless the user turns it on (nothing leaves unasked)."""

    model_config = ConfigDict(extra="ignore")

    check: bool = False
    url: str = ""  # answers {"version": "0.2.0", "url": "where to get it"}


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    asr: AsrSettings = Field(default_factory=AsrSettings)
    llm: LlmSettings = Field(default_factory=LlmSettings)
    # None = the machine's cores, capped: past 4 threads the small models gain little and the desktop stutters.
    threads: int | None = None
    timezone: str | None = None
    audio_retention: Literal["keep", "delete_after_filing", "never_write"] = "keep"
    # With "keep": delete kept audio this many days after filing; None = keep forever. The record always stays.
    audio_retention_days: int | None = Field(default=None, ge=1)
    models_dir: Path | None = None
    # Audio files that appear here (phone recordings synced by the user's own tools) become drafts.
    inbox_dir: Path | None = None
    # The largest photo or file `saydo records attach` accepts: a phone video would fill the disk and every sink.
    attachment_max_mb: int = Field(default=50, ge=1)
    models: ModelSettings = Field(default_factory=ModelSettings)
    sinks: list[SinkSettings] = Field(default_factory=list)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    ui: UiSettings = Field(default_factory=UiSettings)
    updates: UpdateSettings = Field(default_factory=UpdateSettings)

    def cpu_threads(self) -> int:
        return self.threads or max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Paths:
    config_file: Path
    data_dir: Path
    models_dir: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / "saydo.db"

    @property
    def audio_dir(self) -> Path:
        return self.data_dir / "audio"

    @property
    def attachments_dir(self) -> Path:
        """Photos and files attached to records, one file per content hash (sha256), beside the audio."""
        return self.data_dir / "attachments"

    @property
    def spool_dir(self) -> Path:
        """Live recordings being captured; what is left here after a crash is recovered at the next start."""
        return self.data_dir / "spool"

    @property
    def runtime_dir(self) -> Path:
        return locations.runtime_dir(self.data_dir)


def resolve_paths(home: Path | None = None, models_dir: Path | None = None) -> Paths:
    home = locations.profile_dir(home)
    models = models_dir or Path(platformdirs.user_cache_dir(APP_NAME)) / "models"
    data_dir = locations.data_dir(home)
    if home is not None:
        return Paths(config_file=home / "config.toml", data_dir=data_dir, models_dir=models)
    return Paths(config_file=Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml", data_dir=data_dir,
                 models_dir=models)


def load_settings(home: Path | None = None) -> tuple[Settings, Paths]:
    paths = resolve_paths(home)
    settings = Settings()
    if paths.config_file.is_file():
        try:
            data = tomllib.loads(paths.config_file.read_text(encoding="utf-8"))
            settings = Settings.model_validate(data)
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"cannot read settings from {paths.config_file}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise SettingsError(f"cannot read settings from {paths.config_file}: it is not UTF-8 text "
                                f"(byte {exc.start}); save it as UTF-8") from exc
        except ValidationError as exc:
            problems = describe_problems(exc, data)
            # from None: the chained error would print the values in a traceback (--verbose)
            raise SettingsError(f"cannot read settings from {paths.config_file}: {problems}") from None
    if settings.models_dir:
        paths = resolve_paths(home, settings.models_dir)
    return settings, paths


def describe_problems(exc: ValidationError, data: dict[str, Any]) -> str:
    """Why `data` is not valid settings, entry by entry, without any of its values (see `_problem`)."""
    return "; ".join(_problem(error, data) for error in exc.errors(include_url=False, include_input=False))


def validate_settings(data: dict[str, Any]) -> Settings:
    """`data` as Settings; SettingsError naming each wrong entry and field, never a value (the settings dialog)."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(describe_problems(exc, data)) from None


def _problem(error: ErrorDetails, data: dict[str, Any]) -> str:
    """Where a setting is wrong and why, never its value: pydantic's own text quotes the input, which for a sink is
    a webhook secret, a password or a DSN with one in it."""
    loc = error["loc"]
    if len(loc) >= 2 and loc[0] == "sinks" and isinstance(loc[1], int):
        entries = data.get("sinks")
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"[[sinks]] entry {loc[1] + 1}" + (f" ({name!r})" if isinstance(name, str) else "")
        if len(loc) > 2:
            where += f", field {'.'.join(map(str, loc[2:]))}"
    else:
        where = ".".join(map(str, loc)) or "the file"
    return f"{where}: {error['msg']}"


def save_settings(settings: Settings, paths: Paths) -> None:
    # Private: the file holds webhook secrets and database passwords.
    private_dir(paths.config_file.parent)
    atomic_write(paths.config_file, tomli_w.dumps(settings.model_dump(mode="json", exclude_none=True)).encode("utf-8"))
