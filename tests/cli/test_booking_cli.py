"""``tourlink reseller``, ``slots`` and ``booking`` over a throwaway SQLite database."""

from __future__ import annotations

import pytest

from tourlink import bootstrap
from tourlink.booking import BookingRequest, Contact
from tourlink.services.booking import ManagedBookingService

from .conftest import Cli

SLOT = "vung-duc-light-show-2030-01-02-1900"


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    """A migrated database with the bundled catalogue loaded and made bookable."""
    assert cli("db", "upgrade").exit_code == 0
    assert cli("catalog", "load").exit_code == 0
    result = cli("booking", "seed", "--days", "2")
    assert result.exit_code == 0, result.output
    return cli


def _book(units: int = 2) -> str:
    with bootstrap.open_services() as services:
        service = services.booking
        assert isinstance(service, ManagedBookingService)
        unit = service.product("vung-duc-light-show").options[0].units[0].id
        booking = service.book(
            BookingRequest(
                "vung-duc-light-show",
                "standard",
                SLOT,
                {unit: units},
                contact=Contact("Lan", phone="+84 912 345 678"),
            )
        )
    return booking.id


def test_seed_makes_session_experiences_bookable_and_is_idempotent(
    seeded: Cli,
) -> None:
    again = seeded("booking", "seed", "--days", "2")
    assert again.exit_code == 0
    assert ": 0 new slots" in again.output
    assert " 1 new slots" not in again.output


def test_slots_generate_opens_every_day_and_time_once(seeded: Cli) -> None:
    args = ["slots", "generate", "vung-duc-light-show", "--from", "2030-01-01"]
    args += ["--to", "2030-01-03", "--times", "19:00,20:30", "--capacity", "50"]
    first = seeded(*args)
    assert first.exit_code == 0, first.output
    assert "created 6 slots" in first.output
    assert "created 0 slots" in seeded(*args).output


def test_manifest_lists_the_party_as_a_table_and_as_csv(seeded: Cli) -> None:
    args = ["slots", "generate", "vung-duc-light-show", "--from", "2030-01-02"]
    assert seeded(*args, "--to", "2030-01-02", "--times", "19:00").exit_code == 0
    booking_id = _book()
    table = seeded("booking", "manifest", SLOT)
    assert table.exit_code == 0
    assert "Lan" in table.output
    assert "2 booked" in table.output
    csv = seeded("booking", "manifest", SLOT, "--csv")
    assert csv.output.splitlines()[1].startswith(f"{booking_id},Lan,'+84 912")


def test_reconcile_reports_a_consistent_ledger(seeded: Cli) -> None:
    args = ["slots", "generate", "vung-duc-light-show", "--from", "2030-01-02"]
    seeded(*args, "--to", "2030-01-02", "--times", "19:00")
    _book(3)
    result = seeded("booking", "reconcile")
    assert result.exit_code == 0
    assert result.output.startswith("ok:")


def test_reseller_add_prints_a_reseller_key(seeded: Cli) -> None:
    result = seeded("reseller", "add", "Lan Ha Travel")
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("tlk_")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["booking", "manifest", "no-such-slot"], "no slot"),
        (
            [
                "slots",
                "generate",
                "nope",
                "--from",
                "2030-01-01",
                "--to",
                "2030-01-01",
                "--times",
                "19:00",
            ],
            "no product",
        ),
        (
            [
                "slots",
                "generate",
                "vung-duc-light-show",
                "--from",
                "2030-01-02",
                "--to",
                "2030-01-01",
                "--times",
                "19:00",
            ],
            "--from on or before --to",
        ),
        (
            [
                "slots",
                "generate",
                "vung-duc-light-show",
                "--from",
                "soon",
                "--to",
                "2030-01-01",
                "--times",
                "19:00",
            ],
            "must be dates",
        ),
        (
            [
                "slots",
                "generate",
                "vung-duc-light-show",
                "--from",
                "2030-01-01",
                "--to",
                "2030-01-01",
                "--times",
                "7pm",
            ],
            "local times",
        ),
    ],
)
def test_bad_input_is_a_plain_message_and_exit_one(
    seeded: Cli, args: list[str], message: str
) -> None:
    result = seeded(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
