"""Article bytes -> str: byte-order marks, strict UTF-8, and legacy encodings only through detection.

A blind GB18030 fallback is never used: Big5 bytes "decode" as GB18030 into garbage, so every detected
decoding must also pass a sanity check. Imports nothing of reportgen but its errors.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from reportgen.errors import InputError

__all__ = ["decode", "garbage_share"]

# Magic numbers of files people drop in by mistake, with a name for the error message.
_BINARY_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"GIF8", "GIF image"), (b"\xff\xd8\xff", "JPEG image"), (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"), (b"\x1f\x8b", "gzip archive"), (b"BM", "BMP image"),
    (b"\x7fELF", "executable"), (b"RIFF", "RIFF media file"), (b"OggS", "Ogg media file"), (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "icon image"), (b"\xd0\xcf\x11\xe0", "legacy Office document"), (b"7z\xbc\xaf", "7z archive"),
    (b"Rar!", "RAR archive"), (b"SQLite format 3", "SQLite database"), (b"\x28\xb5\x2f\xfd", "zstd archive"),
)
_BOMS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one; the codecs drop the BOM
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"), (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
# Legacy encodings reached only through detection; never decoded blindly.
_LEGACY_CANDIDATES = ["gb18030", "big5", "big5hkscs", "utf_8"]
_BOMLESS_UNICODE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
_DECLARED_LEGACY = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030",
                    "big5": "big5", "big5-hkscs": "big5hkscs", "x-big5": "big5"}
_MAX_GARBAGE_SHARE = 0.03


def _binary_kind(data: bytes) -> str | None:
    return next((kind for magic, kind in _BINARY_MAGIC if data.startswith(magic)), None)


def garbage_share(text: str) -> float:
    """Share of non-ASCII characters that a wrong legacy decoding produces and Chinese prose does not.

    Big5 bytes read as GB18030 come out as kana, bopomofo, Greek/Cyrillic letters, box drawing and
    private-use characters; a right decoding of a Chinese article has almost none of them.
    """
    suspicious = total = 0
    for ch in text:
        cp = ord(ch)
        if cp < 0x80 or ch.isspace():
            continue
        total += 1
        category = unicodedata.category(ch)
        if (category in ("Co", "Cn", "Cs", "Cc")
                or 0x3040 <= cp <= 0x30FF or 0x3100 <= cp <= 0x312F  # kana, bopomofo
                or 0x0370 <= cp <= 0x04FF or 0x2500 <= cp <= 0x257F  # Greek, Cyrillic, box drawing
                or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000):  # rare CJK
            suspicious += 1
    return suspicious / total if total else 0.0


def _plausible(text: str) -> bool:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\r\n\t\f\v")
    return controls <= max(2, len(text) // 1000) and garbage_share(text) <= _MAX_GARBAGE_SHARE


def _detect(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    """The reading of ``data`` among charset-normalizer's candidates that passes the sanity check with the
    least garbage (ties keep the detector's order).

    Garbage decides within the Big5 family too: Big5/CP950 and Big5-HKSCS put ① and ⑴ at different
    codes, and the wrong member turns them into kana.
    """
    from charset_normalizer import from_bytes

    readings: list[tuple[float, int, str, str]] = []
    for rank, match in enumerate(from_bytes(data, cp_isolation=candidates)):
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text):
            readings.append((garbage_share(text), rank, text, match.encoding.replace("_", "-")))
    if not readings:
        return None
    _, _, text, encoding = min(readings, key=lambda r: (r[0], r[1]))
    return text, encoding


def decode(data: bytes, *, name: str | None = None) -> tuple[str, str]:
    """Decode article bytes: BOMs first, then strict UTF-8, then legacy encodings only through detection.

    A blind GB18030 fallback is never used: Big5 bytes "decode" as GB18030 into garbage, so every
    detected decoding must also pass a sanity check (no kana/bopomofo/private-use soup).
    """
    if not data:
        raise InputError("empty file", source=name)
    kind = _binary_kind(data)
    if kind:
        raise InputError(f"binary file ({kind}), not article text", source=name)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"invalid {label.upper()} text (bytes after the byte-order mark do not decode)",
                                 source=name) from None
            # a BOM is two or four bytes anyone can put before binary data: UTF-16/32 is sanity-checked too
            if label != "utf-8" and not _plausible(text):
                raise InputError(f"not {label.upper()} text: what follows the byte-order mark reads as garbage",
                                 source=name)
            return text, label
    if b"\x00" in data:
        found = _detect(data, _BOMLESS_UNICODE) if len(data) % 2 == 0 else None
        if found is None:
            raise InputError("binary file, not article text", source=name)
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(data[:4096])
    legacy = _DECLARED_LEGACY.get(declared.group(1).decode("ascii").lower()) if declared else None
    if legacy:
        try:
            text = data.decode(legacy)
            if _plausible(text):
                return text, legacy
        except UnicodeDecodeError:
            pass
    found = _detect(data, _LEGACY_CANDIDATES)
    if found is None:
        raise InputError("cannot decode the text (not UTF-8, UTF-16, GB18030 or Big5)", source=name)
    return found
