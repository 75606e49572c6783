"""Properties (hypothesis): what people type is read right, valid cascades are clean and one
mistake gives exactly its finding, and write-back changes only the cells it writes."""
from __future__ import annotations

import io
import math
from datetime import date

from hypothesis import assume, given, settings as hsettings, strategies as st
from python_calamine import CalamineWorkbook
from rule_records import committee_agreement, foundation, quality_agreement, validate, write_project

import corpus
from roedtraad.sync.xlsx_patch import patch_sheet_cells
from roedtraad.workbook_templates.normalize import parse_date, parse_id, parse_number

FAST = hsettings(max_examples=150, deadline=None)
SPACES = st.sampled_from([" ", "\u00a0", "\u202f", "\t", "  "])


# ----------------------------------------------------------------------------------------------- ids
ID_PART = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅÄÖ0123456789", min_size=1, max_size=5)


@FAST
@given(parts=st.lists(ID_PART, min_size=1, max_size=4), separator=st.sampled_from("-._/"),
       lower=st.lists(st.booleans(), min_size=30, max_size=30), spaces=st.lists(st.tuples(st.integers(0, 30), SPACES),
                                                                                 max_size=4))
def test_an_id_is_read_whatever_its_case_and_spaces(parts, separator, lower, spaces):
    canonical = separator.join(parts)
    assume(len(canonical) <= 40)
    typed = "".join(c.lower() if lower[i % 30] else c for i, c in enumerate(canonical))
    for at, space in sorted(spaces, reverse=True):
        typed = typed[:at] + space + typed[at:]
    assert parse_id(typed) == canonical
    assert parse_id(parse_id(typed)) == canonical


# ------------------------------------------------------------------------------------------- numbers
def _grouped(integer: int, separator: str) -> str:
    digits = str(integer)
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    return separator.join(groups)


@FAST
@given(cents=st.integers(-10**11, 10**11), style=st.sampled_from(["da", "sv", "sv-nbsp", "en", "plain"]),
       minus=st.sampled_from(["-", "\u2212"]), suffix=st.sampled_from(["", " kr.", " kr", "tkr."]))
def test_a_number_is_read_as_danes_and_swedes_type_it(cents, style, minus, suffix):
    whole, part = divmod(abs(cents), 100)
    separator = {"da": ".", "sv": " ", "sv-nbsp": "\u00a0", "en": ",", "plain": ""}[style]
    decimal = "." if style in ("en", "plain") else ","
    text = (minus if cents < 0 else "") + _grouped(whole, separator) + f"{decimal}{part:02d}" + suffix
    assert math.isclose(parse_number(text), cents / 100, rel_tol=1e-12, abs_tol=1e-9)


@FAST
@given(integer=st.integers(-10**9, 10**9))
def test_a_whole_number_with_danish_thousands_is_not_a_decimal(integer):
    text = ("-" if integer < 0 else "") + _grouped(abs(integer), ".")
    assert parse_number(text) == integer


# --------------------------------------------------------------------------------------------- dates
MONTHS = {"da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                 "november", "december"],
          "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                 "november", "december"]}


@FAST
@given(day=st.dates(date(1950, 1, 1), date(2100, 12, 31)),
       form=st.sampled_from(["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "da", "sv", "da-short", "serial",
                             "serial-float", "datetime"]))
def test_a_date_is_read_in_every_form_it_arrives_in(day, form):
    from datetime import datetime

    if form == "serial":
        value = (day - date(1899, 12, 30)).days
    elif form == "serial-float":
        value = float((day - date(1899, 12, 30)).days) + 0.25
    elif form == "datetime":
        value = datetime(day.year, day.month, day.day, 13, 5)
    elif form in ("da", "sv"):
        value = f"{day.day}. {MONTHS[form][day.month - 1]} {day.year}" if form == "da" else \
            f"{day.day} {MONTHS[form][day.month - 1]} {day.year}"
    elif form == "da-short":
        value = f"{day.day}. {MONTHS['da'][day.month - 1][:3]}. {day.year}"
    else:
        value = day.strftime(form)
    assert parse_date(value) == day


# ------------------------------------------------------------------------- cascades, and one mistake
def _cascade(draw_amounts: tuple[int, int], texts: list[str], own_goals: int):
    dag, bh1 = draw_amounts
    subs = [
        committee_agreement("DAG", "BUU", "Anna Holm", [("DAG-1", texts[0], "P1", "effect", False)],
                            [("DAG", "BUU-1", 2027, float(dag))]),
        committee_agreement("SKO", "BUU", "Bo Berg", [("SKO-1", texts[1], "P1", "effect", False)],
                            [("SKO", "BUU-1", 2027, float(1000 - dag))], decisions=[("PX", True, "SKO-1", "")]),
        committee_agreement("SUN", "SOU", "Carl Dahl", [("SUN-1", texts[2], "P2", "effect", False)],
                            [("SUN", "SOU-1", 2027, 500.0)], decisions=[("PX", True, "SUN-1", "")]),
        quality_agreement("DAG", "BH1", "Anna Holm", "Dorte Eriksen", [("BH1-1", texts[3], "DAG-1", "effect", False)],
                          [("BH1", "BUU-1", 2027, float(bh1))]),
        quality_agreement("SKO", "SK1", "Bo Berg", "Eva Frost",
                          [("SK1-1", texts[4], "SKO-1", "output", False)] +
                          [(f"SK1-{n + 2}", f"Eget mål {n}", "", "effect", True) for n in range(own_goals)], []),
        quality_agreement("SUN", "PL1", "Carl Dahl", "Finn Gade", [("PL1-1", texts[5], "SUN-1", "effect", False)], []),
    ]
    return subs


CASCADES = st.builds(
    lambda amounts, texts, own, order: [_cascade(amounts, texts, own)[i] for i in order],
    st.integers(0, 1000).flatmap(lambda dag: st.tuples(st.just(dag), st.integers(0, dag))),
    st.lists(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip),
             min_size=6, max_size=6),
    st.integers(1, 4), st.permutations(range(6)))  # SK1 keeps one effect goal beside its output goal


def _by_file(subs, suffix):
    return next(i for i, s in enumerate(subs) if str(s.path).endswith(suffix))


MUTATIONS = {
    "thread.unknown-parent": lambda s: _goal(s, "KUA-BH1.xlsx", parents=["ZZ-99"]),
    "thread.goal-without-indicator": lambda s: _set(s, "Udvalgsaftale-DAG.xlsx", indicators=[]),
    "thread.goal-without-action": lambda s: _set(s, "KUA-PL1.xlsx", actions=[]),
    "budget.above-frame": lambda s: _set(s, "Udvalgsaftale-SUN.xlsx", budget=[
        s[_by_file(s, "Udvalgsaftale-SUN.xlsx")].budget[0].model_copy(update={"amount": 600.0})]),
    "thread.action-without-goal": lambda s: _set(s, "KUA-SK1.xlsx", actions=[*s[_by_file(s, "KUA-SK1.xlsx")].actions,
        s[_by_file(s, "KUA-SK1.xlsx")].actions[0].model_copy(update={"id": "H-X", "goal_id": "NOPE-1"})]),
}


def _set(subs, suffix, **changes):
    subs = list(subs)
    i = _by_file(subs, suffix)
    subs[i] = subs[i].model_copy(update=changes)
    return subs


def _goal(subs, suffix, **changes):
    i = _by_file(subs, suffix)
    return _set(subs, suffix, goals=[subs[i].goals[0].model_copy(update=changes), *subs[i].goals[1:]])


@hsettings(max_examples=60, deadline=None)
@given(subs=CASCADES)
def test_a_random_valid_cascade_validates_clean(subs):
    result = validate(foundation(), subs)
    assert [(f.code, f.file, f.cell) for f in result.findings] == []


@hsettings(max_examples=60, deadline=None)
@given(subs=CASCADES, mutation=st.sampled_from(sorted(MUTATIONS)))
def test_one_mistake_gives_exactly_its_finding(subs, mutation):
    result = validate(foundation(), MUTATIONS[mutation](subs))
    assert [f.code for f in result.findings] == [mutation]


# ---------------------------------------------------------------------------------------- write-back
_TEMPLATE: dict[str, bytes] = {}


def _template(tmp_path_factory) -> bytes:
    if "dag" not in _TEMPLATE:
        project = write_project(tmp_path_factory.mktemp("props") / "kommune")
        _TEMPLATE["dag"] = (project.root / "indsendelser" / "Udvalgsaftale-DAG.xlsx").read_bytes()
    return _TEMPLATE["dag"]


VALUES = st.one_of(st.none(), st.integers(-2**53, 2**53), st.floats(allow_nan=False, allow_infinity=False, width=64),
                   st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=60))
CELLS = st.dictionaries(st.tuples(st.sampled_from("GHIJK"), st.integers(4, 30)).map(lambda t: f"{t[0]}{t[1]}"),
                        VALUES, min_size=1, max_size=25)


def test_write_back_round_trips_and_leaves_every_other_part_byte_identical(tmp_path_factory):
    valid = _template(tmp_path_factory)

    @hsettings(max_examples=80, deadline=None)
    @given(cells=CELLS)
    def check(cells):
        patched = patch_sheet_cells(valid, "Mål", cells)
        if patched is None:  # nothing to change: only None values into empty cells
            assert all(v is None for v in cells.values())
            return
        before = {name: rest for name, *rest in corpus.raw_parts(valid)}
        after = {name: rest for name, *rest in corpus.raw_parts(patched)}
        assert set(after) == set(before)
        assert {n: v for n, v in after.items() if n != corpus.GOALS_PART} == {
            n: v for n, v in before.items() if n != corpus.GOALS_PART}
        grid = CalamineWorkbook.from_filelike(io.BytesIO(patched)).get_sheet_by_name("Mål").to_python(
            skip_empty_area=False)
        for ref, value in cells.items():
            column, row = ord(ref[0]) - 65, int(ref[1:]) - 1
            got = grid[row][column] if row < len(grid) and column < len(grid[row]) else ""
            if value is None or value == "":
                assert got in ("", None)
            elif isinstance(value, str):
                assert got == value.replace("\n", "\n")
            else:
                assert float(got) == float(value)
        assert patch_sheet_cells(patched, "Mål", cells) is None  # written once: the same values change nothing
    check()
