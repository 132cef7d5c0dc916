"""Serve the production build as the hosts will: each domain at the root of its own host name,
http://<domain>.localhost:PORT/ (browsers send *.localhost to this machine), with the headers,
redirects and 'not found' page of its host configuration (output/publish/hosts/<domain>/).

The one difference with the hosts: the pages link to https://<domain>/, so, as a file is sent,
those addresses of the sites become their local ones (nothing is written: the files stay as built).
"""

from __future__ import annotations

import mimetypes
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from zonelib import hosting, zonefile
from zonelib.messages import Voice, say

from .hosts import HOSTS

TEXT = {".html", ".css", ".js", ".json", ".xml", ".ics", ".txt", ".svg", ".webmanifest"}
mimetypes.add_type("text/calendar", ".ics")


def local_url(domain: str, port: int) -> str:
    return f"http://{domain}.localhost:{port}"


class Sites:
    """What the server knows of the production output: web roots, headers and redirects per domain."""

    def __init__(self, output: Path, zones: zonefile.Zones, port: int):
        self.output, self.zones, self.port = output, zones, port
        self.domains = [site.domain for site in zones.sites() if (output / site.domain).is_dir()]
        self.headers, self.redirects = {}, {}
        for domain in self.domains:
            folder = output / HOSTS / domain
            headers, redirects = folder / "_headers", folder / "_redirects"
            self.headers[domain] = hosting.read_headers_file(headers.read_text("utf-8")) if headers.is_file() else []
            self.redirects[domain] = dict(line.split()[:2] for line in redirects.read_text("utf-8").splitlines()
                                          if line.strip()) if redirects.is_file() else {}
        self.rewrites = [(f"https://{site.domain}".encode(), local_url(site.domain, port).encode())
                         for site in zones.sites()]

    def localize(self, body: bytes) -> bytes:
        for public, local in self.rewrites:
            body = body.replace(public, local)
        return body

    def portal(self) -> bytes:
        items = "".join(f'<li><a href="{local_url(d, self.port)}/">{d}</a></li>\n' for d in self.domains)
        return (f'<!doctype html>\n<html lang="fr"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
                f'<title>Production</title></head><body><main><h1>Production — productie</h1>\n<ul>\n{items}</ul>'
                f'</main></body></html>\n').encode()


class Handler(BaseHTTPRequestHandler):
    """Answer as the static host of the domain named by the Host header would."""

    sites: Sites
    server_version = "zonesites"

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        self.answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        path = unquote(urlsplit(self.path).path)
        domain = host.removesuffix(".localhost")
        if host in ("localhost", "127.0.0.1"):
            return self.send(200, self.sites.portal(), "text/html; charset=utf-8", [], body)
        if domain not in self.sites.domains:
            return self.send(404, b"Unknown host\n", "text/plain; charset=utf-8", [], body)
        headers = self.sites.headers[domain]
        web_root = self.sites.output / domain
        if path in self.sites.redirects[domain]:
            location = local_url(domain, self.sites.port) + self.sites.redirects[domain][path]
            return self.send(hosting.STATUS, b"", None, headers + [("Location", location)], body)
        file = hosting.target_file(web_root, path)
        if ".." in Path(path).parts or not file.resolve().is_relative_to(web_root.resolve()):
            file = web_root / "missing"
        if file.is_dir():
            location = local_url(domain, self.sites.port) + path + "/"
            return self.send(hosting.STATUS, b"", None, headers + [("Location", location)], body)
        status = 200
        if not file.is_file():
            status, file = 404, web_root / hosting.NOT_FOUND.lstrip("/")
        data = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix in TEXT:
            data, kind = self.sites.localize(data), f"{kind}; charset=utf-8"
        self.send(status, data, kind, headers, body)

    def send(self, status: int, data: bytes, kind: str | None, headers: list, body: bool) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


def server(output: Path, zones: zonefile.Zones, port: int, address: str = "127.0.0.1") -> ThreadingHTTPServer:
    """Return a started server of the production output (stop it with .shutdown())."""
    httpd = ThreadingHTTPServer((address, port), type("SitesHandler", (Handler,), {}))
    httpd.RequestHandlerClass.sites = Sites(output, zones, httpd.server_address[1])
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def serve_production(output: Path, zones: zonefile.Zones, port: int, speak: Voice) -> int:
    """Serve until Ctrl-C."""
    httpd = server(output, zones, port)
    print(speak(say("Production build, as the hosts will serve it (Ctrl-C to stop):")), flush=True)
    for domain in httpd.RequestHandlerClass.sites.domains:
        print(f"  {local_url(domain, httpd.server_address[1])}/", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.shutdown()
    return 0
