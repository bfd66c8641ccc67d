from html import unescape

import pytest
from django.template import Context, Template
from django.utils import translation

from ..wording import genitive, short_title


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ole", "Oles"),
        ("Asta", "Astas"),
        ("Agnes", "Agnes'"),
        ("Magnus", "Magnus'"),
        ("Max", "Max'"),
        ("Fritz", "Fritz'"),
        ("HANS", "HANS'"),
        ("Anne-Sofie", "Anne-Sofies"),
        (" Jens ", "Jens'"),
        ("", ""),
    ],
)
def test_danish_genitive_adds_s_or_only_an_apostrophe_after_s_x_z(name, expected):
    with translation.override("da"):
        assert genitive(name) == expected


def test_english_genitive():
    with translation.override("en"):
        assert genitive("Agnes") == "Agnes's"
        assert genitive("Ole") == "Ole's"


def test_the_template_filter():
    with translation.override("da"):
        text = Template("{% load placement_wording %}Ret {{ name|genitive }} ønsker").render(
            Context({"name": "Magnus"})
        )
    assert unescape(text) == "Ret Magnus' ønsker"  # the apostrophe is escaped in HTML


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Erhvervspraktik som mekaniker", "Mekaniker"),
        ("erhvervspraktik som dyrepasser (Planteskole)", "Dyrepasser (Planteskole)"),
        ("Erhvervspraktik: kok", "Kok"),
        ("Smed", "Smed"),
        ("Erhvervspraktik som ", "Erhvervspraktik som "),
        ("Erhvervspraktik i Netto", "Erhvervspraktik i Netto"),
    ],
)
def test_short_title_drops_the_repeated_kind(title, expected):
    assert short_title(title) == expected
