"""Setting up a registry from nothing (docs/operations.md, "Setting up the registry"), at
the command line an administrator types: what she meets when a step is missed or a
database URL is written wrong."""

from __future__ import annotations

from pathlib import Path

from tests.registry.test_registry_cli import registry_cli

COMMUNITY = "UA18040530000045696"


def test_an_enrolment_code_for_a_community_not_added_says_how_to_add_it(tmp_path: Path) -> None:
    """«Немає громади UA…» was all it said: no page told that `community add` comes first."""
    database = ("--database", f"sqlite:///{tmp_path / 'registry.db'}")
    other = registry_cli(
        *database, "community", "add", "--name", "Т", "UA18040010000031446", cwd=tmp_path
    )
    assert other.returncode == 0, other.stderr

    refused = registry_cli(*database, "enrolment-code", COMMUNITY, cwd=tmp_path)
    refused_uk = registry_cli(*database, "enrolment-code", COMMUNITY, cwd=tmp_path, lang="uk")

    assert refused.returncode == 1 and refused.stdout == ""
    assert f"No community {COMMUNITY}" in refused.stderr
    assert f"frontdesk-registry community add --name NAME {COMMUNITY}" in refused.stderr
    assert refused_uk.returncode == 1
    assert f"Немає громади {COMMUNITY}" in refused_uk.stderr
    assert f"frontdesk-registry community add --name НАЗВА {COMMUNITY}" in refused_uk.stderr
    # ...and doing what it says is enough.
    added = registry_cli(
        *database, "community", "add", "--name", "Тетерівська громада", COMMUNITY, cwd=tmp_path
    )
    assert added.returncode == 0, added.stderr
    issued = registry_cli(*database, "enrolment-code", COMMUNITY, cwd=tmp_path)
    assert issued.returncode == 0 and issued.stdout.strip(), issued.stderr


def test_a_sqlite_url_with_two_slashes_is_said_to_be_no_url_not_a_missing_driver(
    tmp_path: Path,
) -> None:
    """``sqlite://registry.db`` was "The database driver 'sqlite' is not installed": the
    administrator would go and install something, when one slash was missing."""
    for lang, wrong, forms in (
        ("en", "sqlite://registry.db is not a database URL", "three slashes"),
        ("uk", "sqlite://registry.db — не адреса бази даних", "три скісні риски"),
    ):
        done = registry_cli(
            "--database", "sqlite://registry.db", "community", "list", cwd=tmp_path, lang=lang
        )
        said = done.stderr.strip()
        assert done.returncode == 1 and len(said.splitlines()) == 1, said
        assert wrong in said and forms in said, said
        assert "sqlite:///registry.db" in said and "sqlite:////" in said
        assert "not installed" not in said and "не встановлено" not in said
    assert list(tmp_path.iterdir()) == []  # no database made anywhere
    # A driver that really is missing is still said to be one.
    missing = registry_cli(
        "--database",
        "postgresql+nosuchdriver://registry@localhost/registry",
        "community",
        "list",
        cwd=tmp_path,
    )
    assert missing.returncode == 1
    assert "'postgresql+nosuchdriver' is not installed" in missing.stderr
