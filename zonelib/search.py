"""Index a site's pages with Pagefind: what the search plugin does once a site's pages are written,
and what the build tool does after the preview has shown a rebuilt site (plugins/search, SEARCH_LATER).

`index(site, bundle, unused, timeout)` runs Pagefind's own program (PyPI `pagefind[bin]`, offline)
on every page of the web root `site`, into a new folder beside the bundle; removes the files of the
bundle no page loads (`unused`); then puts the new bundle in the place of the old one, by two
renames. (In the preview, a search page opened before that and searched after it may have to be
loaded again: the old index's files are gone.) `index_later` does the same for the build tool, and
adds the new files to the site's manifest (zonelib.manifest) as the plugin would have recorded them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .content import files_under
from .manifest import append, key
from .messages import say
from .problems import Problem

NEXT = ".{bundle}.next"  # the bundle being written, beside the one pages load
OLD = ".{bundle}.old"  # the bundle it replaces, removed once replaced


def pagefind_command(site: Path, bundle: str) -> list[str]:
    """Return the command that indexes a site into its folder `bundle`: Pagefind's own program, found
    as its package finds it (`python -m pagefind` does the same after starting Python: a twentieth of
    a second more)."""
    from pagefind.service import get_executable  # noqa: PLC0415 (only when a site is indexed)

    program = get_executable()
    if program is None:
        raise FileNotFoundError("pagefind")
    return [str(program), "--site", str(site), "--output-subdir", bundle, "--silent"]


def index(site: Path, bundle: str, unused: list[str], timeout: float) -> list[Problem]:
    """Index the pages of the web root `site` into its folder `bundle`; return the problems (none
    when the new index is in place; else the previous one, if any, stays)."""
    site = Path(site)
    fresh, old = site / NEXT.format(bundle=bundle), site / OLD.format(bundle=bundle)
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        result = subprocess.run(pagefind_command(site, fresh.name), capture_output=True, text=True, timeout=timeout)
        error = (result.stderr or result.stdout).strip() if result.returncode else ""
    except (OSError, subprocess.TimeoutExpired) as failure:
        error = str(failure)
    if error or not (fresh / "pagefind-ui.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        return [Problem("(search)", 0, say(
            "Pagefind could not index the site (%(error)s); check that the build's packages are installed "
            "(make html installs them)", error=error or say("it wrote no search bundle")))]
    for name in unused:
        (fresh / name).unlink(missing_ok=True)
    target = site / bundle
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return []


def index_later(site: Path, manifest: Path, bundle: str, unused: list[str], timeout: float, fingerprint: str | None,
                pages: str) -> list[Problem]:
    """index(), for a site already in place; then add each file of the new bundle to the site's
    manifest, keyed by the site's `fingerprint` (None: nothing is recorded) and the `pages` it was
    made from, so that the next build links the bundle while the pages stay the same."""
    problems = index(site, bundle, unused, timeout)
    if not problems and fingerprint is not None and Path(manifest).is_file():
        names = [f"{bundle}/{file}" for file in files_under(Path(site, bundle))]
        append(manifest, {name: key(fingerprint, name, pages) for name in names})
    return problems
