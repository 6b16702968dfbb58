"""The command line when the input or the machine is not as expected: a clear Ukrainian
message and an exit status, never a traceback, and nothing half-done left unsaid."""

from __future__ import annotations

import json
import os
import pty
import re
import resource
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.data import generate
from frontdesk.document import dumps
from frontdesk.model import Status
from tests.conftest import EXAMPLES, ROOT, run_cli

COMMUNITY = "UA18040530000045696"
FILE_SIZE_LIMIT = 1_500_000  # bytes: room for the first batch of an import, not the second


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_a_json_array_is_told_as_such_once(data_dir: str, tmp_path: Path) -> None:
    documents = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "applications.json"
    source.write_text(json.dumps(documents[:3], ensure_ascii=False, indent=2), encoding="utf-8")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 1
    assert "JSON-масив" in result.stderr and "JSON Lines" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # not one complaint per line
    piped = run_cli("--data-dir", data_dir, "import", "-", input_text=source.read_text("utf-8"))
    assert piped.returncode == 1  # (named as what it is, not as a file called "-")
    assert "стандартний ввід: це JSON-масив" in piped.stderr, piped.stderr


@pytest.mark.parametrize("count", [1, 2])
def test_a_pretty_printed_document_is_told_as_such_once(
    data_dir: str, tmp_path: Path, count: int
) -> None:
    """One object over many lines (as docs/format.md shows one) gave dozens of "invalid
    JSON" rejections, one a line."""
    documents = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "application.json"
    source.write_text(
        "\n".join(json.dumps(d, ensure_ascii=False, indent=2) for d in documents[:count]),
        encoding="utf-8",
    )
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Неправильні дані: {source}: заяву розкладено на кілька рядків (форматований JSON), "
        "а потрібно JSON Lines — кожна заява (об'єкт {…}) в одному рядку (перетворити: jq -c "
        ". файл.json > файл.jsonl)"
    ]
    english = run_cli("--data-dir", data_dir, "import", str(source), env={"FRONTDESK_LANG": "en"})
    assert "pretty-printed JSON" in english.stderr and "jq -c ." in english.stderr
    # A file of JSON Lines whose first line is broken is not taken for one.
    broken = tmp_path / "broken.jsonl"
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([lines[0][:50], lines[1]]) + "\n", encoding="utf-8")
    rejected = run_cli("--data-dir", data_dir, "import", str(broken))
    assert "рядок 1: document:" in rejected.stderr and "Імпортовано: 1" in rejected.stdout


def test_a_line_nested_thousands_deep_is_rejected_alone(data_dir: str, tmp_path: Path) -> None:
    good = EXAMPLES.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "mixed.jsonl"
    source.write_text(
        "\n".join([good[0], "[" * 100_000 + "]" * 100_000, good[1]]) + "\n", encoding="utf-8"
    )
    result = run_cli("--data-dir", data_dir, "import", str(source))
    _no_traceback(result)
    assert result.returncode == 1
    assert "Імпортовано: 2" in result.stdout
    assert "рядок 2:" in result.stderr and "вкладеність" in result.stderr


def test_a_number_of_thousands_of_digits_is_rejected_alone(data_dir: str, tmp_path: Path) -> None:
    """Python reads no integer past 4,300 digits (a ValueError, not a JSON error): the
    program stopped with an error inside it, and the good lines of the batch were lost."""
    good = EXAMPLES.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "mixed.jsonl"
    source.write_text("\n".join([good[0], "1" * 5000, good[1]]) + "\n", encoding="utf-8")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    _no_traceback(result)
    assert result.returncode == 1 and "Імпортовано: 2" in result.stdout
    assert "рядок 2:" in result.stderr and "число надто довге" in result.stderr


def test_a_byte_order_mark_inside_a_file_is_no_error(data_dir: str, tmp_path: Path) -> None:
    """Two files saved with byte-order marks and joined: the second mark, invisible, was
    "not valid JSON (character 1)"."""
    good = EXAMPLES.read_text(encoding="utf-8").splitlines()
    source = tmp_path / "joined.jsonl"
    source.write_text(f"\ufeff{good[0]}\n\ufeff{good[1]}\n", encoding="utf-8")
    result = run_cli("--data-dir", data_dir, "import", str(source))
    assert result.returncode == 0, result.stderr
    assert "Імпортовано: 2" in result.stdout


def test_an_export_cut_short_is_in_the_access_log_and_warned_of(data_dir: str) -> None:
    """`frontdesk export | head -1` printed a resident's data with no record of it in the
    access log and no word that it is not encrypted."""
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    command = f'"{sys.executable}" -m frontdesk --data-dir "{data_dir}" export | head -1'
    cut = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert len(cut.stdout.splitlines()) == 1 and "Traceback" not in cut.stderr
    assert "НЕ зашифровано" in cut.stderr
    from frontdesk.profile import Profile

    with Profile.open(Path(data_dir)) as profile:
        rows = profile.db.query("SELECT action, detail FROM audit WHERE action = 'exported'")
    assert [r["detail"] for r in rows] and int(rows[-1]["detail"]) >= 1


def test_standard_input_may_start_with_a_byte_order_mark(data_dir: str) -> None:
    """Windows tools that pipe text often put one first."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()[:3]
    result = run_cli("--data-dir", data_dir, "import", "-", input_text="\ufeff" + "\n".join(lines))
    assert result.returncode == 0, result.stderr
    assert "Імпортовано: 3" in result.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_output_to_a_full_disk_is_told_in_ukrainian(data_dir: str) -> None:
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "export"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    _no_traceback(result)
    assert result.returncode == 1 and "диск заповнено" in result.stderr


def test_an_import_stopped_by_the_machine_says_how_far_it_got_and_runs_on_later(
    data_dir: str, tmp_path: Path
) -> None:
    """The database cannot grow (a full disk; here a file size limit): the batches before are
    kept and counted, and running the file again imports the rest exactly once."""
    source = tmp_path / "paper.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for app in generate(2000, seed=11):
            app.id = app.number = ""
            out.write(dumps(app) + "\n")

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

    stopped = subprocess.run(
        [sys.executable, "-m", "frontdesk", "--data-dir", data_dir, "import", str(source)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        preexec_fn=limited,
        env=os.environ.copy(),
    )
    _no_traceback(stopped)
    assert stopped.returncode == 1
    assert "Імпорт зупинено перед рядком" in stopped.stderr
    assert "запустіть імпорт цього файлу знову" in stopped.stderr
    first = int(stopped.stdout.split("Імпортовано: ")[1].split(",")[0])
    assert 0 < first < 2000

    again = run_cli("--data-dir", data_dir, "import", str(source), timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"Імпортовано: {2000 - first}, уже були: {first}" in again.stdout


def test_a_limit_past_any_workstation_is_refused_plainly(data_dir: str) -> None:
    result = run_cli("--data-dir", data_dir, "list", "--limit", "99999999999999999999")
    _no_traceback(result)
    assert result.returncode == 2 and "від 1 до" in result.stderr


def _as_a_user(*args: str) -> subprocess.CompletedProcess[str]:
    """Root ignores file permissions: drop the capabilities that let it (as a worker's
    account has none of them)."""
    command = " ".join([sys.executable, "-m", "frontdesk", *args])
    return subprocess.run(
        ["capsh", "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--", "-c", command],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


needs_capsh = pytest.mark.skipif(
    shutil.which("capsh") is None or os.geteuid() != 0,
    reason="needs root and capsh (Debian libcap2-bin) to test permissions",
)


@needs_capsh
def test_a_read_only_profile_folder_is_said_with_what_to_ask_for(data_dir: str) -> None:
    folder = Path(data_dir)
    for path in [folder, *folder.iterdir()]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        result = _as_a_user("--data-dir", data_dir, "list")
    finally:
        for path in [folder, *folder.iterdir()]:
            path.chmod(path.stat().st_mode | 0o200)
    _no_traceback(result)
    assert result.returncode == 1
    assert "лише для читання" in result.stderr and "адміністратора" in result.stderr


@needs_capsh
def test_a_helper_file_left_read_only_is_named(data_dir: str) -> None:
    """After a run with read-only rights the database is writable again, but not its -shm."""
    shared = Path(data_dir) / "frontdesk.db-shm"
    shared.write_bytes(b"\0" * 32768)
    shared.chmod(0o444)
    result = _as_a_user("--data-dir", data_dir, "import", str(EXAMPLES))
    _no_traceback(result)
    assert result.returncode == 1
    assert "frontdesk.db-shm" in result.stderr and "лише для читання" in result.stderr


def test_diagnose_writes_what_it_can_when_the_profile_does_not_open(
    data_dir: str, tmp_path: Path
) -> None:
    """Support needs the report most when the profile will not open (here: the key is gone)."""
    (Path(data_dir) / "frontdesk.db").write_bytes(b"not a database, twenty kilobytes " * 700)
    report = tmp_path / "diagnostics.json"
    result = run_cli("--data-dir", data_dir, "diagnose", "--output", str(report))
    _no_traceback(result)
    assert result.returncode == 1 and "часткову діагностику" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["opened"] is False and data["open_error_code"].startswith("error.")
    assert data["folder"]["files"]["frontdesk.db"] > 0 and "profile.json" in data["folder"]["files"]


def test_an_unknown_service_code_is_refused_not_listed_as_nothing(data_dir: str) -> None:
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    result = run_cli("--data-dir", data_dir, "list", "--service", "205")
    assert result.returncode == 1
    assert "такої послуги немає" in result.stderr and "250" in result.stderr
    assert run_cli("--data-dir", data_dir, "list", "--service", "250").stdout.strip()


def test_a_state_is_taken_as_a_worker_types_it(data_dir: str) -> None:
    """`list` prints «очікує надсилання»; `--status` took only the code, in lower case."""
    assert run_cli("--data-dir", data_dir, "import", str(EXAMPLES)).returncode == 0
    waiting = run_cli("--data-dir", data_dir, "list", "--status", "ready").stdout
    assert waiting.strip()
    for typed in ("Ready", "очікує надсилання", "Очікує  надсилання", "waiting to be sent"):
        assert run_cli("--data-dir", data_dir, "list", "--status", typed).stdout == waiting
    drafts = run_cli("--data-dir", data_dir, "list", "--status", "чернетка").stdout
    assert drafts.strip() and "чернетка" in drafts and "очікує" not in drafts
    helped = run_cli("--data-dir", data_dir, "list", "--help").stdout
    assert "ready (очікує" in helped and "returned (повернуто на доопрацювання)" in " ".join(
        helped.split()
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list", "--status", "approved"], "аргумент --status: немає такого стану: 'approved'"),
        (["list", "--limit", "abc"], "аргумент --limit: неправильне значення 'abc'"),
        (["list", "--search"], "аргумент --search: потрібне значення"),
        (["import"], "потрібно вказати: ФАЙЛ"),
        (["list", "--bogus"], "незрозумілі аргументи: --bogus"),
        (["list", "--s", "x"], "неоднозначний параметр --s: це може бути --search, --status"),
        (["list", "--json=1"], "аргумент --json не має значення ('1')"),
        # (an OverflowError's traceback; "at most -1" listed everything, 0 nothing)
        (["reference", "search", "Бар", "--limit", "9" * 20], "аргумент --limit: від 1 до"),
        (["reference", "search", "Бар", "--limit", "0"], "аргумент --limit: від 1 до 1000000"),
        (["reference", "search", "Бар", "--limit", "-1"], "аргумент --limit: від 1 до 1000000"),
        # A byte that is not UTF-8 (a Cyrillic letter typed in part) was a traceback.
        (["show", "ZT01-2026-00000\udcd1"], "«ZT01-2026-00000\\xd1» — не текст у кодуванні UTF-8"),
        (["list", "--search", "Ол\udcd1"], "«Ол\\xd1» — не текст у кодуванні UTF-8"),
        (["operator", "add", "olena", "--name", "\udcd1"], "«\\xd1» — не текст у кодуванні"),
    ],
)
def test_a_mistake_in_the_command_is_said_in_ukrainian(
    data_dir: str, args: list[str], said: str
) -> None:
    result = run_cli("--data-dir", data_dir, *args)
    _no_traceback(result)
    assert result.returncode == 2
    assert said in result.stderr and "помилка:" in result.stderr
    assert "_positive" not in result.stderr  # no internal names either
    assert "usage" not in result.stderr and "argument" not in result.stderr


def _on_a_terminal(*args: str, interrupt_at: str = "") -> tuple[int, str, str]:
    """Run ``frontdesk`` with its stderr on a terminal (a pseudo-terminal: the progress bar
    is drawn), as the IT person does; with ``interrupt_at``, press Ctrl+C once that text is
    on the screen. Returns the exit status, stdout and what the terminal showed."""
    master, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "frontdesk", *args],
        stdout=subprocess.PIPE,
        stderr=terminal,
        cwd=ROOT,
    )
    os.close(terminal)
    shown = b""
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    data = os.read(master, 65536)
                except OSError:  # (the program ended: nothing holds the terminal)
                    break
                if not data:
                    break
                shown += data
            if interrupt_at and interrupt_at.encode() in shown:
                process.send_signal(signal.SIGINT)
                interrupt_at = ""
    finally:
        os.close(master)
        stdout = process.communicate(timeout=60)[0]
    return process.returncode, stdout.decode(), shown.decode().replace("\r\n", "\n")


def _paper_lines(path: Path, count: int, seed: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for app in generate(count, seed=seed):
            app.id = app.number = ""
            out.write(dumps(app) + "\n")
    return path


def test_an_import_interrupted_with_ctrl_c_says_how_far_it_got_and_runs_on_later(
    data_dir: str, tmp_path: Path
) -> None:
    """It stopped without a word (exit status 130)."""
    source = _paper_lines(tmp_path / "paper.jsonl", 2000, seed=12)
    status, stdout, shown = _on_a_terminal(
        "--data-dir", data_dir, "import", str(source), interrupt_at="(500/2000)"
    )
    assert status == 130 and "Traceback" not in shown
    first = int(stdout.split("Імпортовано: ")[1].split(",")[0])
    assert 500 <= first < 2000
    assert re.search(
        r"\nІмпорт перервано \(Ctrl\+C\): оброблено рядків — (\d+) з 2000; що імпортовано, "
        "збережено. Запустити імпорт цього файлу знову безпечно: уже імпортовані рядки буде "
        "розпізнано й пропущено",
        shown,
    )

    again = run_cli("--data-dir", data_dir, "import", str(source), timeout=120)
    assert again.returncode == 0, again.stderr
    imported, skipped = re.findall(r"\d+", again.stdout)[:2]
    assert int(skipped) >= first and int(imported) + int(skipped) == 2000


def test_the_progress_bar_counts_the_lines_and_never_swallows_a_rejection(
    data_dir: str, tmp_path: Path
) -> None:
    """A file of N lines counted N+1, and a line's rejection was printed after the bar on
    the bar's line ("(500/2001)рядок 701: …")."""
    source = _paper_lines(tmp_path / "paper.jsonl", 1000, seed=13)
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[700] = lines[700].replace('"birth_date":"', '"birth_date":"x', 1)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")

    status, stdout, shown = _on_a_terminal("--data-dir", data_dir, "import", str(source))

    assert status == 1 and "Імпортовано: 999" in stdout and "відхилено: 1" in stdout
    assert "(500/1000)\nрядок 701: applicant.birth_date: " in shown
    assert "(1000/1000)\n" in shown and "1001" not in shown


def test_drafts_with_nothing_to_say_leave_the_progress_bar_on_its_line(
    data_dir: str, tmp_path: Path
) -> None:
    """Every batch holding a line kept as a draft ended the bar's line, problems or none:
    a file with drafts drew forty bars one under another instead of one."""
    source = tmp_path / "drafts.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for number, app in enumerate(generate(1000, seed=14)):
            app.id = app.number = ""
            if number % 12 == 0:
                app.status = Status.DRAFT  # (complete: nothing it still lacks)
            out.write(dumps(app) + "\n")

    status, stdout, shown = _on_a_terminal("--data-dir", data_dir, "import", str(source))

    assert status == 0 and "Імпортовано: 1000 (з них 84 чернетки" in stdout, stdout
    assert shown.count("\n") == 1 and shown.endswith("(1000/1000)\n"), shown


def _decided_long_ago(data_dir: str, count: int) -> None:
    """``count`` applications granted two years ago (their retention period over)."""
    from frontdesk.profile import Profile

    with Profile.open(Path(data_dir)) as profile:
        apps = generate(count, seed=14)
        for first in range(0, count, 1000):
            profile.applications.import_batch(apps[first : first + 1000], "import")
        old = "2024-01-10T09:00:00Z"
        profile.db.execute("DELETE FROM outbox")
        profile.db.execute("UPDATE applications SET status = 'granted', updated_at = ?", (old,))


def test_a_retention_run_shows_its_progress_and_on_ctrl_c_says_how_far_it_got(
    data_dir: str,
) -> None:
    """Minutes on a profile of some years, with nothing on the screen after its heading;
    Ctrl+C ended it without a word of what was removed."""
    _decided_long_ago(data_dir, 2000)
    status, _stdout, shown = _on_a_terminal(
        "--data-dir", data_dir, "retention", "--run", interrupt_at="/2000)"
    )
    assert status == 130 and "Traceback" not in shown
    assert "Видалення персональних даних [" in shown
    said = re.search(
        r"Видалення перервано \(Ctrl\+C\): опрацьовано справ — (\d+) з 2000; з опрацьованих "
        r"персональні дані видалено\. Запустіть знову: буде видалено решту\.",
        shown,
    )
    assert said is not None and 0 < int(said[1]) < 2000

    status, stdout, shown = _on_a_terminal("--data-dir", data_dir, "retention", "--run")
    assert status == 0, shown
    left = 2000 - int(said[1])
    assert f"({left}/{left})" in shown
    assert "Персональні дані видалено: " in stdout
