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
