"""The graph tasks, one module each (G1's names): importing this package registers them all.

Every module in this folder is imported, so a new task needs no edit here; see the
`rlsynth.envs.graphs` docstring for how to write one.
"""
import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
