"""Reads of enterprises, always scoped to the user."""

from django.db.models import Count, Q

from .models import Enterprise


def enterprise_list(user):
    """The enterprise list's rows: scoped, with what the table shows fetched in the same query."""
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


def enterprise_detail(user):
    return Enterprise.objects.for_user(user).select_related("town", "grid_officer")


def home_counts(user):
    """Work-queue figures for the home page in one aggregate query."""
    return Enterprise.objects.for_user(user).aggregate(
        enterprises=Count("id"),
        unassigned_town=Count("id", filter=Q(town__isnull=True)),
        no_grid_officer=Count("id", filter=Q(grid_officer__isnull=True)),
    )
