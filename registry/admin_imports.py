"""Admin import and export through the bulk-load resources of ``import_registry`` (SPEC §5).

Imports are all or nothing, in the file's own words: a dry run previews every row as new,
changed (naming the changed columns, old → new) or unchanged, and lists every problem at once
as line, column and message (the header is line 1; a spreadsheet's rows count the same way),
downloadable as a CSV to fix the file. Confirming re-runs the import in one transaction: any
invalid row, or any stored row that changed since the preview (each matched row's digest is
carried by the confirm form), and nothing is saved. Rows out of the user's reach are errors.
History rows written by an import name the importing user and the file. Exports hold every
column of the bulk file, for the changelist's rows (its search and filters kept).
"""

import functools
import hashlib
import json

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ExportForm
from import_export.resources import Diff

from registry.access import access_of, facility_link
from registry.exports import column, csv_response


def digest(state):
    """Return a short fingerprint of a JSON-able state."""
    text = json.dumps(state, default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class ChangeDiff(Diff):
    """import-export's row diff, kept on the resource so the preview can name changed columns."""

    def __init__(self, resource, instance, new):
        super().__init__(resource, instance, new)
        resource.last_diff = self

    def changes(self, columns):
        values = zip(columns, self.left, self.right, strict=True)
        return [(name, old, new) for name, old, new in values if old != new]


class AdminResourceMixin:
    """A bulk-load resource as the admin uses it: within the user's reach, re-checked at confirm.

    Every row that reaches a record out of the user's reach (before or after the change) is an
    error; at confirm, every row whose stored record changed since the preview is an error.
    """

    def __init__(self, access=None, expected_versions=None, **kwargs):
        super().__init__(**kwargs)
        self.access = access
        self.expected_versions = expected_versions
        self.versions = {}
        self.last_diff = None

    def get_diff_class(self):
        return ChangeDiff

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self.row_reached = new or self.access is None or self.access.reaches(instance)
        stored = None if new else digest([f.export(instance) for f in self.get_import_fields()])
        self.row_version = stored
        if stored is not None:
            self.versions[str(kwargs["row_number"])] = stored

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        key = self.scope_field()
        if key not in errors and not (
            self.row_reached and (self.access is None or self.access.reaches(instance))
        ):
            noun = self._meta.model._meta.verbose_name
            errors[key] = [
                f"You may not change this {noun}: it is outside the provinces or facilities "
                "assigned to you."
            ]
        expected = self.expected_versions
        if expected is not None and expected.get(str(kwargs["row_number"])) != self.row_version:
            errors.setdefault(self.natural_key_field(), []).append(
                "This record changed (or appeared) after the preview; nothing was imported. "
                "Upload the file again to see a fresh preview."
            )
        if errors:
            raise ValidationError(errors)

    def scope_field(self):
        """Return the field that puts a row in or out of reach: its facility, city or province."""
        model = self._meta.model
        link = facility_link(model)
        if link:
            return link[:-2]
        if link == "":
            return "city"
        names = {field.name for field in model._meta.concrete_fields}
        return "province" if "province" in names else self.natural_key_field()

    def natural_key_field(self):
        return self.fields[self.get_import_id_fields()[0]].attribute

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        instance._change_reason = f"Imported from {kwargs.get('file_name') or 'a file'}"

    def import_row(self, row, instance_loader, **kwargs):
        self.last_diff = None
        row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.line = kwargs["row_number"] + 1
        row_result.key = ", ".join(str(row.get(name, "")) for name in self.natural_key_columns())
        row_result.changes = []
        if self.last_diff is not None and row_result.import_type == "update":
            columns = [field.column_name for field in self.get_import_fields()]
            row_result.changes = self.last_diff.changes(columns)
        return row_result

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        header = self.header_errors(dataset.headers)
        # A bad header also trips import-export's own check; the header's problems say it better.
        problems = [] if header else [(None, "", str(error.error)) for error in result.base_errors]
        problems += [(1, name, message) for name, message in header]
        for row in result.invalid_rows:
            line = row.number + 1
            problems += [(line, name, message) for name, message in self.row_errors(row.error)]
        for number, errors in result.row_errors():
            problems += [(number + 1, "", str(error.error)) for error in errors]
        for name, message in header:
            error = ValueError(f"{name}: {message}")
            result.append_base_error(self.get_error_result_class()(error))
        result.problems = sorted(problems, key=lambda problem: problem[0] or 0)
        result.versions = self.versions


@functools.cache
def admin_resource(resource_class):
    """Return the bulk-load resource class as the admin uses it."""
    name = f"Admin{resource_class.__name__}"
    return type(name, (AdminResourceMixin, resource_class), {"__module__": __name__})


class VersionedConfirmForm(ConfirmImportForm):
    """The confirm step, carrying the digests of the stored rows the preview matched."""

    versions = forms.CharField(widget=forms.HiddenInput())

    def clean_versions(self):
        try:
            versions = json.loads(self.cleaned_data["versions"])
        except ValueError:
            versions = None
        if not isinstance(versions, dict):
            raise ValidationError("The preview is incomplete; upload the file again.")
        return versions


ERROR_COLUMNS = [column("line"), column("column"), column("message")]


class BulkImportExportMixin(ImportExportMixin):
    """Import and export through the bulk-load resources, atomically and within reach."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    import_template_name = "admin/markaz/import.html"
    confirm_form_class = VersionedConfirmForm
    # Every column of the bulk file, so an export loads back as it is.
    export_form_class = ExportForm

    def get_resource_classes(self, request):
        return [admin_resource(cls) for cls in super().get_resource_classes(request)]

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        versions = None
        if isinstance(form, VersionedConfirmForm) and form.is_valid():
            versions = form.cleaned_data["versions"]
        return {"access": access_of(request), "expected_versions": versions}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # Confirming must save every row or none, invalid rows included.
        return {**kwargs, "rollback_on_validation_errors": True}

    def get_urls(self):
        errors = path(
            "import/errors.csv",
            self.admin_site.admin_view(self.import_errors_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_import_errors",
        )
        return [errors, *super().get_urls()]

    def errors_key(self):
        return f"markaz-import-errors:{self.opts.label}"

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = response.context_data.get("result")
        if result is not None:
            self.show_result(request, response.context_data, result)
            confirm = response.context_data.get("confirm_form")
            if confirm is not None:
                confirm.initial["versions"] = json.dumps(result.versions)
        return response

    def show_result(self, request, context, result):
        """Keep the result's problems for the errors CSV and add its link to the page."""
        if not result.problems:
            request.session.pop(self.errors_key(), None)
            return
        request.session[self.errors_key()] = [
            {"line": line, "column": name, "message": message}
            for line, name, message in result.problems
        ]
        context["errors_csv_url"] = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_import_errors"
        )

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        form_class = self.get_import_form_class(request)
        form = form_class(self.get_import_formats(), self.get_import_resource_classes(request))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import",
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "result": result,
            "confirm_failed": True,
            "import_error_display": self.import_error_display,
        }
        self.show_result(request, context, result)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def import_errors_view(self, request):
        """Download the last import's problems as a CSV: line, column, message."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        problems = request.session.get(self.errors_key())
        if problems is None:
            raise Http404("No import errors to download.")
        return csv_response(problems, ERROR_COLUMNS, f"{self.opts.model_name}-import-errors")
