"""Estimated cost of model calls from a price table users can extend (data/prices.tsv).

Prices are USD per million tokens. The shipped table is extended by ``REPORTGEN_HOME/prices.tsv``
and the files named in ``REPORTGEN_PRICES`` (see ``config.user_data_files``); later lines win.
An unknown model has no estimate (None), never a guessed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportgen.config import user_data_files
from reportgen.errors import ConfigError

PRICE_FILE = "prices.tsv"


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input_per_mtok + completion_tokens * self.output_per_mtok) / 1_000_000


def parse_prices(text: str, origin: str = PRICE_FILE) -> dict[str, Price]:
    """``model<TAB>input<TAB>output`` lines; ``#`` comments and blank lines ignored."""
    table: dict[str, Price] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split()
        try:
            if len(fields) != 3:
                raise ValueError
            table[fields[0].lower()] = Price(float(fields[1]), float(fields[2]))
        except ValueError:
            raise ConfigError(
                f"{origin}:{number}: expected 'model<TAB>input<TAB>output' prices per million tokens"
            ) from None
    return table


def load_prices() -> dict[str, Price]:
    """The shipped table, then the user's files on top."""
    shipped = resources.files("reportgen").joinpath("data").joinpath(PRICE_FILE).read_text(encoding="utf-8")
    table = parse_prices(shipped)
    for path in user_data_files(PRICE_FILE):
        try:
            table.update(parse_prices(Path(path).read_text(encoding="utf-8"), str(path)))
        except OSError as exc:
            raise ConfigError(f"cannot read the price file {path}: {exc.strerror}") from None
    return table


def price_for(model: str, table: dict[str, Price] | None = None) -> Price | None:
    """The price of ``model``: exact name, else the longest listed name it is a dated snapshot of."""
    table = load_prices() if table is None else table
    name = model.lower().rsplit("/", 1)[-1]
    if name in table:
        return table[name]
    candidates = [k for k in table if name.startswith(k + "-")]
    return table[max(candidates, key=len)] if candidates else None


def estimate_cost(model: str | None, prompt_tokens: int, completion_tokens: int,
                  table: dict[str, Price] | None = None) -> float | None:
    """USD for the tokens, rounded to a millionth of a dollar; None when the model has no price."""
    if not model:
        return None
    price = price_for(model, table)
    return None if price is None else round(price.cost(prompt_tokens, completion_tokens), 6)
