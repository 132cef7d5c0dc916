"""The ballot service: a Starlette application answering under /vote/ on every zone's domain.

  POST /vote/<zone>/<gallery>/          the gallery page's form (photo, lang): "check your choice"
  GET  /vote/<zone>/<gallery>/<photo>/  the same for one photo (the QR codes of the posters)
  POST /vote/<zone>/<gallery>/confirm   the signed choice: counted once, thanked
  GET  /vote/<zone>/<gallery>/          back to the gallery page
  GET  /vote/health                     "ok" when the database answers (for monitoring)

Every page is plain HTML in the site's language and style, and works without JavaScript. What a
visitor is refused says why, in plain words, with a link back to the gallery. Counts are never shown.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import hmac
import secrets
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from babel import dates
from babel.messages.pofile import read_po
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from zonelib import hosting
from zonelib import typography
from zonelib.gallery import BRUSSELS, PAGE_URL, VOTE_URL
from zonelib.messages import compile_catalog

from . import config, network
from .store import CLOSED, COUNTED, SAME_BROWSER, SAME_NETWORK, Store

TEMPLATES = Path(__file__).parent / "templates"
COOKIE = "zone_vote"  # a random value per browser: "this browser has voted" once hashed with a ballot's secret
COOKIE_DAYS = 180
HONEYPOT = "website"  # a field people never see; robots fill it in
CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; object-src 'none'; "
       "base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SWEEP_SECONDS = 60  # how often closed ballots lose their secret, even if nobody asks


def now() -> dt.datetime:
    return dt.datetime.now(BRUSSELS)


class Pages:
    """The service's pages in every language, in the sites' own wording and catalogs."""

    def __init__(self, project: config.Project, settings: config.Settings):
        self.project, self.settings = project, settings
        self.envs = {}
        catalogs = config.ROOT / settings.catalogs  # the catalogs of this checkout, which has the templates
        for lang in project.zones.languages:
            locale = project.zones.data["languages"][lang]["locale"]
            with (catalogs / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
                translations = compile_catalog(read_po(handle), "messages")
            env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                     trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
            env.install_gettext_translations(translations, newstyle=True)
            typography.install(env)  # French typography, as on the sites' pages
            env.filters["format_date"] = partial(dates.format_date, locale=locale)
            env.filters["format_time"] = partial(dates.format_time, format="short", locale=locale)
            self.envs[lang] = env

    def site(self, zone: str, lang: str) -> str:
        return self.settings.site_url.format(domain=self.project.domain(zone, lang))

    def render(self, template: str, lang: str, zone: str | None, status: int = 200, **values) -> HTMLResponse:
        zones = self.project.zones
        zone = zone if zone in zones.ids else zones.ids[0]
        site = self.site(zone, lang)
        values = {"lang": lang, "site": site, "zone_name": zones.zone(zone)["name"][lang],
                  "organisation": zones.data["region"]["organisation"], **values}
        html = self.envs[lang].get_template(template).render(**values)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def language_of(request, project: config.Project, form=None) -> str:
    """The language of the site the visitor is on (its domain), else the one the form or link says."""
    found = project.site_of(request.headers.get("host", ""))
    if found:
        return found[1]
    asked = (form or {}).get("lang") or request.query_params.get("lang")
    return asked if asked in project.zones.languages else project.zones.languages[0]


def same_origin(request) -> bool:
    """True when a post comes from a page of the same site: the browser says so in Sec-Fetch-Site,
    or, for browsers that do not send it, the Origin is the site the post is addressed to."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("origin")
    return bool(origin) and urlsplit(origin).netloc == request.headers.get("host")


def create_app(settings: config.Settings | None = None) -> Starlette:
    """Return the application (uvicorn: `ballot.app:create_app --factory`, settings from BALLOT_…)."""
    settings = settings or config.from_environment()
    project = config.load(settings.project)
    store = Store(settings.database_url)
    pages = Pages(project, settings)
    signer = URLSafeTimedSerializer(store.service_key("token"), salt="ballot-choice")
    rate_key = secrets.token_bytes(32)  # rate counts are kept per hashed prefix, under a key of this run only
    limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_storage))
    per_network, everyone = parse_limit(settings.rate_per_network), parse_limit(settings.rate_global)
    trusted = network.trusted_networks(settings.trusted_proxies)

    def prefix(request) -> str | None:
        address = network.visitor_address(request.client.host if request.client else None,
                                          request.headers.get("x-forwarded-for"), trusted)
        return None if address is None else network.prefix_of(address, settings.ipv4_prefix, settings.ipv6_prefix)

    def ballot_of(request):
        return project.ballots.get((request.path_params["zone"], request.path_params["name"]))

    def gallery_url(ballot, lang: str, anchor: str = "") -> str:
        return pages.site(ballot.zone, lang) + PAGE_URL.format(name=ballot.name) + anchor

    def refuse(reason: str, status: int, request, lang: str, ballot=None, **values) -> HTMLResponse:
        zone = ballot.zone if ballot else request.path_params.get("zone")
        back = gallery_url(ballot, lang) if ballot else None
        return pages.render("refused.html", lang, zone, status, reason=reason, back=back, ballot=ballot,
                            title=ballot.title[lang] if ballot else None, **values)

    def closed_reason(ballot) -> str | None:
        state = ballot.state(now())
        if state == "open" and store.is_closed(ballot.key):
            state = "closed"
        if state == "closed":
            store.close(ballot.key)  # its secret is destroyed as soon as anyone knocks after the end
        return None if state == "open" else state

    def choice_page(request, lang: str, ballot, photo, cookie: str | None) -> Response:
        nonce = cookie or secrets.token_urlsafe(16)
        token = signer.dumps({"b": ballot.key, "p": photo.file, "n": nonce})
        response = pages.render("choice.html", lang, ballot.zone, ballot=ballot, photo=photo, token=token,
                                action=VOTE_URL.format(zone=ballot.zone, name=ballot.name) + "confirm",
                                title=ballot.title[lang], back=gallery_url(ballot, lang, "#how-to-vote"),
                                why=gallery_url(ballot, lang, "#one-vote-per-person"),
                                closes=ballot.window.last_moment, honeypot=HONEYPOT)
        if cookie != nonce:
            response.set_cookie(COOKIE, nonce, max_age=COOKIE_DAYS * 86400, path="/vote/", httponly=True,
                                samesite="lax", secure=settings.secure_cookie)
        return response

    async def choose(request) -> Response:
        """The gallery page's form: check the choice, then show it to be confirmed."""
        ballot = ballot_of(request)
        if request.method == "GET":
            lang = language_of(request, project)
            if ballot is None:
                return refuse("unknown", 404, request, lang)
            return RedirectResponse(gallery_url(ballot, lang, "#how-to-vote"), status_code=303)
        form = await request.form()
        lang = language_of(request, project, form)
        return await run_in_threadpool(choose_photo, request, lang, ballot, form.get("photo"), form)

    async def photo_link(request) -> Response:
        """A poster's QR code: the choice of one photo, to be confirmed."""
        lang = language_of(request, project)
        return await run_in_threadpool(choose_photo, request, lang, ballot_of(request),
                                       request.path_params["photo"], {})

    def refused(request, lang: str, ballot, form) -> Response | None:
        """Refuse what no ballot could accept: an unknown or closed ballot, a robot; else None."""
        if ballot is None:
            return refuse("unknown", 404, request, lang)
        if form.get(HONEYPOT):
            return refuse("robot", 400, request, lang, ballot)
        if reason := closed_reason(ballot):
            return refuse(reason, 403, request, lang, ballot, opens=ballot.window.opens,
                          closes=ballot.window.last_moment)
        return None

    def choose_photo(request, lang: str, ballot, wanted, form) -> Response:
        if answer := refused(request, lang, ballot, form):
            return answer
        if not wanted:
            return refuse("no choice", 400, request, lang, ballot)
        photo = ballot.photo(str(wanted))
        if photo is None:
            return refuse("unknown photo", 404, request, lang, ballot)
        return choice_page(request, lang, ballot, photo, request.cookies.get(COOKIE))

    async def confirm(request) -> Response:
        form = await request.form()
        return await run_in_threadpool(count, request, language_of(request, project, form), ballot_of(request), form)

    def count(request, lang: str, ballot, form) -> Response:
        if answer := refused(request, lang, ballot, form):
            return answer
        try:
            choice = signer.loads(form.get("token", ""), max_age=settings.token_minutes * 60)
        except SignatureExpired:
            return refuse("expired", 400, request, lang, ballot, minutes=settings.token_minutes)
        except BadSignature:
            return refuse("bad token", 400, request, lang, ballot)
        cookie = request.cookies.get(COOKIE)
        if not cookie:
            return refuse("no cookie", 400, request, lang, ballot)
        if not isinstance(choice, dict) or choice.get("b") != ballot.key or not hmac.compare_digest(
                str(choice.get("n")), cookie) or ballot.photo(str(choice.get("p"))) is None:
            return refuse("bad token", 400, request, lang, ballot)
        where = prefix(request)
        if where is None:
            return refuse("bad token", 400, request, lang, ballot)
        store.secret(ballot.key)
        photo = ballot.photo(choice["p"])
        result = store.cast(ballot.key, photo.file, cookie, where, ballot.window.per_network)
        if result == COUNTED:
            return pages.render("thanks.html", lang, ballot.zone, ballot=ballot, photo=photo, title=ballot.title[lang],
                                back=gallery_url(ballot, lang), closes=ballot.window.last_moment)
        if result == CLOSED:
            return refuse("closed", 403, request, lang, ballot, closes=ballot.window.last_moment)
        return refuse({SAME_BROWSER: "same browser", SAME_NETWORK: "same network"}[result], 409, request, lang,
                      ballot, per_network=ballot.window.per_network, why=gallery_url(ballot, lang,
                                                                                     "#one-vote-per-person"))

    async def health(request) -> Response:
        await run_in_threadpool(store.is_closed, "-")
        return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})

    routes = [
        Route("/vote/health", health),
        Route("/vote/{zone}/{name}/", choose, methods=["GET", "POST"]),
        Route("/vote/{zone}/{name}/confirm", confirm, methods=["POST"]),
        Route("/vote/{zone}/{name}/{photo}/", photo_link),
    ]
    if settings.preview:
        routes.append(Mount("/", app=PreviewFiles(directory=settings.preview, html=True)))

    async def sweep() -> None:
        """Close the ballots whose time is over, destroying their secrets, once a minute."""
        while True:
            for ballot in project.ballots.values():
                if ballot.state(now()) == "closed":
                    await run_in_threadpool(store.close, ballot.key)
            await asyncio.sleep(SWEEP_SECONDS)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(sweep())
        try:
            yield
        finally:
            task.cancel()
            store.dispose()

    async def guard(request, call_next):
        """Rate limits and the cross-site check come before anything else; every answer gets the policy."""
        if request.url.path.startswith("/vote/") and request.url.path != "/vote/health":
            where = prefix(request) or "unknown"
            hashed = hmac.new(rate_key, where.encode(), hashlib.sha256).hexdigest()
            lang = language_of(request, project)
            if not limiter.hit(per_network, "network", hashed) or not limiter.hit(everyone, "everyone"):
                response = refuse("busy", 429, request, lang, ballot=None)
                response.headers["Retry-After"] = "60"
                return secured(response)
            if request.method == "POST" and not same_origin(request):
                return secured(refuse("cross-site", 403, request, lang))
        return secured(await call_next(request))

    def secured(response: Response) -> Response:
        if "content-security-policy" not in response.headers:
            response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])
    app.state.store, app.state.project = store, project
    return app


class PreviewFiles(StaticFiles):
    """The built preview sites (make vote), each with the headers of its host configuration
    (hosts/<domain>/_headers beside the web roots), so that one local server shows the gallery pages
    and answers their forms."""

    async def get_response(self, path: str, scope) -> Response:
        response = await super().get_response(path, scope)
        headers = Path(self.directory) / "hosts" / path.split("/", 1)[0] / "_headers"
        if headers.is_file():
            for name, value in hosting.read_headers_file(headers.read_text("utf-8")):
                response.headers[name] = value
        return response
