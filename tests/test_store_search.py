"""The local store's search: Cyrillic case, apostrophes, prefixes, numbers as residents
read them, hostile input (the rest of the store: tests/test_store.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from frontdesk.model import Application, IdentityDocument, new_application_id
from frontdesk.profile import Profile
from frontdesk.store import entry
from frontdesk.store.applications import Filter, SaveResult
from frontdesk.worktime import in_kyiv, kyiv_today
from tests.factories import application


def _dated(count: int, stamp: str = "2026-03-02T08:00:00Z") -> list[Application]:
    """``count`` paper applications dated ``stamp`` (a batch typed in from one morning)."""
    batch = []
    for _ in range(count):
        app = application(surname="Бондар")
        app.created_at = stamp
        batch.append(app)
    return batch


class TestSearch:
    @pytest.fixture
    def filled(self, profile: Profile) -> Profile:
        for surname, given in [
            ("Коваленко", "Марʼяна"),
            ("Ковальчук", "Вʼячеслав"),
            ("Шевченко", "Дарʼя"),
            ("Бондар", "Олена"),
        ]:
            profile.applications.save(application(surname=surname, given_name=given), "o")
        return profile

    def names(self, profile: Profile, text: str) -> list[str]:
        rows = profile.applications.search(Filter(text=text), order="name")
        return [r.applicant_name.split()[0] for r in rows]

    def test_every_column_sorts_both_ways(self, filled: Profile) -> None:
        for column in ("name", "number", "status"):
            up = [r.id for r in filled.applications.search(order=column)]
            down = [r.id for r in filled.applications.search(order=f"{column}_desc")]
            assert len(up) == 4 and sorted(up) == sorted(down)
        names = [r.applicant_name for r in filled.applications.search(order="name_desc")]
        assert names == sorted(names, reverse=True)

    def test_names_sort_in_the_order_of_the_ukrainian_alphabet(self, profile: Profile) -> None:
        names = ["Яковенко", "Іваненко", "Бондар", "Єременко", "Ґонта", "Їжакевич", "Гнатюк"]
        for serial, surname in enumerate(names, start=1):
            profile.applications.save(application(surname=surname, serial=serial), "o")
        expected = ["Бондар", "Гнатюк", "Ґонта", "Єременко", "Іваненко", "Їжакевич", "Яковенко"]
        assert self.names(profile, "") == expected
        down = profile.applications.search(order="name_desc")
        assert [r.applicant_name.split()[0] for r in down] == expected[::-1]

    def test_identifiers_are_found_as_people_write_them(self, profile: Profile) -> None:
        app = application(surname="Ткачук")
        app.applicant.document = IdentityDocument(
            type="passport_booklet", series="МК", number="412356", issued_by="Відділ"
        )
        saved = profile.applications.save(app, "o").application
        rnokpp = saved.applicant.rnokpp
        grouped = f"{rnokpp[:4]} {rnokpp[4:7]} {rnokpp[7:]}"
        for typed in ("МК412356", "МК 412356", "MK412356", "мк 412356", grouped):
            assert self.names(profile, typed) == ["Ткачук"], typed

    def test_a_birth_certificate_is_found_as_printed_and_as_people_type_it(
        self, profile: Profile
    ) -> None:
        """(a child applying with the certificate: the index holds "I-ТП548213" without
        its dash; a query was split at the dash and found nothing)"""
        app = application(surname="Ткачук")
        app.applicant.document = IdentityDocument(
            type="birth_certificate", number="I-ТП548213", issued_by="ДРАЦС"
        )
        profile.applications.save(app, "o")
        for typed in ("I-ТП548213", "І-ТП548213", "1-ТП548213", "I-ТП 548213", "і-тп548213"):
            assert self.names(profile, typed) == ["Ткачук"], typed

    def test_a_name_with_latin_look_alikes_is_found_and_sorted_as_cyrillic(
        self, profile: Profile
    ) -> None:
        """(a spreadsheet's "Iваненко" with a Latin I, a "Kоваленко" typed with a Latin K)"""
        for serial, surname in enumerate(["Iваненко", "Kоваленко", "Бондар", "Яковенко"], 1):
            profile.applications.save(application(surname=surname, serial=serial), "o")
        assert self.names(profile, "Іваненко") == ["Iваненко"]
        assert self.names(profile, "іваненк") == ["Iваненко"]
        assert self.names(profile, "Коваленко") == ["Kоваленко"]
        assert self.names(profile, "Kовал") == ["Kоваленко"]  # (typed so too)
        assert self.names(profile, "") == ["Бондар", "Iваненко", "Kоваленко", "Яковенко"]
        profile.applications.save(application(surname="Підгорна", serial=9), "o")
        assert self.names(profile, "Пiдгорна") == ["Підгорна"]  # a Latin i typed

    def test_g_with_upturn_is_found_typed_as_g(self, profile: Profile) -> None:
        profile.applications.save(application(surname="Ґудзь"), "o")
        assert self.names(profile, "Гудзь") == ["Ґудзь"]
        assert self.names(profile, "ґудз") == ["Ґудзь"]

    def test_cyrillic_case_insensitive_prefix(self, filled: Profile) -> None:
        assert self.names(filled, "ков") == ["Коваленко", "Ковальчук"]
        assert self.names(filled, "КОВАЛЕ") == ["Коваленко"]

    def test_a_double_surname_is_found_as_written_and_by_either_part(
        self, profile: Profile
    ) -> None:
        profile.applications.save(application(surname="Петренко-Коваль"), "o")
        for typed in ("Петренко-Коваль", "петренко-ков", "Коваль", "петренко коваль"):
            assert self.names(profile, typed) == ["Петренко-Коваль"], typed

    def test_a_stress_mark_in_a_name_does_not_hide_it(self, profile: Profile) -> None:
        profile.applications.save(application(surname="Сидорчу\u0301к"), "o")
        assert self.names(profile, "Сидорчук") == ["Сидорчу\u0301к"]
        assert self.names(profile, "сидорчу\u0301к") == ["Сидорчу\u0301к"]

    @pytest.mark.parametrize("typed", ["мар'яна", "Мар’яна", "МАРʼЯНА", "маряна", "мар`ян"])
    def test_apostrophes_do_not_matter(self, filled: Profile, typed: str) -> None:
        assert self.names(filled, typed) == ["Коваленко"]

    def test_several_words_all_must_match(self, filled: Profile) -> None:
        assert self.names(filled, "шевч дар") == ["Шевченко"]
        assert self.names(filled, "шевч олена") == []

    def test_by_number_and_rnokpp(self, filled: Profile) -> None:
        row = filled.applications.search(Filter(text="Бондар"))[0]
        assert [r.id for r in filled.applications.search(Filter(text=row.number))] == [row.id]
        assert row.rnokpp
        found = filled.applications.search(Filter(text=row.rnokpp[:6]))
        assert row.id in [r.id for r in found]

    def imported(self, profile: Profile, number: str, surname: str, **person: object) -> None:
        """Another workstation's application, moved here by export (it keeps its number)."""
        app = application(surname=surname, **person)
        app.id, app.number = new_application_id(), number
        profile.applications.import_document(app, "import")

    @pytest.mark.parametrize(
        ("typed", "found"),
        [
            ("KV07-2026-000042", ["Бондар"]),
            ("kv07-2026-000", ["Бондар", "Гнатюк"]),  # (its beginning)
            ("KV07-2026", ["Бондар", "Гнатюк"]),
            ("KV07 2026 000042", ["Бондар"]),
            ("KV07–2026–000042", ["Бондар"]),  # en dashes, from a PDF
            ("№ KV07-2026-000042", ["Бондар"]),
            ("№KV07-2026-000042", ["Бондар"]),
            ("KV07-2026-42", ["Бондар"]),  # the sequence without its zeros
            ("2026-000042", ["Бондар"]),  # year and sequence
            ("2026 000042", ["Бондар"]),
            ("2026-000", ["Бондар", "Гнатюк"]),  # (their beginning: not 2025's)
            ("2026-0000", ["Бондар"]),
            ("2026-42", ["Бондар"]),
            ("000042", ["Бондар", "Шевченко"]),  # the sequence: every series has one
            ("42", ["Бондар", "Шевченко"]),
            ("KV07-2026-000042.", ["Бондар"]),  # copied from the end of a sentence
            ("КV07-2026-000042", ["Бондар"]),  # a Cyrillic К, the keyboard's other layout
            ("kv07 2026 000042,", ["Бондар"]),
            ("2026/000042", ["Бондар"]),  # written down with a slash
            ("KV07/2026/42", ["Бондар"]),
        ],
    )
    def test_an_application_number_is_found_as_a_resident_reads_it(
        self, profile: Profile, typed: str, found: list[str]
    ) -> None:
        self.imported(profile, "KV07-2026-000042", "Бондар")
        self.imported(profile, "KV07-2026-000420", "Гнатюк", serial=8)
        self.imported(profile, "KV07-2025-000042", "Шевченко", serial=9)
        assert self.names(profile, typed) == found

    def test_a_plain_number_finds_a_sequence_whole_and_a_rnokpp_by_its_beginning(
        self, profile: Profile
    ) -> None:
        """ "42" finds №…-000042 and the people whose РНОКПП begins with 42 (born 2015),
        not №…-000420 nor every sequence beginning with 42; a year typed alone is a
        РНОКПП's beginning (born 1955), not every application of that year."""
        self.imported(profile, "KV07-2026-000042", "Бондар")
        self.imported(profile, "KV07-2026-000420", "Гнатюк", serial=8)
        child = dt.date(2015, 1, 1)  # days since 1899-12-31: 42005
        profile.applications.save(application(surname="Яковенко", birth_date=child), "o")
        [rnokpp] = [r.rnokpp for r in profile.applications.search(Filter(text="Яковенко"))]
        assert rnokpp.startswith("42")
        assert self.names(profile, "42") == ["Бондар", "Яковенко"]
        assert self.names(profile, "4200") == ["Яковенко"]
        assert self.names(profile, rnokpp[:7]) == ["Яковенко"]
        assert self.names(profile, "2026") == []

    @pytest.mark.parametrize(
        "hostile",
        [
            '"',
            "'",
            '"ков',
            "ков*",
            "AND",
            "OR OR",
            "NOT ков",
            "(ков",
            "ков)",
            "NEAR(a b)",
            "names:ков",
            "^ков",
            "-ков",
            'ков"; DROP TABLE applications; --',
            "\x00",
            "💥",
            " ",
        ],
    )
    def test_hostile_input_never_breaks_search(self, filled: Profile, hostile: str) -> None:
        filled.applications.search(Filter(text=hostile))
        assert filled.applications.count() == 4

    def test_filters_and_count(self, filled: Profile) -> None:
        assert filled.applications.count(Filter(status="ready")) == 4
        assert filled.applications.count(Filter(status="granted")) == 0
        assert filled.applications.count(Filter(service="250")) == 4
        assert filled.applications.count(Filter(service="25")) == 0
        today = dt.datetime.now(dt.UTC).date()
        assert filled.applications.count(Filter(created_from=today, created_to=today)) == 4
        assert filled.applications.count(Filter(created_to=today - dt.timedelta(days=1))) == 0

    @pytest.mark.parametrize(
        ("stamp", "day"),
        [
            ("2026-11-21T22:30:00Z", dt.date(2026, 11, 22)),  # 00:30 on 22 November in Kyiv
            ("2026-11-20T23:30:00+02:00", dt.date(2026, 11, 20)),  # a spreadsheet's local time
        ],
    )
    def test_dates_are_the_workers_calendar_days(
        self, profile: Profile, monkeypatch: pytest.MonkeyPatch, stamp: str, day: dt.date
    ) -> None:
        with monkeypatch.context() as kyiv:
            kyiv.setenv("TZ", "Europe/Kyiv")
            time.tzset()
            late = application()
            late.created_at = stamp
            profile.applications.import_document(late, "import")
            assert profile.applications.count(Filter(created_from=day, created_to=day)) == 1
            typed = Filter(text="мар", created_from=day, created_to=day)  # and in a search
            assert len(profile.applications.search(typed)) == 1
            for other in (day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
                assert profile.applications.count(Filter(created_from=other, created_to=other)) == 0
        time.tzset()

    def test_a_paper_application_entered_later_takes_its_place_by_its_date(
        self, profile: Profile
    ) -> None:
        store = profile.applications
        store.save(application(surname="Бондар"), "o")
        paper = application(surname="Гнатюк")  # taken on paper a week ago, typed in today
        week_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
        paper.created_at = week_ago.isoformat(timespec="seconds")
        store.import_document(paper, "import")
        store.save(application(surname="Яковенко"), "o")

        def surnames(where: Filter, order: str = "newest") -> list[str]:
            return [r.applicant_name.split()[0] for r in store.search(where, order=order)]

        assert surnames(Filter()) == ["Яковенко", "Бондар", "Гнатюк"]
        assert surnames(Filter(), "oldest") == ["Гнатюк", "Бондар", "Яковенко"]
        assert surnames(Filter(text="мар")) == ["Яковенко", "Бондар", "Гнатюк"]
        that_day = in_kyiv(week_ago).date()
        assert surnames(Filter(created_from=that_day, created_to=that_day)) == ["Гнатюк"]
        today = kyiv_today()
        assert surnames(Filter(text="мар", created_from=today)) == ["Яковенко", "Бондар"]

    def test_a_days_applications_keep_their_order_and_their_day(self, profile: Profile) -> None:
        """A paper batch dated one morning, typed in today: filed under its day, in the
        order it was stored, before today's."""
        today = profile.applications.save(application(surname="Яковенко"), "o").application
        results = profile.applications.import_batch(_dated(1005), "import")
        assert all(isinstance(r, SaveResult) for r in results)
        later = application(surname="Гнатюк")
        later.created_at = "2026-03-02T17:00:00Z"  # the same day, stored after them
        profile.applications.import_document(later, "import")
        day = in_kyiv(dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)).date()
        assert profile.applications.count(Filter(created_from=day, created_to=day)) == 1006
        newest = profile.applications.search(Filter(), limit=2)
        assert [r.id for r in newest][:1] == [today.id]  # today's first
        assert newest[1].applicant_name.startswith("Гнатюк")
        oldest = profile.applications.search(Filter(), order="oldest", limit=1005)
        assert [r.id for r in oldest] == [
            r.application.id for r in results if isinstance(r, SaveResult)
        ]

    def test_were_a_day_full_the_next_ones_follow_it_in_order(
        self, profile: Profile, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A day holds ten million places; were one full, its next applications take the
        first free places after it (shown with three a day)."""
        monkeypatch.setattr(entry, "ENTRY_SLOTS", 3)
        results = profile.applications.import_batch(_dated(5), "import")
        ids = [r.application.id for r in results if isinstance(r, SaveResult)]
        assert len(ids) == 5
        oldest = profile.applications.search(Filter(), order="oldest")
        assert [r.id for r in oldest] == ids

    def test_waiting_to_be_sent_leaves_out_what_the_registry_refused(self, filled: Profile) -> None:
        [item] = filled.outbox.claim(1)
        filled.outbox.record_results([(item, None, {"outcome": "rejected"})])
        assert filled.applications.count(Filter(status="ready")) == 3
        refused = Filter(status="ready", not_accepted=True)
        assert [r.id for r in filled.applications.search(refused)] == [item.application_id]

    def test_edit_updates_the_search_index(self, filled: Profile) -> None:
        summary = filled.applications.search(Filter(text="Бондар"))[0]
        app = filled.applications.get(summary.id)
        app.applicant.surname = "Бондаренко"
        app.household[0].surname = "Бондаренко"
        filled.applications.save(app, "o")
        assert self.names(filled, "бондаре") == ["Бондаренко"]
        assert self.names(filled, "бондар") == ["Бондаренко"]
        # The external-content index agrees with the table, term for term.
        filled.db.execute(
            "INSERT INTO applications_fts (applications_fts) VALUES ('integrity-check')"
        )
