"""Organisation names as senders write them, matched to known organisations.

The pairs below are the measurement behind ``organizations.matching.THRESHOLD``:
``pytest tests/organizations/test_matching.py -s`` prints precision and recall
for a range of thresholds.
"""

import pytest

from organizations.matching import THRESHOLD, Known, NameIndex, fold, name_parts

KNOWN = [
    ("NSF", "Norsk Sykepleierforbund"),
    ("NITO", "Norges ingeniør- og teknologorganisasjon"),
    ("Tekna", "Teknisk-naturvitenskapelig forening"),
    ("Legeforeningen", "Den norske legeforening"),
    ("Tannlegeforeningen", "Den norske tannlegeforening"),
    ("Psykologforeningen", "Norsk Psykologforening"),
    ("Fagforbundet", "Fagforbundet"),
    ("Fellesorganisasjonen", "Fellesorganisasjonen"),
    ("KS", "Kommunesektorens organisasjon"),
    ("LO", "Landsorganisasjonen i Norge"),
    ("NHO", "Næringslivets Hovedorganisasjon"),
    ("Spekter", "Arbeidsgiverforeningen Spekter"),
    ("Unio", "Unio – hovedorganisasjon for universitets- og høyskoleutdannede"),
    ("Akademikerne", "Akademikerne"),
    ("FFO", "Funksjonshemmedes Fellesorganisasjon"),
    ("Kreftforeningen", "Kreftforeningen"),
    ("Pasientombudet", "Pasient- og brukerombudet i Oslo og Akershus"),
    ("UiO", "Universitetet i Oslo"),
    ("NTNU", "Norges teknisk-naturvitenskapelige universitet"),
    ("OsloMet", "OsloMet – storbyuniversitetet"),
    ("Farmasøytene", "Farmasiforbundet"),
    ("Ergoterapeutene", "Norsk Ergoterapeutforbund"),
    ("Fysioterapeutforbundet", "Norsk Fysioterapeutforbund"),
    ("Helse Nord", "Helse Nord RHF"),
    ("Helse Vest", "Helse Vest RHF"),
]

# (as written, the short name it is, or None when it is none of the known ones)
PAIRS = [
    ("Norsk Sykepleierforbund", "NSF"),
    ("NSF – Norsk Sykepleierforbund", "NSF"),
    ("Norsk sykepleierforbund (NSF)", "NSF"),
    ("Norsk Sykepleierforbund v/ forbundsleder", "NSF"),
    ("Norsk Sykepleiarforbund", "NSF"),
    ("Norsk sykeleierforbund", "NSF"),
    ("NITO", "NITO"),
    ("NITO - Norges ingeniør- og teknologorganisasjon", "NITO"),
    ("Norges Ingeniør- og Teknologorganisasjon", "NITO"),
    ("Norges ingeniør og teknologorganisasjon", "NITO"),
    ("Tekna – Teknisk-naturvitenskapelig forening", "Tekna"),
    ("Teknisk naturvitenskapelig forening", "Tekna"),
    ("Den norske legeforening", "Legeforeningen"),
    ("Den Norske Legeforening", "Legeforeningen"),
    ("Legeforeningen", "Legeforeningen"),
    ("Den norske lægeforening", "Legeforeningen"),
    ("Den norske tannlegeforening", "Tannlegeforeningen"),
    ("Norsk psykologforening", "Psykologforeningen"),
    ("Psykologforeningen", "Psykologforeningen"),
    ("Fagforbundet", "Fagforbundet"),
    ("FO – Fellesorganisasjonen", "Fellesorganisasjonen"),
    ("KS – Kommunesektorens organisasjon", "KS"),
    ("KS", "KS"),
    ("Kommunesektorens interesse- og arbeidsgiverorganisasjon KS", "KS"),
    ("Landsorganisasjonen i Norge (LO)", "LO"),
    ("LO", "LO"),
    ("Næringslivets hovedorganisasjon", "NHO"),
    ("NHO", "NHO"),
    ("Spekter", "Spekter"),
    ("Arbeidsgiverforeningen Spekter", "Spekter"),
    ("Unio", "Unio"),
    ("Akademikerne", "Akademikerne"),
    ("Funksjonshemmedes fellesorganisasjon (FFO)", "FFO"),
    ("Funksjonshemmedes Fellesorganisasjon", "FFO"),
    ("Kreftforeningen", "Kreftforeningen"),
    ("Pasient- og brukerombudet i Oslo og Akershus", "Pasientombudet"),
    ("Universitetet i Oslo", "UiO"),
    ("UiO", "UiO"),
    ("Norges teknisk-naturvitenskapelige universitet (NTNU)", "NTNU"),
    ("NTNU", "NTNU"),
    ("OsloMet - storbyuniversitetet", "OsloMet"),
    ("OsloMet", "OsloMet"),
    ("Norsk Ergoterapeutforbund", "Ergoterapeutene"),
    ("Norsk Fysioterapeutforbund", "Fysioterapeutforbundet"),
    ("Helse Nord RHF", "Helse Nord"),
    ("Helse Vest RHF", "Helse Vest"),
    ("Helse Nord", "Helse Nord"),
    # Near names of other organisations: these must not match.
    ("Norsk Sykehus- og helsetjenesteforening", None),
    ("Norsk Radiografforbund", None),
    ("Den norske jordmorforening", None),
    ("Norsk Tannpleierforening", None),
    ("Helse Sør-Øst RHF", None),
    ("Helse Midt-Norge RHF", None),
    ("Universitetet i Bergen", None),
    ("Universitetet i Tromsø – Norges arktiske universitet", None),
    ("Norsk Pasientforening", None),
    ("Landsforeningen for hjerte- og lungesyke", None),
    ("Delta", None),
    ("Parat", None),
    ("Norsk Sjukepleiarforbund Ungdom", None),
    ("Kommunal Landspensjonskasse", None),
    ("Privatperson", None),
    ("Norges Farmaceutiske Forening", None),
]


def _index(threshold=THRESHOLD):
    known = [Known(pk, name, short) for pk, (short, name) in enumerate(KNOWN, start=1)]
    return NameIndex(known, threshold=threshold), {
        pk: short for pk, (short, _) in enumerate(KNOWN, 1)
    }


def _scores(threshold):
    index, shorts = _index(threshold)
    true_pos = false_pos = false_neg = 0
    for written, expected in PAIRS:
        match = index.match(written)
        found = shorts.get(match.organisation_id)
        if found and found == expected:
            true_pos += 1
        elif found:
            false_pos += 1
            if expected:
                false_neg += 1
        elif expected:
            false_neg += 1
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return precision, recall


def test_the_measurement_has_at_least_fifty_pairs_with_near_misses():
    assert len(PAIRS) >= 50
    assert sum(1 for _, expected in PAIRS if expected is None) >= 10


def test_the_threshold_keeps_precision_perfect_and_recall_high():
    print("\nthreshold  precision  recall")
    for threshold in (70, 75, 80, 85, 88, 90, 92, 95, 100):
        precision, recall = _scores(threshold)
        marker = "  <- THRESHOLD" if threshold == THRESHOLD else ""
        print(f"{threshold:9}  {precision:9.3f}  {recall:6.3f}{marker}")
    precision, recall = _scores(THRESHOLD)
    assert precision == 1.0
    assert recall >= 0.95


def test_a_name_is_split_at_dashes_and_brackets():
    assert name_parts("NSF – Norsk Sykepleierforbund") == [
        "nsf norsk sykepleierforbund",
        "nsf",
        "norsk sykepleierforbund",
    ]
    assert "nsf" in name_parts("Norsk sykepleierforbund (NSF)")
    assert fold("  Fagforbundet  & co.") == "fagforbundet og co"


def test_an_alias_matches_exactly_and_a_stranger_is_left_for_review():
    index = NameIndex([Known(7, "Norsk Sykepleierforbund", "NSF", aliases=("Sykepleierne",))])
    assert index.match("sykepleierne").organisation_id == 7
    assert index.match("sykepleierne").exact
    stranger = index.match("Norsk Radiografforbund")
    assert not stranger.matched
    assert stranger.suggestion_id == 7


@pytest.mark.parametrize("empty", ["", "   ", "–", "()"])
def test_an_empty_name_matches_nothing(empty):
    assert not _index()[0].match(empty).matched
