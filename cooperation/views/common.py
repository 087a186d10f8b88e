"""Pieces every cooperation page shares."""


class SectionMixin:
    """The tabs over the cooperation pages (templates/cooperation/includes/nav.html)."""

    template_name = "cooperation/list.html"
