"""Short codes people read aloud and type: ``K7P-4QX`` (no 0/O, 1/I/L)."""
from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud


def new_code(groups: int = 2, size: int = 3) -> str:
    """A random code of ``groups`` groups of ``size`` characters: ``"K7P-4QX"``."""
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size))
                    for _ in range(groups))


def normalize_code(text: str, groups: int = 2, size: int = 3) -> str | None:
    """``" k7p4qx "`` -> ``"K7P-4QX"``; ``None`` when it cannot be such a code."""
    cleaned = re.sub(r"[\s\-_.]", "", str(text or "")).upper()
    if len(cleaned) != groups * size or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return "-".join(cleaned[i:i + size] for i in range(0, groups * size, size))
