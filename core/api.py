"""The base of every /api/v1/ endpoint: the same data scope and write rules as the pages."""

from rest_framework import permissions, viewsets

from . import scope


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

    def perform_create(self, serializer):
        serializer.save()

    def perform_update(self, serializer):
        serializer.save()
