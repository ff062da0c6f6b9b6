"""The FY series' programme (SPEC §3.4) and the map's filters (§4.3), with the date the
tracker shows its figures as of."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from centres.models import Programme, Target
from centres.progress import tracked_programmes
from registry.models import CentreStatus, FacilityKind
from registry.models.statuses import OPENED_STATUSES
from registry.public.filtering import ListForm, LocalNameChoiceField
from registry.public.forms import AsOfForm


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
