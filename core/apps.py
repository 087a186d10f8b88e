from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "基础数据"

    def ready(self):
        from . import changelog
        from .perf.signatures import remember_tables2_signatures

        changelog.register_all()
        remember_tables2_signatures()  # core/perf/README.md
