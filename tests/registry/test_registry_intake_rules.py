"""Intake judges a document as the workstation does: kept as sent and checked as the
rules read it (normalised), by the workstation's own validator, with the newest catalogue
and the latest date anywhere on Earth — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import requests

from frontdesk.catalog import ServiceCatalog
from frontdesk.document import DocumentError, content_hash, parse
from frontdesk.identifiers import unzr_for
from frontdesk.validation import Validator
from resources import resource
from tests.registry.registry_client import RegistryClient
from tests.registry.registry_samples import example_documents, item, make_document
from tests.registry_process import RunningRegistry


def test_a_utf8_batch_is_stored_and_read_back_as_sent(client: RegistryClient) -> None:
    """The body in UTF-8 (as the workstation sends it) and the document as stored."""
    document = make_document(client.device.community)
    body = json.dumps({"items": [item(document)]}, ensure_ascii=False).encode()
    response = client.post(
        "/v1/applications/batch", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["outcome"] == "accepted"
    assert result["content_hash"] == content_hash(document)
    assert client.shown(document["number"])["document"] == parse(document).to_dict()


def test_a_document_is_kept_as_sent_and_checked_as_normalised(client: RegistryClient) -> None:
    """Typed as people type it: a straight apostrophe, spaces in identifiers."""
    document = make_document(client.device.community, surname="  Мар'яненко ")
    rnokpp = document["applicant"]["rnokpp"]
    document["applicant"]["rnokpp"] = f"{rnokpp[:5]} {rnokpp[5:]}"
    document["applicant"]["document"]["series"] = "KA"  # Latin look-alikes

    [result] = client.send(document)

    assert result["outcome"] == "accepted"  # the rules judged the normalised reading
    assert result["content_hash"] == content_hash(document)  # of the revision as sent
    seen = client.shown(document["number"])
    assert seen["applicant_name"] == "Марʼяненко Оксана Петрівна"  # the summary: normalised
    shown = seen["document"]["applicant"]  # and so is what the back office reads
    assert (shown["surname"], shown["rnokpp"], shown["document"]["series"]) == (
        "Марʼяненко",
        rnokpp,
        "КА",
    )
    assert seen["revisions"][0]["content_hash"] == content_hash(document)
    [again] = client.send(document)
    assert again["outcome"] == "duplicate"


def test_a_name_with_latin_look_alikes_is_read_in_cyrillic_and_one_mixing_scripts_refused(
    client: RegistryClient,
) -> None:
    """As the workstation reads them: the registry takes what the workstation takes."""
    look_alikes = make_document(client.device.community, surname="Бiлик")  # a Latin i
    mixed = make_document(client.device.community, surname="Коваленкоs")

    accepted, rejected = client.send(look_alikes, mixed)

    assert accepted["outcome"] == "accepted"
    assert client.shown(look_alikes["number"])["applicant_name"].startswith("Білик ")
    assert rejected["outcome"] == "rejected"
    assert ("applicant.surname", "name.mixed_script") in {
        (p["field"], p["code"]) for p in rejected["problems"]
    }
    validator = Validator(ServiceCatalog.bundled())
    assert validator.validate(parse(look_alikes)).ok
    assert not validator.validate(parse(mixed)).ok


def test_a_passport_booklet_sent_whole_in_its_number_is_accepted_and_read_split(
    client: RegistryClient,
) -> None:
    document = make_document(client.device.community)
    document["applicant"]["document"].update(series="", number="MK123456")  # Latin M, K

    [result] = client.send(document)

    assert result["outcome"] == "accepted"
    shown = client.shown(document["number"])["document"]["applicant"]["document"]
    assert (shown["series"], shown["number"]) == ("МК", "123456")


def test_a_unzr_sent_without_its_dash_is_accepted_and_read_with_it(
    client: RegistryClient,
) -> None:
    document = make_document(client.device.community)
    applicant = document["applicant"]
    birth = dt.date.fromisoformat(applicant["birth_date"])
    applicant["document"] = {"type": "id_card", "number": "001234567"}
    applicant["unzr"] = unzr_for(birth, 42).replace("-", "")

    [result] = client.send(document)

    assert result["outcome"] == "accepted", result
    shown = client.shown(document["number"])["document"]["applicant"]
    assert shown["unzr"] == unzr_for(birth, 42)


def test_registry_and_workstation_validate_examples_alike(client: RegistryClient) -> None:
    """The example documents get the outcome the workstation's own validator predicts."""
    documents = example_documents(client.device.community)
    if not documents:
        documents = [make_document(client.device.community)]
    validator = Validator(ServiceCatalog.bundled())

    results = client.send(*documents)

    for document, result in zip(documents, results, strict=True):
        try:
            ok = validator.validate(parse(document)).ok
        except DocumentError:
            ok = False
        expected = "accepted" if ok else "rejected"
        assert result["outcome"] == expected, (document.get("number"), result)


def test_intake_checks_with_the_newest_catalogue_but_answers_retries_alike(
    fresh_registry: RunningRegistry,
) -> None:
    client = RegistryClient(fresh_registry, fresh_registry.enrol())
    sent = make_document(client.device.community)
    client.send(sent)
    catalog = json.loads(resource("catalog", "services.json").read_text(encoding="utf-8"))
    catalog["version"] = ServiceCatalog.bundled().version + 1
    catalog["services"] = [s for s in catalog["services"] if s["code"] != "250"]
    published = requests.post(
        f"{fresh_registry.url}/v1/admin/catalog",
        json=catalog,
        headers=fresh_registry.admin_headers,
        timeout=15,
    )
    assert published.status_code == 200, published.text

    [retry, new] = client.send(sent, make_document(client.device.community))
    client.close()

    assert retry["outcome"] == "duplicate"
    assert new["outcome"] == "rejected"
    assert [p["code"] for p in new["problems"]] == ["services.unknown"]


def test_a_date_that_is_today_for_the_worker_is_not_refused_as_in_the_future(
    tmp_path: Path,
) -> None:
    """A Kyiv worker's today is tomorrow in UTC (a server's time zone) for hours after
    midnight: a baby born today, or a document issued today, was refused as "in the
    future", and the worker was told to correct her computer's clock, which was right. The
    registry takes the latest date on Earth (UTC+14); a date later still is refused without
    a word about the worker's computer. Here the registry runs at UTC-12, a day or two
    behind the day it is in Kiritimati, whatever the hour."""
    with RunningRegistry(tmp_path / "registry", env={"TZ": "Etc/GMT+12"}) as registry:
        client = RegistryClient(registry, registry.enrol())
        latest = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=14)).date()
        issued_today, issued_tomorrow = (make_document(client.device.community) for _ in range(2))
        issued_today["applicant"]["document"]["issue_date"] = latest.isoformat()
        tomorrow = latest + dt.timedelta(days=1)
        issued_tomorrow["applicant"]["document"]["issue_date"] = tomorrow.isoformat()

        accepted, refused = client.send(issued_today, issued_tomorrow)
        client.close()

    assert accepted["outcome"] == "accepted", accepted
    assert refused["outcome"] == "rejected"
    [problem] = refused["problems"]
    assert problem["field"] == "applicant.document.issue_date"
    assert problem["message"] == (
        "Дата в майбутньому: такого дня ще ніде не настало (за годинником реєстру сьогодні "
        f"щонайпізніше {latest:%d.%m.%Y}) — перевірте дату"
    )
    assert "this computer" not in problem["message_en"]
