"""The FY series' programme (SPEC §3.4), with the date the tracker shows its figures as of."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy

from centres.models import Programme, Target
from centres.progress import tracked_programmes
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
