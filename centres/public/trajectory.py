"""The trajectory chart of a national target (issue 18): where it is against where it needs to be.

The value at every month's end since the first launch (the tracker's §3.3 value on each day),
the straight path from the first launch to the target at its deadline, and the projection at
the actual pace; the area between the path and the value (then the projection) is shaded, and
a bracket on the as-of date measures the gap. The data table lists every point.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from centres.progress import Status
from centres.trajectories import Timelines, Trajectory, target_trajectory
from registry.public.display import day_format, grouped
from registry.public.time_charts import Bracket, Callout, TimeChart, TimeLine, time_chart

# About the width a trajectory has beside another on a wide screen, and on a phone.
WIDTH, HEIGHT = 560, 280
NARROW = (360, 260)


@dataclass(frozen=True)
class TrajectoryChart:
    """A trajectory, its chart and its table rows (date, value, path, at today's pace)."""

    trajectory: Trajectory
    chart: TimeChart
    rows: list

    @property
    def progress(self):
        return self.trajectory.progress

    @property
    def chart_id(self):
        return f"trajectory-{self.progress.target.pk}"


def _amount(progress, value):
    """Return a value as the target's metric reads: "250", "31.5%"."""
    return f"{grouped(value)}%" if progress.is_share else grouped(value)


def _title(progress):
    deadline = day_format(progress.deadline, "DATE_FORMAT")
    if progress.is_share:
        return _("The path to women %(value)s%% of workers by %(deadline)s") % {
            "value": progress.target.value,
            "deadline": deadline,
        }
    return _("The path to %(value)s %(unit)s by %(deadline)s") % {
        "value": grouped(progress.target.value),
        "unit": progress.unit,
        "deadline": deadline,
    }


def trajectory_chart(trajectory):
    """Return the trajectory's chart and table rows, in the page's language."""
    progress = trajectory.progress
    as_of, deadline = progress.as_of, trajectory.deadline
    values = [(day, float(value)) for day, value in trajectory.points if value is not None]
    start = (trajectory.start, float(trajectory.start_value))
    goal = (deadline, float(trajectory.target_value))
    lines = [
        TimeLine(_("Straight path to the target"), [start, goal], "path", dot_days=(deadline,)),
        TimeLine(_("Value at each month’s end"), values, "actual", dot_days=(as_of,)),
    ]
    projection = progress.exact_projection
    if projection is not None and values:
        lines.append(
            TimeLine(
                _("At today’s pace"),
                [values[-1], (deadline, float(projection))],
                "projection",
                dot_days=(deadline,),
            )
        )
    area = [point for point in values if point[0] <= deadline]
    if projection is not None:
        area.append((deadline, float(projection)))
    area += [goal, start]
    # In order of importance: the first placed takes the best place beside its point.
    callouts = []
    if values:
        text = _("Now %(value)s") % {"value": _amount(progress, progress.current)}
        callouts.append(Callout(as_of, values[-1][1], text, "actual"))
    text = _("Target %(value)s") % {"value": _amount(progress, progress.target.value)}
    callouts.append(Callout(*goal, text, "path"))
    if progress.projection is not None:
        text = _("At this pace %(value)s") % {"value": _amount(progress, progress.projection)}
        callouts.append(Callout(deadline, float(projection), text, "projection"))
    bracket = None
    if trajectory.gap_now and values:
        needed = float(trajectory.path_value(as_of))
        gap = abs(trajectory.gap_now)
        text = (_("%(value)s behind") if trajectory.gap_now > 0 else _("%(value)s ahead")) % {
            "value": _amount(progress, gap)
        }
        bracket = Bracket(as_of, values[-1][1], needed, Callout(as_of, 0, text, "gap"))
        text = _("Needed by now %(value)s") % {"value": _amount(progress, trajectory.needed_now)}
        callouts.append(Callout(as_of, needed, text, "path"))
    ended = progress.value_at_deadline
    if progress.status == Status.MISSED and ended is not None:
        text = _("%(value)s short on the deadline") % {
            "value": _amount(progress, progress.target.value - ended)
        }
        bracket = Bracket(deadline, float(ended), goal[1], Callout(deadline, 0, text, "gap"))
    chart = time_chart(
        _title(progress),
        lines,
        area=area,
        bracket=bracket,
        callouts=callouts,
        width=WIDTH,
        height=HEIGHT,
        narrow=NARROW,
    )
    at_pace = {deadline: progress.projection}
    if progress.projection is not None:
        at_pace[as_of] = progress.current
    rows = [
        (day_format(day, "j M Y"), value, path, at_pace.get(day))
        for day, value, path in trajectory.rows
    ]
    return TrajectoryChart(trajectory=trajectory, chart=chart, rows=rows)


def trajectory_charts(national):
    """Return {target id: TrajectoryChart} of the targets' progress (None before a launch)."""
    timelines = Timelines()
    charts = {}
    for progress in national:
        trajectory = target_trajectory(progress=progress, timelines=timelines)
        charts[progress.target.pk] = trajectory and trajectory_chart(trajectory)
    return charts


def overview_trajectories(verdicts, programme):
    """Return the trajectory charts the overview shows, in the verdicts' order: the tracked
    programme's national targets still open, whose gap can still be closed (all of them when
    none is); the tracker shows every one."""
    own = [p for p in verdicts if programme and p.target.programme_id == programme.pk]
    shown = [p for p in own if not p.deadline_passed] or own
    return [chart for chart in trajectory_charts(shown).values() if chart]
