"""JSON Schema checks: the schema files in data/ are the contract; this turns jsonschema's errors into
problems a contributor can act on (field, line, what was expected, a suggestion)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from ..load.yamlfile import YamlDocument
from ..model import Problem
from .suggest import did_you_mean
from .textrules import shown

_PY_TYPES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true/false",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing",
}
_SCHEMA_TYPES = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


@cache
def load_validator(schema_path: Path) -> jsonschema.protocols.Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    # JSON Schema counts 2015.0 as an integer; an entry's integer is a Python int (not a float, not true).
    checker = validator_class.TYPE_CHECKER.redefine(
        "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool))
    return jsonschema.validators.extend(validator_class, type_checker=checker)(schema)


def _describe(value: Any) -> str:
    kind = _PY_TYPES.get(type(value), type(value).__name__)
    quoted = shown(repr(value)) if not isinstance(value, list | dict) else ""
    return f"{kind} {quoted}".strip()


def _dotted(path: Any) -> str:
    return ".".join(str(part) for part in path)


def check_schema(doc: YamlDocument, schema_path: Path, display: str, skip_enum_fields: frozenset[str]) -> list[Problem]:
    """Every schema violation of one document. Enum errors on `skip_enum_fields` are left to the vocabulary
    check, which knows the terms' aliases and gives better suggestions."""
    validator = load_validator(schema_path)
    problems: list[Problem] = []
    for error in validator.iter_errors(doc.data):
        path = tuple(error.absolute_path)
        field = _dotted(path)
        line, col = doc.where(*path)
        schema = error.schema if isinstance(error.schema, dict) else {}
        kind = error.validator
        if kind == "enum" and path and (path[0] in skip_enum_fields):
            continue
        if kind == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            for name in missing:
                problems.append(Problem(display, line, col, name, "required field is missing"))
            continue
        if kind == "additionalProperties":
            allowed = list(schema.get("properties", {}))
            for name in sorted(set(error.instance) - set(allowed), key=str):
                where = doc.where(*path, name)
                problems.append(
                    Problem(
                        display,
                        *where,
                        _dotted((*path, name)),
                        f"unknown field '{shown(name)}'{did_you_mean(str(name), allowed)}",
                    )
                )
            continue
        if kind == "anyOf" and not path:
            options = [next(iter(o["required"])) for o in error.validator_value if "required" in o]
            message = f"give at least one identifier: {', '.join(options)}"
            problems.append(Problem(display, 1, 1, "arxiv", message))
            continue
        problems.append(Problem(display, line, col, field, _message(kind, error, schema)))
    return problems


def _message(kind: str, error: jsonschema.ValidationError, schema: dict[str, Any]) -> str:
    value = error.instance
    hint = schema.get("description", "")
    if kind == "type":
        expected = error.validator_value
        wanted = " or ".join(_SCHEMA_TYPES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        return f"expected {wanted}, got {_describe(value)}"
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        return f"'{shown(value)}' is not one of {', '.join(choices)}{did_you_mean(str(value), choices)}"
    if kind == "pattern":
        expected = f": {hint}" if hint else f" ({error.validator_value})"
        return f"'{shown(value)}' is not in the expected form{expected}"
    if kind in ("minLength", "maxLength"):
        bound = "at least" if kind == "minLength" else "at most"
        return f"must be {bound} {error.validator_value} characters long (it is {len(value)})"
    if kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        return f"must be {bound} {error.validator_value} (got {shown(value)})"
    if kind == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if kind == "maxItems":
        return f"lists {len(value)} items; at most {error.validator_value} are allowed"
    if kind == "uniqueItems":
        seen: set[str] = set()
        repeated = [x for x in value if (repr(x) in seen or seen.add(repr(x)))]
        return f"lists {', '.join(shown(x) for x in repeated)} more than once"
    return shown(error.message, 300)
