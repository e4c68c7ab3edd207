"""Facilitator guides of the labs: one YAML file per lab in ``datasets/guides/<lab>.yaml``.

A guide is what a trainer reads before running a lab with a room: audience, duration and a
timed agenda, learning objectives, the story of the case study, notes for each step (tab) of
the lab, discussion questions, the results participants should find with the default case
study, common difficulties and what to adapt to the local context. Texts are written in every
language of the lab (``{en: ..., es: ..., id: ...}``); a text missing in a language falls back
to English, field by field.

    from modules.guides import load_guide, guide_html, guide_pdf
    guide = load_guide("payroll_digital", "es")
    guide_html(guide)       # escaped, semantic HTML for the trainer view (a W.HTML)
    guide_pdf(guide)        # A4 PDF bytes (fpdf2, imported on first use)

The expected results are computed with the models' API by ``datasets/guides/
expected_results.py`` and written into the YAML files; ``tests/test_guides.py`` checks that
they still equal what the models give.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .config import PROJECT_ROOT
from .i18n import N_, Translator, normalize_lang, translator

GUIDES_DIR = PROJECT_ROOT / "datasets" / "guides"

MSG_UNKNOWN_LAB = N_('There is no facilitator guide for the lab "{lab}". Available: {available}.')

# headings and labels (English msgids, translated in the ``guides`` domain)
H_GUIDE = N_("Facilitator guide")
H_AUDIENCE = N_("Audience")
H_DURATION = N_("Duration")
H_CASE = N_("Case study")
H_AGENDA = N_("Agenda")
H_OBJECTIVES = N_("Learning objectives")
H_STORY = N_("The case study's story")
H_STEPS = N_("Step by step")
H_DISCUSSION = N_("Discussion questions")
H_EXPECTED = N_("Expected results")
H_DIFFICULTIES = N_("Common difficulties")
H_ADAPTATION = N_("Adapting to the local context")
COL_TIME = N_("Time")
COL_MINUTES = N_("Minutes")
COL_ACTIVITY = N_("Activity")
COL_FIGURE = N_("Figure")
COL_VALUE = N_("Value")
COL_SOURCE = N_("Source")
T_MINUTES = N_("{minutes} min")
T_ILLUSTRATIVE = N_("Illustrative")
T_ILLUSTRATIVE_NOTE = N_("Figures marked illustrative rest on example inputs: they change as "
                         "soon as the participants type their own.")
T_NOT_COMPUTED = N_("not computed yet")
T_PAGE = N_("Page {page} of {pages}")
FILE_STEM = N_("facilitator_guide")


class GuideError(KeyError, ValueError):
    """Unknown lab or unreadable guide (message translated)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class AgendaItem:
    start: int  #: minutes from the start of the session
    minutes: int
    activity: str

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class StepNote:
    step: str  #: the lab's tab, as the participants see it
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ExpectedResult:
    key: str
    label: str
    value: float | None  #: ``None`` when not computed yet
    unit: str  #: PEN, IDR, pct, count, month, number
    text: str  #: the value formatted for the language
    where: str = ""  #: where the participants read it in the lab
    source: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class Adaptation:
    parameter: str
    text: str


@dataclass
class Guide:
    """A facilitator guide in one language (``lang``); ``languages`` are the lab's."""

    lab: str
    lang: str
    languages: tuple[str, ...]
    country: str
    modules: tuple[str, ...]
    case_study: str
    title: str
    audience: str
    duration: int  #: minutes
    agenda: list[AgendaItem]
    objectives: list[str]
    story: list[str]
    steps: list[StepNote]
    discussion: list[str]
    expected_note: str
    expected_results: list[ExpectedResult]
    difficulties: list[str]
    adaptation: list[Adaptation]
    other_cases: tuple[str, ...] = field(default_factory=tuple)
    case_title: str = ""  #: the case study's title in ``lang`` (its id when not found)

    @property
    def t(self) -> Translator:
        return translator(self.lang)

    def expected(self, key: str) -> ExpectedResult:
        for item in self.expected_results:
            if item.key == key:
                return item
        raise KeyError(key)


# --------------------------------------------------------------------------------------
# reading
# --------------------------------------------------------------------------------------
def guide_path(lab: str) -> Path:
    return GUIDES_DIR / f"{lab}.yaml"


def available_guides() -> list[str]:
    """Lab ids that have a guide (``datasets/guides/*.yaml``), sorted."""
    return sorted(p.stem for p in GUIDES_DIR.glob("*.yaml"))


@lru_cache(maxsize=16)
def _read_cached(path: str, mtime: float) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def read_guide_data(lab: str, lang: str | None = None) -> dict:
    """The parsed YAML of a lab's guide (all languages). Unknown lab: :class:`GuideError`."""
    path = guide_path(str(lab)) if _is_plain_id(lab) else None
    if path is None or not path.is_file():
        t = translator(normalize_lang(lang))
        raise GuideError(t(MSG_UNKNOWN_LAB, lab=lab, available=", ".join(available_guides())))
    return _read_cached(str(path), path.stat().st_mtime)


def _is_plain_id(lab) -> bool:
    text = str(lab)
    return bool(text) and all(c.isalnum() or c == "_" for c in text)


def _text(value, lang: str) -> str:
    """A field ``{en: ..., es: ...}`` in ``lang``, English when missing (then any language)."""
    if isinstance(value, dict):
        for key in (lang, "en"):
            if value.get(key):
                return str(value[key]).strip()
        return next((str(v).strip() for v in value.values() if v), "")
    return "" if value is None else str(value).strip()


def _msgid_or_text(value, lang: str, t: Translator) -> str:
    """A lab's msgid (a plain string, translated with the lab's catalog) or ``{en, es}``."""
    if isinstance(value, str):
        return t(value)
    return _text(value, lang)


def _texts(values, lang: str) -> list[str]:
    return [s for s in (_text(v, lang) for v in values or []) if s]


def _format_value(t: Translator, value, unit: str, decimals: int | None) -> str:
    if value is None:
        return t(T_NOT_COMPUTED)
    value = float(value)
    if unit == "PEN":
        return t.money(value, "PEN")
    if unit == "IDR":
        sep = "" if t.lang == "id" else "\u00a0"  # as modules.gender.text.rupiah writes it
        sign = "-" if value < 0 else ""
        return f"{sign}Rp{sep}{t.number(abs(round(value)), 0)}"
    if unit == "pct":
        return f"{t.number(value, 1 if decimals is None else decimals)}\u00a0%"
    if unit in ("count", "month"):
        return t.number(value, 0 if decimals is None else decimals)
    return t.number(value, 2 if decimals is None else decimals)


def load_guide(lab: str, lang: str | None = None) -> Guide:
    """The facilitator guide of ``lab`` (a notebook name such as ``"payroll_digital"``) in
    ``lang`` (the trainer's default when ``None``), English fallback per field. An unknown lab
    raises :class:`GuideError` (a ``KeyError``) with a message in ``lang``."""
    lang = normalize_lang(lang)
    t = translator(lang)
    data = read_guide_data(lab, lang)
    agenda, start = [], 0
    for item in data.get("agenda") or []:
        minutes = int(item.get("minutes") or 0)
        agenda.append(AgendaItem(start, minutes, _text(item.get("activity"), lang)))
        start += minutes
    steps = [StepNote(_msgid_or_text(s.get("tab"), lang, t), tuple(_texts(s.get("notes"), lang)))
             for s in data.get("steps") or []]
    exp = data.get("expected_results") or {}
    results = []
    for item in exp.get("items") or []:
        unit = str(item.get("unit", "number"))
        value = item.get("value")
        results.append(ExpectedResult(
            key=str(item["key"]), label=_text(item.get("label"), lang),
            value=None if value is None else float(value), unit=unit,
            text=_format_value(t, value, unit, item.get("decimals")),
            where=_msgid_or_text(item.get("where"), lang, t) if item.get("where") else "",
            source=_text(item.get("source"), lang), illustrative=bool(item.get("illustrative"))))
    adaptation = [Adaptation(_text(a.get("parameter"), lang), _text(a.get("text"), lang))
                  for a in data.get("adaptation") or []]
    case_id = str(data.get("case_study", ""))
    return Guide(
        lab=str(data.get("lab") or lab), lang=lang,
        languages=tuple(data.get("languages") or ("en",)), country=str(data.get("country", "")),
        modules=tuple(data.get("modules") or ()), case_study=case_id,
        other_cases=tuple(data.get("other_cases") or ()), case_title=_case_title(case_id, lang),
        title=_text(data.get("title"), lang), audience=_text(data.get("audience"), lang),
        duration=int(data.get("duration") or start), agenda=agenda,
        objectives=_texts(data.get("objectives"), lang), story=_texts(data.get("story"), lang),
        steps=steps, discussion=_texts(data.get("discussion"), lang),
        expected_note=_text(exp.get("note"), lang), expected_results=results,
        difficulties=_texts(data.get("difficulties"), lang), adaptation=adaptation)


def _case_title(case_id: str, lang: str) -> str:
    """The case's title from the catalogue; its id if a lab's cases cannot be read."""
    if not case_id:
        return ""
    try:
        from .catalogue import case_title
        return case_title(case_id, lang)
    except (ImportError, OSError, KeyError, ValueError):  # a broken source must not hide the guide
        return case_id


def guide_filename(guide: Guide) -> str:
    """``guia_del_facilitador_payroll_digital_es.pdf`` (stem translated)."""
    return f"{guide.t(FILE_STEM)}_{guide.lab}_{guide.lang}.pdf"


def clock(minutes: int) -> str:
    """``75`` -> ``"1:15"`` (hours:minutes from the start of the session)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# --------------------------------------------------------------------------------------
# HTML (trainer view)
# --------------------------------------------------------------------------------------
_CSS = """<style>
.dwl-guide { line-height: 1.45; max-width: 60em; }
.dwl-guide h2 { margin: 0.2em 0 0.3em; }
.dwl-guide h3 { margin: 1.1em 0 0.3em; color: #1565c0; }
.dwl-guide h4 { margin: 0.8em 0 0.2em; }
.dwl-guide table { border-collapse: collapse; margin: 0.3em 0; }
.dwl-guide th, .dwl-guide td { border: 1px solid #cfd8dc; padding: 3px 8px; text-align: left;
  vertical-align: top; }
.dwl-guide th { background: #eceff1; }
.dwl-guide td.num { text-align: right; white-space: nowrap; }
.dwl-guide .dwl-guide-meta { color: #37474f; }
.dwl-guide .dwl-guide-illustrative { color: #8d4e00; font-size: 0.85em; font-weight: 600; }
.dwl-guide .dwl-guide-source { color: #607d8b; font-size: 0.85em; overflow-wrap: anywhere; }
.dwl-guide .dwl-guide-scroll { overflow-x: auto; max-width: 100%; }
@media (max-width: 600px) { .dwl-guide th, .dwl-guide td { padding: 2px 4px; } }
</style>"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _list(items, tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + f"</{tag}>"


def guide_html(guide: Guide) -> str:
    """The guide as escaped, semantic HTML (``<article>`` with one ``<section>`` per part)."""
    t = guide.t
    parts = [_CSS, f'<article class="dwl-guide" lang="{_e(guide.lang)}">',
             f'<header><p class="dwl-guide-meta">{_e(t(H_GUIDE))}</p><h2>{_e(guide.title)}</h2>',
             f'<p class="dwl-guide-meta"><b>{_e(t(H_AUDIENCE))}:</b> {_e(guide.audience)}<br>'
             f'<b>{_e(t(H_DURATION))}:</b> {_e(t(T_MINUTES, minutes=guide.duration))}'
             f' · <b>{_e(t(H_CASE))}:</b> {_e(guide.case_title or guide.case_study)}</p></header>']

    rows = "".join(f'<tr><td class="num">{_e(clock(a.start))}–{_e(clock(a.end))}</td>'
                   f'<td class="num">{_e(a.minutes)}</td><td>{_e(a.activity)}</td></tr>'
                   for a in guide.agenda)
    parts.append(f'<section class="dwl-guide-agenda"><h3>{_e(t(H_AGENDA))}</h3>'
                 f'<div class="dwl-guide-scroll"><table>'
                 f'<thead><tr><th>{_e(t(COL_TIME))}</th><th>{_e(t(COL_MINUTES))}</th>'
                 f'<th>{_e(t(COL_ACTIVITY))}</th></tr></thead><tbody>{rows}</tbody></table></div>'
                 f'</section>')
    parts.append(f'<section class="dwl-guide-objectives"><h3>{_e(t(H_OBJECTIVES))}</h3>'
                 f'{_list(guide.objectives)}</section>')
    parts.append(f'<section class="dwl-guide-story"><h3>{_e(t(H_STORY))}</h3>'
                 + "".join(f"<p>{_e(p)}</p>" for p in guide.story) + "</section>")
    steps = "".join(f"<h4>{_e(s.step)}</h4>{_list(s.notes)}" for s in guide.steps)
    parts.append(f'<section class="dwl-guide-steps"><h3>{_e(t(H_STEPS))}</h3>{steps}</section>')
    parts.append(f'<section class="dwl-guide-discussion"><h3>{_e(t(H_DISCUSSION))}</h3>'
                 f'{_list(guide.discussion, "ol")}</section>')

    rows = []
    for r in guide.expected_results:
        mark = (f' <span class="dwl-guide-illustrative">({_e(t(T_ILLUSTRATIVE))})</span>'
                if r.illustrative else "")
        where = f'<br><span class="dwl-guide-source">{_e(r.where)}</span>' if r.where else ""
        rows.append(f"<tr><td>{_e(r.label)}{where}</td><td class=\"num\">{_e(r.text)}{mark}</td>"
                    f'<td class="dwl-guide-source">{_e(r.source)}</td></tr>')
    note = f"<p>{_e(guide.expected_note)}</p>" if guide.expected_note else ""
    if any(r.illustrative for r in guide.expected_results):
        note += f'<p class="dwl-guide-illustrative">{_e(t(T_ILLUSTRATIVE_NOTE))}</p>'
    parts.append(f'<section class="dwl-guide-expected"><h3>{_e(t(H_EXPECTED))}</h3>{note}'
                 f'<div class="dwl-guide-scroll"><table>'
                 f'<thead><tr><th>{_e(t(COL_FIGURE))}</th><th>{_e(t(COL_VALUE))}</th>'
                 f'<th>{_e(t(COL_SOURCE))}</th></tr></thead><tbody>{"".join(rows)}</tbody>'
                 f'</table></div></section>')
    parts.append(f'<section class="dwl-guide-difficulties"><h3>{_e(t(H_DIFFICULTIES))}</h3>'
                 f'{_list(guide.difficulties)}</section>')
    items = "".join(f"<li><b>{_e(a.parameter)}</b>: {_e(a.text)}</li>" for a in guide.adaptation)
    parts.append(f'<section class="dwl-guide-adaptation"><h3>{_e(t(H_ADAPTATION))}</h3>'
                 f"<ul>{items}</ul></section>")
    parts.append("</article>")
    return "".join(parts)


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------
#: DejaVu Sans (regular, bold, oblique): the system's, else the copy matplotlib ships
_DEJAVU = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
              Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
_PDF_LANG = {"es": "es-PE", "en": "en", "id": "id"}
MARGIN = 18.0
BLUE = (21, 101, 192)
DARK = (33, 33, 33)
MUTED = (96, 125, 139)
AMBER = (141, 78, 0)
GREY = (236, 239, 241)


@lru_cache(maxsize=1)
def unicode_font_files() -> tuple[Path, Path, Path] | None:
    """Paths of DejaVu Sans regular, bold and oblique, or ``None`` (core Helvetica is used)."""
    dirs = list(_FONT_DIRS)
    try:  # matplotlib ships DejaVu Sans; find it without importing matplotlib
        import importlib.util

        spec = importlib.util.find_spec("matplotlib")
        if spec and spec.origin:
            dirs.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    except (ImportError, ValueError):  # pragma: no cover - matplotlib is a dependency
        pass
    for folder in dirs:
        files = tuple(folder / name for name in _DEJAVU)
        if all(f.is_file() for f in files):
            return files  # type: ignore[return-value]
    return None


def guide_pdf(guide: Guide) -> bytes:
    """The guide as an A4 PDF: headings, the agenda and the expected results as tables, page
    numbers. DejaVu Sans (Unicode) when found, else fpdf2's core Helvetica with the text made
    latin-1 safe by the pay slips' ``pdf_text`` (á, ñ, ü are latin-1 and survive)."""
    from fpdf import FPDF  # lazy: fpdf2 is loaded only when a guide is downloaded
    from fpdf.enums import XPos, YPos
    from fpdf.fonts import FontFace

    t = guide.t
    fonts = unicode_font_files()
    if fonts:
        family = "DejaVu"

        def txt(value) -> str:
            return str(value).replace("\u00a0", " ").replace("\u202f", " ")
    else:
        from .payslips.text import pdf_text as txt  # type: ignore[assignment]

        family = "Helvetica"

    footer_text = f"{guide.title}"

    class _GuidePDF(FPDF):
        def footer(self) -> None:
            self.set_y(-13)
            self.set_draw_color(*MUTED)
            self.set_line_width(0.2)
            self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
            self.set_font(family, "I", 7.5)
            self.set_text_color(*MUTED)
            self.cell(0, 6, txt(footer_text), align="L")
            self.set_x(MARGIN)
            self.cell(0, 6, txt(t(T_PAGE, page=self.page_no(), pages="{nb}")), align="R")

    pdf = _GuidePDF(orientation="P", unit="mm", format="A4")
    if fonts:
        pdf.add_font(family, "", str(fonts[0]))
        pdf.add_font(family, "B", str(fonts[1]))
        pdf.add_font(family, "I", str(fonts[2]))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(txt(guide.title))
    pdf.set_author("Decent Work Lab")
    pdf.set_creator("Decent Work Lab")
    pdf.set_lang(_PDF_LANG.get(guide.lang, guide.lang))
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def heading(text: str) -> None:
        if pdf.get_y() > pdf.h - 45:  # keep a heading with the lines below it
            pdf.add_page()
        pdf.ln(3)
        pdf.set_font(family, "B", 12.5)
        pdf.set_text_color(*BLUE)
        pdf.multi_cell(width, 7, txt(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*DARK)
        pdf.ln(0.5)

    def paragraph(text: str, style: str = "", size: float = 10, color=DARK, h: float = 5.2) -> None:
        pdf.set_font(family, style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, h, txt(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*DARK)

    def bullets(items, numbered: bool = False) -> None:
        pdf.set_font(family, "", 10)
        for i, item in enumerate(items, start=1):
            mark = f"{i}." if numbered else ("\u2022" if fonts else "-")
            pdf.set_x(MARGIN)
            pdf.cell(6, 5.2, txt(mark))
            pdf.multi_cell(width - 6, 5.2, txt(item), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.6)

    heads = FontFace(emphasis="BOLD", fill_color=GREY, color=DARK)

    # title block
    paragraph(t(H_GUIDE), "B", 9, MUTED)
    pdf.set_font(family, "B", 17)
    pdf.multi_cell(width, 8.5, txt(guide.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)
    paragraph(f"{t(H_AUDIENCE)}: {guide.audience}", size=9.5)
    paragraph(f"{t(H_DURATION)}: {t(T_MINUTES, minutes=guide.duration)} · "
              f"{t(H_CASE)}: {guide.case_title or guide.case_study}", size=9.5)

    heading(t(H_AGENDA))
    pdf.set_font(family, "", 9.5)
    with pdf.table(col_widths=(24, 18, width - 42), width=width, headings_style=heads,
                   line_height=5.2, text_align=("LEFT", "RIGHT", "LEFT"),
                   first_row_as_headings=True) as table:
        row = table.row()
        for head in (t(COL_TIME), t(COL_MINUTES), t(COL_ACTIVITY)):
            row.cell(txt(head))
        for a in guide.agenda:
            row = table.row()
            row.cell(txt(f"{clock(a.start)}–{clock(a.end)}"))
            row.cell(txt(str(a.minutes)))
            row.cell(txt(a.activity))

    heading(t(H_OBJECTIVES))
    bullets(guide.objectives)
    heading(t(H_STORY))
    for p in guide.story:
        paragraph(p)
        pdf.ln(1.2)
    heading(t(H_STEPS))
    for step in guide.steps:
        paragraph(step.step, "B", 10.5)
        bullets(step.notes)
    heading(t(H_DISCUSSION))
    bullets(guide.discussion, numbered=True)

    heading(t(H_EXPECTED))
    if guide.expected_note:
        paragraph(guide.expected_note)
        pdf.ln(1)
    if any(r.illustrative for r in guide.expected_results):
        paragraph(t(T_ILLUSTRATIVE_NOTE), "I", 9, AMBER)
        pdf.ln(1)
    pdf.set_font(family, "", 9)
    with pdf.table(col_widths=(width * 0.44, width * 0.22, width * 0.34), width=width,
                   headings_style=heads, line_height=4.8,
                   text_align=("LEFT", "RIGHT", "LEFT")) as table:
        row = table.row()
        for head in (t(COL_FIGURE), t(COL_VALUE), t(COL_SOURCE)):
            row.cell(txt(head))
        for r in guide.expected_results:
            row = table.row()
            row.cell(txt(r.label + (f" ({r.where})" if r.where else "")))
            row.cell(txt(r.text + (f" ({t(T_ILLUSTRATIVE).lower()})" if r.illustrative else "")))
            row.cell(txt(r.source))

    heading(t(H_DIFFICULTIES))
    bullets(guide.difficulties)
    heading(t(H_ADAPTATION))
    bullets([f"{a.parameter}: {a.text}" for a in guide.adaptation])
    return bytes(pdf.output())


__all__ = ["Adaptation", "AgendaItem", "ExpectedResult", "GUIDES_DIR", "Guide", "GuideError",
           "StepNote", "available_guides", "clock", "guide_filename", "guide_html", "guide_path",
           "guide_pdf", "load_guide", "read_guide_data", "unicode_font_files"]
