"""Admin import and export through the bulk-load resources of ``import_registry`` (SPEC §5).

Imports are all or nothing, in the file's own words: an upload is kept as a job
(registry/admin/import_jobs.py) and checked first; the preview counts the new, changed (naming the
changed columns, old → new) and unchanged rows, shows the first of each kind, and lists the
problems as line, column and message (the header is line 1; a spreadsheet's rows count the
same way), every one of them downloadable as a CSV to fix the file. Confirming imports it in
one transaction: any invalid row, or any stored row that changed since the preview, and
nothing is saved. Rows out of the user's reach are errors. Large files are checked and
imported by the task worker while a page that refreshes itself shows how far it got.

The confirm form names the upload by a token signed for the user; a forged, foreign or
expired token, and a second confirm of the same upload, get a page saying so. History rows
written by an import name the importing user and the file. Exports hold every column of the
bulk file, for the changelist's rows (its search and filters kept).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ExportForm

from registry.admin.import_jobs import (
    SHOWN_PROBLEMS,
    ImportRefused,
    admin_resource,
    job_confirm,
    job_create,
    job_for,
    job_progress,
    job_token,
)
from registry.admin.scoping import access_of
from registry.importers.batch import LOADED_KINDS, RowResult
from registry.importers.uploads import size_refusal, upload_refusal
from registry.models import ImportState
from registry.web.csv_writer import column, csv_response


class ConfirmUploadForm(forms.Form):
    """The confirm step: the token naming the previewed upload, nothing the server trusts."""

    import_file_name = forms.CharField(widget=forms.HiddenInput())


class JobResult:
    """What a page shows of an upload's check or import, as the import template reads it."""

    def __init__(self, job):
        self.totals = {**dict.fromkeys(LOADED_KINDS, 0), **job.totals}
        self.problem_count = len(job.problems)
        self.problems = [tuple(problem) for problem in job.problems[:SHOWN_PROBLEMS]]
        self.warning_count = len(job.warnings)
        self.warnings = [tuple(warning) for warning in job.warnings[:SHOWN_PROBLEMS]]
        self.rows = [RowResult(**row) for kind in LOADED_KINDS for row in job.shown.get(kind, [])]
        self.more_rows = sum(self.totals[kind] for kind in LOADED_KINDS) - len(self.rows)

    def has_errors(self):
        return False

    def has_validation_errors(self):
        return bool(self.problem_count)

    def valid_rows(self):
        return self.rows


ERROR_COLUMNS = [column("line"), column("column"), column("message")]


class BulkImportExportMixin(ImportExportMixin):
    """Import and export through the bulk-load resources, atomically and within reach."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [base_formats.CSV, base_formats.XLSX]
    import_template_name = "admin/markaz/import.html"
    progress_template_name = "admin/markaz/import_progress.html"
    # Every column of the bulk file, so an export loads back as it is.
    export_form_class = ExportForm

    def get_resource_classes(self, request):
        return [admin_resource(cls) for cls in super().get_resource_classes(request)]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"access": access_of(request)}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {}

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        own = [
            path(
                "import/<str:token>/errors.csv",
                self.admin_site.admin_view(self.import_errors_view),
                name=f"{prefix}_import_errors",
            ),
            path(
                "import/<str:token>/",
                self.admin_site.admin_view(self.import_job_view),
                name=f"{prefix}_import_job",
            ),
        ]
        return own + super().get_urls()

    def job_url(self, job, view="import_job"):
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=[job_token(job)])

    def import_action(self, request, **kwargs):
        """Show the upload form; keep an uploaded file and check it (here, or on the worker)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            file_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
            # A file over the cap is refused before it is read.
            refusal = size_refusal(upload.size)
            data = b"" if refusal else b"".join(upload.chunks())
            refusal = refusal or upload_refusal(data, file_format.get_title())
            if refusal is None:
                job = job_create(
                    user=request.user,
                    model=self.opts.label_lower,
                    file_name=upload.name,
                    file_format=file_format.get_title(),
                    data=data,
                )
                if job.background:
                    return HttpResponseRedirect(self.job_url(job))
                return self.job_page(request, job)
            form.add_error("import_file", refusal)
        return self.import_page(request, form=form, status=400 if form.errors else 200)

    def import_page(self, request, status=200, **context):
        """Render the import page: the upload form, a job's preview, problems or refusal."""
        form = context.pop("form", None) or self.create_import_form(request)
        resource = self.get_import_resource_classes(request)[0]()
        context = {
            **self.admin_site.each_context(request),
            "title": "Import",
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "fields_list": [
                (
                    resource.get_display_name(),
                    [f.column_name for f in resource.get_user_visible_fields()],
                )
            ],
            "import_error_display": self.import_error_display,
            "max_upload_mb": settings.IMPORT_MAX_UPLOAD_MB,
            **context,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=status)

    def job_page(self, request, job):
        """Render what became of an upload: progress, preview (with the confirm form), problems."""
        if job.running:
            return TemplateResponse(
                request,
                [self.progress_template_name],
                {
                    **self.admin_site.each_context(request),
                    "title": f"Importing {job.file_name}",
                    "opts": self.opts,
                    "job": job,
                    "done_rows": job_progress(job),
                    "waiting": timezone.now() - job.created_at,
                },
            )
        context = {"result": JobResult(job), "job": job}
        if job.problems:
            context["errors_csv_url"] = self.job_url(job, "import_errors")
            context["confirm_failed"] = job.state == ImportState.REFUSED
        elif job.state == ImportState.PREVIEWED:
            context["confirm_form"] = ConfirmUploadForm(
                initial={"import_file_name": job_token(job)}
            )
        elif job.state == ImportState.IMPORTED:
            context["imported"] = True
        return self.import_page(request, **context)

    def import_job_view(self, request, token):
        """Show an upload's progress or outcome, to the user who uploaded it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            job = job_for(token, request.user)
        except ImportRefused as refused:
            return self.import_page(request, status=400, refusal=str(refused))
        return self.job_page(request, job)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Import a previewed upload the confirm form names; a second confirm is told so."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ConfirmUploadForm(request.POST)
        if not form.is_valid():
            return self.import_page(
                request,
                status=400,
                refusal="The confirm form is incomplete; upload the file again.",
            )
        try:
            job = job_for(form.cleaned_data["import_file_name"], request.user)
        except ImportRefused as refused:
            return self.import_page(request, status=400, refusal=str(refused))
        started = job_confirm(job)
        if started is None:
            messages.info(request, f"{job.file_name} was confirmed already: here is how it went.")
            return HttpResponseRedirect(self.job_url(job))
        if started.state == ImportState.IMPORTED:
            self.add_success_message(started, request)
            return HttpResponseRedirect(
                reverse(
                    f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
                )
            )
        if started.running:
            return HttpResponseRedirect(self.job_url(started))
        return self.job_page(request, started)

    def add_success_message(self, job, request):
        totals = JobResult(job).totals
        messages.success(
            request,
            f"Imported {job.file_name}: {totals['new']} new, {totals['update']} changed, "
            f"{totals['skip']} unchanged {self.opts.verbose_name_plural}.",
        )

    def import_errors_view(self, request, token):
        """Download every problem of an upload as a CSV: line, column, message."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            job = job_for(token, request.user)
        except ImportRefused as refused:
            return self.import_page(request, status=400, refusal=str(refused))
        problems = [
            {"line": line, "column": name, "message": message}
            for line, name, message in job.problems
        ]
        return csv_response(problems, ERROR_COLUMNS, f"{self.opts.model_name}-import-errors")
