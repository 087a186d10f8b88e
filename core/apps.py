from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础数据"

    def ready(self):
        from . import changelog

        changelog.register_all()
        _remember_tables2_signatures()


def _remember_tables2_signatures():
    """django-tables2 calls inspect.signature() on a column's render function for every cell of
    every row (a sixth of a 50-row list's rendering). The answer only depends on the function,
    so remember it per function; anything unhashable is simply inspected as before."""
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
            if len(known) < 4096:  # lambdas made per request must not grow it without end
                known[key] = result
            return result
        except TypeError:
            return inspect_signature(fn)

    signature.remembered = True
    utils.signature = signature
