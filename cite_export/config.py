"""The optional config file ``cite-export.toml``: default sources and option values.

Looked up in the current folder, then in the user config folder. Its tables mirror the
commands: top-level keys are defaults for every command, ``[zotero]`` for ``zotero`` ones.
Keys are options' long names, spelled ``cache-dir`` or ``cache_dir``; an unknown key is an error.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tomllib

CONFIG_NAME = "cite-export.toml"
TOP_LEVEL = ""  # the table name of top-level keys in a KeySchema


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)  # keys with "_" for "-", as click names options
    text: str = ""

    @property
    def sources(self) -> list[str]:
        """The ``sources`` list, relative paths taken from the config file's folder."""
        listed = self.values.get("sources", [])
        if isinstance(listed, str):
            listed = [listed]
        if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
            raise ConfigError(f"{self.path}: 'sources' must be a list of paths")
        base = self.path.parent if self.path else Path.cwd()
        return [item if item == "-" else str(base / Path(item).expanduser()) for item in listed]

    def secret(self, table: str, name: str) -> str | None:
        """A secret such as ``[zotero] api_key``, refused when others may read the file."""
        value = self.values.get(table, {}).get(name)
        if value is None or self.path is None:
            return value
        if self.path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            raise ConfigError(
                f"{self.path} holds [{table}] {name} but other users can read it; run: chmod 600 {self.path}"
            )
        return value


def error_line(error: tomllib.TOMLDecodeError, text: str) -> int:
    """The line tomllib's message names ("at line 3, column 1"), or the last line ("at end of document")."""
    match = re.search(r"at line (\d+)", str(error))
    return int(match.group(1)) if match else max(1, len(text.splitlines()))


def config_candidates(cwd: Path | None = None) -> list[Path]:
    import platformdirs  # here, not at the top: --help and --version read no config

    return [(cwd or Path.cwd()) / CONFIG_NAME, Path(platformdirs.user_config_dir("cite-export")) / CONFIG_NAME]


def load_config(path: Path | None = None) -> Config:
    """Read ``path``, or the first config file that exists; an empty Config when there is none."""
    candidates = [path] if path else config_candidates()
    for candidate in candidates:
        if candidate.is_file():
            import tomllib  # here: most runs find no config file, and need not load a TOML parser (~7 ms)

            text = candidate.read_text(encoding="utf-8-sig")
            try:
                values = tomllib.loads(text)
            except tomllib.TOMLDecodeError as error:
                raise ConfigError(f"{candidate}:{error_line(error, text)}: {error}") from error
            return Config(candidate, normalized(values, candidate, text), text)
    if path:
        raise ConfigError(f"{path}: no such config file")
    return Config()


def option_name(key: str) -> str:
    return key.replace("-", "_")


def normalized(values: dict[str, Any], path: Path, text: str, table: str = TOP_LEVEL) -> dict[str, Any]:
    """``values`` with every key spelled as click names options (``cache-dir`` -> ``cache_dir``)."""
    result: dict[str, Any] = {}
    for key, value in values.items():
        name = option_name(key)
        if name in result:
            raise ConfigError(f"{path}:{key_line(text, table, key)}: {key!r} is given twice (as - and _)")
        result[name] = normalized(value, path, text, key) if isinstance(value, dict) and not table else value
    return result


def check_keys(config: Config, schema: Mapping[str, set[str]]) -> None:
    """Refuse keys that no option of the table's commands has, naming file:line and the nearest valid key.

    ``schema`` maps a table name (TOP_LEVEL for the top level) to the option names valid in it.
    """
    errors = []
    for key, value in config.values.items():
        if isinstance(value, dict) and key not in schema.get(TOP_LEVEL, set()):
            if key not in schema:
                errors.append(unknown_table(config, key, schema))
                continue
            errors.extend(unknown_key(config, key, inner, schema) for inner in value if inner not in schema[key])
        elif key not in schema.get(TOP_LEVEL, set()):
            errors.append(unknown_key(config, TOP_LEVEL, key, schema))
    if errors:
        raise ConfigError("\n".join(errors))


def unknown_table(config: Config, table: str, schema: Mapping[str, set[str]]) -> str:
    tables = [name for name in schema if name != TOP_LEVEL]
    line = key_line(config.text, TOP_LEVEL, table)
    return f"{config.path}:{line}: unknown table [{table}]{suggestion(table, tables, '[{}]')}"


def unknown_key(config: Config, table: str, key: str, schema: Mapping[str, set[str]]) -> str:
    here = f"in [{table}]" if table else "at the top level"
    line = key_line(config.text, table, key)
    homes = [f"in [{name}]" if name else "at the top level" for name, keys in schema.items() if key in keys]
    if homes:
        return f"{config.path}:{line}: {key!r} belongs {' or '.join(homes)}, not {here}"
    spelled = (lambda name: name.replace("_", "-")) if "-" in key_as_written(config, key) else str
    candidates = sorted(spelled(name) for name in schema.get(table, set()))
    return f"{config.path}:{line}: unknown key {spelled(key)!r} {here}{suggestion(spelled(key), candidates, '{!r}')}"


def suggestion(word: str, candidates: list[str], form: str) -> str:
    import difflib  # here: only a mistyped key needs it

    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    if close:
        return f"; did you mean {form.format(close[0])}?"
    return f" (valid: {', '.join(candidates)})" if candidates else ""


def key_as_written(config: Config, key: str) -> str:
    """The key as the file spells it (``cache-dir`` or ``cache_dir``), for messages in the user's spelling."""
    pattern = key_pattern(key)
    match = next(filter(None, map(pattern.match, config.text.splitlines())), None)
    return match.group(1) if match else key


def key_pattern(key: str) -> re.Pattern[str]:
    spelled = "[-_]".join(map(re.escape, key.replace("-", "_").split("_")))
    return re.compile(rf"\s*[\"']?({spelled})[\"']?\s*(?:=|\.)")


def key_line(text: str, table: str, key: str) -> int:
    """The line of ``key`` in ``[table]`` (or a ``[key]`` header at the top level); 1 when not found."""
    pattern = key_pattern(key)
    current = TOP_LEVEL
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*[\"']?([^\]\"']+)[\"']?\s*\]", line)
        if header:
            current = header.group(1).strip()
            if table == TOP_LEVEL and option_name(current) == option_name(key):
                return number
        elif current == table and pattern.match(line):
            return number
    return 1
