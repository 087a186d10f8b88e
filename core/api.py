"""The base of every /api/v1/ endpoint: the same data scope, write rules and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.generics import get_object_or_404

from . import scope, services
from .services import model_delete, model_save


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


def api_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """A service's refusal as the API's 400 answer, field by field."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(exc.message_dict)
    return serializers.ValidationError({"non_field_errors": exc.messages})


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by id to records the user may see (`model.objects.for_user`): another town's id
    answers like one that does not exist, as the pages offer only the user's own choices."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(self.context["request"].user)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Configured like the generic views: `selector` (or the model's for_user) + `filterset_class`,
    and `service`/`delete_service` — the same writes as the pages, never serializer.save().

    The serializer checks the input's shape; the service applies every rule (normalisation,
    full_clean, the app's own checks) and saves. Its refusals answer 400 like the serializer's.
    """

    permission_classes = [RolePermission]
    model = None
    selector = None
    service = staticmethod(model_save)
    delete_service = staticmethod(model_delete)
    # Many-to-many fields the service takes as keyword arguments (an event's enterprises): they
    # cannot be set on a record not saved yet; left out of the input, the service keeps them.
    related_writes: tuple[str, ...] = ()

    def get_queryset(self):
        if self.selector is not None:
            return self.selector(self.request.user)
        return self.model.objects.for_user(self.request.user)

    def get_filterset_kwargs(self):  # pragma: no cover - used by django-filter's backend
        return {"request": self.request}

    def _write(self, serializer, instance):
        # Every write goes through the model's service (model_save by default), which also
        # refuses a record leaving the writer's scope and a stale version (StaleEdit → 409).
        data = dict(serializer.validated_data)
        related = {name: data.pop(name) for name in self.related_writes if name in data}
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = self.service(instance=instance, user=self.request.user, **related)
        except services.StaleEdit as exc:
            raise EditConflict(exc) from exc
        except DjangoValidationError as exc:
            raise api_errors(exc) from exc

    def perform_create(self, serializer):
        self._write(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        # Optimistic concurrency (core.services.check_edit_token): the version the client read
        # comes back as If-Match or the body's `version`; a stale one answers 409, nothing saved.
        data = self.request.data
        token = self.request.headers.get("If-Match") or (data.get("version") if hasattr(data, "get") else None)
        serializer.instance.edit_token = str(token) if token else None
        self._write(serializer, serializer.instance)

    def perform_destroy(self, instance):
        try:
            self.delete_service(instance=instance, user=self.request.user)
        except DjangoValidationError as exc:  # still referenced: 400 with the pages' message
            raise api_errors(exc) from exc

    def check_permissions(self, request):
        # Another town's record (or none) answers 404 to every method, before any 403 — as on
        # the pages; an officer's DELETE used to answer 403 and so confirm the record exists.
        lookup = self.lookup_url_kwarg or self.lookup_field
        if request.user.is_authenticated and lookup in self.kwargs:
            get_object_or_404(self.get_queryset(), **{self.lookup_field: self.kwargs[lookup]})
        super().check_permissions(request)

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
