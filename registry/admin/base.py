"""What every registry admin shares (SPEC §5): roles (registry/admin/scoping.py), history with a
reason, no lost updates, and import/export (registry/admin/imports.py).

No lost updates: each change form carries a digest of the record as stored (its fields, its
many-to-many links and the rows of its inlines). Saving compares it with the record as stored
now; if they differ, nothing is saved and the form comes back with both versions side by side and
a fresh digest, so saving again overwrites on purpose.
"""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Model
from simple_history.admin import SimpleHistoryAdmin

from registry.admin.import_jobs import digest
from registry.admin.imports import BulkImportExportMixin
from registry.admin.scoping import ScopedAdminMixin

REASON = "change_reason"
VERSION = "_version"
STALE = "stale"


class RecordForm(forms.ModelForm):
    """A change form with the clerk's reason for the change, kept in the record's history."""

    change_reason = forms.CharField(
        label="Reason for change",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Optional; kept with this change in the record's history, "
        "e.g. “PSEB letter of 3 March 2026”.",
    )


def parent_link(inline, parent_model):
    """Return the name of the inline model's foreign key to the parent model."""
    if inline.fk_name:
        return inline.fk_name
    return next(
        field.name
        for field in inline.model._meta.concrete_fields
        if field.many_to_one and issubclass(parent_model, field.related_model)
    )


def shown(field, value):
    """Return a form value as a clerk reads it: names for choices and records, ISO dates."""
    if value in (None, "", [], ()):
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(item) for item in value)
    if isinstance(field, forms.ModelChoiceField) and not isinstance(value, Model):
        try:
            value = field.to_python(value)
        except ValidationError:
            return str(value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def differences(form, label=""):
    """Return (field, stored now, yours) for every field where the submitted form differs."""
    rows = []
    for name in form.changed_data:
        if name in (REASON, "DELETE"):
            continue
        bound = form[name]
        yours = form.cleaned_data.get(name, bound.data) if hasattr(form, "cleaned_data") else ""
        title = f"{label}: {bound.label}" if label else bound.label
        rows.append((title, shown(bound.field, bound.initial), shown(bound.field, yours)))
    return rows


class RecordAdminMixin:
    """History with a reason, a read-only history page, and the lost-update guard."""

    form = RecordForm
    change_form_template = "admin/markaz/change_form.html"
    object_history_list_template = "admin/markaz/object_history_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != REASON]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if self.may_edit(request, obj):
            fieldsets.append(("Reason for change", {"fields": [REASON]}))
        return fieldsets

    def may_edit(self, request, obj):
        if obj is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get(REASON) or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for inline_form in formset.forms:
            inline_form.instance._change_reason = form.cleaned_data.get(REASON) or None
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # History is read-only: a past version may be looked at, never saved back.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def version_of(self, request, obj, lock=False):
        """Return a digest of the record as stored, with its links and its inlines' rows."""
        stored = self.model._default_manager.filter(pk=obj.pk)
        if lock:
            stored = stored.select_for_update()
        state = {"record": list(stored.values())}
        for field in self.model._meta.many_to_many:
            links = getattr(obj, field.name).order_by("pk").values_list("pk", flat=True)
            state[field.name] = list(links)
        for inline in self.get_inline_instances(request, obj):
            rows = inline.get_queryset(request).filter(**{parent_link(inline, self.model): obj.pk})
            state[inline.model._meta.label] = list(rows.order_by("pk").values())
        return digest(state)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        if obj is None or request.method != "POST":
            return form_class
        submitted = request.POST.get(VERSION, "")
        admin = self

        class GuardedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if submitted != admin.version_of(request, obj, lock=True):
                    raise ValidationError(
                        "Someone else saved this record after you opened it, so nothing was "
                        "saved. The table above sets the stored values beside yours: save again "
                        "to keep yours, or reload the page to start from the stored record.",
                        code=STALE,
                    )
                return cleaned

        return GuardedForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["version"] = self.version_of(request, obj)
            form = context["adminform"].form
            if form.has_error(NON_FIELD_ERRORS, code=STALE):
                context["conflict"] = differences(form) + [
                    row
                    for inline in context["inline_admin_formsets"]
                    for inline_form in inline.formset.forms
                    if inline_form.instance.pk is not None
                    for row in differences(inline_form, str(inline_form.instance))
                ]
        return super().render_change_form(request, context, add, change, form_url, obj)


class RecordAdmin(ScopedAdminMixin, RecordAdminMixin, SimpleHistoryAdmin):
    """An admin for a history-tracked registry model."""


class BulkRecordAdmin(
    ScopedAdminMixin, RecordAdminMixin, BulkImportExportMixin, SimpleHistoryAdmin
):
    """An admin for a registry model that also has a bulk-load file (``resource_classes``)."""
