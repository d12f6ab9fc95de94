from pathlib import Path

import pytest

from drafter.errors import InputError
from drafter.ingest import decode_case_bytes, normalize_text, read_case_file


def test_pdf_text_is_rejoined_into_paragraphs(reference_text):
    text = normalize_text(reference_text)
    assert "non-certified by Utilization Review on 9-25-2015." in text
    assert "medications. On 8-19-2015" in text  # run-together sentence split
    assert "\nState(s) of Licensure: California\n" in text
    assert "\nPhysical therapy 3x a week for 4 weeks for the cervical spine: Upheld\n" in text
    assert (
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, "
        "Section(s): Physical Medicine." in text
    )


def test_normalizing_is_idempotent(reference_text):
    once = normalize_text(reference_text)
    assert normalize_text(once) == once


def test_single_spaced_list_lines_stay_apart():
    text = normalize_text(
        "DISPUTED ITEMS\nPhysical therapy 2x4 for the lumbar spine\nAcupuncture 6 visits\n"
    )
    assert text.split("\n\n") == [
        "DISPUTED ITEMS",
        "Physical therapy 2x4 for the lumbar spine",
        "Acupuncture 6 visits\n",
    ]


def test_wrapped_single_spaced_prose_is_joined():
    prose = (
        "The injured worker is a 40 year old male who sustained an industrial injury on 1-2-2015\n"
        "while lifting boxes at work and has had low back pain radiating to the left leg since.\n"
    )
    assert normalize_text(prose).count("\n") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"caf\xe9 au lait and more text", "not UTF-8"),
    ],
)
def test_bad_bytes_are_input_errors(data, message):
    with pytest.raises(InputError, match=message):
        decode_case_bytes(data, name="case.txt")


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        read_case_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_case_file(tmp_path)


def test_bom_is_accepted():
    assert decode_case_bytes("\ufeffCase text".encode()) == "Case text"


def test_each_line_of_a_disputed_items_list_is_an_item_even_in_lower_case():
    text = (
        "CLINICAL CASE SUMMARY\n\nShe has pain.\n\nDISPUTED ITEMS\n"
        "MS Contin 15 mg 1 PO BID #60 (taper)\nnaproxen sodium 550 mg 1 PO BID #60\n"
        "Physical therapy 2 times a week for 6 weeks for the\nlumbar spine\n"
    )
    paragraphs = normalize_text(text).split("\n\n")
    assert paragraphs[-3:] == [
        "MS Contin 15 mg 1 PO BID #60 (taper)",
        "naproxen sodium 550 mg 1 PO BID #60",
        "Physical therapy 2 times a week for 6 weeks for the lumbar spine\n",
    ]


def test_prose_after_the_item_list_is_joined_again():
    text = (
        "DISPUTED ITEMS\nNaproxen 550 mg #60\n\nClinical summary: a 50 year old with knee "
        "arthritis who has chronic kidney\ndisease stage 3 per his nephrologist.\n"
    )
    assert "chronic kidney disease stage 3" in normalize_text(text)
