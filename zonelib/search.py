"""Index a site's pages with Pagefind: what the search plugin does once a site's pages are written,
and what the build tool does after the preview has shown a rebuilt site (plugins/search, SEARCH_LATER).

`index(site, bundle, unused, timeout)` runs Pagefind's own program (PyPI `pagefind[bin]`, offline)
on every page of the web root `site`, into a new folder beside the bundle; removes the files of the
bundle no page loads (`unused`); then puts the new bundle in the place of the old one, by renames,
so that a page being searched meanwhile reads one whole index or the other.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

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
