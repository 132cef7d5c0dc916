"""Checks of the ten built sites as published files: valid HTML, no broken link, nothing loaded from
another origin."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from conftest import ROOT, soup

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
LYCHEE = Path(sys.executable).with_name("lychee")


def test_the_nu_html_checker_finds_no_error(dev):
    assert VNU.is_file(), "run `make test`, which installs the Nu Html Checker (npm ci)"
    result = subprocess.run([shutil.which("java") or "java", "-jar", str(VNU), "--errors-only", "--format", "json",
                             "--skip-non-html", str(dev.output)], capture_output=True, text=True, timeout=300)
    errors = [f"{m['url'].split('/', 3)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in json.loads(result.stderr or result.stdout)["messages"] if m["type"] == "error"]
    assert errors == []
    assert len(list(dev.output.rglob("*.html"))) > 200  # it really had pages to check


def test_no_internal_link_or_anchor_is_broken(dev):
    result = subprocess.run([str(LYCHEE), "--offline", "--no-progress", "--include-fragments", "--format", "json",
                             "--root-dir", str(dev.output), str(dev.output)], capture_output=True, text=True,
                            timeout=300)
    report = json.loads(result.stdout)
    assert report["errors"] == 0, json.dumps(report.get("error_map"), indent=1)[:3000]
    assert report["successful"] > 5000  # every page's links were followed, anchors included
    assert result.returncode == 0


RESOURCE_URLS = re.compile(r"""(?:src|srcset|url\(|@import)\s*=?\s*["']?([^"')\s,]+)""")


def test_nothing_is_loaded_from_another_origin(dev):
    for path in dev.output.rglob("*"):
        if path.suffix == ".html":
            page = soup(path)
            urls = [e["href"] for e in page.select("link[href]") if not {"canonical", "alternate"} & set(e["rel"])]
            urls += [e["src"] for e in page.select("[src]")]
            urls += [part.split()[0] for e in page.select("[srcset]") for part in e["srcset"].split(",")]
            urls += [e["action"] for e in page.select("form[action]")]
        elif path.suffix in (".css", ".js"):
            urls = RESOURCE_URLS.findall(path.read_text("utf-8"))
        else:
            continue
        for url in urls:
            assert not urlparse(url).netloc, f"{path.relative_to(dev.output)} loads {url}"


def test_every_site_has_its_host_configuration_beside_its_web_root(dev, zones):
    for site in zones.sites():
        hosts = dev.output / "hosts" / site.domain
        for needed in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
                       "form-action 'self'", "Strict-Transport-Security: max-age=31536000", "nosniff",
                       "Referrer-Policy", "Permissions-Policy"):
            assert needed in (hosts / "_headers").read_text("utf-8"), (site.domain, needed)
            for name in ("nginx.conf", ".htaccess"):
                assert needed.split(": ")[-1] in (hosts / name).read_text("utf-8"), (site.domain, name, needed)
        assert "error_page 404 /404.html;" in (hosts / "nginx.conf").read_text("utf-8")
        web_root = {path.name for path in (dev.output / site.domain).iterdir()}
        assert not web_root & {"_headers", "_redirects", "nginx.conf", ".htaccess", "_headers.nginx.conf"}, site.domain


def test_every_json_ld_block_parses_and_every_event_matches_its_page(dev, zones):
    events = 0
    for site in zones.sites():
        for path in (dev.output / site.domain).rglob("*.html"):
            page = soup(path)
            for block in page.select('script[type="application/ld+json"]'):
                data = json.loads(block.string)
                if data["@type"] == "Event":
                    events += 1
                    assert data["name"] == page.h1.get_text().replace("\u202f", " "), path  # JSON-LD: as typed
                    assert data["startDate"] == page.select_one(".event-facts time")["datetime"], path
                    assert data["inLanguage"] == site.lang and data["organizer"]["name"] == page.select_one(
                        ".site-name").contents[0].strip(), path
    pages = list(dev.output.glob("*/agenda/*/index.html"))
    unconfirmed = [path for path in pages if soup(path).select_one("main .notice.unconfirmed")]
    assert events == len(pages) - len(unconfirmed)  # an event not confirmed is not published as scheduled
    assert events + len(unconfirmed) >= 10 * 5  # every site has the regional events and its zone's own
