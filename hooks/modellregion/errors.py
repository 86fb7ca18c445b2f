"""Content problems that editors can act on: where, which field, what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one file, printed as ``path:line: field: message``."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ContentErrors(Exception):
    """All problems of one build, sorted by path and line."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.errors)
        head = f"{count} Problem{'e' if count != 1 else ''} im Inhalt – es wurde nichts gebaut:"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])


@dataclass
class Collector:
    """Collects problems so that every one is reported at once."""

    errors: list[DataError] = field(default_factory=list)

    def add(self, path: str, line: int, field_name: str, message: str) -> None:
        self.errors.append(DataError(path, line, field_name, message))

    def extend(self, errors: list[DataError]) -> None:
        self.errors.extend(errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentErrors(self.errors)
