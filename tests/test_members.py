"""Members: NIK checks, registration (with simpanan pokok), numbering, search, audited edits,
and the all-or-nothing CSV import."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import TODAY, counts, make_nik

from kasir.books import ledger, members, savings
from kasir.books.ledger import Line
from kasir.db import sqlite3
from kasir.errors import InvalidInput, InvalidNik, PermissionDenied

parse = members.parse_nik


# ---- NIK ---------------------------------------------------------------------------------

def test_valid_nik_is_decoded():
    info = parse("3201011705800001", TODAY)
    assert info == members.NikInfo("32", "01", "01", dt.date(1980, 5, 17), "L", "0001")


def test_women_add_forty_to_the_day():
    info = parse("3201015705800002", TODAY)
    assert (info.birth_date, info.gender) == (dt.date(1980, 5, 17), "P")
    assert parse("3201014101900003", TODAY).birth_date == dt.date(1990, 1, 1)


@pytest.mark.parametrize("nik", ["320101170580001", "32010117058000011", "", "3201011705800001 7"])
def test_nik_of_the_wrong_length_is_refused(nik):
    with pytest.raises(InvalidNik):
        parse(nik, TODAY)


@pytest.mark.parametrize("nik", ["32010117058000A1", "3201O11705800001", "3201-11705800001"])
def test_nik_with_letters_or_signs_is_refused(nik):
    with pytest.raises(InvalidNik):
        parse(nik, TODAY)


@pytest.mark.parametrize("code", ["00", "10", "20", "39", "99"])
def test_nik_with_an_unknown_province_is_refused(code):
    with pytest.raises(InvalidNik) as err:
        parse(f"{code}01011705800001", TODAY)
    assert err.value.params["code"] == code


@pytest.mark.parametrize("date_part", ["320580", "171380", "300280", "720580", "000580", "350580",
                                       "290201", "690201", "170080"],
                         ids=["day-32", "month-13", "30-feb", "women-day-72", "day-0", "day-35",
                              "29-feb-2001", "women-29-feb-2001", "month-0"])
def test_nik_with_an_impossible_birth_date_is_refused(date_part):
    with pytest.raises(InvalidNik) as err:
        parse(f"320101{date_part}0001", TODAY)
    assert err.value.params["date"] == date_part


def test_leap_day_2000_is_a_real_birth_date():
    assert parse("3201016902000001", TODAY).birth_date == dt.date(2000, 2, 29)


@pytest.mark.parametrize("date_part, born", [
    ("170599", dt.date(1999, 5, 17)),
    ("170505", dt.date(2005, 5, 17)),
    ("010125", dt.date(2025, 1, 1)),     # already past in 2025: this century
    ("011225", dt.date(1925, 12, 1)),    # not yet come in 2025: last century
    ("150625", dt.date(2025, 6, 15)),    # today itself is past enough
])
def test_nik_century_is_the_latest_date_not_in_the_future(date_part, born):
    assert parse(f"320101{date_part}0001", TODAY).birth_date == born


@pytest.mark.parametrize("nik", ["3201011705800000", "3200011705800001", "3201001705800001"],
                         ids=["serial", "regency", "district"])
def test_nik_with_a_zero_part_is_refused(nik):
    with pytest.raises(InvalidNik):
        parse(nik, TODAY)


# ---- registration ------------------------------------------------------------------------

def test_register_takes_simpanan_pokok_with_its_entry(bendahara, conn):
    m = members.register(bendahara, nik=make_nik(), name="  Budi   Santoso ", gender="l",
                         join_date="2025-02-03", address="Dusun Krajan", phone="0812 3456 7890")
    assert (m.number, m.name, m.gender, m.status, m.join_date) == \
        ("00001", "Budi Santoso", "L", "active", dt.date(2025, 2, 3))
    rows = conn.execute("SELECT kind, type, amount, date, entry_id FROM savings_tx").fetchall()
    assert [r[:4] for r in rows] == [("pokok", "deposit", 50_000, "2025-02-03")]
    entry = ledger.entry(conn, rows[0][4])
    assert entry.origin_type == "savings" and entry.date == dt.date(2025, 2, 3)
    assert entry.lines == (Line("1-1100", 50_000, 0), Line("3-1100", 0, 50_000, m.id, ""))
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2")]
    assert actions == ["savings.deposit", "member.register"]


def test_register_without_pokok_writes_no_savings(bendahara, conn):
    m = members.register(bendahara, nik=make_nik(), name="Wati", gender="L", pay_pokok=False)
    assert m.join_date == TODAY
    assert savings.balances(conn, m.id) == {"pokok": 0, "wajib": 0, "sukarela": 0}
    assert counts(conn)["journal_entries"] == 0


def test_member_numbers_are_sequential(new_member):
    assert [new_member().number for _ in range(3)] == ["00001", "00002", "00003"]


def test_register_refuses_an_invalid_nik_and_writes_nothing(bendahara, conn):
    before = counts(conn)
    with pytest.raises(InvalidNik):
        members.register(bendahara, nik="3201013002800001", name="Tono", gender="L")
    assert counts(conn) == before


def test_register_refuses_a_duplicate_nik_naming_the_member(bendahara, conn):
    nik = make_nik()
    members.register(bendahara, nik=nik, name="Budi", gender="L", join_date="2025-01-10")
    before = counts(conn)
    with pytest.raises(InvalidNik) as err:
        members.register(bendahara, nik=nik, name="Budi Kembar", gender="L")
    assert err.value.params["number"] == "00001"
    assert counts(conn) == before


def test_register_refuses_gender_that_the_nik_contradicts(bendahara, conn):
    with pytest.raises(InvalidNik) as err:
        members.register(bendahara, nik=make_nik(gender="P"), name="Siti", gender="L")
    assert (err.value.params["nik_gender"], err.value.params["gender"]) == ("P", "L")
    assert members.count(conn) == 0


def test_register_refuses_a_future_join_date_or_one_before_birth(bendahara, conn):
    with pytest.raises(InvalidInput) as err:
        members.register(bendahara, nik=make_nik(), name="Tono", gender="L", join_date="2025-06-16")
    assert err.value.params["date"] == "2025-06-16"
    with pytest.raises(InvalidInput):
        members.register(bendahara, nik=make_nik(dt.date(2010, 3, 1)), name="Anak", gender="L",
                         join_date="2009-12-31")
    assert members.count(conn) == 0


def test_register_stores_a_nik_typed_with_spaces_or_dots_as_digits(bendahara, conn):
    nik = make_nik()
    typed = f"{nik[:6]}.{nik[6:12]}.{nik[12:]}"
    m = members.register(bendahara, nik=typed, name="Rudi", gender="L", pay_pokok=False)
    assert m.nik == nik
    with pytest.raises(InvalidNik):
        members.register(bendahara, nik=f"{nik[:8]} {nik[8:]}", name="Rudi lagi", gender="L")


def test_cashier_and_supervisor_may_not_register(cashier, pengawas, conn):
    for ctx in (cashier, pengawas):
        with pytest.raises(PermissionDenied):
            members.register(ctx, nik=make_nik(), name="Tono", gender="L")
    assert members.count(conn) == 0


# ---- search ------------------------------------------------------------------------------

@pytest.fixture
def village(bendahara):
    people = [("Siti Aminah", "P", "320101"), ("Budi Santoso", "L", "320101"),
              ("siti_rahma", "P", "350201"), ("Agus 100%", "L", "320101"), ("Sitixrahma", "P", "320101")]
    return {name: members.register(bendahara, nik=make_nik(gender=g, region=region), name=name,
                                   gender=g, pay_pokok=False)
            for name, g, region in people}


def names(found) -> list[str]:
    return sorted((m.name for m in found), key=str.casefold)


def test_search_by_name_is_a_case_insensitive_substring(village, conn):
    assert names(members.search(conn, "SITI")) == ["Siti Aminah", "siti_rahma", "Sitixrahma"]
    assert names(members.search(conn, "santo")) == ["Budi Santoso"]
    assert len(members.search(conn, "")) == 5


def test_search_treats_percent_and_underscore_literally(village, conn):
    assert names(members.search(conn, "_")) == ["siti_rahma"]
    assert names(members.search(conn, "%")) == ["Agus 100%"]
    assert names(members.search(conn, "siti_r")) == ["siti_rahma"]


def test_search_by_number_or_nik_prefix(village, conn):
    assert names(members.search(conn, "00002")) == ["Budi Santoso"]
    assert names(members.search(conn, "3502")) == ["siti_rahma"]
    nik = village["Agus 100%"].nik
    assert names(members.search(conn, nik)) == ["Agus 100%"]
    assert members.search(conn, "0002") == []  # numbers match from the start only


# ---- edits -------------------------------------------------------------------------------

def test_update_changes_name_address_phone_and_is_audited(bendahara, new_member, conn):
    m = new_member(name="Budi")
    updated = members.update(bendahara, m.id, name="Budi Santoso", address="RT 02", phone="0813")
    assert (updated.name, updated.address, updated.phone, updated.nik) == \
        ("Budi Santoso", "RT 02", "0813", m.nik)
    action, subject, username, detail = conn.execute(
        "SELECT action, subject, username, detail FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert (action, subject, username) == ("member.update", f"member:{m.id}", "bendahara")
    assert json.loads(detail)["name"] == ["Budi", "Budi Santoso"]
    with pytest.raises(InvalidInput):
        members.update(bendahara, m.id, name="  ")
    assert members.get(conn, m.id).name == "Budi Santoso"


def test_nik_and_number_cannot_be_changed_in_the_database(new_member, raw):
    m = new_member()
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("UPDATE members SET nik = ? WHERE id = ?", (make_nik(), m.id))
    with pytest.raises(sqlite3.IntegrityError):
        raw.execute("DELETE FROM members")


# ---- CSV import --------------------------------------------------------------------------

def csv_text(*rows: str) -> str:
    return "\n".join(("nik,name,gender,address,phone,join_date", *rows)) + "\n"


def test_import_of_a_good_file_imports_every_row_with_pokok(bendahara, conn):
    text = csv_text(f"{make_nik()},Budi,L,Krajan,0812,2025-03-01",
                    f"{make_nik(gender='P')},Siti,P,,,",
                    f"{make_nik()},Agus,l,Wetan,,2025-04-15")
    report = members.import_csv(bendahara, text)
    assert report.ok and report.imported == 3
    assert [m.number for m in members.search(conn)] == ["00003", "00001", "00002"]  # name order
    assert members.by_number(conn, "00001").join_date == dt.date(2025, 3, 1)
    assert conn.execute("SELECT count(*), sum(amount) FROM savings_tx").fetchone() == (3, 150_000)


def test_import_with_one_bad_row_imports_nothing_and_names_the_row(bendahara, conn):
    before = counts(conn)
    text = csv_text(f"{make_nik()},Budi,L,,,", "3201013002800001,Tono,L,,,", f"{make_nik()},Agus,L,,,")
    report = members.import_csv(bendahara, text)
    assert not report.ok and report.imported == 0
    assert [line for line, _ in report.errors] == [3]
    assert counts(conn) == before


def test_import_lists_every_bad_row(bendahara, conn):
    text = csv_text(f"{make_nik()},Budi,L,,,", "12345,Tono,L,,,", f"{make_nik()},,L,,,",
                    f"{make_nik()},Dewi,P,,,", f"{make_nik()},Eko,L,,,2030-01-01")
    report = members.import_csv(bendahara, text)
    assert [line for line, _ in report.errors] == [3, 4, 5, 6]
    assert all(message for _, message in report.errors)
    assert members.count(conn) == 0


def test_import_reports_a_nik_repeated_inside_the_file(bendahara, conn):
    nik = make_nik()
    report = members.import_csv(bendahara, csv_text(f"{nik},Budi,L,,,", f"{make_nik()},Agus,L,,,",
                                                    f"{nik},Budi lagi,L,,,"))
    assert [line for line, _ in report.errors] == [4]
    assert report.imported == 0 and members.count(conn) == 0


def test_import_refuses_a_file_without_the_required_columns(bendahara, conn):
    with pytest.raises(InvalidInput) as err:
        members.import_csv(bendahara, "nama,nik\nBudi,3201011705800001\n")
    assert "gender" in err.value.params["missing"]
    assert members.count(conn) == 0
