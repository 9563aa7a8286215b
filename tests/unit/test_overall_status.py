"""views.overall_status: the one word a ranking or tile shows for a unit."""

import pytest

from dtplan.domain import metrics
from dtplan.read.views import overall_status

MET, ON, RISK, OFF, NONE = metrics.MET, metrics.ON_TRACK, metrics.AT_RISK, metrics.OFF_TRACK, metrics.NO_DATA


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], NONE),
        ([NONE, NONE], NONE),
        ([MET, MET, NONE], MET),  # KPIs without data do not count against the unit
        ([MET, ON, ON, ON, RISK], ON),  # score 0.9
        ([MET, ON, ON, RISK, OFF], RISK),  # score 0.7: below 0.8
        ([RISK, RISK, RISK], RISK),  # score 0.5 exactly
        ([RISK, RISK, OFF], OFF),  # score 1/3
        ([MET, OFF], RISK),  # score 0.5
        ([OFF], OFF),
    ],
)
def test_overall_status(statuses, expected):
    assert overall_status(statuses) == expected
