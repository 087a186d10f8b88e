"""Importers by name. Apps register theirs in an ``importers`` module; core finds those modules
the way Django finds ``admin.py`` (core never imports an app by name)."""

from __future__ import annotations

from django.utils.module_loading import autodiscover_modules

_REGISTRY: dict = {}
_discovered = False


def register(spec):
    """Register an ImportSpec instance under its ``kind`` (the name of `import_data NAME`)."""
    if not spec.kind:
        raise ValueError(f"{type(spec).__name__} has no kind")
    known = _REGISTRY.get(spec.kind)
    if known is not None and type(known) is not type(spec):
        raise ValueError(f"two importers named {spec.kind!r}: {type(known).__name__}, {type(spec).__name__}")
    _REGISTRY[spec.kind] = spec
    return spec


def _discover():
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("importers")


def importers() -> dict:
    """{name: spec} of every registered importer, in registration order."""
    _discover()
    return dict(_REGISTRY)


def get_importer(name: str):
    """The importer registered as ``name`` (KeyError if none)."""
    _discover()
    return _REGISTRY[name]
