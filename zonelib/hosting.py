"""What a host needs besides the files of a web root: security headers, the page for "not found",
and redirects from the addresses of the zones' former sites (redirects.yaml), written in the
configuration language of each kind of host. None of it is ever part of a web root.

Kinds of host (`server` of a deploy target):
  nginx     nginx.conf, to `include` in the domain's server block
  apache    .htaccess at the top of the web root (Apache never serves .ht* files)
  netlify   _headers and _redirects at the top of the web root (Netlify, Cloudflare Pages and
            hosts that read the same files, and do not serve them)
  plain     a host that takes no configuration (an S3 bucket, a WebDAV share): a small page with a
            link at each old address that a static host serves as a page (ending in / or .html)

Nothing on the sites comes from elsewhere and nothing runs inline, so the policy is strict:
everything from the site itself, no plugins, no framing; forms go to the site itself only: the search
form of every page's header (a GET to the search page) needs `form-action 'self'` on every page. Scripts
may compile WebAssembly ('wasm-unsafe-eval', which allows no JavaScript eval): the search (Pagefind)
needs it on its page and in its worker; it is granted to every path, since the host configuration is
written for a whole site. With a HEADERS_POLICY that posts no form (`form-action 'none'`), the gallery
pages with an open online ballot (zonelib.gallery.form_pages) and the ballot service's own pages under
/vote/ still post to the site itself: nginx and Apache allow it on those addresses only; hosts that
read `_headers` add up every rule matching a path (two policies, both enforced), so there a site with a
vote form allows posting to itself on all its pages, where only /vote/ accepts a post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema as schemas
from . import yamlines
from .content import read_text
from .gallery import VOTE_URL
from .messages import say
from .problems import Problem, ProblemsError, did_you_mean, shown
from .zonefile import DOMAIN

POLICY_SETTING = "HEADERS_POLICY"  # {header name: value}, replaces POLICY when set
CSP = "; ".join([
    "default-src 'self'", "img-src 'self'", "style-src 'self'", "script-src 'self' 'wasm-unsafe-eval'",
    "font-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
    "form-action 'self'", "upgrade-insecure-requests",
])
POLICY = {
    "Content-Security-Policy": CSP,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",  # one year
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
NOT_FOUND = "/404.html"
SERVERS = ("nginx", "apache", "netlify", "plain")
# The files of each kind of host, and whether they go to the top of the uploaded web root.
FILES = {"nginx": {"nginx.conf": False}, "apache": {".htaccess": True},
         "netlify": {"_headers": True, "_redirects": True}, "plain": {}}
FALLBACK = "fallback"  # hosts/<domain>/fallback/: the pages with a link, for plain hosts
STATUS = 301
NO_FORMS, OWN_FORMS = "form-action 'none'", "form-action 'self'"
FORM_VARIABLE = "$zone_form_action"  # nginx: the form-action of the page being served
VOTE_PREFIX = VOTE_URL.split("{", 1)[0]  # the ballot service's pages post their forms too


@dataclass(frozen=True, order=True)
class Redirect:
    """An old address of a domain and the path on the new site it leads to."""

    domain: str
    old: str
    new: str
    line: int

    @property
    def as_page(self) -> str | None:
        """Return where a plain host would serve a page for the old address, or None when a static
        host would not serve a page there (a .pdf, a .jpg…)."""
        path = self.old.lstrip("/")
        if self.old.endswith("/"):
            return path + "index.html"
        return path if path.endswith((".html", ".htm")) else None


def allowing_forms(policy: dict, allowed: str = OWN_FORMS) -> dict:
    """Return the policy with its form-action directive replaced by `allowed`."""
    csp = policy.get("Content-Security-Policy")
    return policy if csp is None else {**policy, "Content-Security-Policy": csp.replace(NO_FORMS, allowed)}


def form_addresses(form_pages) -> list[str]:
    """Return the regular expressions of the addresses that may post a form to the site: the pages
    with a vote form (their folder and its index.html) and the ballot service's pages."""
    return [f"^/{re.escape(url)}(index\\.html)?$" for url in form_pages] + [f"^{VOTE_PREFIX}"] if form_pages else []


def headers_file(policy: dict, form_pages=()) -> str:
    """Return `_headers`: every header for every path (posting to the site itself allowed when a page
    has a vote form: these hosts cannot lift a header for one page)."""
    policy = allowing_forms(policy) if form_pages else policy
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in policy.items())


def read_headers_file(text: str) -> list[tuple[str, str]]:
    """Read the `/*` block of a `_headers` file into (name, value) pairs."""
    pairs = [line.split(":", 1) for line in text.splitlines()[1:] if line.strip()]
    return [(name.strip(), value.strip()) for name, value in pairs]


def redirects_file(redirects: list[Redirect]) -> str:
    """Return `_redirects`: one `old new status` line per old address."""
    return "".join(f"{r.old} {r.new} {STATUS}\n" for r in redirects)


def nginx_conf(domain: str, policy: dict, redirects: list[Redirect], form_pages=()) -> str:
    """Return the nginx lines of a site, to include in its server block."""
    lines = [f"# {domain}: include this file in the server block of the domain (and of www.{domain}).",
             "charset utf-8;", "charset_types text/css text/xml text/plain text/calendar application/json;",
             f"error_page 404 {NOT_FOUND};"]
    if form_pages and NO_FORMS in policy.get("Content-Security-Policy", ""):
        lines.append("# The pages with a vote form, and the ballot service's, may post to the site itself.")
        lines.append(f"set {FORM_VARIABLE} \"'none'\";")
        lines += [f"if ($uri ~ \"{pattern}\") {{ set {FORM_VARIABLE} \"'self'\"; }}"
                  for pattern in form_addresses(form_pages)]
        policy = allowing_forms(policy, f"form-action {FORM_VARIABLE}")
    lines += [f"add_header {name} \"{value}\" always;" for name, value in policy.items()]
    lines += [f"location = {r.old} {{ return {STATUS} {r.new}; }}" for r in redirects]
    return "\n".join(lines) + "\n"


def htaccess(domain: str, policy: dict, redirects: list[Redirect], form_pages=()) -> str:
    """Return the Apache configuration of a site (mod_headers and mod_alias), for its web root."""
    lines = [f"# {domain}: read by Apache (never served); needs mod_headers and mod_alias.",
             "AddDefaultCharset utf-8", f"ErrorDocument 404 {NOT_FOUND}"]
    lines += [f"Header always set {name} \"{value}\"" for name, value in policy.items()]
    if form_pages and NO_FORMS in policy.get("Content-Security-Policy", ""):
        csp = allowing_forms(policy)["Content-Security-Policy"]
        pattern = "|".join(form_addresses(form_pages))
        lines += ["# The pages with a vote form, and the ballot service's, may post to the site itself.",
                  f"<If \"%{{REQUEST_URI}} =~ m#{pattern}#\">",
                  f"  Header always set Content-Security-Policy \"{csp}\"", "</If>"]
    lines += [f"Redirect {STATUS} \"{r.old}\" \"{r.new}\"" for r in redirects]
    return "\n".join(lines) + "\n"


def host_files(domain: str, policy: dict, redirects: list[Redirect], form_pages=()) -> dict[str, str]:
    """Return every host configuration file of a site by name; form_pages: the URLs of its pages with
    a vote form (relative to the site, like photos/expo-2024/)."""
    return {"nginx.conf": nginx_conf(domain, policy, redirects, form_pages),
            ".htaccess": htaccess(domain, policy, redirects, form_pages),
            "_headers": headers_file(policy, form_pages), "_redirects": redirects_file(redirects)}


OLD_PATH = {"type": "string", "pattern": r"^/[^\s#?]*$",
            "x-expected": say("an address on the old site starting with / (like /layout/uploads/file.pdf)")}
NEW_PATH = {"type": "string", "pattern": r"^/[^\s#?]*$",
            "x-expected": say("an address on the new site starting with / (like /agenda/)")}
REDIRECTS_SCHEMA = {
    "title": say("redirects file"), "type": "object", "propertyNames": DOMAIN,
    "additionalProperties": {
        "type": "array", "items": {
            "title": say("redirect"), "type": "object", "additionalProperties": False, "required": ["from", "to"],
            "properties": {"from": OLD_PATH, "to": NEW_PATH},
        },
    },
}


def load_redirects(file: Path, root: Path, domains: list[str]) -> list[Redirect]:
    """Read and check redirects.yaml (no file: no redirect); raise ProblemsError with every problem."""
    path = shown(file, root)
    if not file.exists():
        return []
    data = yamlines.load(read_text(file, path), path)
    if data is None:
        return []
    problems = schemas.check(data, REDIRECTS_SCHEMA, path)
    if problems:
        raise ProblemsError(problems)
    redirects, seen = [], {}
    for domain, entries in data.items():
        if domain not in domains:
            problems.append(Problem(path, data.lines[domain], say(
                "'%(domain)s' is not a domain of zones.yaml%(suggestion)s; the domains are: %(domains)s",
                domain=domain, suggestion=did_you_mean(domain, domains), domains=", ".join(domains))))
            continue
        for index, entry in enumerate(entries):
            line = entries.lines[index]
            if (domain, entry["from"]) in seen:
                problems.append(Problem(path, line, say("'%(old)s' is listed twice for %(domain)s (first on line "
                                                        "%(first)d); keep one", old=entry["from"], domain=domain,
                                                        first=seen[domain, entry["from"]])))
            seen[domain, entry["from"]] = line
            redirects.append(Redirect(domain, entry["from"], entry["to"], line))
    if problems:
        raise ProblemsError(problems)
    return redirects


def target_file(web_root: Path, new: str) -> Path:
    """Return the file a host serves for a path of the site (its index.html for a folder)."""
    path = web_root / new.lstrip("/")
    return path / "index.html" if new.endswith("/") else path


def dead_redirects(redirects: list[Redirect], web_root: Path, path: str) -> list[Problem]:
    """Return a problem for each redirect of this web root's site that leads to no file."""
    problems = []
    for redirect in redirects:
        if not target_file(web_root, redirect.new).is_file():
            pages = sorted(f"/{p.parent.relative_to(web_root).as_posix()}/" for p in web_root.rglob("index.html"))
            problems.append(Problem(path, redirect.line, say(
                "'%(new)s' is not a page of %(domain)s%(suggestion)s; write the address of an existing page",
                new=redirect.new, domain=redirect.domain, suggestion=did_you_mean(redirect.new, pages))))
        elif target_file(web_root, redirect.old).exists():
            problems.append(Problem(path, redirect.line, say(
                "'%(old)s' is an address of the new site too; remove this redirect or the page",
                old=redirect.old)))
    return problems
