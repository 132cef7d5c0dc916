"""Build stamps: what each web root is (preview or production, from which commit and sources, built
for which day, with which files), the checks of a production tree, and what makes a tree fit to
go live.

A stamp is `build-stamp.json` at the top of each web root (published with it: anyone can see which
commit a domain shows). Its `tree` is a hash of every other file of the web root, so that a file
added, changed or removed after the build (a mixed tree) is noticed before anything is uploaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

from zonelib import hosting, zonefile
from zonelib.messages import say
from zonelib.settings import AGENDA_TODAY, PUBLISH, mode_of
from zonelib.problems import Problem

STAMP = "build-stamp.json"
TIMEZONE = ZoneInfo("Europe/Brussels")
# What a production page may link to or load: its site URL, or somewhere else entirely.
LINKS = re.compile(rb"""(?:href|src)="([^"]*)"|srcset="([^"]*)\"""")
# The data files beside the settings that builds read (the staff may change them); deploy.yaml is not one.
DATA_FILES = ("zones.yaml", "glossary.yaml", "redirects.yaml")
SOURCES = ("content", "themes", "plugins", "zonelib", "zonesites", *DATA_FILES)


def source_files(root: Path) -> list[Path]:
    """Return every file a build reads (content, theme, code, data files, settings)."""
    files = sorted(root.glob("*.py"))
    for name in SOURCES:
        path = root / name
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    return [file for file in files
            if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".mo")]


def sources_fingerprint(root: Path) -> str:
    """Return a hash of every file a build reads, by path relative to the project, so that two
    checkouts of one commit agree."""
    digest = hashlib.sha256()
    for file in source_files(root):
        digest.update(f"{file.relative_to(root).as_posix()}\0".encode() + file.read_bytes() + b"\0")
    return digest.hexdigest()


def sources_state(root: Path) -> str:
    """Return a hash of the name, size and time of every file a build reads: taken before and after
    a build, it tells whether a file was written meanwhile."""
    digest = hashlib.sha256()
    for file in source_files(root):
        info = file.stat()
        digest.update(f"{file}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def git(root: Path, *args: str) -> str | None:
    """Return what a git command prints in the project, or None outside a repository."""
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def day_of_build(base: dict) -> str:
    """Return the day the agenda is built for: AGENDA_TODAY when pinned, else today in Brussels."""
    return base.get(AGENDA_TODAY) or dt.datetime.now(TIMEZONE).date().isoformat()


def tree_hash(web_root: Path) -> tuple[str, int]:
    """Return a hash of every file of a web root but its stamp (names and bytes), and their number."""
    digest, count = hashlib.sha256(), 0
    for folder, folders, files in os.walk(web_root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(web_root).as_posix()
            if relative != STAMP:
                digest.update(f"{relative}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
                count += 1
    return digest.hexdigest(), count


def read(web_root: Path) -> dict | None:
    """Return the stamp of a web root, or None when it has none (or one that cannot be read)."""
    try:
        return json.loads((web_root / STAMP).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write(web_root: Path, site: zonefile.Site, build: dict, checks: dict | None) -> dict:
    """Write the stamp of a freshly built web root and return it."""
    tree, files = tree_hash(web_root)
    stamp = {"mode": build["mode"], "domain": site.domain, "zone": site.zone, "lang": site.lang,
             "build": build["id"], "commit": build["commit"], "uncommitted": build["uncommitted"],
             "sources": build["sources"], "day": build["day"], "checks": checks,
             "files": files, "tree": tree}
    (web_root / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
    return stamp


def build_facts(root: Path, base: dict) -> dict:
    """Return what every stamp of one build shares."""
    status = git(root, "status", "--porcelain", "--", *SOURCES, "*.py")
    sources, day = sources_fingerprint(root), day_of_build(base)
    return {"mode": mode_of(base), "id": f"{day}-{sources[:12]}", "commit": git(root, "rev-parse", "HEAD"),
            "uncommitted": bool(status), "sources": sources, "day": day}


def mode_problems(output: Path, sites: list[zonefile.Site], mode: str) -> list[Problem]:
    """Refuse to build into web roots of the other mode (a preview never writes into production)."""
    problems = []
    for site in sites:
        stamp = read(output / site.domain)
        if stamp and stamp.get("mode") != mode:
            problems.append(Problem(str(output / site.domain), 0, say(
                "this folder holds a %(found)s build and this is a %(mode)s build; they never share a folder: "
                "leave out --output (previews go to output/preview, production builds to output/publish)",
                found=stamp.get("mode"), mode=mode)))
    return problems


def link_problems(staging: Path, output: Path, sites: list[zonefile.Site], zones: zonefile.Zones,
                  url_format: str) -> tuple[list[Problem], int]:
    """Check a production build before it replaces the output: every link to one of the sites
    leads to a file (in this build, or in the output for sites it did not rebuild), nothing links
    or loads a preview address, and every web root has its home and 'not found' pages. Return the
    problems and the number of links checked."""
    roots = {}
    for site in zones.sites():
        built = staging / site.domain if (staging / site.domain).is_dir() else output / site.domain
        roots[zonefile.site_url(url_format, site.domain) + "/"] = built if built.is_dir() else None
    problems, checked = [], 0
    for site in sites:
        web_root = staging / site.domain
        for page in ("index.html", hosting.NOT_FOUND.lstrip("/")):
            if not (web_root / page).is_file():
                problems.append(Problem(f"{site.domain}/{page}", 0, say("this page is missing from the build")))
        for page in sorted(web_root.rglob("*.html")):
            shown = f"{site.domain}/{page.relative_to(web_root).as_posix()}"
            for href, srcset in LINKS.findall(page.read_bytes()):
                urls = [href] if href else [part.split()[0] for part in srcset.split(b",") if part.strip()]
                for url in (u.decode() for u in urls):
                    checked += 1
                    if url.startswith("/") or "localhost" in url:
                        problems.append(Problem(shown, 0, say("links to %(url)s, a preview address", url=url)))
                        continue
                    base_url = next((prefix for prefix in roots if url.startswith(prefix)), None)
                    if base_url and roots[base_url] is not None:
                        rest = url[len(base_url):].split("#")[0].split("?")[0]
                        if not hosting.target_file(roots[base_url], "/" + rest).is_file():
                            problems.append(Problem(shown, 0, say("links to %(url)s, which is not a file of the "
                                                                  "build", url=url)))
    return sorted(set(problems)), checked


def fitness_problems(output: Path, sites: list[zonefile.Site], root: Path, base: dict,
                     stamps: dict[str, dict] | None = None) -> list[Problem]:
    """Return why the production web roots of these sites must not go live (nothing: they may).

    A web root goes live only if it is a production build (not a preview), no file of it changed
    since it was built, its checks passed, it was built from the sources as they are now, for
    today, and its host configuration is beside it."""
    problems = []
    sources, today = sources_fingerprint(root), day_of_build(base)
    for site in sites:
        web_root, where = output / site.domain, str(output / site.domain)

        def refuse(message):
            problems.append(Problem(where, 0, message))  # noqa: B023 (used at once)

        if not web_root.is_dir():
            refuse(say("there is no production build of %(domain)s; run make publish", domain=site.domain))
            continue
        stamp = (stamps or {}).get(site.domain) or read(web_root)
        if stamp is None:
            refuse(say("this folder has no build stamp, so it was not made by make publish; run make publish"))
            continue
        if stamp.get("mode") != PUBLISH:
            refuse(say("this is a preview build (its links stay on this machine); run make publish"))
            continue
        tree, _ = tree_hash(web_root)
        if tree != stamp.get("tree"):
            refuse(say("files of this folder changed after it was built (a mixed tree, e.g. a preview build "
                       "wrote into it); run make publish again"))
        if (stamp.get("checks") or {}).get("passed") is not True:
            refuse(say("the checks of this build did not pass; run make publish and correct what it reports"))
        if stamp.get("sources") != sources:
            refuse(say("the sources changed since this build; run make publish again"))
        if stamp.get("day") != today:
            refuse(say("this build is for %(day)s and today is %(today)s (the agenda moves with the date); run "
                       "make publish again", day=stamp.get("day"), today=today))
        if not (output / "hosts" / site.domain).is_dir():
            refuse(say("its host configuration (%(folder)s) is missing; run make publish again",
                       folder=f"hosts/{site.domain}"))
    return problems
