"""Build every site (zone x language) in parallel; replace the output only when all of them built
(the preview's search index may then follow: see build)."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import multiprocessing
import os
import pickle
import queue
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from zonelib import settings as names
from zonelib import hosting, zonefile
from zonelib.messages import say
from zonelib.problems import COUNT, LATER, MISSING_TRANSLATION, NOT_CONFIRMED, PROBLEM, WARNING, Problem, ProblemsError
from zonelib.signals import read_store

from . import guide, hosts, reads, stamp, translations
from .layout import layout_problems, unnamed_files

STAGING = ".staging"
UNUSED = 3600  # seconds after which a kept folder of another code version may go
DATA = "data"  # next to the settings file: data files the plugins read (boundaries, population)
CACHE = ".cache"  # next to the settings file: what builds keep for the next ones
MANIFESTS = ".pages"  # output/.pages/<domain>.keys: the keys of the pages in output/<domain>/
BUILT = "{domain}.built"  # output/.pages/: what built output/<domain>/ (key) and what that build found
# Pelican's messages that follow from a file already refused with its line, naming that file.
CONSEQUENCE = re.compile(r"^(?:Could not process |Unable to find '/?)([^',]+)")


@dataclass
class SiteResult:
    """What one site's build produced and found."""

    domain: str
    lang: str
    pages: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    missing: list = field(default_factory=list)
    unconfirmed: list = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    placed: list[tuple[str, str]] = field(default_factory=list)  # (source as staff see it, file in the site)
    current: bool = False  # left as it was: the previous build made it from the same inputs
    later: list[tuple] = field(default_factory=list)  # (task, arguments) to do once it is shown (problems.later)


@dataclass
class Report:
    """What a whole build produced: the sites, the translations still missing, what to finish
    (warnings), the state of the translations, where the sites are, and the facts not confirmed."""

    sites: list[SiteResult]
    missing: list
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    translations: translations.Report | None = None
    output: Path | None = None
    unconfirmed: list = field(default_factory=list)

    def folder(self, domain: str) -> Path:
        """Return the folder of a site's files."""
        return self.output / domain

    @property
    def pages(self) -> int:
        return sum(site.pages for site in self.sites)

    def count(self, name: str) -> int:
        """Return the total of a counted kind of work (like "images encoded") over the sites."""
        return sum(site.counts.get(name, 0) for site in self.sites)


class _Collector(logging.Handler):
    """Keep every problem, warning and missing translation logged during one site's build."""

    def __init__(self, result: SiteResult):
        super().__init__(logging.INFO)
        self.result = result

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, PROBLEM):
            self.result.problems.append(getattr(record, PROBLEM))
        elif hasattr(record, WARNING):
            self.result.warnings.append(getattr(record, WARNING))
        elif hasattr(record, MISSING_TRANSLATION):
            self.result.missing.append(getattr(record, MISSING_TRANSLATION))
        elif hasattr(record, NOT_CONFIRMED):
            self.result.unconfirmed.append(getattr(record, NOT_CONFIRMED))
        elif hasattr(record, LATER):
            self.result.later.append(getattr(record, LATER))
        elif hasattr(record, COUNT):
            name, amount = getattr(record, COUNT)
            self.result.counts[name] = self.result.counts.get(name, 0) + amount
        elif record.levelno >= logging.WARNING:
            message = record.getMessage()
            if (match := CONSEQUENCE.match(message)) and any(
                    p.path.endswith(match[1]) for p in self.result.problems):
                return  # the refused file is already listed, with its line
            self.result.problems.append(Problem(f"({record.name})", 0, message))


def base_settings(conf: Path) -> dict:
    """Read a settings file the way Pelican does (paths made absolute)."""
    from pelican.settings import read_settings  # noqa: PLC0415 (keeps `--help` fast)

    return read_settings(str(conf))


def site_settings(site: zonefile.Site, output: Path) -> dict:
    """Return the settings overrides that make one Pelican run build one site (the zones plugin
    derives the rest from zones.yaml)."""
    return {names.ZONES_ZONE: site.zone, "DEFAULT_LANG": site.lang, "OUTPUT_PATH": str(output / site.domain)}


def build_site(conf: str, overrides: dict) -> SiteResult:
    """Run Pelican for one site; return what it produced and every problem it logged."""
    from pelican import Pelican  # noqa: PLC0415
    from pelican import log as pelican_log  # noqa: PLC0415
    from pelican import signals  # noqa: PLC0415
    from pelican.settings import read_settings  # noqa: PLC0415

    result = SiteResult(Path(overrides["OUTPUT_PATH"]).name, overrides["DEFAULT_LANG"])
    # Pelican drops any message at or below this level that the process has logged before; a worker
    # builds several sites, and each must report all of its findings.
    pelican_log.init(handler=None, logs_dedup_min_level=logging.DEBUG)
    root_logger = logging.getLogger()
    root_logger.handlers[:] = [_Collector(result)]
    root_logger.setLevel(logging.INFO)
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(io.StringIO()), signals.all_generators_finalized.connected_to(
                placed_pages(result)):  # Pelican prints a summary per run
            Pelican(read_settings(conf, override=overrides)).run()
    except Exception as error:  # noqa: BLE001 (any crash is reported as a problem of this site)
        if not result.problems:
            result.problems.append(Problem(f"({result.domain})", 0, say("the build of this site stopped: %(error)s",
                                                                        error=str(error))))
    result.seconds = time.perf_counter() - start
    output = Path(overrides["OUTPUT_PATH"])
    result.pages = sum(1 for _ in output.rglob("*.html")) if output.exists() else 0
    return result


def placed_pages(result: SiteResult):
    """Return a receiver of Pelican's all_generators_finalized that notes which file each page of
    the site is written to, and from which source (the preview shows notices about a source there)."""

    def note(generators) -> None:
        for generator in generators:
            for page in [*getattr(generator, "pages", []), *getattr(generator, "hidden_pages", [])]:
                if page.save_as and getattr(page, "source", None):
                    result.placed.append((page.source, page.save_as))

    return note


def build_group(conf: str, group: list[dict], store: tuple, results) -> None:
    """Build sites one after the other in this process, sharing what reading each file gave (kept
    between builds; `store` is the arguments of reads.Reads); put each site's result on the queue as
    soon as it is built."""
    kept = reads.Reads(*store)
    with read_store.connected_to(kept.answer):
        for overrides in group:
            results.put(build_site(conf, overrides))
    kept.save()


def stopped(overrides: dict, why: str) -> SiteResult:
    """Return the result of a site whose build did not finish."""
    domain = Path(overrides["OUTPUT_PATH"]).name
    return SiteResult(domain, overrides["DEFAULT_LANG"], problems=[Problem(f"({domain})", 0, why)])


def lost(sites: list[dict], done: list[SiteResult], codes: str) -> list[SiteResult]:
    """Return a result for each of these sites (their settings) not `done`: their process ended."""
    built = {result.domain for result in done}
    return [stopped(o, say("the build of this site stopped unexpectedly: its process ended (exit code %(codes)s): see "
                           "the error above; if there is none, the computer may have run out of memory", codes=codes))
            for o in sites if Path(o["OUTPUT_PATH"]).name not in built]


def groups_of(sites: list[zonefile.Site], count: int) -> list[list[zonefile.Site]]:
    """Split the sites into `count` groups of nearly equal size, keeping each language's sites
    together (they read the same files: with two cores, one process per language)."""
    ordered = sorted(sites, key=lambda site: site.lang)
    size, extra = divmod(len(ordered), count)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (index < extra)
        groups.append(ordered[start:end])
        start = end
    return groups


def run_groups(conf: str, groups: list[list[dict]], store: tuple, progress=None) -> list[SiteResult]:
    """Build each group in its own process; return every site's result, reporting each as it comes."""
    results = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=build_group, args=(conf, group, store, results))
               for group in groups]
    for worker in workers:
        worker.start()
    done, expected = [], sum(len(group) for group in groups)
    while len(done) < expected:
        try:
            done.append(results.get(timeout=0.2))
        except queue.Empty:
            if any(worker.is_alive() for worker in workers) or not results.empty():
                continue
            codes = ", ".join(str(worker.exitcode) for worker in workers if worker.exitcode)
            done += lost([o for group in groups for o in group], done, codes)
            break
        if progress:
            progress(done[-1])
    for worker in workers:
        worker.join()
    return done


def template_cache(folder: Path, code: str) -> str:
    """Return a folder for compiled templates (each site's run would compile them again), named
    after the code and packages that compile them; folders of other code go once unused for an
    hour (another build of another checkout or version may be using one right now)."""
    name = hashlib.sha256(code.encode()).hexdigest()[:16]
    if folder.is_dir():
        for old in folder.iterdir():
            with contextlib.suppress(OSError):
                if old.name != name and time.time() - old.stat().st_mtime > UNUSED:
                    shutil.rmtree(old, ignore_errors=True)
    (folder / name).mkdir(parents=True, exist_ok=True)
    os.utime(folder / name)
    return str(folder / name)


def manifest(folder: Path, domain: str) -> Path:
    """Return where the list of a site's pages and their keys is kept (incremental plugin)."""
    return folder / MANIFESTS / f"{domain}.keys"


def incremental_settings(output: Path, staging: Path, domain: str, inputs: str) -> dict:
    """Return the settings that let a site's build reuse the pages of its previous output."""
    previous = output / domain
    return {names.INCREMENTAL_INPUTS: inputs,
            names.INCREMENTAL_PREVIOUS: str(previous) if previous.is_dir() else "",
            names.INCREMENTAL_MANIFESTS: (str(manifest(output, domain)), str(manifest(staging, domain)))}


def build_key(code: str, facts: dict, base: dict, domain: str) -> str:
    """Return what a site's build depends on, in one hash: the code and packages, every source
    file's bytes, the commit its stamp names, the mode, the day and the settings."""
    shown = json.dumps(base, sort_keys=True, default=lambda value: type(value).__name__)
    parts = [code, facts["sources"], str(facts["commit"]), str(facts["uncommitted"]), facts["mode"], facts["day"],
             shown, domain]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def up_to_date(output: Path, domain: str, key: str) -> SiteResult | None:
    """Return what the build that made output/<domain> found when it was built from the same
    inputs (`key`), with no work counted and no time taken; else None."""
    try:
        kept, result = pickle.loads((output / MANIFESTS / BUILT.format(domain=domain)).read_bytes())  # noqa: S301 (our own file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None
    return replace(result, current=True) if kept == key and (output / domain / stamp.STAMP).is_file() else None


def keep_result(output: Path, result: SiteResult, key: str) -> None:
    """Note, beside the site's manifest, the key it was built from and what its build found (its
    work and time left out: the same inputs give the same file)."""
    (output / MANIFESTS).mkdir(parents=True, exist_ok=True)
    found = replace(result, counts={}, seconds=0.0, later=[])
    (output / MANIFESTS / BUILT.format(domain=result.domain)).write_bytes(pickle.dumps((key, found)))


def _replace(staged: Path, target: Path, old: Path) -> None:
    """Put a staged folder in the place of target, by renames."""
    if target.exists():
        target.rename(old)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _swap(staging: Path, output: Path, domains: list[str]) -> None:
    """Replace output/<domain> by its freshly built twin, one rename per site, with its host
    configuration (output/hosts/<domain>) and its manifest (taken away first: a manifest never
    describes another output than its own)."""
    for domain in domains:
        manifest(output, domain).unlink(missing_ok=True)
        (output / MANIFESTS / BUILT.format(domain=domain)).unlink(missing_ok=True)
        _replace(staging / domain, output / domain, staging / f"{domain}.old")
        _replace(staging / hosts.HOSTS / domain, output / hosts.HOSTS / domain, staging / f"{domain}.hosts.old")
        if manifest(staging, domain).exists():
            manifest(output, domain).parent.mkdir(exist_ok=True)
            manifest(staging, domain).rename(manifest(output, domain))


def finish(staging: Path, output: Path, root: Path, base: dict, zones: zonefile.Zones,
           sites: list[zonefile.Site], redirects: list, mode: str, facts: dict, waiting: set[str]) -> None:
    """Complete the staged sites: check their redirects (and, for production, their links), write
    their host configuration and stamp each web root but those `waiting` for work to do once they are
    shown (stamped after it: see do_later); raise ProblemsError if a check failed."""
    shown = hosts.REDIRECTS_FILE
    problems = [p for site in sites for p in hosting.dead_redirects(
        [r for r in redirects if r.domain == site.domain], staging / site.domain, shown)]
    checks = None
    if mode == names.PUBLISH:
        found, links = stamp.link_problems(staging, output, sites, zones, base[names.ZONES_SITEURL])
        problems += found
        checks = {"passed": not problems, "links": links}
    if problems:
        raise ProblemsError(problems)
    hosts.write_hosts(staging, root, base, zones, sites, redirects)
    for site in sites:
        if site.domain not in waiting:
            stamp.write(staging / site.domain, site, facts, checks)


def do_later(output: Path, sites: list[zonefile.Site], results: list[SiteResult], facts: dict) -> list[Problem]:
    """Do the work the sites asked to be done once shown (zonelib.problems.later) in their web roots
    under output, a site per core at once, then stamp each site whose work went well; return the
    problems."""
    later = {result.domain: result.later for result in results if result.later}
    waiting = [site for site in sites if site.domain in later]

    def work(site: zonefile.Site) -> list[Problem]:
        try:
            return [problem for task, arguments in later[site.domain]
                    for problem in task(output / site.domain, manifest(output, site.domain), **arguments)]
        except Exception as error:  # noqa: BLE001 (reported as a problem of this site, like a crashed build)
            return [Problem(f"({site.domain})", 0, say("the build of this site stopped: %(error)s", error=str(error)))]

    if not waiting:
        return []
    with ThreadPoolExecutor(min(len(waiting), os.cpu_count() or 1)) as pool:
        found = list(pool.map(work, waiting))
    for site, problems in zip(waiting, found, strict=True):
        if not problems:
            stamp.write(output / site.domain, site, facts, None)
    return [problem for problems in found for problem in problems]


def write_portal(zones: zonefile.Zones, base: dict, output: Path) -> None:
    """Write output/index.html, the page that links the ten preview sites and the staff's guides."""
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape())
    sites = [{**site.__dict__, "name": zones.zone(site.zone)["name"][site.lang],
              "url": zonefile.site_url(base[names.ZONES_SITEURL], site.domain) + "/"}
             for site in zones.sites() if (output / site.domain / "index.html").exists()]
    guides = guide.write_guides(Path(base["PATH"]).parent, output)
    html = env.get_template("portal.html").render(sites=sites, languages=zones.data["languages"], guides=guides)
    (output / "index.html").write_text(html, encoding="utf-8")


def build_sites(conf: Path, root: Path, base: dict, code: str, sites: list[zonefile.Site], output: Path, staging: Path,
                jobs: int | None, progress, workers, later: bool) -> list[SiteResult]:
    """Build these sites into staging, each from its previous output where pages are unchanged (in
    processes of their own, or by `workers`: zonesites.workers.Workers); `later`: what may wait
    until the sites are shown does (SEARCH_LATER)."""
    content, ignored = Path(base["PATH"]), base["IGNORE_FILES"]
    inputs = f"{code} {reads.fingerprint(Path(base['THEME']))} {reads.stamp(content, ignored)}"
    templates = template_cache(root / CACHE / "jinja", code)
    count = min(len(sites), max(1, jobs or os.cpu_count() or 1))
    photos = max(1, (os.cpu_count() or 1) // count)  # the cores the sites' processes leave free
    groups = [[{**site_settings(site, staging), names.INCREMENTAL_TEMPLATES: templates,
                names.GALLERIES_PROCESSES: photos, names.SEARCH_LATER: later,
                **incremental_settings(output, staging, site.domain, inputs)}
               for site in group] for group in groups_of(sites, count)]
    run = workers.run if workers else run_groups
    return run(str(conf), groups, (content, ignored, root / CACHE / "reads", code), progress)


def build(conf: Path, output: Path | None = None, zone: str | None = None, lang: str | None = None,
          progress=None, jobs: int | None = None, workers=None, shown=None) -> Report:
    """Build the sites of zones.yaml (or one zone / language) with `jobs` processes (default: one per
    core; `workers`: processes kept between builds); raise ProblemsError if any failed. A preview
    that shows the sites as soon as they are in place passes `shown`: it is called with the report
    then, before the work that can wait (indexing the search: SEARCH_LATER) is done; that work's
    problems are raised after it, the sites already in place (a site whose work failed is left
    unstamped, so that the next build builds it again)."""
    start = time.perf_counter()
    root = Path(conf).resolve().parent
    base = base_settings(conf)
    output = Path(output) if output else root / base["OUTPUT_PATH"]
    zones = zonefile.load(root / base[names.ZONES_FILE], root)
    sites = zones.sites(zone, lang)
    content, ignored = Path(base["PATH"]), base["IGNORE_FILES"]
    mode = names.mode_of(base)
    problems = layout_problems(content, root, zones.ids, base[names.ZONES_CONTENT], ignored)
    problems += stamp.mode_problems(output, sites, mode)
    unnamed = unnamed_files(content, root, ignored)  # to finish: a warning in a preview, a problem in production
    if not names.previewing(base):
        problems += unnamed
    try:
        redirects = hosts.load_redirects(root, zones)
    except ProblemsError as error:
        problems += error.problems
    if problems:
        raise ProblemsError(problems)

    # The code, the data files plugins read (data/: boundaries, population) and those beside
    # the settings (zones.yaml, glossary.yaml…).
    library = Path(zonefile.__file__).parent
    data_files = sorted({root / base[names.ZONES_FILE], *(root / name for name in stamp.DATA_FILES)})
    code = reads.fingerprint(*map(Path, base["PLUGIN_PATHS"]), Path(__file__).parent, library, *root.glob("*.py"),
                             root / DATA, *data_files) + reads.installed()
    before, facts = stamp.sources_state(root), stamp.build_facts(root, base)
    keys = {site.domain: build_key(code, facts, base, site.domain) for site in sites}
    # A site built from these very inputs is left as it is (a build with nothing changed ends at once);
    # in production, only if all are: the links between the sites are checked on the sites built.
    results = [result for site in sites if (result := up_to_date(output, site.domain, keys[site.domain]))]
    if mode == names.PUBLISH and len(results) < len(sites):
        results = []
    todo = [site for site in sites if site.domain not in {result.domain for result in results}]
    staging = output / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    later = shown is not None and names.previewing(base)
    try:
        if todo:
            results += build_sites(conf, root, base, code, todo, output, staging, jobs, progress, workers, later)
        order = [site.domain for site in sites]
        results.sort(key=lambda result: order.index(result.domain))
        problems = [problem for result in results for problem in result.problems]
        if problems:
            raise ProblemsError(problems)
        if todo:
            finish(staging, output, root, base, zones, todo, redirects, mode, facts,
                   {result.domain for result in results if result.later})
            _swap(staging, output, [site.domain for site in todo])
        write_portal(zones, base, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    missing = sorted({item for result in results for item in result.missing})
    warnings = sorted({*unnamed, *(item for result in results for item in result.warnings)})
    state = translations.report(root, content, zones.languages, base, root / CACHE)
    unconfirmed = sorted({item for result in results for item in result.unconfirmed})
    report = Report(results, missing, time.perf_counter() - start, warnings, state, output, unconfirmed)
    if shown:
        shown(report)
    problems = do_later(output, todo, results, facts)
    if todo and stamp.sources_state(root) == before:  # else a file written during the build may be in it
        for result in results:
            if not result.current:
                keep_result(output, result, keys[result.domain])
    if problems:
        raise ProblemsError(problems)
    return report
