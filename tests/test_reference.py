"""The КАТОТТГ codifier import (the real 2025 file) and the settlement search."""

from __future__ import annotations

import re

import pytest

from frontdesk.profile import Profile


def test_hierarchy_oblast_raion_hromada_settlement(loaded: Profile) -> None:
    place = loaded.places.get("UA18040530010026726")
    assert place is not None
    assert (place.category, place.name) == ("C", "Тетерівка")
    assert place.label == "Тетерівка, Тетерівська громада, Житомирський р-н"
    assert place.long_label.endswith("Житомирська обл.")
    hromada = loaded.places.get("UA18040530000045696")
    assert hromada is not None and hromada.category == "H"
    assert hromada.label == "Тетерівська, Житомирський р-н"


def test_settlement_search_by_prefix_shows_hierarchy(loaded: Profile) -> None:
    found = loaded.places.search("тетерів")
    labels = [p.label for p in found]
    assert "Тетерівка, Тетерівська громада, Житомирський р-н" in labels
    assert all(p.name.startswith("Тетерів") for p in found)
    assert all(p.category in ("M", "X", "C", "T", "K", "B") for p in found)


def test_search_ignores_apostrophes_and_case(loaded: Profile) -> None:
    with_apostrophe = [p for p in loaded.places.search("ВʼЯЗ", limit=50)]
    assert with_apostrophe
    assert [p.code for p in loaded.places.search("вяз", limit=50)] == [
        p.code for p in with_apostrophe
    ]


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Iванівка", "Іванівка"),  # a Latin I
        ("Kиїв", "Київ"),  # a Latin K
        ("Киiв", "Київ"),  # a Latin i for ї
        ("Дзигівка", "Дзиґівка"),  # г for ґ
        ("Гудзівка", "Ґудзівка"),
    ],
)
def test_a_settlement_is_found_however_its_letters_were_typed(
    loaded: Profile, typed: str, name: str
) -> None:
    found = loaded.places.search(typed, limit=30)
    assert found and found[0].name == name
    assert [p.code for p in found] == [p.code for p in loaded.places.search(name, limit=30)]


def test_villages_of_one_name_are_offered_nearest_first(loaded: Profile) -> None:
    # Two villages are named Тетерівка: one in this workstation's hromada (Тетерівська,
    # Житомирський р-н), one in Жашківська (Уманський р-н).
    home, far = "UA18040530010026726", "UA71060090240054187"
    assert [p.code for p in loaded.places.search("тетерівка")] == [home, far]
    assert [p.code for p in loaded.places.search("тетерівка", near=far)] == [far, home]
    # Of 119 villages named Іванівка, those of the worker's raion come before the rest.
    found = loaded.places.search("Іванівка", limit=30)
    raions = [p.raion for p in found]
    assert raions[0] == "Житомирський" and raions.index("Житомирський") == 0
    assert raions[: raions.count("Житомирський")] == ["Житомирський"] * raions.count("Житомирський")


def test_words_after_a_comma_narrow_by_hromada_raion_or_oblast(loaded: Profile) -> None:
    [one] = loaded.places.search("Іванівка, хорош")
    assert one.label == "Іванівка, Хорошівська громада, Житомирський р-н"
    assert [p.code for p in loaded.places.search("іванівка хорошівська")] == [one.code]
    assert all(p.oblast == "Житомирська" for p in loaded.places.search("Іванівка, житомирська"))
    far = loaded.places.search("тетерівка, уманський")
    assert [p.code for p in far] == ["UA71060090240054187"]
    # The label a place is shown with finds that place; so does "с." before the name.
    assert [p.code for p in loaded.places.search(one.long_label)] == [one.code]
    assert loaded.places.search("с. Тетерівка")[0].code == "UA18040530010026726"
    assert loaded.places.search("Іванівка, Чернігівський Марс") == []


@pytest.mark.parametrize("typed", ["Тетерівка", "тетерівка", "с. Тетерівка", "село Тетерівка"])
def test_a_name_others_share_names_the_one_in_the_workstations_own_hromada(
    loaded: Profile, typed: str
) -> None:
    home, far = "UA18040530010026726", "UA71060090240054187"  # Тетерівська, Жашківська
    loaded.places.near = "UA18040530000045696"  # the workstation's community: Тетерівська
    assert loaded.places.named(typed).code == home  # type: ignore[union-attr]
    assert loaded.places.named(typed, near=far).code == far  # type: ignore[union-attr]
    assert loaded.places.named("Тетерівка, уманський").code == far  # type: ignore[union-attr]


def test_a_name_shared_in_the_nearest_raion_or_oblast_names_none(loaded: Profile) -> None:
    loaded.places.near = "UA18040530000045696"
    # Іванівка: none in Тетерівська громада, several in Житомирський р-н.
    assert loaded.places.named("Іванівка") is None
    one = loaded.places.named("Іванівка, хорош")
    assert one is not None and one.hromada == "Хорошівська"
    # Житомир: one of that name in the country.
    assert loaded.places.named("житомир").code == "UA18040190010057814"  # type: ignore[union-attr]


def test_cities_come_first(loaded: Profile) -> None:
    first = loaded.places.search("Київ")[0]
    assert (first.name, first.category) == ("Київ", "K")


def test_hostile_prefix(loaded: Profile) -> None:
    """Text that names no settlement finds none (never "every place"); a long one at
    most a page."""
    for text in ["", "%", "_", "'", '"', "\U0010ffff", "а" * 500, ",", ", , ,"]:
        assert loaded.places.search(text) == [], repr(text[:10])
    for text in ["с.", "а, " + "б " * 500]:
        assert 0 < len(loaded.places.search(text)) <= 20


def test_existence_feeds_validation(loaded: Profile) -> None:
    assert loaded.places.exists("UA18040530010026726")
    assert not loaded.places.exists("UA18040530010099999")


def test_an_address_in_a_hromada_rather_than_a_settlement_is_an_error(loaded: Profile) -> None:
    from tests.factories import application

    app = application()
    hromada = "UA18040530000045696"  # Тетерівська громада, not a place to live
    assert loaded.places.category(hromada) == "H"
    app.registered_address.katottg = hromada
    problems = loaded.applications.validator.validate(app).for_field("registered_address.katottg")
    assert [p.code for p in problems] == ["katottg.not_settlement"]
    assert "населений пункт" in problems[0].message("uk")
    app.registered_address.katottg = "UA18040530010026726"  # Тетерівка, a village
    assert loaded.applications.validator.validate(app).for_field("registered_address.katottg") == []


def test_places_whose_labels_would_read_the_same_are_told_apart(loaded: Profile) -> None:
    # Бар of Барська громада is a city and, apart from it, a selyshche.
    city, selyshche = (
        loaded.places.get("UA05060010010059821"),
        loaded.places.get("UA05060010650011955"),
    )
    assert city is not None and selyshche is not None
    assert city.label == "м. Бар, Барська громада, Жмеринський р-н"
    assert selyshche.label == "с-ще Бар, Барська громада, Жмеринський р-н"
    # Two villages Тарасівка in Оратівська громада: nothing but the code tells them apart.
    one, other = "UA05020190400073483", "UA05020190410084902"
    assert [p.label for p in loaded.places.search("Тарасівка, оратівська")] == [
        f"с. Тарасівка ({one}), Оратівська громада, Вінницький р-н",
        f"с. Тарасівка ({other}), Оратівська громада, Вінницький р-н",
    ]
    # A name no other place of the hromada shares is shown as it was.
    teterivka = loaded.places.get("UA18040530010026726")
    assert teterivka is not None
    assert teterivka.label == "Тетерівка, Тетерівська громада, Житомирський р-н"
    # A label chosen from the list names its place again (as the settings dialog reads it).
    for place in (city, selyshche):
        named = loaded.places.named(place.long_label)
        assert named is not None and named.code == place.code
        assert place.code in [p.code for p in loaded.places.search(place.long_label)]
    assert [p.code for p in loaded.places.search(f"с. Тарасівка ({other}), Оратів")] == [other]


def test_hromadas_of_one_name_in_one_raion_are_told_apart_by_their_centre(
    loaded: Profile,
) -> None:
    found = loaded.places.search("Покровська, Нікопольський", categories=("H",))
    assert [(p.code, p.long_label) for p in found] == [
        (
            "UA12080090000039979",
            "Покровська (центр м. Покров), Нікопольський р-н, Дніпропетровська обл.",
        ),
        (
            "UA12080110000055958",
            "Покровська (центр с. Покровське), Нікопольський р-н, Дніпропетровська обл.",
        ),
    ]
    hromada = loaded.places.get("UA51100390000087217")
    assert hromada is not None
    assert hromada.label == "Чорноморська (центр с-ще Чорноморське), Одеський р-н"
    # Two Калінінська hromadas of Курманський р-н both have a village for a centre.
    assert [
        p.shown_name for p in loaded.places.search("Калінінська, курман", categories=("H",))
    ] == [
        "Калінінська (центр с. Умют)",
        "Калінінська (центр с. Орман-Аджи)",
    ]
    teterivska = loaded.places.get("UA18040530000045696")
    assert teterivska is not None and teterivska.label == "Тетерівська, Житомирський р-н"


def test_no_two_places_of_the_codifier_share_a_label(loaded: Profile) -> None:
    """Each of the 121 settlement labels and 6 hromada labels the codifier's names would
    share reads differently."""
    rows = loaded.db.execute(
        "SELECT group_concat(code, ' ') FROM places "
        "GROUP BY name, hromada, raion, oblast HAVING count(*) > 1"
    ).fetchall()
    assert len(rows) == 121 + 6
    for (codes,) in rows:
        places = [loaded.places.get(code) for code in codes.split()]
        labels = {p.long_label for p in places if p is not None}
        assert len(labels) == len(places), labels


def test_a_district_of_kyiv_or_sevastopol_names_its_city_once(loaded: Profile) -> None:
    # The codifier gives Київ as the oblast, raion and hromada of its districts.
    darnytskyi = loaded.places.get("UA80000000000210193")
    assert darnytskyi is not None
    assert darnytskyi.label == darnytskyi.long_label == "Дарницький р-н, м. Київ"
    found = loaded.places.search("Балаклав")
    assert [(p.code, p.long_label) for p in found] == [
        ("UA85000000000155841", "Балаклавський р-н, м. Севастополь")
    ]
    # What the list shows names the district again; "Дарницький, Київ" finds it too.
    named = loaded.places.named("Дарницький р-н, м. Київ")
    assert named is not None and named.code == darnytskyi.code
    assert [p.code for p in loaded.places.search("Дарницький, Київ")] == [darnytskyi.code]
    # A district of another city keeps its hromada and raion.
    district = loaded.places.get("UA46060250010364817")
    assert district is not None
    assert district.label == "Личаківський, Львівська громада, Львівський р-н"


def test_an_english_label_says_the_kind_and_levels_in_english_and_names_its_place(
    loaded: Profile,
) -> None:
    """(in the English interface the labels said "громада", "р-н", "обл.", "м.", "с-ще")"""
    places = loaded.places
    teterivka = places.get("UA18040530010026726")
    city, selyshche = places.get("UA05060010010059821"), places.get("UA05060010650011955")
    darnytskyi = places.get("UA80000000000210193")
    crimean = places.search("Сімферополь, сімферопольська", limit=1)[0]
    assert teterivka and city and selyshche and darnytskyi
    assert teterivka.long_label_in("en") == (
        "Тетерівка, Тетерівська hromada, Житомирський raion, Житомирська oblast"
    )
    assert city.label_in("en") == "Бар (city), Барська hromada, Жмеринський raion"
    assert selyshche.label_in("en") == "Бар (selyshche), Барська hromada, Жмеринський raion"
    assert darnytskyi.long_label_in("en") == "Дарницький district, city of Київ"
    assert crimean.long_label_in("en").endswith(", Автономна Республіка Крим")
    one, other = "UA05020190400073483", "UA05020190410084902"
    assert [p.label_in("en") for p in places.search("Тарасівка, оратівська")] == [
        f"Тарасівка (village, {one}), Оратівська hromada, Вінницький raion",
        f"Тарасівка (village, {other}), Оратівська hromada, Вінницький raion",
    ]
    assert [
        p.shown_name_in("en") for p in places.search("Покровська, Нікопольський", categories=("H",))
    ] == ["Покровська (centre: city of Покров)", "Покровська (centre: village of Покровське)"]
    # The Ukrainian labels are as they were; search and the receipt read them.
    assert (
        city.long_label
        == city.long_label_in("uk")
        == ("м. Бар, Барська громада, Жмеринський р-н, Вінницька обл.")
    )
    # An English label, as the settings dialog reads it back, names its place too.
    for place in (teterivka, city, selyshche, darnytskyi):
        for label in (place.label_in("en"), place.long_label_in("en")):
            named = places.named(label)
            assert named is not None and named.code == place.code, label
            assert place.code in [p.code for p in places.search(label)], label


def test_no_english_label_of_the_codifier_has_a_ukrainian_word_but_its_names(
    loaded: Profile,
) -> None:
    """Of every place of the codifier; the places whose names would read the same are told
    apart in English as well."""
    words = re.compile(r"(?<!\w)(громада|р-н|обл\.|м\.|с\.|с-ще|смт|центр)(?!\w)")
    places = [loaded.places.get(code) for (code,) in loaded.db.execute("SELECT code FROM places")]
    labels: dict[tuple[str, str, str, str], list[str]] = {}
    for place in places:
        assert place is not None
        english = place.long_label_in("en")
        assert not words.search(english), english
        labels.setdefault((place.name, place.hromada, place.raion, place.oblast), []).append(
            english
        )
    shared = [group for group in labels.values() if len(group) > 1]
    assert len(shared) == 121 + 6
    assert all(len(set(group)) == len(group) for group in shared)


def test_a_community_corrected_by_another_program_ranks_the_search_at_once(
    loaded: Profile,
) -> None:
    """``frontdesk set-community`` while the app is open: the app's settlement search
    ranked around the old code until a restart (Тетерівка of the old hromada first)."""
    teteriv, zhashkiv = "UA18040530010026726", "UA71060090240054187"
    assert loaded.places.named("Тетерівка").code == teteriv  # type: ignore[union-attr]
    with Profile.open(loaded.root) as other:  # the command line, on the same profile
        other.change_community("UA71060090000088339", "it")  # Жашківська
    assert loaded.places.named("Тетерівка").code == zhashkiv  # type: ignore[union-attr]
    assert loaded.places.search("Тетерівка")[0].code == zhashkiv


def test_kyiv_a_city_with_special_status_is_a_community_and_its_districts_name_it(
    loaded: Profile,
) -> None:
    """(a front office in Kyiv could not be set up: the city's code, category K, was "not a
    hromada", and Kyiv has no hromada of category H in it)"""
    kyiv, district = "UA80000000000093317", "UA80000000000126643"  # Київ, Голосіївський
    assert loaded.places.community_problem(kyiv) is None
    problem = loaded.places.community_problem(district)
    assert problem is not None
    assert kyiv in problem.message("uk")
