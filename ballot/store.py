"""The ballot database: SQLite by default (one file), any database SQLAlchemy reaches by URL.

What it holds, and nothing else:
  ballots   one row per ballot ("zone/gallery"): its secret while it is open, when it was closed
  votes     one row per vote: the photo, and while the ballot is open the browser's key
  networks  while the ballot is open: how many votes each connection's key has cast
  service   the key that signs the forms' tokens

A browser key is HMAC(secret of the ballot, the random value of the browser's cookie); a network key
is HMAC(secret of the ballot, the network prefix of the visitor's address). No address, cookie value,
time of a vote or anything else about a visitor is written. When a ballot closes, its secret is
deleted, its network keys too, and the browser keys of its votes are blanked: what remains is a photo
per vote.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import datetime as dt
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS ballots (id VARCHAR(200) PRIMARY KEY, secret VARCHAR(100), closed_at VARCHAR(40))",
    "CREATE TABLE IF NOT EXISTS votes (ballot VARCHAR(200) NOT NULL, photo VARCHAR(200) NOT NULL,"
    " browser VARCHAR(100), UNIQUE (ballot, browser))",
    "CREATE TABLE IF NOT EXISTS networks (ballot VARCHAR(200) NOT NULL, network VARCHAR(100) NOT NULL,"
    " votes INTEGER NOT NULL, PRIMARY KEY (ballot, network))",
    "CREATE TABLE IF NOT EXISTS service (name VARCHAR(100) PRIMARY KEY, value VARCHAR(200) NOT NULL)",
]
COUNTED, SAME_BROWSER, SAME_NETWORK, CLOSED = "counted", "same browser", "same network", "closed"


def keyed(secret: str, kind: str, value: str) -> str:
    """Return the keyed hash of a value: the same value gives the same key only with the same secret."""
    return hmac.new(bytes.fromhex(secret), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class Store:
    """The database of every ballot; safe to use from several threads at once."""

    def __init__(self, url: str):
        parsed = make_url(url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        if self.sqlite and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        options = {"connect_args": {"timeout": 30, "check_same_thread": False}} if self.sqlite else {}
        self.engine = create_engine(url, **options)
        if self.sqlite:
            @event.listens_for(self.engine, "connect")
            def _connect(connection, _record):
                connection.isolation_level = None  # transactions are begun below, as IMMEDIATE
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=FULL")  # a counted vote survives a power cut
                connection.execute("PRAGMA secure_delete=ON")  # a deleted secret is overwritten in the file

            @event.listens_for(self.engine, "begin")
            def _begin(connection):
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # one writer at a time, waiting its turn
        with self.engine.begin() as db:
            for statement in SCHEMA:
                db.execute(text(statement))

    def service_key(self, name: str) -> str:
        """Return a random key of the service, made on first use and kept in the database."""
        with self.engine.begin() as db:
            db.execute(text("INSERT INTO service (name, value) VALUES (:name, :value) ON CONFLICT DO NOTHING"),
                       {"name": name, "value": secrets.token_hex(32)})
            return db.execute(text("SELECT value FROM service WHERE name = :name"), {"name": name}).scalar_one()

    def secret(self, ballot: str) -> str | None:
        """Return the secret of an open ballot (made on first use), or None once it has been closed."""
        with self.engine.begin() as db:
            db.execute(text("INSERT INTO ballots (id, secret) VALUES (:id, :secret) ON CONFLICT DO NOTHING"),
                       {"id": ballot, "secret": secrets.token_hex(32)})
            return db.execute(text("SELECT secret FROM ballots WHERE id = :id"), {"id": ballot}).scalar_one()

    def is_closed(self, ballot: str) -> bool:
        with self.engine.connect() as db:
            return db.execute(text("SELECT closed_at FROM ballots WHERE id = :id"),
                              {"id": ballot}).scalar() is not None

    def cast(self, ballot: str, photo: str, browser: str, network: str, per_network: int) -> str:
        """Count a vote unless this browser already voted, or its connection cast per_network votes;
        return COUNTED, SAME_BROWSER, SAME_NETWORK or CLOSED."""
        try:
            with self.engine.begin() as db:
                secret = db.execute(text("SELECT secret FROM ballots WHERE id = :id"), {"id": ballot}).scalar()
                if secret is None:
                    return CLOSED
                browser_key, network_key = keyed(secret, "browser", browser), keyed(secret, "network", network)
                if db.execute(text("SELECT 1 FROM votes WHERE ballot = :b AND browser = :k"),
                              {"b": ballot, "k": browser_key}).first():
                    return SAME_BROWSER
                counted = db.execute(text(
                    "INSERT INTO networks (ballot, network, votes) VALUES (:b, :n, 1) ON CONFLICT (ballot, network) "
                    "DO UPDATE SET votes = networks.votes + 1 WHERE networks.votes < :most"),
                    {"b": ballot, "n": network_key, "most": per_network}).rowcount
                if not counted:
                    return SAME_NETWORK
                db.execute(text("INSERT INTO votes (ballot, photo, browser) VALUES (:b, :p, :k)"),
                           {"b": ballot, "p": photo, "k": browser_key})
                return COUNTED
        except IntegrityError:  # the same browser, at the same moment (a server database): undone, not counted
            return SAME_BROWSER

    def close(self, ballot: str) -> None:
        """Close a ballot for good: destroy its secret and every key; the votes keep their photo only."""
        with self.engine.begin() as db:
            db.execute(text("INSERT INTO ballots (id) VALUES (:id) ON CONFLICT DO NOTHING"), {"id": ballot})
            already = db.execute(text("SELECT closed_at FROM ballots WHERE id = :id"), {"id": ballot}).scalar()
            db.execute(text("UPDATE ballots SET secret = NULL, closed_at = :at WHERE id = :id"),
                       {"id": ballot, "at": already or dt.datetime.now(dt.UTC).date().isoformat()})
            db.execute(text("DELETE FROM networks WHERE ballot = :id"), {"id": ballot})
            db.execute(text("UPDATE votes SET browser = NULL WHERE ballot = :id"), {"id": ballot})
        if self.sqlite:  # no old copy of the secret left in the write-ahead log (best effort: retried at each close)
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:
                pass
            finally:
                raw.close()

    def counts(self, ballot: str) -> dict[str, int]:
        """Return {photo file: votes} of a ballot."""
        with self.engine.connect() as db:
            rows = db.execute(text("SELECT photo, COUNT(*) FROM votes WHERE ballot = :id GROUP BY photo"),
                              {"id": ballot})
            return {photo: count for photo, count in rows}

    def dispose(self) -> None:
        self.engine.dispose()
