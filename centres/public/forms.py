"""The date the overview and the tracker show their figures as of (SPEC §3.5), the FY
series' programme (§3.4) and the map's filters (§4.3)."""

import datetime

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import Programme, Target
from centres.selectors import tracked_programmes
from registry.models import CentreStatus, FacilityKind
from registry.models.calendar import today
from registry.models.statuses import OPENED_STATUSES
from registry.public.filters import ListForm, LocalNameChoiceField
from registry.public.widgets import IsoDateInput

# No record predates this; earlier dates would only show zeros (and year arithmetic has limits).
EARLIEST = datetime.date(2000, 1, 1)


class AsOfForm(forms.Form):
    """A plain GET form: `as_of=YYYY-MM-DD`, today when empty, never in the future."""

    # An emptied input means today, so the browser need not insist on a date.
    use_required_attribute = False

    as_of = forms.DateField(
        label=gettext_lazy("Figures as of"),
        input_formats=["%Y-%m-%d"],
        widget=IsoDateInput(),
        help_text=gettext_lazy(
            "Every figure is shown as it stood at the end of this day (today by default)."
        ),
        error_messages={
            "invalid": gettext_lazy("Write the date as YYYY-MM-DD, for example 2025-06-30.")
        },
    )

    def __init__(self, data=None, **kwargs):
        self.today = today()
        data = data.copy() if data is not None else {}
        # Without a date the form stands on today, and shows it in the date input.
        if not data.get("as_of"):
            data["as_of"] = self.today.isoformat()
        super().__init__(data, **kwargs)
        self.fields["as_of"].widget.attrs.update(
            min=EARLIEST.isoformat(), max=self.today.isoformat()
        )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day > self.today:
            raise forms.ValidationError(
                _(
                    "%(day)s is in the future, and figures exist only for days that have "
                    "passed: choose %(today)s or earlier."
                )
                % {"day": date_format(day), "today": date_format(self.today)},
                code="future",
            )
        if day < EARLIEST:
            raise forms.ValidationError(
                _("Choose a date from %(earliest)s on.") % {"earliest": date_format(EARLIEST)},
                code="too_early",
            )
        return day

    @property
    def is_today(self):
        return self.is_valid() and self.cleaned_data["as_of"] == self.today


class ProgrammeField(forms.ModelChoiceField):
    """A programme with national targets, named by its slug."""

    def __init__(self, **kwargs):
        national = Target.objects.filter(programme=OuterRef("pk"), province__isnull=True)
        super().__init__(
            queryset=Programme.objects.filter(Exists(national)),
            to_field_name="slug",
            required=False,
            error_messages={
                "invalid_choice": gettext_lazy(
                    "No programme with national targets has this slug; choose one of the "
                    "programmes on the tracker."
                )
            },
            **kwargs,
        )


class SeriesForm(AsOfForm):
    """The FY series' date and `programme=<slug>`: a programme with national targets (§3.4),
    the tracked one (§2.2) when left out."""

    programme = ProgrammeField()

    def clean_programme(self):
        programme = self.cleaned_data["programme"]
        if programme is not None:
            return programme
        targets = Target.objects.select_related("programme").filter(programme__isnull=False)
        tracked = tracked_programmes(targets)
        return tracked[0] if tracked else None


# What the map draws: the facilities open on its date, whose status today is one of these.
MAP_STATUSES = [(status, CentreStatus(status).label) for status in OPENED_STATUSES]


class MapForm(ListForm, AsOfForm):
    """The map's filters (SPEC §4.3): the lists' programme, kind and status, and its date."""

    field_order = ("programme", "kind", "status", "as_of")

    programme = LocalNameChoiceField(
        queryset=Programme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All programmes"),
        label=gettext_lazy("Programme"),
        help_text=gettext_lazy("Its centres alone: parks belong to no programme."),
    )
    kind = forms.ChoiceField(
        choices=[("", gettext_lazy("Parks and centres")), *FacilityKind.choices],
        required=False,
        label=gettext_lazy("Kind"),
    )
    status = forms.ChoiceField(
        choices=[("", gettext_lazy("Any status")), *MAP_STATUSES],
        required=False,
        label=gettext_lazy("Status"),
        help_text=gettext_lazy("Status today of the facilities open on the date."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "The map draws facilities open on its date: choose operational, suspended or "
                "closed (since then)."
            )
        },
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["as_of"].label = gettext_lazy("Operational on")
        self.fields["as_of"].help_text = gettext_lazy(
            "Facilities open on this date are drawn (today by default)."
        )
