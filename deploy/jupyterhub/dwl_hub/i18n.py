"""Translations of the hub's own pages (sign-in, "your lab space is starting", "closed
after a break").

The hub's texts are English msgids in ``locale/<lang>/LC_MESSAGES/hub.po`` beside this
package, read with Babel like the project's catalogs; any msgid not found there comes from
the project's catalogs (``modules/locale``), so shared texts ("Decent Work Lab",
"Language", the sessions' messages about codes and nicknames) keep their one translation.
The catalogs could move to ``modules/locale/<lang>/LC_MESSAGES/hub.po``; then
:func:`hub_translator` is just ``modules.i18n.translator``.
"""
from __future__ import annotations

from functools import lru_cache

from babel.messages.pofile import read_po

from modules.i18n import N_, normalize_lang, translator

from . import DEPLOY_DIR

LOCALE_DIR = DEPLOY_DIR / "locale"
DOMAIN = "hub"

__all__ = ["N_", "HubTranslator", "hub_translator", "hub_catalog", "LOCALE_DIR"]


@lru_cache(maxsize=None)
def hub_catalog(lang: str) -> dict[str, str]:
    """``{msgid: translation}`` of ``hub.po`` for ``lang`` (empty for English, the source)."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


class HubTranslator:
    """``t = hub_translator("es"); t("Session code")`` — the hub's catalog first, then the
    project's translator for ``lang`` (same placeholders: ``t(msgid, code="K7P-4QX")``)."""

    def __init__(self, lang: str | None):
        self.project = translator(lang)
        self.lang = self.project.lang
        self._own = hub_catalog(self.lang)

    def __call__(self, msgid: str, **kwargs) -> str:
        if msgid in self._own:
            text = self._own[msgid]
            return text.format(**kwargs) if kwargs else text
        return self.project(msgid, **kwargs)

    gettext = __call__


@lru_cache(maxsize=None)
def hub_translator(lang: str | None = None) -> HubTranslator:
    return HubTranslator(normalize_lang(lang))
