"""The optional config file ``cite-export.toml``: default sources and option values.

Looked up in the current folder, then in the user config folder. Its tables mirror the
commands: top-level keys are defaults for every command, ``[zotero]`` for ``zotero`` ones.
"""

from __future__ import annotations

import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

CONFIG_NAME = "cite-export.toml"


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

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
    return [(cwd or Path.cwd()) / CONFIG_NAME, Path(platformdirs.user_config_dir("cite-export")) / CONFIG_NAME]


def load_config(path: Path | None = None) -> Config:
    """Read ``path``, or the first config file that exists; an empty Config when there is none."""
    candidates = [path] if path else config_candidates()
    for candidate in candidates:
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8-sig")
            try:
                return Config(candidate, tomllib.loads(text))
            except tomllib.TOMLDecodeError as error:
                raise ConfigError(f"{candidate}:{error_line(error, text)}: {error}") from error
    if path:
        raise ConfigError(f"{path}: no such config file")
    return Config()
