from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计与报告"

    def ready(self):
        # Every installed app's kpis.py registers its KPIs (like admin.py with the admin site).
        from . import registry

        registry.autodiscover()
        self.ready_dashboard()

    def ready_dashboard(self):
        # The dashboard's cached figures go stale when their records are written (issue 14):
        # every ORM save/delete, and the bulk writes that log themselves through core.changelog.
        from django.db.models.signals import post_delete, post_save

        from core.changelog import records_changed

        from .dashboard import invalidation, tasks  # noqa: F401  (tasks: registers the Celery tasks)

        post_save.connect(invalidation.on_save, dispatch_uid="dashboard-invalidate-save")
        post_delete.connect(invalidation.on_save, dispatch_uid="dashboard-invalidate-delete")
        records_changed.connect(invalidation.on_bulk, dispatch_uid="dashboard-invalidate-bulk")
