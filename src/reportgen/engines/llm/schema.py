"""The response models the model fills, the schema sent for them, and the grounding validator.

The shapes are flat and explicit (one figure = one object with its verbatim quote) so any
OpenAI-compatible model can fill them in tools, json_schema, json or md_json mode.

What is SENT is a compact schema (``compact_schema``): field names, types, enums and required
keys only. Titles, descriptions and defaults cost ~850 tokens per call and told the model less
than the terse rules in prompts/system.j2, which name the fields; so the rules live there, once.
Optional fields are sent as plain optional keys (no ``null`` branch): the model leaves them out,
which also shortens the answer; parsing still accepts ``null``. Bilingual pairs are flat keys
(``summary_zh``/``summary_en``, like a figure's ``region_zh``/``region_en``): a nested object costs
its own properties/required/type wrapper, ~15 tokens per pair in every call.

Where the model only has to copy a word the article already holds, the schema asks for that word:
a figure's qualifier is its marker (多, 近, 以上 ...) and a change's basis is 同比 or 环比 as written.
The model copies instead of translating, the rules need no word-to-value table, and the enums
(kept for constrained decoders) are short; the parser maps each word to the Report contract's
value (``exact`` and ``unspecified`` are what an absent key means), so the contract is unchanged.

The validator reads the article from instructor's validation context and raises ``ValueError``
with every reason a figure or a summary number fails, which instructor sends back as a re-ask.
"""

from __future__ import annotations

import copy
import re
from typing import Annotated, Any, ClassVar, Literal, Protocol, get_args

from pydantic import BaseModel, BeforeValidator, Field, ValidationInfo, WithJsonSchema, model_validator
from pydantic.json_schema import DEFAULT_REF_TEMPLATE, GenerateJsonSchema, JsonSchemaMode

from reportgen import registry
from reportgen.zh.vocabulary import BASIS_WORDS, QUALIFIER_MARKERS, QUALIFIER_WORDS

Qualifier = Literal["exact", "about", "more_than", "nearly", "over", "under", "at_least"]
ChangeBasis = Literal["year_on_year", "period_on_period", "unspecified"]
# what the model writes: the article's own words, QUALIFIER_MARKERS and 同比/环比 (the parser reads every
# qualifier and basis word of zh.vocabulary, either script)
PERIOD_LABEL = re.compile(r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?(/\d{4}(-(H[12]|Q[1-4]|\d{2}))?)?$")
_NULL = {"type": "null"}


def compact_schema(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    """The schema as sent: single-use ``$defs`` inlined; titles, descriptions and defaults dropped
    below the root; ``X | None`` fields that are not required become plain optional ``X``; an
    enum carries no redundant ``type``. The root keeps its title (instructor names the tool after
    it) and a one-line description (instructor would otherwise add a longer one of its own)."""
    defs = schema.get("$defs", {})

    def walk(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if name in seen:
                raise ValueError(f"recursive response model {name} cannot be inlined")
            return walk(defs[name], (*seen, name))
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("$defs", "title", "description", "default"):
                continue
            if key == "type" and "enum" in node:
                continue
            if key == "properties":
                required = set(node.get("required", ()))
                out[key] = {name: walk(_without_null(prop) if name not in required else prop, seen)
                            for name, prop in value.items()}
            else:
                out[key] = walk(value, seen)
        return out

    return {"title": title, "description": description, **walk(schema, ())}


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [X, null]`` -> X, keeping the property's other keys."""
    branches = prop.get("anyOf")
    if not isinstance(branches, list) or _NULL not in branches:
        return prop
    rest = [b for b in branches if b != _NULL]
    merged = {k: v for k, v in prop.items() if k != "anyOf"}
    return {**merged, **rest[0]} if len(rest) == 1 else {**merged, "anyOf": rest}


def _qualifier_from_marker(value: Any) -> Any:
    """多/余 -> more_than, 近 -> nearly, 约/左右 -> about, 逾/超 -> over, 以上 -> at_least, 不到/不足 -> under
    (zh.vocabulary's words, either script); a contract value passes as it is; absent, null or "" -> exact.
    Anything else is refused in words the model was given (its re-ask names the markers)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "exact"
    if not isinstance(value, str):
        return value
    word = value.strip()
    if word in QUALIFIER_WORDS or word in get_args(Qualifier):
        return QUALIFIER_WORDS.get(word, word)
    raise ValueError(f"qualifier is the number's own marker ({'/'.join(QUALIFIER_MARKERS)}) or left out, not {word!r}")


def _basis_from_word(value: Any) -> Any:
    """同比/按年 -> year_on_year, 环比/按月/按季 -> period_on_period; a contract value passes as it is; "" -> None.
    Any other wording (较去年同期, 较上年) names no 同比/环比 basis: unspecified, not a re-ask."""
    if not isinstance(value, str):
        return value
    word = value.strip()
    if not word:
        return None
    return BASIS_WORDS.get(word, word if word in get_args(ChangeBasis) else "unspecified")


MarkedQualifier = Annotated[Qualifier, BeforeValidator(_qualifier_from_marker),
                            WithJsonSchema({"enum": list(QUALIFIER_MARKERS)})]
WrittenBasis = Annotated[ChangeBasis | None, BeforeValidator(_basis_from_word),
                         WithJsonSchema({"enum": ["同比", "环比", "按年", "按月"]})]


class ResponseModel(BaseModel):
    """A model the LLM fills: its JSON schema is the compact one, wherever instructor asks for it."""

    brief: ClassVar[str] = ""  # the one-line description sent with the schema

    @classmethod
    def model_json_schema(cls, by_alias: bool | None = None, ref_template: str = DEFAULT_REF_TEMPLATE,
                          schema_generator: type[GenerateJsonSchema] = GenerateJsonSchema,
                          mode: JsonSchemaMode = "validation", **kwargs: Any) -> dict[str, Any]:
        # instructor asks for the schema several times per request; it never changes for a class.
        cached = _compact_schema_of(cls, by_alias, ref_template, schema_generator, mode, tuple(sorted(kwargs.items())))
        return copy.deepcopy(cached)  # callers may edit what they get

    @classmethod
    def full_json_schema(cls) -> dict[str, Any]:
        """pydantic's own schema (titles, defaults, null branches): what parsing accepts."""
        return super().model_json_schema()


@registry.memo(maxsize=None)
def _compact_schema_of(cls: type[ResponseModel], by_alias: bool | None, ref_template: str,
                       schema_generator: type[GenerateJsonSchema], mode: JsonSchemaMode,
                       kwargs: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    """The compact schema of one response model, made once per way of asking."""
    full = super(ResponseModel, cls).model_json_schema(by_alias, ref_template, schema_generator, mode, **dict(kwargs))
    return compact_schema(full, cls.__name__, cls.brief or cls.__name__)


class KeyPointOut(BaseModel):
    en: str
    zh: str
    figure_indexes: list[int] = Field(default_factory=list)  # indexes into figures


class FigureOut(BaseModel):
    """One figure: what the rules in prompts/system.j2 say about each field is what it must hold."""

    indicator_zh: str
    indicator_en: str
    value: float  # plain number: 12.13万 -> 121300
    unit: str
    qualifier: MarkedQualifier = "exact"  # the model writes the marker (多, 近 ...), or nothing
    change_direction: Literal["up", "down", "flat"] | None = None  # None: a level, not a change
    change_basis: WrittenBasis = None  # 同比/环比 as written; None with a direction: unspecified (merge.py)
    from_value: float | None = None  # A of 从A提升至B
    region_zh: str | None = None  # a smaller place than the article's
    region_en: str | None = None
    period: str | None = None
    quote: str  # verbatim clause of the article


class Synthesis(ResponseModel):
    """The reduce step of a long article: one summary over the parts' summaries and figures."""

    brief: ClassVar[str] = "Report on the whole article"

    title_en: str
    region_zh: str | None = None  # the article's place
    region_en: str | None = None
    period: str | None = None
    summary_zh: str
    summary_en: str
    key_points: list[KeyPointOut] = Field(default_factory=list)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> Synthesis:
        return _check(self, info)


class Extraction(Synthesis):
    """Everything the model reports about one article (or one part of a long article): the
    summary fields of a Synthesis plus the figures."""

    brief: ClassVar[str] = "Report on the article"

    figures: list[FigureOut] = Field(default_factory=list)


class AnswerCheck(Protocol):
    """What the validator asks of the check in its context (engines/llm/grounding.py's GroundingCheck):
    named here so the response models need not import the grounding that reads them."""

    def review(self, answer: Extraction | Synthesis) -> list[str]: ...

    def reask_message(self, problems: list[str]) -> str: ...


def _check(answer: Extraction | Synthesis, info: ValidationInfo) -> Extraction | Synthesis:
    """Ask the grounding check in the validation context (absent: plain parsing, no checks)."""
    check: AnswerCheck | None = (info.context or {}).get("grounding") if isinstance(info.context, dict) else None
    if check is None:
        return answer
    problems = check.review(answer)
    if problems:
        raise ValueError(check.reask_message(problems))
    return answer
