"""The embedded store for saved work: one SQLite file (``store_path`` in the settings).

Documents are JSON values addressed by ``(namespace, key)``; the last write wins and every
document carries the time it was written. The file lives on the trainer's machine: it may
hold personal data a participant typed (it must, to rebuild pay slips), so it is never
logged and never served as a file.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from .config import settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    namespace  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (namespace, key)
)
"""


class Store:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else settings().store_path
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con, con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        # One short-lived connection per call: safe across kernels and threads.
        return sqlite3.connect(self.path, timeout=10)

    def save(self, namespace: str, key: str, value: Any) -> str:
        """Store ``value`` (JSON-serialisable); returns the UTC time it was written."""
        if not key or not str(key).strip():
            raise ValueError("a saved document needs a non-empty key")
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        payload = json.dumps(value, ensure_ascii=False, allow_nan=False)
        with closing(self._connect()) as con, con:
            con.execute(
                "INSERT INTO documents (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (namespace, str(key).strip(), payload, stamp),
            )
        return stamp

    def update(self, namespace: str, key: str, change: Callable[[Any], Any]) -> tuple[Any, str]:
        """Read-modify-write in one transaction: ``change(current or None)`` gives the new
        value. Concurrent updates of the same document from several kernels are serialised
        (SQLite ``BEGIN IMMEDIATE``), so none is lost between the read and the write.
        Returns ``(new value, time written)``."""
        if not key or not str(key).strip():
            raise ValueError("a saved document needs a non-empty key")
        key = str(key).strip()
        con = self._connect()
        con.isolation_level = None  # explicit transactions
        try:
            con.execute("BEGIN IMMEDIATE")
            row = con.execute("SELECT value FROM documents WHERE namespace = ? AND key = ?",
                              (namespace, key)).fetchone()
            value = change(json.loads(row[0]) if row else None)
            stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
            payload = json.dumps(value, ensure_ascii=False, allow_nan=False)
            con.execute(
                "INSERT INTO documents (namespace, key, value, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (namespace, key, payload, stamp),
            )
            con.execute("COMMIT")
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        return value, stamp

    def items(self, namespace: str, prefix: str = "") -> list[tuple[str, Any, str]]:
        """``[(key, value, updated_at), ...]`` of the documents whose key starts with
        ``prefix``, oldest written first."""
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT key, value, updated_at FROM documents WHERE namespace = ? "
                "AND key LIKE ? ESCAPE '\\' ORDER BY updated_at, key",
                (namespace, like),
            ).fetchall()
        return [(k, json.loads(v), u) for k, v, u in rows]

    def load(self, namespace: str, key: str, default: Any = None) -> Any:
        with closing(self._connect()) as con:
            row = con.execute(
                "SELECT value FROM documents WHERE namespace = ? AND key = ?", (namespace, key)
            ).fetchone()
        return json.loads(row[0]) if row else default

    def keys(self, namespace: str) -> list[tuple[str, str]]:
        """``[(key, updated_at), ...]``, most recently written first."""
        with closing(self._connect()) as con:
            rows = con.execute(
                "SELECT key, updated_at FROM documents WHERE namespace = ? "
                "ORDER BY updated_at DESC, key",
                (namespace,),
            ).fetchall()
        return [(k, u) for k, u in rows]

    def delete(self, namespace: str, key: str) -> bool:
        with closing(self._connect()) as con, con:
            cur = con.execute(
                "DELETE FROM documents WHERE namespace = ? AND key = ?", (namespace, key)
            )
        return cur.rowcount > 0
