"""The lab gallery: which labs exist, and their titles and descriptions in each language.

The list is data (``labs/gallery.yaml``); titles and descriptions are English msgids
translated through the ``labserver`` catalog, like every other participant-facing string.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from modules.config import PROJECT_ROOT
from modules.i18n import translator

GALLERY_FILE = PROJECT_ROOT / "labs" / "gallery.yaml"


@dataclass(frozen=True)
class LabEntry:
    notebook: str
    title: str
    description: str
    languages: tuple[str, ...]
    country: str


def load_gallery(path: Path = GALLERY_FILE) -> list[LabEntry]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    entries = []
    for item in data.get("labs", []):
        notebook = item["notebook"]
        if not (path.parent / notebook).exists():
            raise FileNotFoundError(f"{path}: lab notebook {notebook!r} does not exist")
        entries.append(
            LabEntry(
                notebook=notebook,
                title=item["title"],
                description=item["description"],
                languages=tuple(item.get("languages", ["es", "en"])),
                country=item.get("country", ""),
            )
        )
    return entries


def gallery_context(lang: str | None, session: str | None = None) -> dict:
    """Everything the gallery page shows, translated into ``lang``. ``session``: a workshop
    session code from the address (``/?session=K7P-4QX``), passed on to every lab so that
    participants find it filled in."""
    from modules.codes import normalize_code

    t = translator(lang)
    code = normalize_code(session) if session else None
    extra = f"&session={code}" if code else ""
    labs = []
    for entry in load_gallery():
        lab_lang = t.lang if t.lang in entry.languages else entry.languages[0]
        labs.append(
            {
                "title": t(entry.title),
                "description": t(entry.description),
                "url": f"voila/render/{entry.notebook}?lang={lab_lang}{extra}",
                "country": entry.country,
                "languages": entry.languages,
            }
        )
    return {
        "lang": t.lang,
        "title": t("Decent Work Lab"),
        "subtitle": t("Interactive labs for decent-work workshops"),
        "choose": t("Choose a lab"),
        "open": t("Open the lab"),
        "language_label": t("Language"),
        "simulation_note": t(
            "Training simulation with synthetic case studies: check figures against the "
            "current law before using them in a real payroll."
        ),
        "labs": labs,
        "session": code or "",
        "session_note": t("Workshop session {code}: each lab opens with it filled in.", code=code) if code else "",
        "trainer_title": t("For trainers"),
        "trainer_link": t("Trainer's toolkit: sessions, local figures, the room's results, facilitator guides"),
        "trainer_url": f"voila/render/trainer.ipynb?lang={t.lang}",
    }


def loading_messages() -> dict[str, dict[str, str]]:
    """The loading screen's text in every language (served as /dwl/i18n.js)."""
    from modules.i18n import LANGUAGES

    out = {}
    for code in LANGUAGES:
        t = translator(code)
        out[code] = {
            "loading": t("Preparing your lab…"),
            "loading_hint": t("This can take a few seconds. Please keep this page open."),
        }
    return out
