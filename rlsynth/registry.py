"""The env registry: in-tree envs register with `@register`; other packages through the
`rlsynth.envs` entry-point group (an entry may name an Env subclass or a module that registers)."""
from __future__ import annotations

import difflib
import importlib
import pkgutil
from importlib.metadata import entry_points
from typing import Any

from rlsynth.env import Env

ENTRY_POINT_GROUP = "rlsynth.envs"
ALIASES: dict[str, str] = {}
_REGISTRY: dict[str, type[Env]] = {}
_loaded = False


class UnknownEnvError(LookupError):
    """No env is registered under the requested name."""


def register(cls: type[Env] | None = None, *, aliases: tuple[str, ...] = ()):
    """Class decorator: `@register` or `@register(aliases=("old_name",))`."""

    def add(env_cls: type[Env]) -> type[Env]:
        name = getattr(env_cls, "name", None)
        if not isinstance(name, str) or not name:
            raise TypeError(f"{env_cls.__name__} needs a class attribute `name` to be registered")
        existing = _REGISTRY.get(name)
        if existing is not None and existing.__qualname__ != env_cls.__qualname__:
            raise ValueError(f"env name {name!r} is taken by {existing.__module__}."
                             f"{existing.__qualname__}")
        _REGISTRY[name] = env_cls
        for alias in aliases:
            ALIASES[alias] = name
        return env_cls

    return add if cls is None else add(cls)


def load_envs() -> None:
    """Import every in-tree env family and every installed plugin, once."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    import rlsynth.envs as builtin

    for module in pkgutil.iter_modules(builtin.__path__):
        importlib.import_module(f"{builtin.__name__}.{module.name}")
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        loaded = entry.load()
        if isinstance(loaded, type) and issubclass(loaded, Env):
            register(loaded)


def env_class(name: str) -> type[Env]:
    load_envs()
    name = ALIASES.get(name, name)
    if name not in _REGISTRY:
        close = difflib.get_close_matches(name, list(_REGISTRY) + list(ALIASES), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        raise UnknownEnvError(f"unknown env {name!r}{hint} (`rlsynth envs list` shows all "
                       f"{len(_REGISTRY)} envs)")
    return _REGISTRY[name]


def make_env(name: str, **knobs: Any) -> Env:
    """An env instance by registry name, with knob overrides validated."""
    return env_class(name)(**knobs)


def list_envs() -> dict[str, str]:
    """Registry names with their one-line descriptions, sorted by name."""
    load_envs()
    return {name: _REGISTRY[name].description for name in sorted(_REGISTRY)}
