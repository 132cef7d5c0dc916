"""The browser editor at /admin/ of the preview (Decap CMS, from cms/node_modules), which the preview
server adds (`make edit`) and never writes to output/.

The editor's page has a content security policy of its own (Decap needs 'unsafe-eval' to compile its
configuration's schema and inline styles for its CSS-in-JS); the sites keep theirs. Its API,
/admin/api/v1, is answered by decap-server (started by `make edit` on 127.0.0.1 and a free port),
through this server: the browser talks to one origin only, and every save passes two steps on its
way: what a YAML block or file is given is written into the file as it was (zonesites.keep: the
comments, anchors and layout of zones.yaml and of every front matter stay), and it is checked as the
build checks it (the schema of its type; zones.yaml whole), so that the editor never writes what
the build refuses: a refused save says why, in the staff's language, and writes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from zonelib import schema as schemas
from zonelib import yamlines, zonefile
from zonelib.content import REGION_DIR, SLUG_LINE, ContentType
from zonelib.messages import LANGUAGES, Translator, Voice, language_of, say
from zonelib.problems import Problem, ProblemsError
from zonelib.settings import ZONES_FILE, ZONES_SITEURL

from . import editor, guide, keep, processes
from .types import run_settings, types_of

TEMPLATES = Path(__file__).parent / "templates" / "admin"
CMS = "cms"  # the npm package of the editor, beside the settings file: cms/node_modules/…
DECAP = "node_modules/decap-cms/dist"
SERVER = "node_modules/decap-server/dist/index.js"
STAFF = [code for code in LANGUAGES if code != "en"]  # the interface languages: those of the staff's catalogs
API = "/admin/api/v1"
# Decap CMS compiles the schema of its configuration with `new Function` ('unsafe-eval') and styles
# itself with inline <style> elements; it fetches the photos it shows and its drafts from blob: URLs.
# Nothing else: no other origin, no frame, no form, no plugin.
POLICY = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' blob:; connect-src 'self' blob:; font-src 'self'; "
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'")
TYPES = {".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css", ".html": "text/html",
         ".png": "image/png", ".svg": "image/svg+xml"}
BUNDLE = re.compile(r"^(decap-cms|\d+\.decap-cms)\.js$|^[0-9a-f]+\.wasm$")  # the bundle and its chunks
STARTED = 30  # seconds decap-server may take to answer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class DecapServer:
    """decap-server on 127.0.0.1 and a free port, writing the files of the project (its `fs` mode:
    no Git; `make save` records the changes); a context manager that stops it."""

    def __init__(self, root: Path, port: int | None = None):
        self.root, self.port = Path(root), port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def __enter__(self) -> DecapServer:
        script = self.root / CMS / SERVER
        if not script.is_file():
            raise ProblemsError([Problem(f"{CMS}/{SERVER}", 0, say("the editor is not installed: run `make edit`, "
                                                                   "which installs it"))])
        env = {**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(self.port), "MODE": "fs",
               "GIT_REPO_DIRECTORY": str(self.root), "LOG_LEVEL": "error"}
        # Its working folder holds no .env file, which it would read.
        self.process = subprocess.Popen([shutil.which("node") or "node", str(script)], cwd=self.root / CMS, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + STARTED
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"decap-server stopped at once (exit code {self.process.returncode})")
                with contextlib.suppress(OSError):
                    post(self.url, {"action": "info", "params": {}}, timeout=2)
                    return self
                time.sleep(0.1)
            raise RuntimeError(f"decap-server did not answer on {self.url} within {STARTED} s")
        except BaseException:
            self.__exit__()
            raise

    def __exit__(self, *exc) -> None:
        processes.stop(self.process)


def post(url: str, payload: dict, timeout: float = 30) -> tuple[int, bytes]:
    """POST JSON; return (status, body), an error status included."""
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (127.0.0.1 only)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Editor:
    """The editor of one project: its pages, its configuration, and the way to decap-server."""

    conf: Path
    api: str  # decap-server's URL
    output: Path | None = None  # the preview's output folder, to link an entry to its page
    cache: dict = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.conf.parent

    def setup(self) -> tuple[dict, zonefile.Zones, str]:
        """Return (the run's settings, zones.yaml, its path from the project), read again when it changed."""
        settings = self.cache.get("settings")
        zones_file = self.root / (settings or {}).get(ZONES_FILE, "zones.yaml")
        stamp = zones_file.stat().st_mtime_ns if zones_file.exists() else 0
        if self.cache.get("stamp") != stamp or settings is None:
            settings = run_settings(self.conf)
            zones_file = self.root / settings[ZONES_FILE]
            self.cache.update(settings=settings, stamp=zones_file.stat().st_mtime_ns,
                              zones=zonefile.load(zones_file, self.root))
        return settings, self.cache["zones"], PurePosixPath(settings[ZONES_FILE]).as_posix()

    def script(self, lang: str, origin: str) -> bytes:
        """Return config.js: the configuration, the interface's phrases and what each preview shows."""
        settings, zones, zones_file = self.setup()
        types = types_of(settings)
        setup = {"config": editor.config(types, zones, zones_file, lang, API, origin), "phrases": editor.phrases(lang),
                 "previews": editor.previews(types, zones), "languages": zones.languages}
        return f"window.ZONES_EDITOR = {json.dumps(setup, ensure_ascii=False)};\n".encode()

    # --- the API -------------------------------------------------------------------------------

    def answer(self, body: bytes, lang: str) -> tuple[int, bytes]:
        """Answer one request of the editor's API: pass it to decap-server, saves through keep and the checks."""
        try:
            request = json.loads(body)
        except ValueError:
            return 400, json.dumps({"error": "not JSON"}).encode()
        if request.get("action") == "persistEntry":
            try:
                request["params"]["dataFiles"] = [self.kept(item) for item in request["params"].get("dataFiles", [])]
            except ProblemsError as error:
                speak = Voice(lang)
                return 422, json.dumps({"error": "\n".join(speak.problem(p) for p in error.problems)},
                                       ensure_ascii=False).encode()
        try:
            status, answer = post(self.api, request)
        except OSError:
            text = Translator(lang)(say("the editor's server does not answer: stop `make edit` (Ctrl-C) and start "
                                        "it again"))
            return 502, json.dumps({"error": text}, ensure_ascii=False).encode()
        if status == 200 and request.get("action") in READS:
            answer = self.shown(answer)
        return status, answer

    def shown(self, answer: bytes) -> bytes:
        """Return decap-server's answer with each data file as the editor's fields hold it (editor.editable)."""
        entries = json.loads(answer)
        for entry in entries if isinstance(entries, list) else [entries]:
            schema = self.data_schema(PurePosixPath(entry.get("file", {}).get("path", "")))
            if schema and isinstance(entry.get("data"), str):
                with contextlib.suppress(yaml.YAMLError):
                    entry["data"] = yaml.dump(editor.editable(yaml.safe_load(entry["data"]), schema), Dumper=Plain,
                                              allow_unicode=True, sort_keys=False)
        return json.dumps(entries, ensure_ascii=False).encode()

    def data_schema(self, relative: PurePosixPath) -> dict | None:
        """Return the schema of a data file the editor saves (zones.yaml, a gallery.yaml), else None."""
        settings, zones, zones_file = self.setup()
        if relative.as_posix() == zones_file:
            return zonefile.zones_schema(zones.languages)
        kind = self.kind_of(relative, settings) if relative.suffix in (".yaml", ".yml") else None
        return kind.schema if kind else None

    def page_of(self, collection: str, slug: str, lang: str) -> str | None:
        """Return where the preview shows an entry: its page on the site of its zone in lang (a regional
        entry: on the first zone's), else that site's home (a page not built yet)."""
        settings, zones, _ = self.setup()
        for scope in [REGION_DIR, *zones.ids]:
            for kind in types_of(settings).values():
                if editor.collection_name(scope, kind.folder) != collection:
                    continue
                zone = zones.zone(scope if scope != REGION_DIR else zones.ids[0])
                home = zonefile.site_url(settings[ZONES_SITEURL], zone["domain"].get(lang, zone["domain"][zones.languages[0]]))
                if kind.markdown:
                    source = self.root / editor.CONTENT / scope / kind.folder / f"{slug}.{lang}.md"
                    found = SLUG_LINE.search(keep.split_front_matter(source.read_text("utf-8"))[0]) \
                        if source.is_file() else None
                    slug = found[1] if found else slug
                address = kind.url.format(slug=slug.split("/")[0])
                built = self.output and (self.output / home.split("/")[-1] / address / "index.html").is_file()
                return f"{home}/{address if built else ''}"
        return None

    def kept(self, item: dict) -> dict:
        """Return one file the editor saves, written into the file as it was, once checked."""
        relative = PurePosixPath(item.get("newPath") or item["path"])
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root.resolve()) or ".." in relative.parts:
            raise ProblemsError([Problem(str(relative), 0, say("this file is outside the project"))])
        old = target.read_text("utf-8") if target.is_file() else None
        settings, zones, zones_file = self.setup()
        kind = self.kind_of(relative, settings)
        schema = self.data_schema(relative)
        if schema:
            with contextlib.suppress(yaml.YAMLError):  # unreadable: the checks below say where
                raw = editor.stored(yaml.safe_load(item["raw"]), schema, old and yaml.safe_load(old))
                item = {**item, "raw": yaml.dump(raw, Dumper=Plain, allow_unicode=True, sort_keys=False)}
        if relative.as_posix() == zones_file:
            text = keep.merge_data(old, item["raw"], schema)
            zonefile.parse(text, zones_file)  # raises with every problem and its line
        elif relative.suffix == ".md":
            text = keep.merge_markdown(old, item["raw"], kind and kind.schema)
            self.check(text, relative, kind, settings, markdown=True)
        elif relative.suffix in (".yaml", ".yml"):
            text = keep.merge_data(old, item["raw"], schema)
            self.check(text, relative, kind, settings, markdown=False)
        else:
            text = item["raw"]
        return {**item, "raw": text}

    @staticmethod
    def check(text: str, relative: PurePosixPath, kind: ContentType | None, settings: dict, markdown: bool) -> None:
        """Raise ProblemsError with the problems the build would find in a content file's fields."""
        if kind is None:
            return
        path = relative.as_posix()
        if markdown:
            front, _ = keep.split_front_matter(text)
            data = yamlines.load(front, path, 2)
        else:
            data = yamlines.load(text, path)
        problems = schemas.check(data, kind.schema, path) if isinstance(data, dict) else []
        if not problems and kind.check and markdown:
            problems = kind.check(data, path, settings)
        if problems:
            raise ProblemsError(problems)

    @staticmethod
    def kind_of(relative: PurePosixPath, settings: dict) -> ContentType | None:
        parts = relative.parts
        if len(parts) < 4 or parts[0] != editor.CONTENT:
            return None
        return types_of(settings).get(parts[2])


# --- pages ---------------------------------------------------------------------------------------

READS = ("entriesByFolder", "entriesByFiles", "getEntry")  # the editor's API actions that answer files


class Plain(yaml.SafeDumper):
    """Writes data without anchors: the editor reads each value where it is."""

    def ignore_aliases(self, data) -> bool:
        return True


def page(name: str, **values) -> bytes:
    """Return one of the editor's HTML pages, its $name places filled in."""
    text = (TEMPLATES / name).read_text("utf-8")
    for key, value in values.items():
        text = text.replace(f"${key}", value)
    return text.encode()


def files(root: Path, path: str) -> tuple[bytes, str] | None:
    """Return (content, type) of a static file of the editor, or None."""
    name = path.rsplit("/", 1)[-1]
    if path.startswith("/admin/decap/") and BUNDLE.match(name):
        source = root / CMS / DECAP / name
    elif path in ("/admin/editor.js", "/admin/init.js", "/admin/favicon.svg"):
        source = TEMPLATES / name
    elif path == "/admin/choose.css":  # the choice of language reads like the guides beside it
        source = guide.STYLE
    elif path == "/admin/site.css":
        source = root / "themes/zones/static/css/site.css"
    else:
        return None
    return (source.read_bytes(), TYPES.get(source.suffix, "application/octet-stream")) if source.is_file() else None


def route(editor_: Editor | None, root: Path, path: str, origin: str = "") -> tuple[int, bytes, str] | None:
    """Return (status, body, type) for the editor's GET requests, None for others; a
    status 302 has the address to go to as its body."""
    path = path.split("?", 1)[0]
    if not path.startswith("/admin") or editor_ is None:
        return None
    if path in ("/admin", "/admin/"):
        return 200, page("choose.html"), "text/html; charset=utf-8"
    if match := re.fullmatch(r"/admin/([a-z]{2})/", path):
        if match[1] not in STAFF:
            return None
        return 200, page("index.html", lang=match[1], title=Translator(match[1])(say("Editing the sites"))), \
            "text/html; charset=utf-8"
    if match := re.fullmatch(r"/admin/([a-z]{2})/config\.js", path):
        return (200, editor_.script(match[1], origin), "text/javascript") if match[1] in STAFF else None
    if match := re.fullmatch(r"/admin/([a-z]{2})/page/(\w+)/([\w./-]+)", path):
        address = editor_.page_of(match[2], match[3], match[1])
        return (302, address.encode(), "text/plain") if address else None
    found = files(root, path)
    return (200, *found) if found else None


def language_of_request(referer: str | None) -> str:
    """Return the interface language of the editor page that sent a request (its /admin/<lang>/)."""
    match = re.search(r"/admin/([a-z]{2})/", referer or "")
    return match[1] if match and match[1] in STAFF else STAFF[0]


__all__ = ["API", "POLICY", "DecapServer", "Editor", "language_of", "language_of_request", "route"]
