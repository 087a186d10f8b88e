"""The base of every /api/v1/ endpoint: the same data scope, write rules and services as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import permissions, serializers, viewsets

from . import scope
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

    def get_queryset(self):
        if self.selector is not None:
            return self.selector(self.request.user)
        return self.model.objects.for_user(self.request.user)

    def get_filterset_kwargs(self):  # pragma: no cover - used by django-filter's backend
        return {"request": self.request}

    def _write(self, serializer, instance):
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        try:
            serializer.instance = self.service(instance=instance, user=self.request.user)
        except DjangoValidationError as exc:
            raise api_errors(exc) from exc

    def perform_create(self, serializer):
        self._write(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        self._write(serializer, serializer.instance)

    def perform_destroy(self, instance):
        self.delete_service(instance=instance, user=self.request.user)
