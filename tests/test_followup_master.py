"""The master's follow-up: a traffic light per goal and checkpoint, coloured, and a chart of the
statuses per council objective; LibreOffice opens it."""
from __future__ import annotations

from datetime import date

import openpyxl
from test_master import fake_result, write

from roedtraad.cascade import CascadeGraph
from roedtraad.model import Deadline, IndicatorResult
from factories import settings


def with_follow_up(tmp_path, evil: bool = False):
    result = fake_result(tmp_path, evil)
    result.foundation.deadlines += [Deadline(phase="Halvårsopfølgning 2027", deadline=date(2027, 6, 30),
                                             checkpoint=True),
                                    Deadline(phase="Årsopfølgning 2027", deadline=date(2027, 12, 31), checkpoint=True)]
    ua, kua = result.submissions
    ua.results = [IndicatorResult(checkpoint="Halvårsopfølgning 2027", goal_id="SKO-01", indicator="Andel sikre læsere",
                                  baseline=80.0, target=82.0, actual=81.0),
                  IndicatorResult(checkpoint="Årsopfølgning 2027", goal_id="SKO-01", indicator="Andel sikre læsere",
                                  baseline=80.0, target=82.0, actual=82.5)]
    kua.results = [IndicatorResult(checkpoint="Halvårsopfølgning 2027", goal_id="ALL-01", indicator="Andel",
                                   baseline=70.0, target=80.0, actual=71.0),
                   IndicatorResult(checkpoint="Årsopfølgning 2027", goal_id="ALL-01", indicator="Andel",
                                   baseline=70.0, target=80.0, actual=80.0),
                   IndicatorResult(checkpoint="Årsopfølgning 2027", goal_id="ALL-02",
                                   indicator="Timer udeskole", target=120.0, actual=100.0)]
    result.graph = CascadeGraph.build(settings(), result.foundation, result.submissions)
    return result


def test_follow_up_sheet_has_a_traffic_light_per_goal_and_checkpoint(tmp_path):
    master = openpyxl.load_workbook(write(tmp_path, with_follow_up(tmp_path)))
    assert master.sheetnames[6:8] == ["Opfølgning", "Trafiklys"]
    ws = master["Opfølgning"]
    header, *rows = [r for r in ws.iter_rows(values_only=True)]
    assert header == ("Opfølgningspunkt", "Dato", "Niveau", "Mål-id", "Måltekst", "Ejer", "Egne indikatorer", "Rød",
                      "Gul", "Grøn", "Ikke målt", "Trafiklys")
    got = {(r[0], r[3]): (r[6], r[7:11], r[11]) for r in rows}
    half, year = "Halvårsopfølgning 2027", "Årsopfølgning 2027"
    assert got[(half, "ALL-01")] == ("Rød", (0, 0, 0, 0), "Rød")
    assert got[(half, "SKO-01")] == ("Gul", (1, 0, 0, 0), "Rød")  # worst of itself and its child
    assert got[(half, "P1")] == ("Ikke målt", (1, 0, 0, 0), "Rød")
    assert got[(year, "SKO-01")] == ("Grøn", (0, 0, 1, 0), "Grøn")
    assert got[(year, "ALL-02")] == ("Rød", (0, 0, 0, 0), "Rød")  # an own goal: no parent to roll up to
    assert got[(year, "M1")] == ("Ikke målt", (0, 0, 1, 1), "Grøn")  # P1 green, P9 not measured
    # The traffic-light columns are coloured by Excel's conditional formatting.
    rules = {rule.formula[0]: rule.dxf.fill.bgColor.rgb for cf in ws.conditional_formatting for rule in cf.rules}
    assert rules['"Grøn"'].endswith("C6EFCE") and rules['"Rød"'].endswith("FFC7CE")
    chart_ws = master["Trafiklys"]
    assert len(chart_ws._charts) == 2
    assert [r for r in chart_ws.iter_rows(min_row=1, max_row=3, values_only=True)] == [
        ("Halvårsopfølgning 2027", None, None, None, None), ("Målsætning", "Rød", "Gul", "Grøn", "Ikke målt"),
        ("M1 Alle børn skal trives og lære mest muligt", 1, 0, 0, 1)]


def test_no_follow_up_sheets_without_checkpoints(tmp_path):
    master = openpyxl.load_workbook(write(tmp_path))
    assert "Opfølgning" not in master.sheetnames and "Trafiklys" not in master.sheetnames


def test_master_with_follow_up_opens_in_libreoffice(tmp_path, convert_with_soffice):
    path = write(tmp_path, with_follow_up(tmp_path, evil=True))
    convert_with_soffice(path, "ods")
