"""Lets Thunder 1.4.2 and its dependency bolt 0.7.1 (2017) import on Python 3.11.

bolt does `from collections import Iterable` (moved to collections.abc, removed from
collections in 3.10) and calls `inspect.getargspec` (removed in 3.11). bench/thunder.ts copies
this module into the Thunder venv's site-packages with a .pth file that imports it, so every
interpreter of that venv gets it before any user code runs: the driver and Spark's Python
workers alike (PYSPARK_PYTHON points at the venv's python)."""
import collections
import collections.abc
import inspect

for _name in ("Iterable", "Mapping", "Sequence", "Callable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

if not hasattr(inspect, "getargspec"):
    # bolt reads args.args/args.defaults and len() of the result: the 4-field tuple of old.
    ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")

    def getargspec(func):
        spec = inspect.getfullargspec(func)
        return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)

    inspect.getargspec = getargspec
