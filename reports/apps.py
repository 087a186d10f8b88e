from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计与报告"

    def ready(self):
        # Every installed app's kpis.py registers its KPIs (like admin.py with the admin site).
        from . import registry

        registry.autodiscover()
