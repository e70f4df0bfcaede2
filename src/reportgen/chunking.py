"""Token-budgeted chunks cut at paragraph, then sentence boundaries, with a small overlap.

A typical article (2-9k characters) fits one chunk, so it costs one model call. Each chunk
keeps its offsets into ``Document.text`` so figures found in a chunk map back to the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .tokens import count_tokens

_PARAGRAPH = re.compile(r"[^\n]*\n+|[^\n]+$")
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+$")


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int
    end: int
    text: str
    tokens: int


def _pieces(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in pattern.finditer(text[start:end]) if m.end() > m.start()]


def _units(text: str, start: int, end: int, budget: int) -> list[tuple[int, int, int]]:
    """Split [start, end) into (start, end, tokens) units each within budget when possible:
    paragraphs, then sentences, then hard token windows for a sentence longer than the budget."""
    units: list[tuple[int, int, int]] = []
    for ps, pe in _pieces(text, _PARAGRAPH, start, end):
        n = count_tokens(text[ps:pe])
        if n <= budget:
            units.append((ps, pe, n))
            continue
        for ss, se in _pieces(text, _SENTENCE, ps, pe):
            m = count_tokens(text[ss:se])
            if m <= budget:
                units.append((ss, se, m))
            else:
                units.extend(_hard_split(text, ss, se, budget))
    return units


def _hard_split(text: str, start: int, end: int, budget: int) -> list[tuple[int, int, int]]:
    """A single sentence longer than the budget: cut on token boundaries mapped back to characters."""
    from .tokens import encoding

    enc = encoding()
    ids = enc.encode_ordinary(text[start:end])
    out: list[tuple[int, int, int]] = []
    pos = start
    for i in range(0, len(ids), budget):
        piece = enc.decode(ids[i : i + budget])
        # decode may not round-trip byte-split characters; fall back to the source length it covers
        length = len(piece)
        seg_end = min(end, pos + max(1, length)) if i + budget < len(ids) else end
        out.append((pos, seg_end, count_tokens(text[pos:seg_end])))
        pos = seg_end
        if pos >= end:
            break
    return out


def chunk_text(text: str, budget: int = 6000, overlap_tokens: int = 100) -> list[Chunk]:
    """Greedy packing of units into chunks of at most ``budget`` tokens; each chunk after the
    first starts with up to ``overlap_tokens`` of the previous chunk's trailing units."""
    if budget < 16:
        raise ValueError("chunk budget must be at least 16 tokens")
    if not text:
        return []
    total = count_tokens(text)
    if total <= budget:
        return [Chunk(0, 0, len(text), text, total)]
    units = _units(text, 0, len(text), budget)
    chunks: list[Chunk] = []
    cur: list[tuple[int, int, int]] = []
    cur_tokens = 0

    def emit() -> None:
        s, e = cur[0][0], cur[-1][1]
        chunks.append(Chunk(len(chunks), s, e, text[s:e], count_tokens(text[s:e])))

    for unit in units:
        if cur and cur_tokens + unit[2] > budget:
            emit()
            tail: list[tuple[int, int, int]] = []
            tail_tokens = 0
            for u in reversed(cur):
                if tail_tokens + u[2] > overlap_tokens or tail_tokens + u[2] + unit[2] > budget:
                    break
                tail.insert(0, u)
                tail_tokens += u[2]
            cur, cur_tokens = tail, tail_tokens
        cur.append(unit)
        cur_tokens += unit[2]
    if cur and (not chunks or cur[-1][1] > chunks[-1].end):
        emit()
    return chunks
