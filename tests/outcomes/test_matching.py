"""Ranking passages for a demand, the proposed outcome, and the measured figures."""

from proposals.outcomes import matching
from proposals.outcomes.evaluate import evaluate
from proposals.outcomes.matching import DemandFacts, Index, PassageFacts


def _index():
    return Index(
        [
            PassageFacts(
                "a",
                "committee_remarks",
                "Komiteen støtter flere studieplasser i helseteknologi.",
                ["10"],
            ),
            PassageFacts(
                "b",
                "committee_remarks",
                "Komiteen viser til innspill fra NITO om autorisasjon, men går ikke inn for en ny ordning.",
                ["10"],
            ),
            PassageFacts(
                "c",
                "minority_proposal",
                "Stortinget ber regjeringen øke kap. 746, post 01 med 25 mill. kroner.",
            ),
            PassageFacts(
                "d",
                "party_remarks",
                "Komiteens medlemmer fra Høyre mener studieplasser i helseteknologi må desentraliseres.",
            ),
        ]
    )


def test_stems_join_inflected_forms():
    assert matching.stems("studieplassene")[0] == matching.stems("studieplasser")[0]


def test_shared_words_and_chapter_rank_the_agreeing_remark_first():
    ranked = _index().rank(
        DemandFacts(1, "Flere studieplasser i helseteknologi", chapters=["10.3"])
    )
    assert ranked[0].passage == "a"
    assert ranked[0].outcome == matching.MET
    assert {e.kind for e in ranked[0].evidence} == {"words", "chapter"}
    assert ranked[1].outcome == matching.MENTIONED  # a party group's remark decides nothing


def test_a_passage_naming_the_organisation_but_rejecting_is_not_met():
    ranked = _index().rank(
        DemandFacts(1, "Egen autorisasjon for bioingeniører", organisation_names=["NITO"])
    )
    assert ranked[0].passage == "b"
    assert ranked[0].outcome == matching.NOT_MET
    assert "organisation" in {e.kind for e in ranked[0].evidence}


def test_post_and_amount_count_and_a_minority_proposal_is_not_met():
    ranked = _index().rank(
        DemandFacts(1, "Mer til direktoratet", budget_posts=[(746, 1)], amount=25_000_000)
    )
    assert ranked[0].passage == "c"
    assert {e.kind for e in ranked[0].evidence} >= {"budget_post", "amount"}
    assert ranked[0].outcome == matching.NOT_MET


def test_nothing_is_offered_without_evidence():
    assert _index().rank(DemandFacts(1, "Pant på plastflasker")) == []


def test_the_annotated_set_meets_the_targets():
    result = evaluate()
    print(result)
    assert result["recall_at_3"] >= 0.9
    assert result["precision_at_1"] >= 0.8
