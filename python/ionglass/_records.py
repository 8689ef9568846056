"""Small read-only result records over the CLI's JSON: attribute or item access by the JSON keys
(which carry the units, e.g. ``D_cm2_per_s``), nested objects wrapped the same way."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterator


class Record(Mapping):
    """A JSON object: ``record.key`` or ``record["Fe-O"]``; ``to_dict()`` gives the plain dict."""

    __slots__ = ("_data",)

    def __init__(self, data: dict):
        object.__setattr__(self, "_data", data)

    def __getitem__(self, key: str) -> Any:
        return wrap(self._data[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __getattr__(self, key: str) -> Any:
        try:
            return wrap(self._data[key])
        except KeyError:
            raise AttributeError(f"no field '{key}' (fields: {', '.join(self._data)})") from None

    def __dir__(self):
        return list(self._data) + ["to_dict"]

    def __repr__(self) -> str:
        return f"Record({', '.join(self._data)})"

    def to_dict(self) -> dict:
        return self._data


def wrap(value: Any) -> Any:
    return Record(value) if isinstance(value, dict) else value
