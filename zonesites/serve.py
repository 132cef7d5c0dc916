"""Preview server: serve output/, rebuild on every change, reload the browser or show the problems.

Only for previewing on this machine: the reload script, and the notice of a page about its source
(zonesites.notices: translation pending or out of date, things to finish, words to check), are
added to pages as they are served and never written to output/; so is, with `--edit` (`make edit`),
the browser editor (/admin/, zonesites.admin).
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import signal
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import admin
from .build import CACHE, base_settings, build
from .notices import add_notice, notices
from .spelling import WORDS, for_preview
from .stamp import DATA_FILES
from .workers import Workers
from zonelib.messages import Voice, say, say_n
from zonelib.problems import ProblemsError
from zonelib.settings import ZONES_FILE
from zonelib.zonefile import REGION_DIR

LIVE = "/_live/"
EVENTS = f"{LIVE}events"  # server-sent events: the state, sent again as soon as a build ends
SCRIPT = Path(__file__).parent / "templates" / "live.js"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream, to notice closed tabs


def tag(run: str, version: int) -> bytes:
    """Return the reload script's tag for a page served at this version of its site."""
    return f'<script src="{LIVE}live.js" data-run="{html.escape(run)}" data-version="{version}" defer></script>'.encode()


class State:
    """The version of the last successful build, the version of each site (the build that last
    wrote it, and the last that changed more than the text of its pages) and the problems of the
    last attempt; threads waiting for a change are woken by it."""

    def __init__(self):
        self.version, self.problems, self.changed = 0, [], threading.Condition()
        self.run = str(time.time_ns())  # a page of an earlier run of the server reloads once it reconnects
        self.sites: dict[str, int] = {}  # {domain: version of the build that last wrote it}
        self.files: dict[str, int] = {}  # {domain: version of the last build after more than Markdown changed}
        self.notices: dict[str, dict[Path, bytes]] = {}  # {domain: {page file: its notice}} (zonesites.notices)

    def record(self, problems: list[str], notices: dict[str, dict[Path, bytes]] | None = None,
               sites: list[str] = (), text_only: bool = False) -> None:
        """Record a build (text_only: only Markdown files changed: a page's text, not its photos,
        style or code, so that an open page may take its new body without reloading)."""
        with self.changed:
            self.problems = problems
            if not problems:
                self.version += 1
                self.sites.update(dict.fromkeys(sites, self.version))
                if not text_only:
                    self.files.update(dict.fromkeys(sites, self.version))
                self.notices.update(notices or {})  # the sites just built replace their own
            self.changed.notify_all()

    def notice(self, page: Path) -> bytes | None:
        with self.changed:
            return next((found[page] for found in self.notices.values() if page in found), None)

    def version_of(self, site: str) -> int:
        """Return the version of a site's pages (of the last build, for a page of no site)."""
        with self.changed:
            return self.sites.get(site, self.version)

    def as_json(self, site: str | None = None) -> bytes:
        with self.changed:
            return json.dumps({"version": self.version, "problems": self.problems, "run": self.run,
                               **({"site": self.sites.get(site, self.version), "files": self.files.get(site, self.version)}
                                  if site is not None else {})}).encode()

    def now(self) -> tuple[int, list[str]]:
        with self.changed:
            return self.version, self.problems

    def wait(self, since: tuple[int, list[str]], timeout: float) -> tuple[int, list[str]]:
        """Wait until a build ends after the state `since` (version and problems), or timeout;
        return the state then."""
        with self.changed:
            self.changed.wait_for(lambda: (self.version, self.problems) != since, timeout)
            return self.version, self.problems


class Handler(SimpleHTTPRequestHandler):
    """Serve output/; answer /_live/ requests; add the reload script to HTML pages."""

    def __init__(self, *args, state: State, root: Path, editor: admin.Editor | None = None, **kwargs):
        self.state, self.root, self.editor = state, root, editor
        super().__init__(*args, **kwargs)

    def log_message(self, *args) -> None:  # keep the terminal for build messages
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path.startswith(EVENTS):
            return self._events(parse_qs(urlsplit(self.path).query).get("site", [""])[0])
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
            version = self.state.version_of(urlsplit(self.path).path.strip("/").split("/")[0])  # before reading
            page = add_notice(path.read_bytes(), self.state.notice(path.resolve()))
            return self._send(page.replace(b"</body>", tag(self.state.run, version) + b"</body>"),
                              "text/html; charset=utf-8")
        # Always the file as it is now: a replaced photo is a link to its cached variant, whose time may
        # be older than the one the browser holds, which a "not modified" answer would keep showing.
        del self.headers["If-Modified-Since"]
        self.revalidate = True
        return super().do_GET()

    def end_headers(self) -> None:
        if getattr(self, "revalidate", False):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def _events(self, site: str) -> None:
        """Send the state of the preview for a page of `site` now, then each time a build ends, as
        server-sent events, until the page goes away."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 250\n\n")  # when the server restarts: reconnect at once
            state = None
            while True:
                newer = self.state.wait(state, KEEPALIVE) if state else self.state.now()
                self.wfile.write(b"data: " + self.state.as_json(site) + b"\n\n" if newer != state else b": idle\n\n")
                self.wfile.flush()
                state = newer
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

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


def rebuild(state: State, speak: Voice, spelling=None, text_only: bool = False, **options) -> bool:
    """Build; show the new pages, with their notices (spelling(): warnings by file), as soon as they
    are in place (the search is indexed after), or the problems (text_only: see State.record);
    return whether it built the sites (even if indexing their search failed after)."""
    built = []

    def show(report) -> None:
        built.append(report)
        print(speak(say_n("Rebuilt %(count)d site in %(seconds).1f s.", "Rebuilt %(count)d sites in %(seconds).1f s.",
                          len(report.sites), seconds=report.seconds)), flush=True)
        state.record([], notices(report, spelling() if spelling else None), [site.domain for site in report.sites],
                     text_only)

    try:
        build(shown=show, **options)
    except ProblemsError as error:
        problems = [speak.problem(p) for p in error.problems]
    except Exception as error:  # noqa: BLE001 (the preview keeps serving the last good sites)
        problems = [speak(say("the build stopped unexpectedly: %(error)s", error=repr(error)))]
    else:
        return True
    print(speak(say_n("%(count)d problem; the preview shows it on every page:",
                      "%(count)d problems; the preview shows them on every page:", len(problems))), flush=True)
    for problem in problems:
        print(f"  {problem}", flush=True)
    state.record(problems)
    return bool(built)


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
    state, speak, workers = State(), Voice(language), Workers()
    spelling, why = for_preview(conf, root / CACHE / "spelling.json")
    if why:
        print(speak(why), flush=True)
    rebuild(state, speak, spelling, conf=conf, output=output, zone=zone, lang=lang, workers=workers)
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
    # zones.yaml and the other data files beside the settings (glossary.yaml…): a change rebuilds every site
    data_files = {root / base[ZONES_FILE], *(root / name for name in DATA_FILES)}
    watched = [content, Path(base["THEME"]), *map(Path, base["PLUGIN_PATHS"]),
               *sorted(path for path in data_files if path.exists()), *[path for path in [root / WORDS] if path.is_file()]]
    try:
        sources = DefaultFilter(ignore_paths=[output])  # the build's own .mo and output are not changes
        # A change is built once no other came for 20 ms (editors save a file at once), at most 200 ms later.
        unbuilt = set()  # zones (None: all) where more than Markdown changed since their last build
        for changes in watch(*watched, debounce=200, step=20, watch_filter=lambda change, path: sources(change, path)
                             and not path.endswith(".mo")):
            changed_zone = zone or zone_of(changes, content)
            if not all(path.endswith(".md") for _, path in changes):
                unbuilt.add(changed_zone)
            if rebuild(state, speak, spelling, not unbuilt, conf=conf, output=output, zone=changed_zone, lang=lang,
                       workers=workers):
                unbuilt = {z for z in unbuilt if changed_zone and z != changed_zone}
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        workers.close()
    return 0
