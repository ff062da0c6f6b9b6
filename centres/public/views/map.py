"""The map of parks and centres `/map/` (SPEC §4.3)."""

from django.shortcuts import render

from centres.measures import Measures
from centres.public.forms import MapForm
from centres.public.map import MapFilters, build_map
from centres.selectors import province_target_groups


def map_filters(form):
    data = form.cleaned_data
    return MapFilters(
        as_of=data["as_of"],
        programme=data["programme"],
        kind=data["kind"],
        status=data["status"],
    )


def pakistan_map(request):
    """Draw the parks and centres open on a date by city, over the provinces' quota reached."""
    form = MapForm(request.GET)
    context = {"form": form, "filter": {"form": form}}
    if not form.is_valid():
        return render(request, "centres/map.html", context)
    filters = map_filters(form)
    measures = Measures(filters.as_of)
    tracked = measures.tracked_programmes
    context["map"] = build_map(
        filters,
        target_groups=province_target_groups(as_of=filters.as_of, measures=measures),
        quota_programme=tracked[0] if tracked else None,
    )
    context.update(as_of=filters.as_of, is_today=form.is_today)
    return render(request, "centres/map.html", context)
