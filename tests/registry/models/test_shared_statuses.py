"""The statuses parks and centres share are spelled alike, so one name stands for both."""

from registry.models import CentreStatus, ParkStatus
from registry.models.statuses import CLOSED, OPENED_STATUSES, OPERATIONAL


def test_operational_and_closed_are_spelled_alike_for_both_kinds():
    assert OPERATIONAL == ParkStatus.OPERATIONAL == CentreStatus.OPERATIONAL
    assert CLOSED == ParkStatus.CLOSED == CentreStatus.CLOSED


def test_opened_statuses_are_statuses_of_a_kind():
    assert set(OPENED_STATUSES) <= set(ParkStatus) | set(CentreStatus)
    assert set(OPENED_STATUSES) - set(ParkStatus) == {CentreStatus.SUSPENDED}
