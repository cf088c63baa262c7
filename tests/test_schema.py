from __future__ import annotations

import pytest
from pydantic import ValidationError

from museumgen.content.load import near_miss
from museumgen.schema import Colors, Exhibition, Item, Museum, Person, Video, check_hours, expand_weekdays


def test_weekday_ranges_expand_and_wrap() -> None:
    assert expand_weekdays({"tue-sun": "09:00-17:00"})["mon"] == "closed"
    wrapped = expand_weekdays({"sat-mon": "10:00-16:00"})
    assert [day for day, hours in wrapped.items() if hours != "closed"] == ["mon", "sat", "sun"]
    with pytest.raises(ValueError, match="is not a weekday"):
        expand_weekdays({"holiday": "closed"})


@pytest.mark.parametrize(("given", "result"), [("09:00-17:00", "09:00-17:00"), ("9:00 – 17:00", None), ("08:30~12:00", "08:30-12:00"), ("Closed", "closed")])
def test_opening_hours(given: str, result: str | None) -> None:
    if result is None:
        with pytest.raises(ValueError):
            check_hours(given)
    else:
        assert check_hours(given) == result
    with pytest.raises(ValueError, match="not after"):
        check_hours("17:00-09:00")


def test_shorthands() -> None:
    exhibition = Exhibition.model_validate({"title": "x", "cover": "a.jpg", "curator": "wang-min"})
    assert exhibition.cover is not None and exhibition.cover.file == "a.jpg"
    assert exhibition.curator == "wang-min"  # a speaker's page, by its file name
    in_place = Exhibition.model_validate({"title": "x", "curator": {"name": "王敏", "role": "策展人"}})
    assert isinstance(in_place.curator, Person) and in_place.curator.name == "王敏"
    video = Video.model_validate({"title": "v", "source": "a.mp4", "captions": "a.vtt"})
    assert [c.file for c in video.captions] == ["a.vtt"]
    museum = Museum.model_validate({"name": "m", "facilities": ["寄存", {"name": "母婴室", "note": "二楼"}]})
    assert [f.name for f in museum.facilities] == ["寄存", "母婴室"]


def test_colours_and_addresses_are_normalised() -> None:
    assert Colors.model_validate({"primary": "#ABC"}).primary == "#abc"
    assert Museum.model_validate({"name": "m", "base_url": "https://example.org/m"}).base_url == "https://example.org/m/"
    with pytest.raises(ValidationError):
        Museum.model_validate({"name": "m", "social": [{"name": "x", "url": "javascript:alert(1)"}]})


def test_numbers_are_accepted_where_text_is_expected() -> None:
    assert Exhibition.model_validate({"title": 2026}).title == "2026"


@pytest.mark.parametrize(
    ("key", "meant"),
    [("ends", "end"), ("venu", "venue"), ("titel", "title"), ("Title", "title"), ("ｔｉｔｌｅ", "title"), ("image", "images"),
     ("dimentionss", "dimensions"), ("title_en", None), ("sponsor", None), ("start_time", None), ("ie", None)],
)
def test_a_near_miss_of_a_known_key_is_found_and_a_field_of_the_museums_own_is_not(key: str, meant: str | None) -> None:
    assert near_miss(key, [*Exhibition.model_fields, *Item.model_fields]) == meant
