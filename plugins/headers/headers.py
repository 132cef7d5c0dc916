"""Security headers for each site: a `_headers` file (read by common static hosts) and the same
headers as an nginx snippet (`_headers.nginx.conf`, to `include` in the site's server block).

Nothing on the sites comes from elsewhere and nothing runs inline, so the policy is strict:
everything from the site itself, no plugins, no framing, no form posting anywhere.

Settings:
  HEADERS_POLICY   {header name: value}, written as they are (defaults: POLICY)
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator

SETTING = "HEADERS_POLICY"
CSP = "; ".join([
    "default-src 'self'", "img-src 'self'", "style-src 'self'", "script-src 'self'", "font-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
    "form-action 'none'", "upgrade-insecure-requests",
])
POLICY = {
    "Content-Security-Policy": CSP,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",  # one year
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HOSTS_FILE = "_headers"
NGINX_FILE = "_headers.nginx.conf"


def hosts_file(policy: dict) -> str:
    """Return the `_headers` file: every header for every path."""
    return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in policy.items())


def nginx_snippet(policy: dict) -> str:
    """Return the same headers as nginx `add_header` lines."""
    lines = [f"add_header {name} \"{value}\" always;" for name, value in policy.items()]
    return "# Security headers of this site; include this file in its server block.\n" + "\n".join(lines) + "\n"


class HeadersGenerator(Generator):
    """Write the site's security headers next to its pages."""

    def generate_output(self, writer) -> None:
        policy = self.settings.get(SETTING) or POLICY
        Path(self.output_path, HOSTS_FILE).write_text(hosts_file(policy), encoding="utf-8")
        Path(self.output_path, NGINX_FILE).write_text(nginx_snippet(policy), encoding="utf-8")


def add_generator(pelican) -> type[Generator]:
    return HeadersGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
