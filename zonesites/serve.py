"""Preview server: serve output/, rebuild on every change, reload the browser or show the problems.

Only for previewing on this machine: the reload script, and the notice of a page about its source
(zonesites.notices: translation pending or out of date, things to finish, words to check), are
added to pages as they are served and never written to output/; so is, with `--edit` (`make edit`),
the browser editor (/admin/, zonesites.admin).
"""

from __future__ import annotations

import contextlib
import functools
import json
import signal
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from . import admin
from .build import CACHE, base_settings, build
from .notices import add_notice, notices
from .spelling import WORDS, for_preview
from zonelib.messages import Voice, say, say_n
from zonelib.problems import ProblemsError
from zonelib.settings import ZONES_FILE
from zonelib.zonefile import REGION_DIR

LIVE = "/_live/"
SCRIPT = Path(__file__).parent / "templates" / "live.js"
TAG = f'<script src="{LIVE}live.js" defer></script>'.encode()


class State:
    """The version of the last successful build and the problems of the last attempt."""

    def __init__(self):
        self.version, self.problems, self.lock = 0, [], threading.Lock()
        self.notices: dict[str, dict[Path, bytes]] = {}  # {domain: {page file: its notice}} (zonesites.notices)

    def record(self, problems: list[str], notices: dict[str, dict[Path, bytes]] | None = None) -> None:
        with self.lock:
            self.problems = problems
            if not problems:
                self.version += 1
                self.notices.update(notices or {})  # the sites just built replace their own

    def notice(self, page: Path) -> bytes | None:
        with self.lock:
            return next((found[page] for found in self.notices.values() if page in found), None)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "problems": self.problems}).encode()


class Handler(SimpleHTTPRequestHandler):
    """Serve output/; answer /_live/ requests; add the reload script to HTML pages."""

    def __init__(self, *args, state: State, root: Path, editor: admin.Editor | None = None, **kwargs):
        self.state, self.root, self.editor = state, root, editor
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:  # keep the terminal for build messages
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith(LIVE):
            body, kind = ((SCRIPT.read_bytes(), "text/javascript") if self.path == f"{LIVE}live.js"
                          else (self.state.as_json(), "application/json"))
            return self._send(body, kind)
        if found := admin.route(self.editor, self.root, self.path, f"http://{self.headers.get('Host', '')}"):
            if found[0] == 302:
                self.send_response(302)
                self.send_header("Location", found[1].decode())
                self.end_headers()
                return None
            return self._send(found[1], found[2], admin.POLICY)
        if self.path.startswith("/admin"):
            return self.send_error(404)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = add_notice(path.read_bytes(), self.state.notice(path.resolve()))
            return self._send(page.replace(b"</body>", TAG + b"</body>"), "text/html; charset=utf-8")
        return super().do_GET()

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        """The editor's API: only from the editor's own pages (the same origin, JSON), never from
        another site open in the browser."""
        host = self.headers.get("Host", "")
        same = {f"http://{host}"} if host.split(":")[0] in ("127.0.0.1", "localhost") else set()
        if self.editor is None or self.path != admin.API or self.headers.get("Origin") not in same or \
                self.headers.get_content_type() != "application/json":
            return self.send_error(403)
        length = int(self.headers.get("Content-Length") or 0)
        lang = admin.language_of_request(self.headers.get("Referer"))
        status, body = self.editor.answer(self.rfile.read(length), lang)
        self._send(body, "application/json", admin.POLICY, status)

    def _send(self, body: bytes, kind: str, policy: str | None = None, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if policy:
            self.send_header("Content-Security-Policy", policy)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "same-origin")
        self.end_headers()
        self.wfile.write(body)


def zone_of(changes, content: Path) -> str | None:
    """Return the zone whose content alone changed, or None when every zone must be rebuilt."""
    zones = set()
    for _, changed in changes:
        path = Path(changed).resolve()
        if not path.is_relative_to(content):
            return None
        parts = path.relative_to(content).parts
        if len(parts) < 2 or parts[0] == REGION_DIR:
            return None
        zones.add(parts[0])
    return zones.pop() if len(zones) == 1 else None


def rebuild(state: State, speak: Voice, spelling=None, **options) -> None:
    """Build; show the new pages, with their notices (spelling(): warnings by file), or the problems."""
    try:
        report = build(**options)
    except ProblemsError as error:
        problems = [speak.problem(p) for p in error.problems]
    except Exception as error:  # noqa: BLE001 (the preview keeps serving the last good sites)
        problems = [speak(say("the build stopped unexpectedly: %(error)s", error=repr(error)))]
    else:
        print(speak(say_n("Rebuilt %(count)d site in %(seconds).1f s.", "Rebuilt %(count)d sites in %(seconds).1f s.",
                          len(report.sites), seconds=report.seconds)), flush=True)
        state.record([], notices(report, spelling() if spelling else None))
        return
    print(speak(say_n("%(count)d problem; the preview shows it on every page:",
                      "%(count)d problems; the preview shows them on every page:", len(problems))), flush=True)
    for problem in problems:
        print(f"  {problem}", flush=True)
    state.record(problems)


def stop(*_) -> None:
    raise KeyboardInterrupt


def serve(conf: Path, zone: str | None = None, lang: str | None = None, output: Path | None = None,
          port: int = 8000, language: str = "fr", edit: bool = False) -> int:
    """Build, serve on localhost:port, and rebuild what changed until Ctrl-C; with `edit`, the browser
    editor too, at /admin/ (decap-server runs as long as the preview)."""
    signal.signal(signal.SIGTERM, stop)  # a terminated preview stops decap-server too
    with admin.DecapServer(conf.parent) if edit else contextlib.nullcontext() as decap:
        return _serve(conf, zone, lang, output, port, language, admin.Editor(conf, decap.url) if decap else None)


def _serve(conf: Path, zone: str | None, lang: str | None, output: Path | None, port: int, language: str,
           editor: admin.Editor | None) -> int:
    from watchfiles import DefaultFilter, watch  # noqa: PLC0415

    root = conf.parent
    base = base_settings(conf)
    output = Path(output) if output else root / base["OUTPUT_PATH"]
    state, speak = State(), Voice(language)
    spelling, why = for_preview(conf, root / CACHE / "spelling.json")
    if why:
        print(speak(why), flush=True)
    rebuild(state, speak, spelling, conf=conf, output=output, zone=zone, lang=lang)
    output.mkdir(parents=True, exist_ok=True)
    if editor:
        editor.output = output
    handler = functools.partial(Handler, directory=str(output), state=state, root=root, editor=editor)
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(speak(say("Preview: http://localhost:%(port)d/  (Ctrl-C to stop)", port=port)), flush=True)
    if editor:
        print(speak(say("Editor: http://localhost:%(port)d/admin/", port=port)), flush=True)
    content = Path(base["PATH"]).resolve()
    # zones.yaml and every other data file beside it (glossary.yaml…): a change rebuilds every site
    watched = [content, Path(base["THEME"]), *map(Path, base["PLUGIN_PATHS"]), root / base[ZONES_FILE],
               *sorted(root.glob("*.yaml")), *[path for path in [root / WORDS] if path.is_file()]]
    try:
        sources = DefaultFilter(ignore_paths=[output])  # the build's own .mo and output are not changes
        for changes in watch(*watched, debounce=200, watch_filter=lambda change, path: sources(change, path)
                             and not path.endswith(".mo")):
            changed_zone = zone or zone_of(changes, content)
            rebuild(state, speak, spelling, conf=conf, output=output, zone=changed_zone, lang=lang)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
