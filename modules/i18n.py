"""Translations (gettext catalogs read with Babel) and locale formats.

Catalogs live in ``modules/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per part of
the project (``register``, ``payroll``, ``payslips``, ``widgets``, ``labserver``...). Source
strings (msgids) are English; a language's domains are merged into one catalog. The ``.po``
files are compiled when first used, so a translator's edit needs no build step; the compiled
catalog is kept in ``modules/locale/__pycache__/`` (named after the ``.po`` files' content)
so that every other kernel reads it at once instead of parsing the ``.po`` files again.

Numbers, money and dates are formatted with Babel for the participant's locale.
"""
from __future__ import annotations

import gettext as _gettext
import hashlib
import io
import os
import tempfile
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from .config import SUPPORTED_LANGUAGES, settings

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: compiled catalogs (derived files, like Python's bytecode next to the sources)
CATALOG_CACHE_DIR = LOCALE_DIR / "__pycache__"

#: language code -> (language name in that language, Babel locale for formats)
LANGUAGES: dict[str, tuple[str, str]] = {
    "es": ("Español", "es_PE"),
    "en": ("English", "en_US"),
    "id": ("Bahasa Indonesia", "id_ID"),
}
assert set(LANGUAGES) == set(SUPPORTED_LANGUAGES)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translated when shown)."""
    return message


def default_language() -> str:
    return settings().default_language


def normalize_lang(lang: str | None) -> str:
    """``None``/unknown -> the trainer's default; ``"es-PE"``, ``"ES"`` -> ``"es"``."""
    if not lang:
        return default_language()
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else default_language()


@lru_cache(maxsize=None)
def _translations(lang: str) -> _gettext.NullTranslations:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    files = sorted(folder.glob("*.po")) if folder.is_dir() else []
    if not files:
        return _gettext.NullTranslations()
    sources = [(po.name, po.read_bytes()) for po in files]
    digest = hashlib.sha256()
    for name, data in sources:
        digest.update(name.encode() + b"\0" + data + b"\0")
    cached = CATALOG_CACHE_DIR / f"{lang}-{digest.hexdigest()[:20]}.mo"
    try:
        data = cached.read_bytes()
    except OSError:
        data = _compile_catalog(lang, sources)
        _write_cache(cached, data)
    return _gettext.GNUTranslations(io.BytesIO(data))


def _compile_catalog(lang: str, sources: list[tuple[str, bytes]]) -> bytes:
    """The ``.mo`` of a language's ``.po`` files merged (the translated, non-fuzzy messages).

    Parsing the ``.po`` files takes a third of a second and leaves megabytes of freed memory
    behind, which is why the result is cached on disk (:func:`_translations`)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged = Catalog(locale=lang)
    for _name, data in sources:
        for message in read_po(io.BytesIO(data), locale=lang):
            if message.id and message.string and not message.fuzzy:
                merged[message.id] = message
    buf = io.BytesIO()
    write_mo(buf, merged)
    return buf.getvalue()


def _write_cache(path: Path, data: bytes) -> None:
    """Write a compiled catalog atomically (kernels starting together may all write it); a
    read-only installation just compiles in every process."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        lang = path.stem.split("-")[0]
        for old in path.parent.glob(f"{lang}-*.mo"):  # compiled from .po files since edited
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


class Translator:
    """Callable translator bound to one language: ``t = translator("es"); t("Net pay")``."""

    def __init__(self, lang: str | None = None):
        self.lang = normalize_lang(lang)
        self.locale = LANGUAGES[self.lang][1]
        self._t = _translations(self.lang)

    def gettext(self, message: str, **kwargs) -> str:
        text = self._t.gettext(message)
        return text.format(**kwargs) if kwargs else text

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int, **kwargs) -> str:
        text = self._t.ngettext(singular, plural, n)
        return text.format(n=n, **kwargs)

    # formats -------------------------------------------------------------------------
    def money(self, amount: float, currency: str = "PEN") -> str:
        return format_money(amount, self.lang, currency)

    def number(self, value: float, decimals: int | None = None) -> str:
        return format_number(value, self.lang, decimals)

    def date(self, value, fmt: str = "medium") -> str:
        return format_date(value, self.lang, fmt)

    def period(self, period: str) -> str:
        return format_period(period, self.lang)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Translator({self.lang!r})"


@lru_cache(maxsize=None)
def translator(lang: str | None = None) -> Translator:
    return Translator(lang)


def gettext(message: str, lang: str | None = None, **kwargs) -> str:
    return translator(normalize_lang(lang)).gettext(message, **kwargs)


def language_names() -> dict[str, str]:
    return {code: name for code, (name, _) in LANGUAGES.items()}


#: where a currency is at home: its symbol there is the one participants know ("S/", "Rp")
#: currencies written without decimals (wages and prices are whole rupiah)
_WHOLE_UNITS = {"IDR"}
_HOME_LOCALE = {"PEN": "es_PE", "IDR": "id_ID"}


def format_money(amount: float, lang: str | None = None, currency: str = "PEN") -> str:
    """``S/ 1,130.00`` (es and en), ``Rp5.396.761`` (id) via Babel/CLDR. Rupiah are written
    in whole units, as prices and wages are in Indonesia (CLDR keeps two decimals).

    When the participant's locale has no symbol of its own for the currency (CLDR's en_US
    writes "PEN1,130.00"), the home country's symbol is used with the participant's digits.
    """
    locale = LANGUAGES[normalize_lang(lang)][1]
    whole = currency in _WHOLE_UNITS
    if whole:
        amount = round(float(amount))
    if get_currency_symbol(currency, locale) == currency and currency in _HOME_LOCALE:
        symbol = get_currency_symbol(currency, _HOME_LOCALE[currency])
        digits = format_decimal(abs(amount), format="#,##0" if whole else "#,##0.00", locale=locale)
        return f"{'-' if amount < 0 else ''}{symbol}\xa0{digits}"
    if whole:
        return format_currency(amount, currency, locale=locale, format="¤#,##0;-¤#,##0",
                               currency_digits=False)
    return format_currency(amount, currency, locale=locale)


def format_number(value: float, lang: str | None = None, decimals: int | None = None) -> str:
    locale = LANGUAGES[normalize_lang(lang)][1]
    if decimals is None:
        return format_decimal(value, locale=locale)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def format_date(value, lang: str | None = None, fmt: str = "medium") -> str:
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, (pd.Timestamp, datetime)):
        value = value.date()
    locale = LANGUAGES[normalize_lang(lang)][1]
    return _babel_format_date(value, format=fmt, locale=locale)


def format_period(period: str, lang: str | None = None) -> str:
    """``"2025-07"`` -> ``"julio de 2025"`` / ``"July 2025"``."""
    year, month = (int(p) for p in str(period).split("-")[:2])
    locale = Locale.parse(LANGUAGES[normalize_lang(lang)][1])
    return _babel_format_date(date(year, month, 1), format="LLLL y", locale=locale).capitalize()
