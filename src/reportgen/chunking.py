"""Token-budgeted chunks cut at paragraph, then sentence boundaries, with a small overlap.

A typical article (2-6k characters) fits one chunk, so it costs one model call. A longer one is cut
where a reader would pause: at a paragraph end when that keeps a chunk at least half full, else at a
sentence end (。！？；); a single sentence longer than the budget is cut on token boundaries. Each
chunk after the first repeats the last sentence(s) of the one before (a clause or a few tokens when
that sentence is long) so a figure whose context straddles a cut is still seen whole once.

Chunks keep their offsets into ``Document.text`` (``chunk.text == text[start:end]``), so figures
found in a chunk map back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.tokens import count_tokens

_PARAGRAPH = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)+|[^\r\n]+\Z")
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)\"']*")
_CLAUSE_END = re.compile(r"[，,、：:]+")
MIN_BUDGET = 16


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str
    tokens: int


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a token window of an over-long sentence) with its token count."""

    start: int
    end: int
    tokens: int
    paragraph_end: bool


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Consecutive pieces of [start, end) ending after each match of ``pattern``; they cover it exactly."""
    cuts = [m.end() for m in pattern.finditer(text, start, end)]
    pieces, pos = [], start
    for cut in cuts:
        if cut > pos:
            pieces.append((pos, cut))
            pos = cut
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _token_cuts(text: str, start: int, end: int) -> list[int]:
    """Character offsets in [start, end] that fall on token boundaries of ``text[start:end]``."""
    from reportgen.tokens import encode, encoding

    enc = encoding()
    ids = encode(text[start:end])
    char_at_byte: dict[int, int] = {}
    byte = 0
    for i, ch in enumerate(text[start:end]):
        char_at_byte[byte] = start + i
        byte += len(ch.encode("utf-8"))
    char_at_byte[byte] = end
    cuts, byte = [start], 0
    for token_bytes in enc.decode_tokens_bytes(ids):
        byte += len(token_bytes)
        if byte in char_at_byte and char_at_byte[byte] > cuts[-1]:  # skip cuts inside a character
            cuts.append(char_at_byte[byte])
    if cuts[-1] != end:
        cuts.append(end)
    return cuts


def _hard_split(text: str, start: int, end: int, limit: int) -> list[tuple[int, int, int]]:
    """A single sentence longer than the budget: windows of at most ``limit`` tokens on token boundaries."""
    cuts = _token_cuts(text, start, end)
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(cuts) - 1:
        j = min(len(cuts) - 1, i + limit)
        while j > i + 1 and count_tokens(text[cuts[i]:cuts[j]]) > limit:
            j -= 1
        out.append((cuts[i], cuts[j], count_tokens(text[cuts[i]:cuts[j]])))
        i = j
    return out


def _units(text: str, limit: int) -> list[_Unit]:
    """Sentences of every paragraph, each within ``limit`` tokens, covering the whole text in order."""
    units: list[_Unit] = []
    for ps, pe in _spans(text, _PARAGRAPH, 0, len(text)):
        sentences = _spans(text, _SENTENCE_END, ps, pe)
        if len(sentences) > 1 and not text[sentences[-1][0]:pe].strip():  # the line break joins its sentence
            sentences[-2:] = [(sentences[-2][0], pe)]
        pieces: list[tuple[int, int, int]] = []
        for ss, se in sentences:
            n = count_tokens(text[ss:se])
            pieces.extend([(ss, se, n)] if n <= limit else _hard_split(text, ss, se, limit))
        for k, (s, e, n) in enumerate(pieces):
            units.append(_Unit(s, e, n, paragraph_end=k == len(pieces) - 1))
    return units


def _overlap_start(text: str, units: list[_Unit], first: int, last: int, overlap_tokens: int) -> int | None:
    """Where the next chunk starts so it repeats the tail of units[first..last]: whole sentences when
    they fit in ``overlap_tokens``, else the last clause, else the last few tokens. None for no overlap."""
    if overlap_tokens <= 0:
        return None
    taken, start = 0, None
    for k in range(last, first, -1):  # never the chunk's first unit: the next chunk must move forward
        if taken + units[k].tokens > overlap_tokens:
            break
        taken += units[k].tokens
        start = units[k].start
    if start is not None:
        return start
    tail = units[last]
    if tail.end - tail.start < 2:
        return None
    best = None
    for clause_end in reversed([m.end() for m in _CLAUSE_END.finditer(text, tail.start, tail.end - 1)]):
        if count_tokens(text[clause_end:tail.end]) > overlap_tokens:
            break
        if text[clause_end:tail.end].strip():  # a bare line break is no overlap
            best = clause_end
    if best is not None:
        return best
    cuts = _token_cuts(text, tail.start, tail.end)
    k = max(1, len(cuts) - 1 - overlap_tokens)
    while k < len(cuts) - 1 and count_tokens(text[cuts[k]:tail.end]) > overlap_tokens:
        k += 1
    return cuts[k] if k < len(cuts) - 1 and text[cuts[k]:tail.end].strip() else None


def chunk_text(text: str, budget: int = 6000, overlap_tokens: int = 100, *,
               total_tokens: int | None = None) -> list[Chunk]:
    """Chunks of at most ``budget`` tokens covering ``text``; consecutive chunks overlap by a small
    tail (at most ``overlap_tokens`` tokens, capped at a quarter of the budget). ``total_tokens``, when
    the caller knows it (``Document.token_count``), saves counting the whole text again."""
    if budget < MIN_BUDGET:
        raise ValueError(f"chunk budget must be at least {MIN_BUDGET} tokens")
    if not text:
        return []
    total = count_tokens(text) if total_tokens is None else total_tokens
    if total <= budget:
        return [Chunk(0, 0, len(text), text, total)]
    overlap_tokens = max(0, min(overlap_tokens, budget // 4))
    units = _units(text, budget - overlap_tokens)
    chunks: list[Chunk] = []
    first, chunk_start = 0, 0
    while first < len(units):
        lead = count_tokens(text[chunk_start:units[first].start]) if chunk_start < units[first].start else 0
        taken, last, paragraph_cut = lead, first - 1, None
        while last + 1 < len(units) and taken + units[last + 1].tokens <= budget:
            last += 1
            taken += units[last].tokens
            if units[last].paragraph_end and taken >= budget // 2:
                paragraph_cut = last
        if last + 1 < len(units) and paragraph_cut is not None:
            last = paragraph_cut
        last = max(last, first)
        # token counts of a joined span can differ slightly from the sum of its parts: verify
        while last > first and count_tokens(text[chunk_start:units[last].end]) > budget:
            last -= 1
        end = units[last].end
        chunks.append(Chunk(len(chunks), chunk_start, end, text[chunk_start:end], count_tokens(text[chunk_start:end])))
        if last + 1 >= len(units):
            break
        overlap = _overlap_start(text, units, first, last, overlap_tokens)
        first = last + 1
        chunk_start = overlap if overlap is not None else units[first].start
    return chunks
