"""Deploy: targets checked with their lines; uploads to real servers started here on 127.0.0.1 (sshd,
rclone serve webdav) and fetched back byte for byte; nothing sent twice; an interrupted upload and
a rollback leave a whole release live; only a checked production tree of today's sources goes; old
addresses redirect; the CI pipelines match their schemas. `pytest -k deploy` runs them all."""

from __future__ import annotations

import functools
import getpass
import http.client
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, Running, build_into, free_port, wait_for_port
from zonelib import hosting, zonefile
from zonelib.problems import ProblemsError
from zonesites import deploy, production, stamp
from zonesites.build import base_settings

RCLONE = shutil.which("rclone")
SSHD = "/usr/sbin/sshd"


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_targets(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deploy.yaml").write_text(text, "utf-8")
    return folder / "deploy.yaml"


def run_deploy(root: Path, output: Path, targets: Path, sites=None, dry=False):
    base = base_settings(root / "publishconf.py")
    zones = zonefile.load(root / "zones.yaml", root)
    return deploy.deploy(root, output, base, zones, sites or zones.sites(), dry=dry, targets_file=targets)


def test_deploy_targets_are_checked_with_their_lines(tmp_path, zones):
    domains = [site.domain for site in zones.sites()]
    file = write_targets(tmp_path, "default:\n  type: ftp\n  server: nginx\n  path: /srv/{domain}\n"
                                   "sites:\n  bassin-sud.brussel:\n    type: sftp\n"
                                   "  zorgzone-zuid.brussels:\n    type: sftp\n    server: nginx\n"
                                   "    path: /srv/zuid\n    key: \"-----BEGIN OPENSSH PRIVATE KEY-----\"\n")
    with pytest.raises(ProblemsError) as error:
        deploy.load_targets(file, tmp_path, domains)
    problems = [str(p) for p in error.value.problems]
    assert "deploy.yaml:2: 'type' is 'ftp' (did you mean 'sftp'?); it must be one of: local, sftp, webdav, s3" in problems
    assert any(p.startswith("deploy.yaml:6: 'bassin-sud.brussel' is not a domain of zones.yaml (did you mean "
                            "'bassin-sud.brussels'?)") for p in problems)
    assert any(p.startswith("deploy.yaml:9: 'host' is missing") for p in problems)
    assert any(p.startswith("deploy.yaml:12: 'key' is '-----BEGIN") and "name of an environment variable" in p
               for p in problems)
    good = write_targets(tmp_path / "good", "default:\n  type: local\n  server: plain\n  path: live/{domain}\n"
                                            "sites:\n  zorgzone-zuid.brussels:\n    server: netlify\n")
    targets = deploy.load_targets(good, tmp_path, domains)
    assert targets["bassin-sud.brussels"].path == str(tmp_path / "live/bassin-sud.brussels")
    assert targets["zorgzone-zuid.brussels"].server == "netlify" and targets["zorgzone-zuid.brussels"].atomic


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    """A real OpenSSH server on 127.0.0.1, letting this user in with a key made for the test."""
    if not Path(SSHD).exists() or not RCLONE:
        pytest.fail("sshd and rclone are missing: `make test` installs Debian's openssh-server and rclone")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True,
                       timeout=30)
    shutil.copy(folder / "client.pub", folder / "authorized_keys")
    port = free_port()
    (folder / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {folder / 'host'}\nAuthorizedKeysFile {folder}/authorized_keys\n"
        f"PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\nPermitRootLogin "
        f"prohibit-password\nPidFile {folder / 'sshd.pid'}\nSubsystem sftp internal-sftp\n", "utf-8")
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(exist_ok=True)
    server = Running([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")])
    try:
        wait_for_port(port)
        host_key = (folder / "host.pub").read_text("utf-8").split()[:2]
        env = {"TEST_SSH_KEY": (folder / "client").read_text("utf-8"),
               "TEST_SSH_KNOWN": f"[127.0.0.1]:{port} {' '.join(host_key)}"}
        yield port, env
    finally:
        server.stop()


def sftp_targets(folder: Path, port: int, remote: Path, keep: int = 3) -> Path:
    return write_targets(folder, f"default:\n  type: sftp\n  server: nginx\n  host: 127.0.0.1\n  port: {port}\n"
                                 f"  user: {getpass.getuser()}\n  key: TEST_SSH_KEY\n  known_hosts: TEST_SSH_KNOWN\n"
                                 f"  path: {remote}/{{domain}}\n  keep: {keep}\nsites: {{}}\n")


@pytest.fixture
def http_server():
    """Start plain HTTP servers over folders; stop them after the test."""
    servers = []

    def serve(folder: Path) -> int:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server.server_address[1]

    yield serve
    for server in servers:
        server.shutdown()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def fetch(port: int, path: str, host: str = "127.0.0.1") -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def test_deploy_of_the_ten_domains_over_sftp_fetched_back_byte_for_byte_then_nothing_sent(
        published, sshd, tmp_path, monkeypatch, http_server):
    port, secrets = sshd
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    remote = tmp_path / "host"
    targets = sftp_targets(tmp_path, port, remote)
    start = time.monotonic()
    outcomes = run_deploy(ROOT, published.output, targets)
    first = time.monotonic() - start
    assert len(outcomes) == 10 and all(o.transferred > 80 for o in outcomes)  # whole trees (no example gallery)
    web = http_server(remote)
    fetched = 0
    for site in published.zones.sites():
        assert (remote / site.domain / "current").is_symlink()
        assert (remote / site.domain / "nginx.conf").is_file()  # beside the web root, never in it
        built = files_of(published.output / site.domain)
        for name, data in built.items():
            response = fetch(web, f"/{site.domain}/current/{name}")
            assert response.status == 200 and response.body == data, (site.domain, name)
            fetched += 1
        assert set(files_of(remote / site.domain / "current")) == set(built)
    assert fetched > 1000
    start = time.monotonic()
    again = run_deploy(ROOT, published.output, targets)
    assert all(o.unchanged and o.transferred == 0 for o in again), again
    print(f"first deploy of ten domains over SFTP: {first:.1f} s; unchanged again: {time.monotonic() - start:.1f} s")


@pytest.fixture
def sud(project, tmp_path):
    """A project copy with a production build of one zone and a local deploy target."""
    targets = write_targets(project, "default:\n  type: local\n  server: nginx\n  path: host/{domain}\n  keep: 2\n"
                                     "sites: {}\n")
    build_into(project / "output/publish", project / "publishconf.py", zone="sud")
    return project, targets


def edit_and_publish(project: Path, sentence: str) -> None:
    about = project / "content/sud/pages/about.fr.md"
    about.write_text(about.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
    build_into(project / "output/publish", project / "publishconf.py", zone="sud")


def live(project: Path, domain: str = "bassin-sud.brussels") -> Path:
    return project / "host" / domain / "current"


def deploy_sud(project: Path, targets: Path, dry: bool = False):
    zones = zonefile.load(project / "zones.yaml", project)
    return run_deploy(project, project / "output/publish", targets, zones.sites("sud"), dry=dry)


def test_deploy_sends_only_what_changed_and_rollback_restores_the_previous_release(sud):
    project, targets = sud
    output = project / "output/publish/bassin-sud.brussels"
    first = {o.domain: o for o in deploy_sud(project, targets)}
    release_a, files_a = first["bassin-sud.brussels"].release, files_of(output)
    assert files_of(live(project)) == files_a

    edit_and_publish(project, "Une deuxième phrase.")
    dry = {o.domain: o for o in deploy_sud(project, targets, dry=True)}["bassin-sud.brussels"]
    changed = sorted(name for _, name in dry.changes if not name.startswith("pagefind/"))
    assert changed == sorted(["a-propos/index.html", "a-propos/index.html.br", "a-propos/index.html.gz",
                              "build-stamp.json"])
    searched = [name for _, name in dry.changes if name.startswith("pagefind/")]  # the search index of the text
    assert searched and len(searched) <= 12, searched
    assert files_of(live(project)) == files_a  # a dry run changes nothing
    second = {o.domain: o for o in deploy_sud(project, targets)}
    assert second["zorgzone-zuid.brussels"].unchanged  # its build did not change
    assert "Une deuxième phrase." in (live(project) / "a-propos/index.html").read_text("utf-8")

    deploy.rollback(project, zonefile.load(project / "zones.yaml"), [zonefile.Site("sud", "fr", "bassin-sud.brussels")],
                    targets_file=targets)
    assert os.readlink(project / "host/bassin-sud.brussels/current") == f"releases/{release_a}"
    assert files_of(live(project)) == files_a

    edit_and_publish(project, "Une troisième phrase.")
    third = {o.domain: o for o in deploy_sud(project, targets)}["bassin-sud.brussels"]
    # The reused release differs by one page, the stamp and the part of the search index with that page.
    assert 1 <= third.transferred <= 4 + len(searched), third
    assert files_of(live(project)) == files_of(output)
    assert len(list((project / "host/bassin-sud.brussels/releases").iterdir())) == 2  # keep: 2


def test_deploy_interrupted_midway_leaves_the_live_release_untouched(sud):
    project, targets = sud
    deploy_sud(project, targets)
    before = files_of(live(project))
    link = os.readlink(project / "host/bassin-sud.brussels/current")
    edit_and_publish(project, "Une phrase jamais publiée.")
    # keep: 2 with one release: the new release is a fresh folder, filled slowly, stopped midway.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en", "RCLONE_BWLIMIT": "20k"}
    upload = Running([sys.executable, "-m", "zonesites", "deploy", "--zone", "sud", "--lang", "fr"], cwd=project,
                     env=env)
    releases = project / "host/bassin-sud.brussels/releases"
    deadline = time.monotonic() + 30
    while sum(1 for _ in releases.rglob("*") if _.is_file()) < len(before) + 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    upload.stop()
    assert upload.process.returncode != 0
    assert len(list(releases.iterdir())) == 2  # a half-written release sits beside the live one…
    assert os.readlink(project / "host/bassin-sud.brussels/current") == link  # …which is still live
    assert files_of(live(project)) == before
    deploy_sud(project, targets)  # the next deploy completes it
    assert "Une phrase jamais publiée." in (live(project) / "a-propos/index.html").read_text("utf-8")


def test_deploy_refuses_preview_mixed_stale_and_unchecked_trees(dev, published, project, tmp_path):
    base = base_settings(ROOT / "publishconf.py")
    site = next(s for s in published.zones.sites() if s.domain == "bassin-sud.brussels")

    def refusal(output: Path, root: Path = ROOT) -> str:
        return "\n".join(str(p) for p in stamp.fitness_problems(output, [site], root, base))

    assert refusal(published.output) == ""
    assert "this is a preview build" in refusal(dev.output)
    mixed = tmp_path / "mixed"
    shutil.copytree(published.output, mixed, symlinks=True)
    page = mixed / site.domain / "agenda/index.html"
    page.write_text(page.read_text("utf-8").replace("https://bassin-sud.brussels/", "/bassin-sud.brussels/"), "utf-8")
    assert "files of this folder changed after it was built (a mixed tree" in refusal(mixed)
    unchecked = tmp_path / "unchecked"
    shutil.copytree(published.output, unchecked, symlinks=True)
    data = json.loads((unchecked / site.domain / stamp.STAMP).read_text("utf-8"))
    (unchecked / site.domain / stamp.STAMP).write_text(json.dumps({**data, "checks": None}), "utf-8")
    assert "the checks of this build did not pass" in refusal(unchecked)
    # A build of the project copy, then an edit: older than the sources.
    build_into(project / "output/publish", project / "publishconf.py", zone="sud")
    (project / "content/sud/pages/about.fr.md").write_text("---\ntitle: x\n---\nChangé.\n", "utf-8")
    assert "the sources changed since this build" in refusal(project / "output/publish", project)
    write_targets(project, "default:\n  type: local\n  server: nginx\n  path: host/{domain}\nsites: {}\n")
    result = subprocess.run([sys.executable, "-m", "zonesites", "deploy", "--zone", "sud"], cwd=project,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en"}, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1 and "Nothing was uploaded: 2 problems:" in result.stderr, result.stderr
    assert not (project / "host").exists()


def test_deploy_in_place_over_webdav_puts_the_hosts_own_files_at_the_top(published, tmp_path, monkeypatch):
    share, port = tmp_path / "share", free_port()
    share.mkdir()
    server = Running([RCLONE, "serve", "webdav", str(share), "--addr", f"127.0.0.1:{port}", "--user", "zones",
                      "--pass", "test-only", "--config", "/dev/null", "--dir-cache-time", "0s"])
    try:
        wait_for_port(port)
        monkeypatch.setenv("TEST_WEBDAV_PASSWORD", "test-only")
        targets = write_targets(tmp_path, f"default:\n  type: webdav\n  server: netlify\n  url: http://127.0.0.1:{port}\n"
                                          "  user: zones\n  password: TEST_WEBDAV_PASSWORD\n  path: /{domain}\nsites: {}\n")
        sites = published.zones.sites("sud")
        outcomes = run_deploy(ROOT, published.output, targets, sites)
        assert all(o.transferred > 100 and not o.release for o in outcomes)
        for site in sites:
            uploaded = files_of(share / site.domain)
            hosts = published.output / "hosts" / site.domain
            assert uploaded.pop("_headers") == (hosts / "_headers").read_bytes()
            assert uploaded.pop("_redirects") == (hosts / "_redirects").read_bytes()
            assert uploaded == files_of(published.output / site.domain)
        (share / "bassin-sud.brussels/old-page.html").write_text("left over", "utf-8")
        again = run_deploy(ROOT, published.output, targets, sites)
        assert [(o.transferred, o.deleted) for o in again] == [(0, 1), (0, 0)]  # removed pages are removed
    finally:
        server.stop()


def test_deploy_every_old_address_redirects_to_an_existing_page_as_hosts_serve_it(published):
    redirects = hosting.load_redirects(ROOT / "redirects.yaml", ROOT, [s.domain for s in published.zones.sites()])
    assert len(redirects) >= 5
    httpd = production.server(published.output, published.zones, 0)
    try:
        port = httpd.server_address[1]
        for redirect in redirects:
            host = f"{redirect.domain}.localhost:{port}"
            moved = fetch(port, redirect.old, host)
            assert moved.status == 301, redirect
            assert "default-src 'self'" in moved.headers["Content-Security-Policy"]
            location = moved.headers["Location"]
            assert location == f"http://{host}{redirect.new}"
            page = fetch(port, location.removeprefix(f"http://{host}"), host)
            assert page.status == 200 and b"<h1" in page.body and page.headers["Content-Type"].startswith("text/html")
            # served as the host will, with the links of the local hosts
            assert f'href="http://{host}/'.encode() in page.body and b"https://" + redirect.domain.encode() not in page.body
        missing = fetch(port, "/nothing-here/", f"bassin-sud.brussels.localhost:{port}")
        assert missing.status == 404 and b"Page introuvable" in missing.body
        assert "nosniff" == missing.headers["X-Content-Type-Options"]
        assert fetch(port, "/agenda", f"bassin-sud.brussels.localhost:{port}").status == 301
        assert fetch(port, "/_headers", f"bassin-sud.brussels.localhost:{port}").status == 404  # never public
    finally:
        httpd.shutdown()


def test_deploy_tree_is_never_touched_by_the_preview_server_during_a_publish(project, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MESSAGES": "en"}
    preview = Running([sys.executable, "-m", "zonesites", "serve", "--zone", "sud", "--port", str(free_port())],
                      cwd=project, env=env)
    try:
        preview.wait_for("Preview:")
        subprocess.run([sys.executable, "-m", "zonesites", "build", "--publish", "--zone", "sud"], cwd=project,
                       env=env, check=True, capture_output=True, timeout=300)
        production_tree = files_of(project / "output/publish")
        about = project / "content/sud/pages/about.fr.md"
        about.write_text(about.read_text("utf-8") + "\nVu seulement dans la prévisualisation.\n", "utf-8")
        preview.wait_for("Rebuilt 2 sites", times=2)  # the first is the preview's own start
        assert "Vu seulement dans la prévisualisation." in (project / "output/preview/bassin-sud.brussels/a-propos/index.html").read_text()
        assert files_of(project / "output/publish") == production_tree
        stamps = [json.loads(production_tree[f"{d}/{stamp.STAMP}"]) for d in ("bassin-sud.brussels",
                                                                              "zorgzone-zuid.brussels")]
        assert {s["mode"] for s in stamps} == {"publish"}
    finally:
        preview.stop()


@pytest.mark.parametrize(("pipeline", "schema"), [(".github/workflows/publish.yml", "vendor.github-workflows"),
                                                  (".gitlab-ci.yml", "vendor.gitlab-ci")])
def test_deploy_pipelines_match_their_published_schemas(pipeline, schema):
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", schema, str(ROOT / pipeline)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (ROOT / pipeline).read_text("utf-8")
    for step in ("make test", "make publish", "make deploy"):
        assert step in text, (pipeline, step)
    assert "DEPLOY_SSH_KEY" in text and "schedule" in text and ".cache" in text
