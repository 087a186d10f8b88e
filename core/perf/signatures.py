"""django-tables2's `utils.signature`, remembered per function.

django-tables2 calls `inspect.signature()` on a column's render function for every cell of
every row (`utils.call_with_appropriate` → `utils.signature`): a sixth of a 50-row list's
rendering. The answer depends only on the function, so it is remembered per function;
anything unhashable is inspected as before. `core.apps.CoreConfig.ready()` installs it.

Depends on django-tables2 internals (pinned 3.0.1): `call_with_appropriate` looking up the
module global `signature` at call time. core/tests/test_perf_guards.py fails when that changes.
"""

MAX_REMEMBERED = 4096  # lambdas made per request must not grow it without end


def remember_tables2_signatures():
    from django_tables2 import utils

    if getattr(utils.signature, "remembered", False):
        return
    inspect_signature = utils.signature
    known = {}

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
        try:
            return known[key]
        except KeyError:
            result = inspect_signature(fn)
            if len(known) < MAX_REMEMBERED:
                known[key] = result
            return result
        except TypeError:
            return inspect_signature(fn)

    signature.remembered = True
    signature.original = inspect_signature
    signature.known = known
    utils.signature = signature
