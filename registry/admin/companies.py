"""Companies in the admin: near-duplicate names warned of at entry, and HQ's merge (SPEC §5).

A company added or renamed with a name near a stored one (registry/models/company_names.py)
is not saved at first: the form comes back naming the near companies, linked, with a
"save anyway" box. Ticking it saves, and the history's reason says which names it was near.
The import preview flags such rows without refusing them (registry/importers/resources.py).

"Merge companies" (HQ only) asks which of the chosen companies to keep on a page that lists
each one's registration number and tenancies and any reason the merge is refused, then moves
the tenancies and leaves a redirect (registry/models/merges.py).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from registry.admin.base import REASON, BulkRecordAdmin, RecordForm
from registry.admin.registrations import TenancyInline
from registry.admin.scoping import access_of
from registry.importers import CompanyResource
from registry.models import Company, CompanyRedirect
from registry.models.merges import merge_companies, merge_refusals, near_companies

SAVE_ANYWAY = "save_anyway"
NEAR_NAMES = "near_names"


def near_links(companies):
    """Return the near companies as links to their admin pages, comma-separated (safe HTML)."""
    return format_html_join(
        ", ",
        '<a href="{}">{}</a> ({})',
        (
            (reverse("admin:registry_company_change", args=[c.pk]), c.name, c.slug)
            for c in companies
        ),
    )


class CompanyForm(RecordForm):
    """A company with the near-duplicate check: a near name needs "save anyway" ticked."""

    save_anyway = forms.BooleanField(
        label="Save anyway: this is a different company",
        required=False,
        help_text="Tick only after checking the companies named above are not this one.",
    )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        self.near = []
        if name and (self.instance.pk is None or "name" in self.changed_data):
            self.near = near_companies(name, exclude_pk=self.instance.pk)
        if self.near and not cleaned.get(SAVE_ANYWAY):
            message = format_html(
                "Check this is not a company already registered: its name is near {}. "
                "If it is one of them, use that company instead; if not, tick "
                "“Save anyway” below and save again.",
                near_links(self.near),
            )
            raise ValidationError(message, code=NEAR_NAMES)
        return cleaned


class CompanyTenancyInline(TenancyInline):
    fk_name = "company"
    fields = ["facility", "started_on", "ended_on", "seats"]
    autocomplete_fields = ["facility"]


class MergeForm(forms.Form):
    """The merge's confirmation: which of the chosen companies is kept."""

    kept = forms.ModelChoiceField(
        queryset=Company.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this company",
        empty_label=None,
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = companies


@admin.register(Company)
class CompanyAdmin(BulkRecordAdmin):
    form = CompanyForm
    resource_classes = [CompanyResource]
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
        # A website typed without a scheme is taken to be https (Django 6's default).
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["name", "secp_registration_no", "founded_year", "website"]
    list_filter = ["sectors", "founded_year"]
    search_fields = ["name", "slug", "secp_registration_no", "ntn"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CompanyTenancyInline]
    actions = ["merge_companies"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != SAVE_ANYWAY]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if request.method == "POST" and self.warned(request, obj):
            fieldsets.insert(1, ("Near-duplicate names", {"fields": [SAVE_ANYWAY]}))
        return fieldsets

    def warned(self, request, obj):
        """Return whether the submitted name is near another company's (the box is shown)."""
        if not hasattr(request, "markaz_near_names"):
            name = request.POST.get("name", "")
            unchanged = obj is not None and name.strip() == obj.name
            request.markaz_near_names = not unchanged and (
                SAVE_ANYWAY in request.POST or bool(near_companies(name, obj and obj.pk))
            )
        return request.markaz_near_names

    def save_model(self, request, obj, form, change):
        if getattr(form, "near", None):
            noted = "saved although its name is near " + ", ".join(
                f"“{c.name}” ({c.slug})" for c in form.near
            )
            reason = form.cleaned_data.get(REASON)
            form.cleaned_data[REASON] = f"{reason}; {noted}" if reason else noted.capitalize()
        super().save_model(request, obj, form, change)

    def has_merge_permission(self, request):
        """Only HQ merges companies: it deletes records every province's tenancies point to."""
        return (
            access_of(request).is_hq
            and self.has_change_permission(request)
            and self.has_delete_permission(request)
        )

    @admin.action(description="Merge the chosen companies into one", permissions=["merge"])
    def merge_companies(self, request, queryset):
        """Ask which company to keep, then merge the others into it (module docstring)."""
        companies = queryset.order_by("name", "slug")
        if companies.count() < 2:
            self.message_user(request, "Choose two or more companies to merge.", messages.WARNING)
            return None
        form = MergeForm(request.POST if "confirm" in request.POST else None, companies=companies)
        problems = []
        if form.is_valid():
            kept = form.cleaned_data["kept"]
            dropped = [company for company in companies if company.pk != kept.pk]
            try:
                moved = merge_companies(kept, dropped, user=request.user)
            except ValidationError as refused:
                problems = refused.messages
            else:
                self.message_user(
                    request,
                    f"Merged {len(dropped)} compan{'y' if len(dropped) == 1 else 'ies'} into "
                    f"“{kept.name}”: {len(moved)} tenanc{'y' if len(moved) == 1 else 'ies'} "
                    "moved; their old pages lead to its page.",
                    messages.SUCCESS,
                )
                return None
        return self.merge_page(request, companies, form, problems)

    def merge_page(self, request, companies, form, problems):
        """Render the merge's confirmation page: the companies, their tenancies, any refusal."""
        companies = list(companies.prefetch_related("tenancies__facility"))
        kept = form.cleaned_data.get("kept") if form.is_bound and form.is_valid() else None
        kept = kept or companies[0]
        refusals = problems or merge_refusals(kept, [c for c in companies if c.pk != kept.pk])
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge companies",
            "opts": self.opts,
            "companies": companies,
            "form": form,
            "refusals": refusals,
            "judged_kept": kept,
            "selected": [company.pk for company in companies],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        status = 400 if problems else 200
        return TemplateResponse(
            request, "admin/markaz/merge_companies.html", context, status=status
        )


@admin.register(CompanyRedirect)
class CompanyRedirectAdmin(admin.ModelAdmin):
    """Where merged companies' old addresses lead; written by merges only."""

    list_display = ["old_slug", "old_name", "company", "merged_at", "merged_by", "history"]
    list_select_related = ["company", "merged_by"]
    search_fields = ["old_slug", "old_name", "company__name"]

    def has_module_permission(self, request):
        return access_of(request).is_hq

    def has_view_permission(self, request, obj=None):
        return access_of(request).is_hq

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="history of the merged company")
    def history(self, obj):
        url = reverse("admin:registry_company_history", args=[obj.old_id])
        return format_html('<a href="{}">history</a>', url)
