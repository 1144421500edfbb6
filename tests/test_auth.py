"""Analyst credentials: scrypt hash strings, configuration parsing, throttled sign-in, no password leaks."""

from __future__ import annotations

import hashlib
import threading
import time
import tracemalloc

import pytest

from indicators import auth, throttle
from indicators.auth import (
    AuthResult,
    CredentialsError,
    SignIn,
    hash_password,
    load_credentials,
    verify_password,
)
from indicators.throttle import Throttle, delay_after

FAST = dict(n=2**4, r=1, p=1)  # cheap parameters: these tests check logic, not cost
SECRET = "correct horse battery"


@pytest.fixture(scope="module")
def ana_hash():
    return hash_password(SECRET, **FAST)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_hash_string_format_round_trips(ana_hash):
    scheme, n, r, p, salt, key = ana_hash.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16", "1", "1")
    assert not set(ana_hash) & set(":, \n")  # fits the name:hash,name:hash format
    assert verify_password(SECRET, ana_hash)
    assert not verify_password(SECRET + " ", ana_hash)
    assert not verify_password("", ana_hash)
    assert hash_password(SECRET, **FAST) != ana_hash  # fresh salt each time
    expected = hashlib.scrypt(SECRET.encode(), salt=auth._unb64(salt), n=16, r=1, p=1, dklen=32)
    assert auth._unb64(key) == expected  # the parameters in the string are the ones used


def test_default_parameters_are_recorded_in_the_hash():
    stored = hash_password("a longer passphrase")
    assert stored.startswith("scrypt$16384$8$1$")
    assert verify_password("a longer passphrase", stored)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "plain-text-password",
        "bcrypt$16$1$1$c2FsdHNhbHQ$a2V5",
        "scrypt$15$1$1$c2FsdHNhbHRzYWx0$" + "A" * 43,  # n not a power of two
        "scrypt$16$1$1$!!!$" + "A" * 43,
        "scrypt$1048576$64$64$c2FsdHNhbHRzYWx0$" + "A" * 43,  # would need gigabytes
        "scrypt$16$1$1$c2FsdHNhbHRzYWx0",
    ],
)
def test_malformed_hash_strings_never_verify(bad):
    assert verify_password("anything", bad) is False


def test_compare_is_constant_time(ana_hash, monkeypatch):
    calls = []
    real = auth.hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert verify_password(SECRET, ana_hash) and not verify_password("wrong", ana_hash)
    assert calls == [(32, 32), (32, 32)]


def test_load_credentials_from_env_lines_commas_and_secrets(ana_hash):
    other = hash_password("other secret", **FAST)
    env = {"INDICATORS_ANALYSTS": f"ana:{ana_hash}, bo:{other}\n# a comment\n\n  cy : {other}  \n"}
    assert load_credentials(env) == {"ana": ana_hash, "bo": other, "cy": other}
    merged = load_credentials({"INDICATORS_ANALYSTS": f"ana:{other}"}, secrets={"ana": ana_hash, "dee": ana_hash})
    assert merged == {"ana": other, "dee": ana_hash}  # the environment wins over secrets
    assert load_credentials({}) == {}
    assert load_credentials({"INDICATORS_ANALYSTS": "  "}, secrets={}) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ana", "INDICATORS_ANALYSTS entry 1 is not name:scrypt-hash"),
        ("ana:hunter2", "INDICATORS_ANALYSTS entry 1 ('ana') is not name:scrypt-hash"),
        (":{hash}", "INDICATORS_ANALYSTS entry 1 is not name:scrypt-hash"),
        ("ana:{hash},bo:x", "INDICATORS_ANALYSTS entry 2 ('bo') is not name:scrypt-hash"),
    ],
)
def test_malformed_configuration_names_the_entry_but_not_its_value(value, expected, ana_hash):
    with pytest.raises(CredentialsError) as caught:
        load_credentials({"INDICATORS_ANALYSTS": value.format(hash=ana_hash)})
    assert str(caught.value).startswith(expected)
    assert "hunter2" not in str(caught.value)
    with pytest.raises(CredentialsError, match="'ana' in the secrets"):
        load_credentials({}, secrets={"ana": "hunter2"})


def test_no_credentials_means_sign_in_is_disabled():
    sign_in = SignIn({})
    assert sign_in.enabled is False
    result = sign_in.attempt("ana", "anything", "s1")
    assert not result.ok and "publishing is disabled" in result.message
    assert SignIn(load_credentials({})).enabled is False


def test_right_password_signs_in_and_wrong_one_is_refused(ana_hash):
    sign_in = SignIn({"ana": ana_hash}, Throttle(Clock()))
    assert sign_in.enabled
    assert sign_in.attempt("ana", SECRET, "s1") == AuthResult(True, "signed in as ana", 0.0)
    wrong = sign_in.attempt("ana", "guess", "s1")
    assert not wrong.ok and wrong.message == "unknown analyst name or wrong password"
    unknown = sign_in.attempt("mallory", SECRET, "s1")
    assert unknown.message == wrong.message  # does not reveal which names exist


def test_delay_schedule_starts_at_third_failure_doubles_and_is_capped():
    assert [delay_after(n) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 16]
    assert delay_after(40) == throttle.MAX_DELAY


def test_repeated_failures_slow_down_the_client_address_whatever_the_name(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash, "bo": hash_password("bo secret", **FAST)}, Throttle(clock))
    assert sign_in.attempt("ana", "x1", "10.0.0.1").retry_after == 0
    assert sign_in.attempt("ana", "x2", "10.0.0.1").retry_after == 0
    third = sign_in.attempt("ana", "x3", "10.0.0.1")
    assert third.retry_after == 1.0 and "wait 1 s" in third.message

    blocked = sign_in.attempt("ana", SECRET, "10.0.0.1")  # even the right password waits
    assert not blocked.ok and blocked.message == "too many failed sign-ins: try again in 1 s"
    assert not sign_in.attempt("bo", "bo secret", "10.0.0.1").ok  # the address is slowed down, whatever the name
    assert sign_in.attempt("bo", "bo secret", "10.0.0.2").ok  # other addresses are not
    assert sign_in.attempt("ana", SECRET, "10.0.0.3").ok  # three failures do not lock the account

    clock.now += 1.0
    assert sign_in.attempt("ana", "x4", "10.0.0.1").retry_after == 2.0
    clock.now += 1.5
    assert "try again in 1 s" in sign_in.attempt("ana", SECRET, "10.0.0.1").message
    clock.now += 0.5
    assert sign_in.attempt("ana", SECRET, "10.0.0.1").ok  # success resets the address
    assert sign_in.attempt("ana", "x5", "10.0.0.1").retry_after == 0


def test_failures_are_forgotten_after_an_hour(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash}, Throttle(clock))
    for _ in range(10):
        sign_in.attempt("ana", "wrong", "s1")
        clock.now += throttle.MAX_DELAY
    clock.now += throttle.FORGET_AFTER + 1
    assert sign_in.attempt("ana", "wrong", "s1").retry_after == 0


def test_password_never_appears_in_messages_or_reprs(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash}, Throttle(clock))
    guesses = ["hunter2-guess", SECRET, "p4ss-w0rd"]
    results = [sign_in.attempt("ana", guess, "s1") for guess in guesses * 2]
    clock.now += 1000
    results.append(sign_in.attempt("ana", SECRET, "s9"))
    assert results[-1].ok
    texts = [repr(sign_in), str(sign_in), *(repr(r) for r in results), *(r.message for r in results)]
    for guess in guesses:
        assert not any(guess in text for text in texts)
    assert ana_hash not in repr(sign_in)


def test_concurrent_attempts_are_counted_against_one_counter(ana_hash, monkeypatch):
    """20 sign-ins submitted at the same moment: only those the schedule allows reach the password check."""
    checked = []
    real = auth.verify_password

    def slow_check(password, stored):
        checked.append(password)
        time.sleep(0.05)  # every thread is inside the check at once if the counter is not shared
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", slow_check)
    sign_in = SignIn({"ana": ana_hash}, Throttle())
    start = threading.Barrier(20)
    results = []

    def attempt(number: int) -> None:
        start.wait(timeout=60)
        results.append(sign_in.attempt("ana", f"guess {number}", "10.0.0.9"))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 20 and not any(r.ok for r in results)
    assert len(checked) == throttle.FREE_FAILURES + 1
    assert sum("too many failed sign-ins" in r.message for r in results) == 20 - len(checked)


def test_a_stranger_at_the_cap_cannot_lock_the_analyst_out_of_her_own_address(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash}, Throttle(clock))
    assert sign_in.attempt("ana", SECRET, "192.0.2.10").ok  # ana's usual address
    for _ in range(40):  # one wrong attempt whenever allowed, well past the five-minute cap
        result = sign_in.attempt("ana", "guess", "203.0.113.66")
        clock.now += max(result.retry_after, 1.0)
    assert sign_in.attempt("ana", "guess", "203.0.113.66").retry_after == throttle.MAX_DELAY
    assert sign_in.attempt("ana", SECRET, "192.0.2.10").ok  # her own address is never held up by a stranger
    assert sign_in.attempt("ana", SECRET, "192.0.2.11").retry_after == 0  # success reset the account


def test_a_few_failures_from_elsewhere_do_not_hold_up_a_new_address(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash}, Throttle(clock))
    for _ in range(3):
        sign_in.attempt("ana", "guess", "203.0.113.66")
    assert "too many failed sign-ins" in sign_in.attempt("ana", "guess", "203.0.113.66").message
    assert sign_in.attempt("ana", SECRET, "198.51.100.7").ok


def test_many_addresses_against_one_account_slow_down_unknown_addresses(ana_hash):
    clock = Clock()
    sign_in = SignIn({"ana": ana_hash}, Throttle(clock))
    assert sign_in.attempt("ana", SECRET, "192.0.2.10").ok
    for number in range(throttle.ACCOUNT_FREE_FAILURES + 1):
        sign_in.attempt("ana", "guess", f"203.0.113.{number}")
    refused = sign_in.attempt("ana", SECRET, "203.0.113.200")
    assert not refused.ok and "too many failed sign-ins" in refused.message
    assert sign_in.attempt("ana", SECRET, "192.0.2.10").ok  # the known address still signs in


def test_failure_records_are_bounded_whatever_names_and_addresses_are_sent(ana_hash, monkeypatch):
    monkeypatch.setattr(auth, "_decoy_hash", lambda: ana_hash)  # unknown names cost a cheap check here
    sign_in = SignIn({"ana": ana_hash}, Throttle(Clock()))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for number in range(60):
            name = f"{number:02d}" + "n" * 5_000_000
            sign_in.attempt(name, "guess", f"198.51.{number}.1")
            del name
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 1_000_000, f"{grown:,} bytes kept after 60 failures with 5 MB names"

    bounded = Throttle(Clock(), limit=500)
    for number in range(5_000):
        bounded.reserve(f"name {number}", f"address {number}")
    assert len(bounded) <= 2 * 500


def test_each_refused_sign_in_is_logged_with_the_name_and_why_never_the_password(ana_hash, logged):
    checker = SignIn({"ana": ana_hash}, Throttle(clock=Clock()))
    assert not checker.attempt("ana", "wrong " + SECRET, "10.0.0.1").ok
    assert not checker.attempt("eve\nforged", SECRET, None).ok
    assert checker.attempt("ana", SECRET, "10.0.0.2").ok
    lines = [(r.levelname, r.getMessage()) for r in logged.records]
    assert lines == [
        ("WARNING", "sign-in refused: name 'ana' from 10.0.0.1: wrong password"),
        ("WARNING", "sign-in refused: name 'eve forged' from this machine: unknown analyst name"),
        ("INFO", "signed in: analyst 'ana' from 10.0.0.2"),
    ]
    assert SECRET not in logged.text and ana_hash.split("$")[-1] not in logged.text
