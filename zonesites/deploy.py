"""Upload the production build of each domain to its host with rclone, and switch to it.

Where each domain goes is deploy.yaml (checked like zones.yaml, every problem with its line);
secrets come only from environment variables, which the file names. Nothing is uploaded unless
every web root is fit to go live (zonesites.stamp.fitness_problems).

On hosts that allow it (a local folder; SFTP, whose protocol makes links and renames), a deploy
writes a new release folder beside the live one and then switches the link `current` to it in one
rename: <path>/releases/<release>/, <path>/current -> releases/<release>; the web server's root is
<path>/current. An upload stopped midway leaves `current` as it was. The last `keep` releases stay;
`rollback` switches back to the one before. Files are transferred only when they differ from the
release folder being reused (the oldest kept one).
WebDAV and S3 have no links: their web root is updated in place (new files first, removals last).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from zonelib import hosting, yamlines, zonefile
from zonelib import schema as schemas
from zonelib.content import read_text
from zonelib.messages import say
from zonelib.problems import Problem, ProblemsError, did_you_mean, shown

from . import stamp
from .hosts import HOSTS

FILE = "deploy.yaml"
RCLONE = "rclone"
TIMEOUT = 3600  # seconds an rclone command may take (a first upload over a slow line)
PARTIAL = ".partial"  # an upload in progress (or stopped): releases/<name>.partial
PARALLEL = 10  # domains uploaded at once
KEEP = 3  # releases kept: the live one, the one before (rollback) and one to reuse
ENV_NAME = {"type": "string", "pattern": r"^[A-Z][A-Z0-9_]*$",
            "x-expected": say("the name of an environment variable that holds the secret (like DEPLOY_SSH_KEY), "
                              "never the secret itself")}
TEXT = {"type": "string", "minLength": 1}
COMMON = {"type": {"enum": ["local", "sftp", "webdav", "s3"]}, "server": {"enum": list(hosting.SERVERS)},
          "path": TEXT, "keep": {"type": "integer", "minimum": 2}}
TYPES = {
    "local": ({}, ["path"]),
    "sftp": ({"host": TEXT, "port": {"type": "integer", "minimum": 1, "maximum": 65535}, "user": TEXT,
              "key": ENV_NAME, "known_hosts": ENV_NAME, "atomic": {"type": "boolean"}}, ["host", "path"]),
    "webdav": ({"url": {"type": "string", "pattern": r"^https?://[^\s]+$",
                        "x-expected": say("a web address starting with https://")},
                "vendor": {"enum": ["other", "nextcloud", "owncloud", "sharepoint"]}, "user": TEXT,
                "password": ENV_NAME}, ["url"]),
    "s3": ({"bucket": TEXT, "provider": TEXT, "endpoint": TEXT, "region": TEXT, "access_key": ENV_NAME,
            "secret_key": ENV_NAME}, ["bucket"]),
}
DEFAULT_SECRETS = {"key": "DEPLOY_SSH_KEY", "known_hosts": "DEPLOY_SSH_KNOWN_HOSTS", "password": "DEPLOY_WEBDAV_PASSWORD",
                   "access_key": "DEPLOY_S3_ACCESS_KEY_ID", "secret_key": "DEPLOY_S3_SECRET_ACCESS_KEY"}


def target_schema(kind: str | None) -> dict:
    extra, required = TYPES.get(kind, ({}, []))
    return {"title": say("deploy target"), "type": "object", "additionalProperties": False,
            "required": ["type", "server", *required], "properties": {**COMMON, **extra}}


@dataclass
class Target:
    """Where one domain goes live."""

    domain: str
    type: str
    server: str
    path: str
    options: dict = field(default_factory=dict)
    keep: int = KEEP

    @property
    def atomic(self) -> bool:
        return self.type == "local" or (self.type == "sftp" and self.options.get("atomic", True))

    def where(self) -> str:
        if self.type == "local":
            return self.path
        if self.type == "s3":
            return f"s3://{self.options['bucket']}/{self.path.strip('/')}"
        host = self.options.get("host") or self.options.get("url")
        return f"{self.type}://{host}{'' if self.path.startswith('/') else '/'}{self.path}"

    def remote(self, *parts: str) -> str:
        """Return the rclone name of a path of the target."""
        path = "/".join([self.path.rstrip("/"), *parts]) if parts else self.path
        if self.type == "local":
            return path
        if self.type == "s3":
            return f"live:{self.options['bucket']}/{path.strip('/')}".rstrip("/")
        return f"live:{path}"


def load_targets(file: Path, root: Path, domains: list[str]) -> dict[str, Target]:
    """Read deploy.yaml; return the target of every domain; raise ProblemsError with every problem."""
    path = shown(file, root)
    if not file.is_file():
        raise ProblemsError([Problem(path, 1, say("this file is missing: it says where each domain is uploaded "
                                                  "(see README.md, Publishing)"))])
    data = yamlines.load(read_text(file, path), path)
    schema = {"title": say("deploy file"), "type": "object", "additionalProperties": False, "required": ["sites"],
              "properties": {"default": {"type": "object"}, "sites": {"type": "object"}}}
    problems = schemas.check(data, schema, path)
    if problems:
        raise ProblemsError(problems)
    default, sites = data.get("default") or yamlines.Map(), data["sites"]
    targets = {}
    for domain in sites:
        if domain not in domains:
            problems.append(Problem(path, sites.lines[domain], say(
                "'%(domain)s' is not a domain of zones.yaml%(suggestion)s; the domains are: %(domains)s",
                domain=domain, suggestion=did_you_mean(domain, domains), domains=", ".join(domains))))
    for domain in domains:
        own = sites.get(domain) or {}
        if not isinstance(own, dict):
            problems += schemas.check(own, {"type": "object"}, path)
            continue
        if not own and not default:
            problems.append(Problem(path, sites.line, say(
                "no target for %(domain)s: add it under 'sites', or give a 'default'", domain=domain)))
            continue
        merged = yamlines.Map({**default, **own})
        merged.lines = {**default.lines, **own.lines} if own else dict(default.lines)
        merged.line = getattr(own, "line", default.line) if own else default.line
        found = schemas.check(merged, target_schema(merged.get("type")), path)
        if found:
            problems += found
            continue
        options = {k: (v.format(domain=domain) if isinstance(v, str) else v) for k, v in merged.items()
                   if k not in ("type", "server", "path", "keep")}
        targets[domain] = Target(domain, merged["type"], merged["server"], merged["path"].format(domain=domain),
                                 options, merged.get("keep", KEEP))
    if problems:
        raise ProblemsError(sorted(set(problems)))
    for target in targets.values():
        if target.type == "local" and not Path(target.path).is_absolute():
            target.path = str(root / target.path)
    return targets


def secret(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ProblemsError([Problem("(environment)", 0, say(
            "the environment variable %(name)s is not set; it must hold the secret named in deploy.yaml (in CI: a "
            "secret of the pipeline)", name=name))])
    return value


@contextmanager
def rclone_env(target: Target):
    """Yield the environment that defines the rclone remote `live` of a target, with its secrets
    (key files are written to a private temporary folder, removed afterwards)."""
    options = target.options
    with tempfile.TemporaryDirectory(prefix="zonesites-deploy-") as private:
        config = Path(private, "rclone.conf")
        config.write_text("", "utf-8")
        env = {**os.environ, "RCLONE_CONFIG": str(config)}
        settings: dict[str, str] = {}
        if target.type == "sftp":
            key, known = Path(private, "key"), Path(private, "known_hosts")
            key.write_text(secret(options.get("key", DEFAULT_SECRETS["key"])).strip() + "\n", "utf-8")
            key.chmod(0o600)
            known.write_text(secret(options.get("known_hosts", DEFAULT_SECRETS["known_hosts"])).strip() + "\n", "utf-8")
            settings = {"type": "sftp", "host": options["host"], "port": str(options.get("port", 22)),
                        "user": options.get("user", "deploy"), "key_file": str(key), "known_hosts_file": str(known),
                        # files are compared by size and time (rclone sets the time of each upload):
                        # hashing each file would run a command on the host per file
                        "disable_hashcheck": "true", "shell_type": "none"}
            env["ZONESITES_SSH"] = json.dumps({"key": str(key), "known": str(known)})
        elif target.type == "webdav":
            settings = {"type": "webdav", "url": options["url"], "vendor": options.get("vendor", "other")}
            if "user" in options:
                password = secret(options.get("password", DEFAULT_SECRETS["password"]))
                settings.update(user=options["user"], pass_=run_rclone(["obscure", password], env).stdout.strip())
        elif target.type == "s3":
            settings = {"type": "s3", "provider": options.get("provider", "Other"), "env_auth": "false",
                        "access_key_id": secret(options.get("access_key", DEFAULT_SECRETS["access_key"])),
                        "secret_access_key": secret(options.get("secret_key", DEFAULT_SECRETS["secret_key"]))}
            settings.update({k: options[k] for k in ("endpoint", "region") if k in options})
        for name, value in settings.items():
            env[f"RCLONE_CONFIG_LIVE_{name.rstrip('_').upper()}"] = value
        yield env


def run_rclone(args: list[str], env: dict, check: bool = True) -> subprocess.CompletedProcess:
    """Run rclone; raise ProblemsError when it fails (unless check is False)."""
    if not shutil.which(RCLONE):
        raise ProblemsError([Problem("(rclone)", 0, say("rclone is not installed; run make deploy, which installs "
                                                        "it"))])
    try:
        result = subprocess.run([RCLONE, *args], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ProblemsError([Problem("(rclone)", 0, say("rclone took more than %(seconds)d s and was stopped",
                                                        seconds=TIMEOUT))]) from None
    if check and result.returncode != 0:
        lines = [json.loads(line).get("msg", line) if line.startswith("{") else line
                 for line in result.stderr.splitlines() if '"level":"error"' in line or not line.startswith("{")]
        raise ProblemsError([Problem("(rclone)", 0, say("the upload failed: %(error)s",
                                                        error=" / ".join(lines[-3:]) or result.returncode))])
    return result


@dataclass
class Outcome:
    """What a deploy did (or, dry, would do) for one domain."""

    domain: str
    where: str
    release: str | None = None
    transferred: int = 0
    deleted: int = 0
    unchanged: bool = False
    changes: list[tuple[str, str]] = field(default_factory=list)  # (what, file), for a dry run


def sync(source: Path, destination: str, env: dict, dry: bool = False) -> Outcome:
    """Make destination the same as source (removals after transfers); return what it did."""
    args = ["sync", str(source), destination, "--use-json-log", "-v", "--stats", "1h", "--create-empty-src-dirs"]
    printed = run_rclone([*args, "--dry-run"] if dry else args, env).stderr
    outcome = Outcome("", destination)
    for line in printed.splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if "stats" in entry:
            outcome.transferred, outcome.deleted = entry["stats"]["transfers"], entry["stats"]["deletes"]
        elif dry and entry.get("skipped") in ("copy", "delete") and entry.get("object"):
            outcome.changes.append((entry["skipped"], entry["object"]))
    if dry:
        outcome.transferred = sum(1 for what, _ in outcome.changes if what == "copy")
        outcome.deleted = sum(1 for what, _ in outcome.changes if what == "delete")
    return outcome


def upload_tree(output: Path, target: Target, folder: Path) -> Path:
    """Return the folder to upload for a target: the web root, with the host configuration that a
    host of its kind reads from the top of the web root (.htaccess, _headers…) or, for a plain
    host, the pages left at old addresses. Files are hard links to the build's (no copy)."""
    web_root, hosts = output / target.domain, output / HOSTS / target.domain
    extra = {name: hosts / name for name, at_top in hosting.FILES[target.server].items() if at_top}
    if target.server == "plain" and (hosts / hosting.FALLBACK).is_dir():
        extra |= {p.relative_to(hosts / hosting.FALLBACK).as_posix(): p
                  for p in (hosts / hosting.FALLBACK).rglob("*") if p.is_file()}
    if not extra:
        return web_root
    tree = folder / target.domain
    shutil.copytree(web_root, tree, copy_function=os.link)
    for name, source in extra.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, tree / name)
    return tree


def release_stamp(target: Target, env: dict, *parts: str) -> dict | None:
    """Return the build stamp of a folder of the target, or None."""
    result = run_rclone(["cat", target.remote(*parts, stamp.STAMP)], env, check=False)
    try:
        return json.loads(result.stdout) if result.returncode == 0 else None
    except ValueError:
        return None


def releases(target: Target, env: dict) -> list[str]:
    """Return the names of the release folders of an atomic target, oldest first."""
    printed = run_rclone(["lsf", "--dirs-only", target.remote("releases")], env, check=False).stdout
    return sorted(line.strip().rstrip("/") for line in printed.splitlines() if line.strip())


def of_tree(names: list[str], tree: str | None) -> str | None:
    """Return the release of a tree (its name ends with the tree's hash; trees are unique on a
    target: a tree already there is switched to, never uploaded again)."""
    return next((name for name in names if tree and name.endswith(f"-{tree[:8]}")), None)


def current_release(target: Target, env: dict, names: list[str], live: dict | None) -> str | None:
    """Return the release the link `current` leads to, or None."""
    if target.type == "local":
        link = Path(target.path, "current")
        return Path(os.readlink(link)).name if link.is_symlink() else None
    return of_tree(names, (live or {}).get("tree"))


def switch(target: Target, env: dict, release: str) -> None:
    """Point `current` to releases/<release> in one rename."""
    if target.type == "local":
        link, new = Path(target.path, "current"), Path(target.path, "current.new")
        new.unlink(missing_ok=True)
        new.symlink_to(f"releases/{release}")
        os.replace(new, link)
        return
    ssh = json.loads(env["ZONESITES_SSH"])
    base = target.path.rstrip("/")
    commands = f"-rm {base}/current.new\nsymlink releases/{release} {base}/current.new\n" \
               f"rename {base}/current.new {base}/current\n"
    args = ["sftp", "-b", "-", "-P", str(target.options.get("port", 22)), "-i", ssh["key"],
            "-o", f"UserKnownHostsFile={ssh['known']}", "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
            f"{target.options.get('user', 'deploy')}@{target.options['host']}"]
    result = subprocess.run(args, input=commands, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise ProblemsError([Problem("(sftp)", 0, say("the switch to the new release failed: %(error)s",
                                                      error=result.stderr.strip()[-300:]))])


def release_name(local: dict) -> str:
    return f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%fZ}-{local['tree'][:8]}"


def deploy_atomic(target: Target, tree: Path, local: dict, env: dict, dry: bool, output: Path) -> Outcome:
    live = release_stamp(target, env, "current")
    outcome = Outcome(target.domain, target.where())
    if live and live.get("tree") == local["tree"]:
        outcome.unchanged = True
        return outcome
    names = releases(target, env)
    current = current_release(target, env, names, live)
    same = of_tree([n for n in names if n != current], local["tree"])
    if dry:
        destination = target.remote("releases", current) if current else target.remote("releases", "new")
        result = sync(tree, destination, env, dry=True)
        result.domain, result.where, result.release = target.domain, target.where(), current
        return result
    if same:  # this very build was live before (a rollback, then a deploy): switch back to it
        switch(target, env, same)
        outcome.release = same
        return outcome
    name = release_name(local)
    partial = f"{name}{PARTIAL}"  # renamed to `name` once complete: never switched to before
    spare = [n for n in names if n != current]
    if spare and len(names) >= target.keep:  # reuse the oldest: only what differs from it is sent
        run_rclone(["moveto", target.remote("releases", spare[0]), target.remote("releases", partial)], env)
        names.remove(spare[0])
    result = sync(tree, target.remote("releases", partial), env)
    run_rclone(["moveto", target.remote("releases", partial), target.remote("releases", name)], env)
    if target.server == "nginx":
        run_rclone(["copyto", str(output / HOSTS / target.domain / "nginx.conf"), target.remote("nginx.conf")], env)
    switch(target, env, name)
    names.append(name)
    for old in [n for n in sorted(names) if n not in (name, current)][:max(0, len(names) - target.keep)]:
        run_rclone(["purge", target.remote("releases", old)], env)
    result.domain, result.where, result.release = target.domain, target.where(), name
    return result


def deploy(root: Path, output: Path, base: dict, zones: zonefile.Zones, sites: list[zonefile.Site],
           dry: bool = False, on_done=None, targets_file: Path | None = None) -> list[Outcome]:
    """Upload each site's production web root to its target; raise ProblemsError (nothing uploaded)
    when a web root is not fit to go live or deploy.yaml has problems."""
    targets = load_targets(targets_file or root / FILE, root, [site.domain for site in zones.sites()])
    stamps = {site.domain: stamp.read(output / site.domain) for site in sites}
    problems = stamp.fitness_problems(output, sites, root, base, stamps)
    if problems:
        raise ProblemsError(problems)
    def one(site: zonefile.Site, folder: Path) -> Outcome:
        target = targets[site.domain]
        tree = upload_tree(output, target, folder)
        with rclone_env(target) as env:
            if target.type == "local":
                Path(target.path).mkdir(parents=True, exist_ok=True)
            if target.atomic:
                outcome = deploy_atomic(target, tree, stamps[site.domain], env, dry, output)
            else:
                outcome = sync(tree, target.remote(), env, dry=dry)
                outcome.domain, outcome.where = target.domain, target.where()
        if on_done:
            on_done(outcome)
        return outcome

    # The domains go up side by side: each upload mostly waits for its host's answers.
    with tempfile.TemporaryDirectory(prefix=".upload-", dir=output) as folder, \
            ThreadPoolExecutor(max_workers=min(PARALLEL, len(sites) or 1)) as pool:
        futures = [pool.submit(one, site, Path(folder)) for site in sites]
        outcomes, problems = [], []
        for future in futures:
            try:
                outcomes.append(future.result())
            except ProblemsError as error:
                problems += error.problems
    if problems:
        raise ProblemsError(problems)
    return outcomes


def rollback(root: Path, zones: zonefile.Zones, sites: list[zonefile.Site], on_done=None,
             targets_file: Path | None = None) -> list[Outcome]:
    """Switch each site's atomic target back to the release before the live one; switch none when
    one of them cannot go back."""
    targets = load_targets(targets_file or root / FILE, root, [site.domain for site in zones.sites()])
    problems, plans = [], []
    for site in sites:
        target = targets[site.domain]
        if not target.atomic:
            problems.append(Problem(FILE, 0, say("%(domain)s is updated in place (%(type)s), so it keeps no earlier "
                                                 "release to go back to; deploy an earlier commit instead",
                                                 domain=site.domain, type=target.type)))
            continue
        with rclone_env(target) as env:
            names = releases(target, env)
            current = current_release(target, env, names, release_stamp(target, env, "current"))
        earlier = names[:names.index(current)] if current in names else []
        if earlier:
            plans.append((target, earlier[-1]))
        else:
            problems.append(Problem(target.where(), 0, say("there is no release before the live one of "
                                                           "%(domain)s", domain=target.domain)))
    if problems:
        raise ProblemsError(problems)
    outcomes = []
    for target, release in plans:
        with rclone_env(target) as env:
            switch(target, env, release)
        outcomes.append(Outcome(target.domain, target.where(), release=release))
        if on_done:
            on_done(outcomes[-1])
    return outcomes
