"""The base of every /api/v1/ endpoint: the same data scope and write rules as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.generics import get_object_or_404

from . import scope, services


class RolePermission(permissions.BasePermission):
    """Read for every signed-in user (within scope); writes as core.scope allows per role."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        model = view.get_queryset().model
        if request.method == "POST":
            return scope.can_create(request.user, model)
        if request.method == "DELETE":
            return scope.can_delete(request.user, model)
        return scope.can_change(request.user, model)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Configured like the generic views: `selector` (or the model's for_user) + `filterset_class`."""

    permission_classes = [RolePermission]
    model = None
    selector = None

    def get_queryset(self):
        if self.selector is not None:
            return self.selector(self.request.user)
        return self.model.objects.for_user(self.request.user)

    def get_filterset_kwargs(self):  # pragma: no cover - used by django-filter's backend
        return {"request": self.request}

    def check_permissions(self, request):
        # Another town's record (or none) answers 404 to every method, before any 403 — as on
        # the pages; an officer's DELETE used to answer 403 and so confirm the record exists.
        lookup = self.lookup_url_kwarg or self.lookup_field
        if request.user.is_authenticated and lookup in self.kwargs:
            get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup]})
        super().check_permissions(request)

    def save_in_scope(self, serializer):
        """Save, then refuse (400, nothing kept) a record that left the writer's scope."""
        with transaction.atomic():
            instance = serializer.save()
            try:
                services.check_in_scope(instance, self.request.user)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.message_dict) from exc
        return instance

    def perform_create(self, serializer):
        self.save_in_scope(serializer)

    def perform_update(self, serializer):
        # Optimistic concurrency (core.services.check_edit_token): the version the client read
        # comes back as If-Match or the body's `version`; a stale one answers 409, nothing saved.
        data = self.request.data
        token = self.request.headers.get("If-Match") or (data.get("version") if hasattr(data, "get") else None)
        serializer.instance.edit_token = str(token) if token else None
        with transaction.atomic():
            try:
                services.check_edit_token(serializer.instance)
            except services.StaleEdit as exc:
                raise EditConflict(exc) from exc
            self.save_in_scope(serializer)

    # ---- the version: `version` in every record, ETag on one record ------------------------

    def get_serializer_class(self):
        return versioned(super().get_serializer_class())

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if isinstance(data, dict) and data.get("version") and response.status_code < 300:
            response["ETag"] = f'"{data["version"]}"'
        return response


class EditConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"

    def __init__(self, stale):
        self.detail = {
            "detail": stale.messages[0],
            "changes": [{"field": label, "old": old, "new": new} for label, old, new in stale.changes],
            "version": stale.current_token,
        }


@extend_schema_field(OpenApiTypes.STR)
class VersionField(serializers.Field):
    """The record's version (core.services.edit_token): exact on one record, cheaper in lists."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        in_list = isinstance(self.parent.parent, serializers.ListSerializer)
        return services.edit_token(instance, with_log=not in_list)


_versioned = {}


def versioned(serializer_class):
    """`serializer_class` with a read-only `version` field, for every model with `updated_at`."""
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    fields = getattr(serializer_class.Meta, "fields", None) if model is not None else None
    if model is None or not isinstance(fields, list | tuple) or not hasattr(model, "updated_at"):
        return serializer_class
    if serializer_class not in _versioned:
        meta = type("Meta", (serializer_class.Meta,), {"fields": [*fields, "version"]})
        attrs = {"version": VersionField(), "Meta": meta, "__module__": serializer_class.__module__}
        _versioned[serializer_class] = type(serializer_class.__name__, (serializer_class,), attrs)
    return _versioned[serializer_class]
