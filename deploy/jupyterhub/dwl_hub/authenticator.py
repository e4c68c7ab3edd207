"""Sign in with a nickname and the workshop's session code: no account, no password.

A participant types a nickname (``Rosa``, ``José Luis``) and the session code the trainer
gives the room (``K7P-4QX``). The nickname becomes the JupyterHub user name (``rosa``,
``jose-luis``): signing in again with the same nickname, from any device, leads back to
the same server and labs. Which codes are valid is the code store's business
(:mod:`dwl_hub.codes`). Every message is translated (``?lang=es|en|id`` on the page, else
the trainer's default language) and names what to fix, next to the form.

The trainer signs in with the nickname in ``admin_users`` (``DWL_TRAINER_NAME``, default
``trainer``) and the trainer code (``DWL_TRAINER_CODE``), never with a session code, and gets
the hub's admin page (who is in, stop a server).
"""
from __future__ import annotations

import hmac
import os
import re
import unicodedata

from jupyterhub.auth import Authenticator
from jupyterhub.handlers.login import LoginHandler
from jupyterhub.utils import url_path_join
from traitlets import Bool, Integer, Type, Unicode, default

from modules.i18n import language_names, normalize_lang
from modules.sessions import MAX_NICKNAME, MSG_LONG_NICKNAME, MSG_NO_NICKNAME, MSG_UNKNOWN_SESSION

from .codes import AnyOf, CodeStore, canonical, lookup
from .i18n import N_, hub_translator

LANG_COOKIE = "dwl_lang"  # path "/": the gallery under /user/<nickname>/ reads it too
SESSION_COOKIE = "dwl_session"  # the workshop session the gallery passes on to every lab

MSG_BAD_NICKNAME = N_("A nickname can have letters, digits, - and _ only, and starts with a "
                      "letter or a digit.")
MSG_NO_CODE = N_("Please write the session code your trainer gave you.")
MSG_TRAINER_ONLY = N_("This nickname is kept for the trainer. Please choose another one.")
MSG_SIGN_IN_FAILED = N_("Signing in did not work. Please try again, or ask your trainer.")

# the language each participant chose on the sign-in page, for the hub's own pages
# ("your lab space is starting", "closed after a break"); a hub restart forgets it and those
# pages fall back to the trainer's default language
_participant_lang: dict[str, str] = {}


def participant_lang(user) -> str:
    """The language of the hub's pages for ``user`` (``None``: the sign-in page)."""
    return normalize_lang(_participant_lang.get(getattr(user, "name", None)))


def hub_t(user):
    """``c.JupyterHub.template_vars["dwl_t"]``: the hub templates' translator."""
    return hub_translator(participant_lang(user))


class NicknameError(ValueError):
    def __init__(self, msgid: str, **kwargs):
        super().__init__(msgid)
        self.msgid, self.kwargs = msgid, kwargs


def nickname_to_username(nickname: str, max_length: int = MAX_NICKNAME) -> str:
    """``"José Luis"`` -> ``"jose-luis"``: accents dropped, lower case, spaces as dashes.

    Raises :class:`NicknameError` (a msgid and its placeholders) for an empty or too long
    nickname, or one with other signs than letters, digits, ``-`` and ``_``."""
    text = " ".join(str(nickname or "").split())
    if not text:
        raise NicknameError(MSG_NO_NICKNAME, max=max_length)
    if len(text) > max_length:
        raise NicknameError(MSG_LONG_NICKNAME, max=max_length)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    name = plain.lower().replace(" ", "-")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise NicknameError(MSG_BAD_NICKNAME)
    return name


class SessionCodeLoginHandler(LoginHandler):
    """JupyterHub's sign-in page with our form and messages, in the participant's language."""

    @property
    def dwl_lang(self) -> str:
        return normalize_lang(self.get_argument("lang", None) or self.get_cookie(LANG_COOKIE))

    def _remember_lang(self) -> None:
        if self.get_argument("lang", None):
            self.set_cookie(LANG_COOKIE, self.dwl_lang, path="/", samesite="Lax",
                            expires_days=30)

    def append_query_parameters(self, url, exclude=None):
        # ?lang= is for this page only: not an option of the participant's server
        return super().append_query_parameters(url, exclude=[*(exclude or ["next"]), "lang"])

    def get_next_url(self, user=None, default=None):
        # the trainer lands on the admin page (who is in), not on a server of their own
        if user is not None and user.admin and not self.get_argument("next", ""):
            return url_path_join(self.hub.base_url, "admin")
        return super().get_next_url(user, default)

    async def get(self):
        self._remember_lang()
        return await super().get()

    async def post(self):
        self._remember_lang()
        return await super().post()

    def _render(self, login_error=None, username=None, **kwargs):
        t = hub_translator(self.dwl_lang)
        if login_error:
            login_error = getattr(self, "dwl_error", None) or t(MSG_SIGN_IN_FAILED)
        typed_nickname = self.get_argument("username", default="", strip=True)
        context = {
            "lang": t.lang,
            "languages": language_names(),
            "heading": t("Join the workshop"),
            "nickname": t("Nickname"),
            "nickname_hint": t("The name your trainer will see. Use the same one to come back "
                               "to your labs."),
            "code": t("Session code"),
            "code_hint": t("The code your trainer gives the room, like K7P-4QX."),
            "code_value": self.get_argument("password", default="") if login_error else "",
            "error_field": getattr(self, "dwl_error_field", "") if login_error else "",
            "submit": t("Enter"),
            "language_label": t("Language"),
            "max_nickname": self.authenticator.max_nickname,
        }
        return super()._render(login_error=login_error, username=typed_nickname or username,
                               dwl=context, dwl_t=t, **kwargs)


class SessionCodeAuthenticator(Authenticator):
    """Nickname + session code (see the module's docstring)."""

    code_store_class = Type(
        AnyOf,
        klass=CodeStore,
        help="Where valid session codes come from (a dwl_hub.codes.CodeStore subclass).",
    ).tag(config=True)

    trainer_code = Unicode(
        help="The code with which the trainer (a nickname in admin_users) signs in. "
             "Default: $DWL_TRAINER_CODE. Empty: the trainer cannot sign in.",
    ).tag(config=True)

    @default("trainer_code")
    def _default_trainer_code(self) -> str:
        return os.environ.get("DWL_TRAINER_CODE", "")

    max_nickname = Integer(MAX_NICKNAME, help="Longest nickname, in characters.").tag(config=True)

    sessions_as_groups = Bool(
        True,
        help="Put each participant in the hub group 'session-<code>' of the session they "
             "joined (the admin page then lists the room by session).",
    ).tag(config=True)

    @default("allow_all")
    def _default_allow_all(self) -> bool:
        # the session code is the way in: whoever has it may join
        return True

    @default("manage_groups")
    def _default_manage_groups(self) -> bool:
        return self.sessions_as_groups

    @default("admin_users")
    def _default_admin_users(self) -> set[str]:
        return {nickname_to_username(os.environ.get("DWL_TRAINER_NAME", "trainer"))}

    @property
    def code_store(self) -> CodeStore:
        if getattr(self, "_code_store", None) is None:
            self._code_store = self.code_store_class(parent=self)
        return self._code_store

    def normalize_username(self, username: str) -> str:
        try:
            return nickname_to_username(username, self.max_nickname)
        except NicknameError:
            return super().normalize_username(username)

    def get_handlers(self, app):
        return [("/login", SessionCodeLoginHandler)]

    async def authenticate(self, handler, data):
        lang = normalize_lang(getattr(handler, "dwl_lang", None))
        t = hub_translator(lang)

        def refuse(msgid: str, field: str = "code", **kwargs):
            handler.dwl_error, handler.dwl_error_field = t(msgid, **kwargs), field
            self.log.info("sign-in refused: %s", msgid)  # neither the nickname nor the code
            return None

        try:
            name = nickname_to_username(data.get("username", ""), self.max_nickname)
        except NicknameError as e:
            return refuse(e.msgid, "nickname", **e.kwargs)
        code = str(data.get("password") or "").strip()
        if not canonical(code):
            return refuse(MSG_NO_CODE)
        if name in self.admin_users:
            if self.trainer_code and hmac.compare_digest(
                canonical(code).encode(), canonical(self.trainer_code).encode()
            ):
                _participant_lang[name] = lang
                return {"name": name, "admin": True, "groups": []}
            return refuse(MSG_TRAINER_ONLY, "nickname")
        try:
            session, workshop = await lookup(self.code_store, code)
        except Exception:  # a store that fails (file, database): the log gets the details
            self.log.exception("the session code store failed")
            return refuse(MSG_SIGN_IN_FAILED)
        if not session:
            return refuse(MSG_UNKNOWN_SESSION, code=code)
        _participant_lang[name] = lang
        if workshop:  # the gallery opens every lab inside this workshop session
            handler.set_cookie(SESSION_COOKIE, session, path="/", samesite="Lax", expires_days=2)
        else:
            handler.clear_cookie(SESSION_COOKIE, path="/")
        self.log.info("participant %s joined session %s", name, session)
        return {"name": name, "groups": [f"session-{canonical(session)}"]}
