"""A hub-like HTTP server on 127.0.0.1 for the download tests, and a forwarding proxy in front of it.

It answers huggingface_hub the way huggingface.co does for `{endpoint}/{repo}/resolve/{revision}/{file}`: HEAD
with X-Repo-Commit, ETag, and for LFS files X-Linked-Etag (the sha256) and X-Linked-Size; GET with Range support
(206 + Content-Range); 404 with X-Error-Code. Faults are switched on per file to simulate a dropped connection,
a server that then fails, or a corrupted transfer.
"""

from __future__ import annotations

import hashlib
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class HubFile:
    data: bytes
    lfs: bool = True
    # Faults: cut the first full GET after this many bytes; then answer every GET with 503 while `fail_after_cut`.
    cut_after: int | None = None
    fail_after_cut: bool = False
    corrupt: bool = False  # send different bytes than the sha256 the headers declare
    declared_size: int | None = None  # claim another size in HEAD (X-Linked-Size)
    cut_done: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Hub:
    files: dict[tuple[str, str], HubFile] = field(default_factory=dict)  # (repo, filename) -> file
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)  # (method, path, Range)
    endpoint: str = ""

    def add(self, repo: str, name: str, file: HubFile) -> HubFile:
        self.files[(repo, name)] = file
        return file

    def gets(self, name: str) -> list[str | None]:
        """The Range header of every GET of `name`, in order (None = a full GET)."""
        return [r for m, p, r in self.requests if m == "GET" and p.endswith("/" + name)]


def _handler(hub: Hub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            return None

        def _lookup(self) -> HubFile | None:
            path = unquote(self.path.split("?", 1)[0])
            if "/resolve/" not in path:
                return None
            repo, rest = path[1:].split("/resolve/", 1)
            _revision, _, name = rest.partition("/")
            return hub.files.get((repo, name))

        def _not_found(self) -> None:
            self.send_response(404)
            self.send_header("X-Error-Code", "EntryNotFound")
            self.send_header("X-Error-Message", "Entry not found")
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _headers(self, file: HubFile) -> None:
            self.send_header("X-Repo-Commit", COMMIT)
            self.send_header("Accept-Ranges", "bytes")
            if file.lfs:
                self.send_header("X-Linked-Etag", f'"{file.sha256}"')
                self.send_header("X-Linked-Size", str(file.declared_size or len(file.data)))
                self.send_header("ETag", f'"{file.sha256}"')
            else:  # git-stored files carry the blob's sha1, not a sha256
                self.send_header("ETag", f'"{hashlib.sha1(file.data).hexdigest()}"')

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
            hub.requests.append(("HEAD", self.path, None))
            file = self._lookup()
            if file is None:
                return self._not_found()
            self.send_response(200)
            self._headers(file)
            self.send_header("Content-Length", str(file.declared_size or len(file.data)))
            self.end_headers()

        def do_GET(self) -> None:  # noqa: N802
            wanted = self.headers.get("Range")
            hub.requests.append(("GET", self.path, wanted))
            file = self._lookup()
            if file is None:
                return self._not_found()
            if file.cut_done and file.fail_after_cut:
                self.send_response(503)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = bytes(b ^ 0xFF for b in file.data[:16]) + file.data[16:] if file.corrupt else file.data
            start = int(wanted.removeprefix("bytes=").split("-")[0]) if wanted else 0
            self.send_response(206 if start else 200)
            self._headers(file)
            if start:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            body = data[start:]
            if file.cut_after is not None and not file.cut_done and not start:
                file.cut_done = True
                self.wfile.write(body[:file.cut_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def hub_server() -> Iterator[Hub]:
    hub = Hub()
    with serve(_handler(hub)) as url:
        hub.endpoint = url
        yield hub


@dataclass
class Proxy:
    url: str = ""
    seen: list[str] = field(default_factory=list)  # absolute URLs forwarded


def _proxy_handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            return None

        def _forward(self) -> None:
            proxy.seen.append(self.path)  # a forward proxy receives the absolute URL
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "proxy-connection")}
            request = urllib.request.Request(self.path, method=self.command, headers=headers)
            try:
                response = direct.open(request, timeout=30)
            except urllib.error.HTTPError as exc:
                response = exc
            body = response.read()
            self.send_response(response.status)
            for key, value in response.headers.items():
                if key.lower() not in ("transfer-encoding", "connection"):
                    self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = _forward  # noqa: N815
        do_HEAD = _forward  # noqa: N815

    return Handler


@contextmanager
def proxy_server() -> Iterator[Proxy]:
    proxy = Proxy()
    with serve(_proxy_handler(proxy)) as url:
        proxy.url = url
        yield proxy
