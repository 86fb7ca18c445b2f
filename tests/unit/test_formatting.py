"""German dates, times, periods and amounts."""

from datetime import date, datetime

from modellregion.formatting import anzahl, datum, euro, monat, termin, zahl, zeitraum
from modellregion.values import BERLIN, PartialDate


def test_german_dates():
    assert datum(date(2018, 1, 16)) == "16. Januar 2018"
    assert datum(date(2020, 3, 2)) == "2. März 2020"


def test_event_times_in_berlin():
    start = datetime(2020, 2, 12, 10, 0, tzinfo=BERLIN)
    end = datetime(2020, 2, 12, 16, 0, tzinfo=BERLIN)
    assert termin(start, end, False) == "12. Februar 2020, 10:00–16:00 Uhr"
    assert termin(start, None, False) == "12. Februar 2020, 10:00 Uhr"
    assert termin(date(2020, 2, 12), None, True) == "12. Februar 2020 (ganztägig)"
    assert termin(date(2020, 2, 12), date(2020, 2, 13), True) == "12. Februar 2020 bis 13. Februar 2020 (ganztägig)"
    assert termin(start, datetime(2020, 2, 13, 12, 0, tzinfo=BERLIN), False) == "12. Februar 2020, 10:00 Uhr bis 13. Februar 2020, 12:00 Uhr"


def test_periods():
    assert zeitraum(PartialDate(2019, 3), PartialDate(2020, 12)) == "März 2019 – Dezember 2020"
    assert zeitraum(PartialDate(2019, 3), None) == "seit März 2019"
    assert zeitraum(None, PartialDate(2020, 12, 31)) == "bis 31. Dezember 2020"
    assert zeitraum(None, None) == ""


def test_amounts_and_numbers():
    assert euro(1250000) == "1.250.000\u00a0€"
    assert euro(1500000.5) == "1.500.000,50\u00a0€"
    assert zahl(630000) == "630.000"
    assert anzahl(1, "Projekt", "Projekte") == "1 Projekt" and anzahl(0, "Projekt", "Projekte") == "0 Projekte"


def test_partial_dates_show_only_what_is_known():
    assert monat(PartialDate(2019)) == "2019"
    assert monat(PartialDate(2019, 2)) == "Februar 2019"
    assert monat(PartialDate(2019, 2, 15)) == "15. Februar 2019"
