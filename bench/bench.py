"""Benchmark: our build of every site against plain Pelican and Hugo on the same synthetic corpus.

    python bench/bench.py [--pages 1000 5000] [--zones 5] [--repeat 3] [--json bench/results.json]

For each size it generates a corpus shaped like ours (two languages; regional pages shown on every
zone; zone pages; events; atelier reports; one small gallery) and measures, in the same run, with
`--repeat` runs and their median:
  (a) our cold build of all sites (no cache, no previous output),
  (b) our rebuild after editing one zone page (that zone's two sites, as `make serve` does),
  (c) plain Pelican (no plugins, default theme, one process) building the same Markdown files,
  (d) Hugo building the same files, when `hugo` is installed.
Pages/s count source files per second. Peak memory is the largest sum over the process tree of each
process's PSS (its own memory plus its share of what it shares with others, such as the pages a forked
worker shares with its parent), sampled every 20 ms.

On the project's own content (a copy) it measures, median of `--repeat` runs: our cold build with
empty caches, our cold build with the photo cache kept, our cold build with all of .cache kept (the
photos, the compiled templates and what reading each file gave: what the pipelines keep between
runs), a build with nothing changed, and plain Pelican on the same Markdown files (`real_content`).

It measures the preview (bench/latency.py): from saving a page's text, or a photo, to the browser
showing it, with `make serve` on a copy of the project (`preview_latency`).

Then it builds the project's own sites and runs Lighthouse (bench/node_modules, with Debian's
Chromium as CHROME_PATH; mobile, simulated slow 4G) on typical pages, served gzip-compressed as a
static host would, and reports each performance score (target: at least 0.98).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("bassin zorgzone réseau netwerk santé gezondheid social welzijn quartier wijk helpdesk atelier "
         "coordination coördinatie prévention preventie professionnels professionals accompagnement "
         "begeleiding semaine week groupe groep travail werk Bruxelles Brussel").split()


def text(rng: random.Random, paragraphs: int) -> str:
    return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 90))).capitalize() + "."
                       for _ in range(paragraphs))


def zones_file(count: int) -> str:
    """The real zones.yaml for 5 zones; for more, synthetic zones with their own domains."""
    real = yaml.safe_load((ROOT / "zones.yaml").read_text("utf-8"))
    template = real["zones"][-1]
    if count > len(real["zones"]):
        # Each synthetic zone holds only a part of the template's communes (a note says so): no
        # commune is given entirely to two zones, which zones.yaml refuses.
        communes = [{**commune, "note": {"fr": "zone d'essai", "nl": "testzone"}} for commune in template["communes"]]
        real["zones"] = [{**template, "id": f"zone-{n:02d}", "name": {"fr": f"Bassin {n}", "nl": f"Zorgzone {n}"},
                          "domain": {"fr": f"bassin-{n:02d}.example", "nl": f"zorgzone-{n:02d}.example"},
                          "communes": communes}
                         for n in range(1, count + 1)]
    else:
        real["zones"] = real["zones"][:count]
    return yaml.safe_dump(real, allow_unicode=True, sort_keys=False)


def write(path: Path, front: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n",
                    "utf-8")


def corpus(where: Path, pages: int, zone_count: int) -> tuple[Path, list[Path]]:
    """Write a project with about `pages` Markdown files; return it and a zone page to edit."""
    rng = random.Random(pages * 1000 + zone_count)
    where.mkdir(parents=True)
    for name in ("themes", "plugins", "zonelib", "zonesites", "data"):
        (where / name).symlink_to(ROOT / name)
    for name in ("pelicanconf.py", "publishconf.py", "glossary.yaml"):  # the acronyms, which every build reads
        shutil.copy2(ROOT / name, where / name)
    (where / "zones.yaml").write_text(zones_file(zone_count), "utf-8")
    zone_ids = [z["id"] for z in yaml.safe_load((where / "zones.yaml").read_text("utf-8"))["zones"]]
    content = where / "content"
    shutil.copytree(ROOT / "content/region/pages", content / "region/pages")  # the templates' pages
    scopes = ["region", *zone_ids]
    written, n = [], 0
    while len(written) < pages:
        scope, n = scopes[n % len(scopes)], n + 1
        kind = ("pages", "agenda", "ateliers")[(n // len(scopes)) % 3]
        for lang in ("fr", "nl"):
            path = content / scope / kind / f"b{n:05d}.{lang}.md"
            front = {"title": f"{kind} {n} {lang}", "summary": f"Résumé {n}"}
            if kind == "agenda":
                front.update(category="other", start=f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}")
            if kind == "ateliers":
                front["cycle"] = f"2024-{1 + n % 12:02d}"
            write(path, front, text(rng, rng.randrange(3, 8)))
            written.append(path)
    for zone in zone_ids[:1]:  # one gallery, three photos
        folder = content / zone / "galleries/bench"
        folder.mkdir(parents=True)
        photos = []
        for index in range(3):
            Image.effect_noise((1600, 1067), 30).convert("RGB").save(folder / f"p{index}.jpg", quality=85)
            photos.append({"file": f"p{index}.jpg", "title": {"fr": "P", "nl": "P"}, "alt": {"fr": "P", "nl": "P"},
                           "credit": "bench", "votes": index + 1})
        (folder / "gallery.yaml").write_text(yaml.safe_dump({"title": {"fr": "G", "nl": "G"}, "voting": "closed",
                                                             "photos": photos}), "utf-8")
    edited = next(p for p in written if p.parts[-3] == zone_ids[0] and p.parts[-2] == "pages")
    return where, edited


def plain_copy(project: Path, where: Path) -> Path:
    """The same Markdown files for plain Pelican (its own metadata format) and Hugo (YAML kept)."""
    for path in (project / "content").rglob("*.md"):
        data = yaml.safe_load(path.read_text("utf-8").split("---", 2)[1])
        body = path.read_text("utf-8").split("---", 2)[2]
        flat = path.relative_to(project / "content").as_posix().replace("/", "-").removesuffix(".md")
        meta = {"title": data["title"], "slug": flat, "lang": "en"}
        pelican_file = where / "pelican/content" / f"{flat}.md"
        pelican_file.parent.mkdir(parents=True, exist_ok=True)
        pelican_file.write_text("".join(f"{k.title()}: {v}\n" for k, v in meta.items()) + "\n" + body, "utf-8")
        hugo_file = where / "hugo/content" / f"{flat}.md"
        hugo_file.parent.mkdir(parents=True, exist_ok=True)
        hugo_file.write_text("---\n" + yaml.safe_dump({"title": data["title"]}) + "---\n" + body, "utf-8")
    (where / "pelican/pelicanconf.py").write_text(
        "PATH='content'\nPLUGINS=[]\nARTICLE_PATHS=[]\nPAGE_PATHS=['']\nCACHE_CONTENT=False\n"
        "LOAD_CONTENT_CACHE=False\nFEED_ALL_ATOM=None\nCATEGORY_FEED_ATOM=None\nTIMEZONE='Europe/Brussels'\n"
        "DISPLAY_PAGES_ON_MENU=False\n"  # else the default theme lists every page on every page
        "DEFAULT_DATE='fs'\n", "utf-8")
    (where / "hugo/hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "bench"\n'
                                          'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', "utf-8")
    layouts = where / "hugo/layouts/_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("<!doctype html><title>{{ .Title }}</title><h1>{{ .Title }}</h1>"
                                         "{{ .Content }}", "utf-8")
    (layouts / "list.html").write_text("<!doctype html><title>{{ .Title }}</title>"
                                       "{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}",
                                       "utf-8")
    return where


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    """Run a command; return its seconds and the peak PSS of its whole process tree."""
    peak, start = 0, time.perf_counter()
    process = psutil.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_full_info().pss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors.decode()[-2000:]}")
    return seconds, peak


def median_of(runs: int, command: list[str], cwd: Path, before=lambda: None) -> dict:
    results = []
    for _ in range(runs):
        before()
        results.append(measure(command, cwd))
    return {"seconds": statistics.median(r[0] for r in results), "peak_mb": max(r[1] for r in results) / 2**20}


def bench(pages: int, zone_count: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="zonesites-bench-") as scratch:
        project, edited = corpus(Path(scratch) / "project", pages, zone_count)
        others = plain_copy(project, Path(scratch))
        files = len(list((project / "content").rglob("*.md")))
        out = Path(scratch) / "out"
        ours = [sys.executable, "-m", "zonesites", "build", "--output", str(out)]

        def forget() -> None:  # cold: no kept reads, templates, images, nor previous output to reuse
            for folder in (project / ".cache", out):
                shutil.rmtree(folder, ignore_errors=True)

        cold = median_of(repeat, ours, project, forget)

        def edit() -> None:
            edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")

        zone = edited.parts[-3]
        rebuild = median_of(repeat, [*ours, "--zone", zone], project, edit)
        pelican = median_of(repeat, [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                                     "-o", str(Path(scratch) / "pelican-out"), "-q"], others / "pelican")
        hugo = (median_of(repeat, ["hugo", "--quiet", "-d", str(Path(scratch) / "hugo-out")], others / "hugo")
                if shutil.which("hugo") else None)
    result = {"pages": files, "zones": zone_count, "sites": zone_count * 2, "ours_cold": cold,
              "ours_rebuild_one_page": rebuild, "plain_pelican": pelican, "hugo": hugo}
    for name in ("ours_cold", "ours_rebuild_one_page", "plain_pelican", "hugo"):
        if result[name]:
            result[name]["pages_per_s"] = files / result[name]["seconds"]
    result["ratios"] = {"a/c (target <= 0.5)": cold["seconds"] / pelican["seconds"]}
    if hugo:
        result["ratios"].update({"a/d (target <= 2)": cold["seconds"] / hugo["seconds"],
                                 "b/d (target <= 1)": rebuild["seconds"] / hugo["seconds"],
                                 "memory a/d (target <= 1)": cold["peak_mb"] / hugo["peak_mb"]})
    return result


LIGHTHOUSE = ROOT / "bench/node_modules/.bin/lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Typical pages of one zone's sites: (site, page under it); the gallery is the heaviest.
TYPICAL = [("bassin-nord-est.brussels", ""), ("bassin-nord-est.brussels", "agenda/"),
           ("bassin-nord-est.brussels", "agenda/inter-zogab-2024-03-14/"),
           ("bassin-nord-est.brussels", "photos/exemple/"), ("zorgzone-noord-oost.brussels", "")]


class Compressing(http.server.SimpleHTTPRequestHandler):
    """Serve files, gzip-compressing text as static hosts do."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        if path.suffix not in {".html", ".css", ".js", ".svg"} or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def lighthouse() -> list[dict] | None:
    """Return Lighthouse's performance score and main metrics for each typical page of our sites."""
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        return None
    with tempfile.TemporaryDirectory(prefix="zonesites-lighthouse-") as scratch:
        subprocess.run([sys.executable, "-m", "zonesites", "build", "--output", scratch], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Compressing, directory=scratch))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        results = []
        try:
            for site, page in TYPICAL:
                url = f"http://127.0.0.1:{server.server_port}/{site}/{page}"
                run = subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--only-categories=performance",
                                      "--output=json", "--output-path=stdout",
                                      "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                                     env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True,
                                     check=True, timeout=180)
                report = json.loads(run.stdout)
                audits = report["audits"]
                results.append({"page": f"{site}/{page}", "score": report["categories"]["performance"]["score"],
                                **{name: round(audits[name]["numericValue"]) for name in (
                                    "first-contentful-paint", "largest-contentful-paint", "total-blocking-time")},
                                "cumulative-layout-shift": audits["cumulative-layout-shift"]["numericValue"]})
        finally:
            server.shutdown()
    return results


def show(result: dict) -> None:
    print(f"\n{result['pages']} pages, {result['zones']} zones, {result['sites']} sites")
    for name in ("ours_cold", "ours_rebuild_one_page", "plain_pelican", "hugo"):
        run = result[name]
        if run:
            print(f"  {name:<24} {run['seconds']:7.2f} s  {run['pages_per_s']:8.0f} pages/s  {run['peak_mb']:6.0f} MB")
        else:
            print(f"  {name:<24} not installed")
    for name, value in result["ratios"].items():
        print(f"  {name:<28} {value:5.2f}")


CI_CACHES = ("images", "jinja", "reads", "zonemap", "interface.json")  # what both pipelines keep (.github/, .gitlab-ci.yml)


def real_content(repeat: int) -> dict:
    """Time our build of the project's own content against plain Pelican on the same files."""
    from latency import project  # noqa: PLC0415 (bench/ is the script's folder)

    with tempfile.TemporaryDirectory(prefix="zonesites-real-") as scratch:
        copy = project(Path(scratch) / "project")
        others = plain_copy(copy, Path(scratch))
        out, cache = Path(scratch) / "out", copy / ".cache"
        ours = [sys.executable, "-m", "zonesites", "build", "--output", str(out)]

        def forget(*keep: str) -> None:
            shutil.rmtree(out, ignore_errors=True)
            for kept in cache.iterdir() if cache.is_dir() else []:
                if kept.name not in keep:
                    (shutil.rmtree if kept.is_dir() else Path.unlink)(kept)

        result = {"files": len(list((copy / "content").rglob("*.md"))),
                  "ours_cold_empty_caches": median_of(repeat, ours, copy, forget),
                  "ours_cold_photo_cache_kept": median_of(repeat, ours, copy, lambda: forget("images")),
                  "ours_cold_ci_caches_kept": median_of(repeat, ours, copy, lambda: forget(*CI_CACHES)),
                  "ours_no_change": median_of(repeat, ours, copy),
                  "plain_pelican": median_of(repeat, [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py",
                                                      "-o", str(Path(scratch) / "pelican-out"), "-q"], others / "pelican")}
    plain = result["plain_pelican"]["seconds"]
    print(f"\nThe project's own content ({result['files']} Markdown files):")
    for name, target in (("ours_cold_empty_caches", "<= 2 x plain Pelican"),
                         ("ours_cold_photo_cache_kept", "<= 1 x plain Pelican"),
                         ("ours_cold_ci_caches_kept", "<= 1 x plain Pelican"), ("ours_no_change", "<= 0.5 s"),
                         ("plain_pelican", "")):
        run = result[name]
        print(f"  {name:<28} {run['seconds']:6.2f} s  {run['seconds'] / plain:5.2f} x plain  {run['peak_mb']:5.0f} MB"
              f"  {target}")
    return result


def latency_of(repeat: int) -> dict:
    """Measure the preview's save-to-visible latency (bench/latency.py) and show it."""
    from latency import preview_latency  # noqa: PLC0415 (bench/ is the script's folder)

    found = preview_latency(repeat)
    print(f"\nPreview, save to visible ({found['how']}; target: text <= 0.3 s median, <= 1 s worst; photo <= 1 s):")
    for kind in ("text", "photo"):
        if kind in found:
            print(f"  {kind:<6} median {found[kind]['median_s']:.2f} s  worst {found[kind]['worst_s']:.2f} s")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, nargs="*", default=[1000, 5000], help="none: Lighthouse only")
    parser.add_argument("--zones", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=ROOT / "bench/results.json")
    parser.add_argument("--no-real", dest="real", action="store_false", help="leave out the project's own content")
    parser.add_argument("--latency-repeat", type=int, default=7, help="saves per kind of change (0: none)")
    args = parser.parse_args()
    results = []
    for pages in args.pages:
        results.append(bench(pages, args.zones, args.repeat))
        show(results[-1])
    real = real_content(args.repeat) if args.real else None
    latency = latency_of(args.latency_repeat) if args.latency_repeat else None
    scores = lighthouse()
    if scores is None:
        print("\nLighthouse: not installed (make bench installs it in bench/node_modules)")
    else:
        print("\nLighthouse performance (mobile, simulated slow 4G; target >= 0.98):")
        for page in scores:
            print(f"  {page['score']:.2f}  LCP {page['largest-contentful-paint']:5d} ms  "
                  f"TBT {page['total-blocking-time']:4d} ms  CLS {page['cumulative-layout-shift']:.3f}  {page['page']}")
    args.json.write_text(json.dumps({"builds": results, "real_content": real, "preview_latency": latency, "lighthouse": scores}, indent=1)
                         + "\n", "utf-8")
    print(f"\nWritten to {args.json}")


if __name__ == "__main__":
    main()
