"""The build date and the timestamp derived from it."""

from datetime import date

import pytest

from modellregion.settings import SettingsError, build_date, pin_source_date_epoch, source_date_epoch


def test_build_date_from_environment():
    assert build_date({"BUILD_DATE": "2024-05-01"}) == date(2024, 5, 1)
    with pytest.raises(SettingsError, match="BUILD_DATE: „2024-5-1“ ist kein Datum"):
        build_date({"BUILD_DATE": "2024-5-1"})


def test_source_date_epoch_is_midnight_in_berlin_and_not_overridden():
    assert source_date_epoch(date(2024, 5, 1)) == 1714514400  # 2024-04-30T22:00:00Z
    environ = {"SOURCE_DATE_EPOCH": "1"}
    pin_source_date_epoch(date(2024, 5, 1), environ)
    assert environ["SOURCE_DATE_EPOCH"] == "1"
    environ = {}
    pin_source_date_epoch(date(2024, 5, 1), environ)
    assert environ["SOURCE_DATE_EPOCH"] == "1714514400"


def test_build_time_from_the_environment():
    from datetime import time

    from modellregion.settings import build_time

    assert build_time({"BUILD_TIME": "10:30"}) == time(10, 30)
    assert build_time({"BUILD_DATE": "2024-05-01"}) == time(0, 0)  # another day: its start, reproducibly
    with pytest.raises(SettingsError, match="BUILD_TIME: „halb elf“ ist keine Uhrzeit"):
        build_time({"BUILD_TIME": "halb elf"})
