"""The centres' part of the JSON API (SPEC §4.4): centres, targets' progress, the FY series and
the monthly returns."""
