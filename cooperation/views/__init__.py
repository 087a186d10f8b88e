"""The cooperation pages: configuration of core's generic views (core/views/), by section.

ia.py (institutions, industry–academia projects), contracts.py (technology contracts and the
需整改 follow-up), events.py (产学研活动 / 技术专家巡诊 and the monthly rule); the finance and
intermediary sections live in modules of their own.
"""
