"""Where the valid session codes come from.

A *code store* answers one question: which workshop session does this code open?
``session_for(code) -> str | None`` returns the session's canonical code (``None``: no such
session). The authenticator asks its store at every sign-in, so a trainer can add or
withdraw a code while the hub runs.

- :class:`TrainerCodes` — the codes the trainer lists: ``c.TrainerCodes.codes``, the
  environment variable ``DWL_SESSION_CODES`` (comma-separated) and the file
  ``DWL_SESSION_CODES_FILE`` (one code per line, ``#`` comments; default
  ``deploy/jupyterhub/session_codes.txt``), re-read at every sign-in.
- :class:`WorkshopSessionCodes` — the codes of the workshop sessions a trainer opened with
  ``modules.sessions.Workshop`` (saved in the project's SQLite store).
- :class:`AnyOf` (the default) — a code is valid when one of the stores above knows it.

Your own store: a :class:`CodeStore` subclass with ``session_for`` (it may be ``async``),
then ``c.SessionCodeAuthenticator.code_store_class = "mypackage.MyCodes"``.
"""
from __future__ import annotations

import hmac
import inspect
import os
import re
from pathlib import Path

from traitlets import List, Unicode, default
from traitlets.config import LoggingConfigurable

from modules.codes import normalize_code

from . import DEPLOY_DIR


def canonical(code: str) -> str:
    """How codes are compared: case, spaces, dashes, dots and underscores do not matter
    (``" k7p 4qx"`` and ``"K7P-4QX"`` are the same code)."""
    return re.sub(r"[\s\-_.]", "", str(code or "")).upper()


class CodeStore(LoggingConfigurable):
    """Base class of code stores."""

    #: the codes are those of ``modules.sessions`` workshop sessions: the participant's labs
    #: get the code (the gallery's ``?session=``) and open inside the session
    workshop_sessions = False

    def session_for(self, code: str) -> str | None:  # may also be ``async def``
        raise NotImplementedError


class TrainerCodes(CodeStore):
    """The codes a trainer lists in the hub's configuration, environment or file."""

    codes = List(
        Unicode(),
        help="Session codes that open the hub (besides $DWL_SESSION_CODES and the codes file).",
    ).tag(config=True)

    codes_file = Unicode(
        help="A file with one session code per line ('#' starts a comment). Re-read at every "
             "sign-in. Default: $DWL_SESSION_CODES_FILE, else deploy/jupyterhub/session_codes.txt.",
    ).tag(config=True)

    @default("codes_file")
    def _default_codes_file(self) -> str:
        return os.environ.get("DWL_SESSION_CODES_FILE") or str(DEPLOY_DIR / "session_codes.txt")

    def _listed(self) -> list[str]:
        listed = list(self.codes)
        listed += os.environ.get("DWL_SESSION_CODES", "").split(",")
        path = Path(self.codes_file) if self.codes_file else None
        if path is not None and path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                listed.append(line.split("#", 1)[0])
        return [code.strip() for code in listed if canonical(code)]

    def session_for(self, code: str) -> str | None:
        typed = canonical(code)
        if not typed:
            return None
        found = None
        for listed in self._listed():
            # compare every code in constant time (a wrong code says nothing of the right ones)
            if hmac.compare_digest(canonical(listed).encode(), typed.encode()):
                found = listed
        return (normalize_code(found) or found) if found else None

    def count(self) -> int:
        return len(self._listed())


class WorkshopSessionCodes(CodeStore):
    """The participant codes of the workshop sessions in the project's store
    (``modules.sessions.Workshop``; SQLite file named in ``decent_work_lab.yaml``)."""

    workshop_sessions = True

    def session_for(self, code: str) -> str | None:
        normal = normalize_code(code)
        if normal is None:
            return None
        from modules.sessions import Workshop  # imported when first needed (pandas)

        try:
            return Workshop().session(normal).code
        except ValueError:  # SessionError: no such session
            return None


class AnyOf(CodeStore):
    """A code is valid when one of ``store_classes`` knows it (the first that does wins)."""

    store_classes = List(
        default_value=[TrainerCodes, WorkshopSessionCodes],
        help="Code stores asked in turn (classes or import strings).",
    ).tag(config=True)

    def _stores(self) -> list[CodeStore]:
        if not hasattr(self, "_instances"):
            from traitlets import import_item

            self._instances = [
                (import_item(cls) if isinstance(cls, str) else cls)(parent=self)
                for cls in self.store_classes
            ]
        return self._instances

    async def session_for(self, code: str) -> str | None:
        for store in self._stores():
            found = store.session_for(code)
            if inspect.isawaitable(found):
                found = await found
            if found:
                return found
        return None


async def lookup(store: CodeStore, code: str) -> tuple[str | None, bool]:
    """``(session, is a workshop session)`` for ``code`` (``(None, False)``: no session);
    through an :class:`AnyOf`, the store that knew the code says which it is."""
    stores = store._stores() if isinstance(store, AnyOf) else [store]
    for one in stores:
        found = one.session_for(code)
        if inspect.isawaitable(found):
            found = await found
        if found:
            return found, one.workshop_sessions
    return None, False
