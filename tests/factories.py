"""Small, readable records for tests: one committee, one department, two institutions."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from roedtraad.config import build_settings
from roedtraad.model import (Action, AgreementHeader, Appropriation, BudgetLine, CrossCuttingDecision, Deadline,
                             FollowUp, Foundation, Frame, Goal, Indicator, Party, Submission)


def settings(**overrides):
    return build_settings(overrides)


def foundation() -> Foundation:
    return Foundation(
        path=Path("Styringsgrundlag.xlsx"),
        parties=[Party(id="BUU", name="Børne- og Ungeudvalget", kind="committee"),
                 Party(id="SKO", name="Skoler", kind="department", parent="BUU", leader="Anne Hansen"),
                 Party(id="SKO-ALL", name="Allé Skolen", kind="institution", parent="SKO", leader="Bo Berg"),
                 Party(id="SKO-BAK", name="Bakke Skolen", kind="institution", parent="SKO", leader="Eva Holm")],
        appropriations=[Appropriation(number="41", name="Skoler", committee="BUU")],
        frames=[Frame(appropriation="41", year=2027, amount=1000.0), Frame(appropriation="41", year=2028, amount=1010.0)],
        goals=[Goal(id="M1", text="Alle børn skal trives og lære mest muligt", level="objective",
                    objective_type="development"),
               Goal(id="P1", text="Flere unge skal have en ungdomsuddannelse", level="policy_goal", parents=["M1"],
                    owners=["BUU"], policy="Børne- og ungepolitik"),
               Goal(id="P9", text="Sygefraværet skal ned", level="policy_goal", parents=["M1"], owners=["BUU"],
                    policy="Personalepolitik", cross_cutting=True)],
        value_markers=["Vi møder borgeren med respekt"],
        deadlines=[Deadline(phase="Udvalgsaftaler godkendes", deadline=date(2026, 6, 5),
                            agreement="committee_agreement")],
    )


def committee_header() -> AgreementHeader:
    return AgreementHeader(committee="BUU", department="SKO", head="Anne Hansen", first_year=2027, last_year=2028,
                           approved=date(2026, 5, 20))


def committee_agreement() -> Submission:
    return Submission(
        path=Path("ua.xlsx"), kind="committee_agreement", header=committee_header(),
        goals=[Goal(id="SKO-01", text="Flere elever læser sikkert", level="committee_goal", owners=["SKO"],
                    parents=["P1"], goal_type="effect", carries=["P9"], responsible="Skolechefen")],
        indicators=[Indicator(goal_id="SKO-01", name="Andel sikre læsere", unit="%", baseline=80.0,
                              targets={2027: 82.0, 2028: 85.5}, data_source="Nationale test", frequency="Årligt")],
        actions=[Action(id="SKO-H01", goal_id="SKO-01", text="Læseløft i 1.-3. klasse", responsible="Skolerne",
                        start=date(2027, 1, 1), end=date(2027, 12, 31))],
        budget=[BudgetLine(party="SKO", appropriation="41", year=2027, amount=1000.0),
                BudgetLine(party="SKO", appropriation="41", year=2028, amount=1010.0)],
        cross_cutting=[CrossCuttingDecision(goal_id="P9", relevant=True, carried_by=["SKO-01"])],
    )


def quality_header() -> AgreementHeader:
    return AgreementHeader(department="SKO", head="Anne Hansen", institutions=["SKO-ALL"], leaders=["Bo Berg"],
                           first_year=2027, last_year=2028)


def quality_agreement() -> Submission:
    return Submission(
        path=Path("kua.xlsx"), kind="quality_agreement", header=quality_header(),
        goals=[Goal(id="ALL-01", text="Alle elever læser alderssvarende", level="institution_goal",
                    owners=["SKO-ALL"], parents=["SKO-01"], goal_type="effect", sub_goals={2027: "80 %", 2028: "85 %"}),
               Goal(id="ALL-02", text="Mere udeskole", level="institution_goal", owners=["SKO-ALL"], own_goal=True,
                    goal_type="output")],
        indicators=[Indicator(goal_id="ALL-01", name="Andel", unit="%", baseline=70.0, targets={2027: 80.0}),
                    Indicator(goal_id="ALL-02", name="Timer udeskole", unit="timer", targets={2027: 120.0})],
        actions=[Action(id="ALL-H01", goal_id="ALL-01", text="Læsevejledere"),
                 Action(id="ALL-H02", goal_id="ALL-02", text="Udeskole hver fredag")],
        budget=[BudgetLine(party="SKO-ALL", appropriation="41", year=2027, amount=300.0)],
        cross_cutting=[CrossCuttingDecision(goal_id="P9", relevant=False, reason="Indgår i afdelingens indsats")],
        follow_up=[FollowUp(when="Juni og december", how="Dialogmøde", reporting="Skriftlig status")],
    )
