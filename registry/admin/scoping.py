"""Who may see and change what in the admin (SPEC §5): roles, their reach, and one admin mixin.

A role is a Django group (registry/models/fixed_lists.py): its model permissions
(registry/models/roles.py) say which actions the role has on each model; this module says which
rows it reaches, from the user's StaffAssignment:

- superuser or HQ editor: every row;
- provincial officer: the parks and centres whose city lies in an assigned province, their
  tenancies and workforce reports, and the cities (and provinces) themselves;
- facility manager: the assigned parks and centres, their tenancies and workforce reports; a
  manager files reports and tenant changes, so the facility's own fields are read-only to them;
- viewer: every row, read-only (the group holds view permissions only);
- any other staff account: no row at all, whatever permissions it was given one by one.

Operators, programmes, companies, targets, provinces and sectors are national lists shared by
every province, so they are not narrowed: permissions alone decide. Officers and managers may view
every company and add one (a new tenant arrives), but only HQ changes or deletes a company, since
one province's clerk must not rewrite a record other provinces' tenancies point to.

`ScopedAdminMixin` applies all this to every admin path: changelist, change form, add, delete,
bulk actions, history, autocomplete (which reads the target admin's queryset), import and export.
A record out of reach answers 403, and choices of cities, facilities and provinces in forms are
narrowed, so a forged POST naming another province's record is refused as an invalid choice.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from registry.models import City, Facility, Province, Role, StaffAssignment

ALL_ROWS = {Role.HQ_EDITOR, Role.VIEWER}


def role_named(group_names):
    """Return the role among the group names; Role lists the most powerful first, which wins."""
    names = set(group_names)
    return next((role for role in Role if role.label in names), None)


def facility_link(model):
    """Return the lookup prefix from a model to the facility it belongs to, or None."""
    if issubclass(model, Facility):
        return ""
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one and issubclass(model_field.related_model, Facility):
            return f"{model_field.name}__"
    return None


@dataclass(frozen=True)
class Access:
    """A user's role and the provinces or facilities it reaches."""

    role: str | None
    provinces: frozenset = field(default_factory=frozenset)
    facilities: frozenset = field(default_factory=frozenset)

    def facility_condition(self, prefix=""):
        """Return the condition on facilities (through the prefix) this user reaches."""
        if self.role in ALL_ROWS:
            return Q()
        if self.role == Role.PROVINCIAL_OFFICER:
            return Q(**{f"{prefix}city__province__in": self.provinces})
        if self.role == Role.FACILITY_MANAGER:
            return Q(**{f"{prefix}pk__in": self.facilities})
        return Q(**{f"{prefix}pk__in": []})

    def condition(self, model):
        """Return the condition on the model's rows this user reaches; None means every row."""
        if self.role in ALL_ROWS:
            return None
        prefix = facility_link(model)
        if prefix is not None:
            return self.facility_condition(prefix)
        if self.role is None:
            return Q(pk__in=[])
        if issubclass(model, City):
            if self.role == Role.PROVINCIAL_OFFICER:
                return Q(province__in=self.provinces)
            return Q(pk__in=Facility.objects.filter(self.facility_condition()).values("city"))
        if issubclass(model, Province):
            if self.role == Role.PROVINCIAL_OFFICER:
                return Q(pk__in=self.provinces)
            reached = Facility.objects.filter(self.facility_condition())
            return Q(pk__in=reached.values("city__province"))
        return None

    def narrow(self, queryset):
        """Return the rows of the queryset this user reaches."""
        condition = self.condition(queryset.model)
        return queryset if condition is None else queryset.filter(condition)

    def reaches(self, obj):
        """Return whether the record, with the values it holds now (maybe unsaved), is reached."""
        if self.condition(type(obj)) is None:
            return True
        if self.role is None:
            return False
        prefix = facility_link(type(obj))
        if prefix:
            return getattr(obj, f"{prefix[:-2]}_id") in self.reached_facilities
        if prefix == "" and self.role == Role.FACILITY_MANAGER:
            return obj.pk in self.facilities
        if prefix == "":
            return obj.city_id in self.reached_cities
        if isinstance(obj, City):
            return self.narrow(Province.objects.filter(pk=obj.province_id)).exists()
        return self.narrow(type(obj)._default_manager.filter(pk=obj.pk)).exists()

    # Read once: an import judges every one of its rows, up to 200,000, against them.
    @cached_property
    def reached_facilities(self):
        """Return the ids of the facilities this user reaches."""
        return frozenset(
            Facility.objects.filter(self.facility_condition()).values_list("pk", flat=True)
        )

    @cached_property
    def reached_cities(self):
        """Return the ids of the cities of a provincial officer's provinces."""
        return frozenset(
            City.objects.filter(province__in=self.provinces).values_list("pk", flat=True)
        )

    def keeps_fields_of(self, model):
        """Return whether the user may change only the inline rows of the model's records."""
        return self.role == Role.FACILITY_MANAGER and facility_link(model) == ""

    @property
    def is_hq(self):
        return self.role == Role.HQ_EDITOR


def access_for(user):
    """Return the user's access, from their role group and their StaffAssignment."""
    if not (user.is_active and user.is_staff):
        return Access(role=None)
    if user.is_superuser:
        return Access(role=Role.HQ_EDITOR)
    role = role_named(user.groups.values_list("name", flat=True))
    if role not in (Role.PROVINCIAL_OFFICER, Role.FACILITY_MANAGER):
        return Access(role=role)
    assignment = StaffAssignment.objects.filter(user=user).first()
    if assignment is None:
        return Access(role=role)
    return Access(
        role=role,
        provinces=frozenset(assignment.provinces.values_list("pk", flat=True)),
        facilities=frozenset(assignment.facilities.values_list("pk", flat=True)),
    )


def access_of(request):
    """Return the access of the request's user, worked out once per request."""
    if not hasattr(request, "markaz_access"):
        request.markaz_access = access_for(request.user)
    return request.markaz_access


class ScopedInlineMixin:
    """Lists only the inline rows the user reaches, and offers only choices within reach."""

    def get_queryset(self, request):
        return access_of(request).narrow(super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            formfield.queryset = access_of(request).narrow(formfield.queryset)
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None:
            formfield.queryset = access_of(request).narrow(formfield.queryset)
        return formfield


class ScopedAdminMixin(ScopedInlineMixin):
    """Enforces roles on every admin path of a ModelAdmin (see the module docstring)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.is_stored(object_id, from_field):
            raise PermissionDenied
        return obj

    def is_stored(self, object_id, from_field=None):
        """Return whether a record with this id exists, whoever may see it."""
        key = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            value = key.to_python(object_id)
        except ValidationError:
            return False
        return self.model._default_manager.filter(**{key.name: value}).exists()

    def has_module_permission(self, request):
        return access_of(request).role is not None and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.reaches(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self.reaches(request, None)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.reaches(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.reaches(request, obj)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def reaches(self, request, obj):
        access = access_of(request)
        return access.role is not None and (obj is None or access.reaches(obj))

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if access_of(request).keeps_fields_of(self.model):
            opts = self.model._meta
            fields = [*opts.fields, *opts.many_to_many]
            editable = [f.name for f in fields if f.editable and not f.auto_created]
            readonly += [name for name in editable if name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if access_of(request).keeps_fields_of(self.model):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # Narrowed choices already refuse other provinces' cities; this catches any other way.
        if not access_of(request).reaches(obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        saved = [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]
        if not all(access_of(request).reaches(obj) for obj in saved):
            raise PermissionDenied
