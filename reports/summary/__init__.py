"""The half-year / full-year work summary and the monthly brief, written from the KPI registry.

facts.py gathers every figure (reports.selectors only: this package knows no app's models),
wording.py fills the bureau's editable sentences (wording.toml) with them, document.py writes
the .docx in the official layout, appendix.py the .xlsx, services.py runs a ReportRun from
queued to done, tasks.py is the Celery side. See docs/reports.md.
"""
