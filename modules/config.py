"""The trainer's settings file (``decent_work_lab.yaml`` at the project root).

The file is looked up in ``$DWL_CONFIG`` first, then at the project root. Missing file or
missing keys fall back to the defaults below, so an analyst's ``pip install`` works too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_FILENAME = "decent_work_lab.yaml"
SUPPORTED_LANGUAGES = ("es", "en", "id")
#: preheated kernels per lab when the settings file does not say (see decent_work_lab.yaml)
LABS_READY_IN_ADVANCE = 8


@dataclass(frozen=True)
class Settings:
    default_language: str = "es"
    store_path: Path = PROJECT_ROOT / "var" / "decent_work_lab.sqlite3"
    #: participants' labs (kernels) running at once; more get a "room is full" page
    max_lab_kernels: int = 40
    #: preheated kernels waiting per lab ("default" for every lab, or a lab's notebook name)
    labs_ready_in_advance: dict = field(default_factory=lambda: {"default": LABS_READY_IN_ADVANCE})
    config_file: Path | None = None


def config_path() -> Path:
    env = os.environ.get("DWL_CONFIG")
    return Path(env) if env else PROJECT_ROOT / CONFIG_FILENAME


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Read the settings once per process (restart the server after editing the file)."""
    path = config_path()
    if not path.exists():
        return Settings()
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    lang = str(data.get("default_language", "es")).strip().lower()
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(
            f"{path}: default_language must be one of {', '.join(SUPPORTED_LANGUAGES)}, got {lang!r}"
        )
    store = Path(data.get("store_path", "var/decent_work_lab.sqlite3"))
    if not store.is_absolute():
        store = path.parent / store
    try:
        max_kernels = int(data.get("max_lab_kernels", Settings.max_lab_kernels))
    except (TypeError, ValueError):
        max_kernels = 0
    if max_kernels < 1:
        raise ValueError(f"{path}: max_lab_kernels must be a whole number of at least 1, "
                         f"got {data.get('max_lab_kernels')!r}")
    ready = labs_ready_in_advance(path, data.get("labs_ready_in_advance", LABS_READY_IN_ADVANCE))
    return Settings(default_language=lang, store_path=store, max_lab_kernels=max_kernels,
                    labs_ready_in_advance=ready, config_file=path)


def labs_ready_in_advance(path: Path, value) -> dict:
    """``labs_ready_in_advance``: a number for every lab, or ``{default: n, <lab>: n}``."""
    mapping = value if isinstance(value, dict) else {"default": value}
    labs = {p.stem for p in (PROJECT_ROOT / "labs").glob("*.ipynb")}
    out = {"default": LABS_READY_IN_ADVANCE}
    for name, count in mapping.items():
        name = str(name).removesuffix(".ipynb")
        if name != "default" and name not in labs:
            raise ValueError(f"{path}: labs_ready_in_advance names a lab that does not exist: "
                             f"{name!r} (labs: {', '.join(sorted(labs))})")
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 50:
            raise ValueError(f"{path}: labs_ready_in_advance for {name} must be a whole number "
                             f"from 0 to 50, got {count!r}")
        out[name] = count
    return out
