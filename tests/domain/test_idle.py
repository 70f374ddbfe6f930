"""The idle lock's policy, with clocks the test moves by hand."""

from __future__ import annotations

from reviewdesk.domain.idle import IdlePolicy, LockReason


class Clocks:
    def __init__(self) -> None:
        self.mono = 1000.0
        self.wall = 1_800_000_000.0

    def pass_time(self, seconds: float, *, asleep: bool = False) -> None:
        self.wall += seconds
        if not asleep:  # a monotonic clock may stop while the computer sleeps
            self.mono += seconds


def _policy(clocks: Clocks, idle: float | None = 600) -> IdlePolicy:
    return IdlePolicy(idle, monotonic=lambda: clocks.mono, wall=lambda: clocks.wall)


def test_locks_after_the_idle_time_and_activity_postpones_it() -> None:
    clocks = Clocks()
    policy = _policy(clocks)
    for _ in range(119):  # 595 s of polling, every 5 s
        clocks.pass_time(5)
        assert policy.poll() is None
    policy.activity()
    for _ in range(119):
        clocks.pass_time(5)
        assert policy.poll() is None
    clocks.pass_time(5)
    assert policy.poll() is LockReason.IDLE
    assert policy.locked is LockReason.IDLE
    clocks.pass_time(5)
    assert policy.poll() is None  # locks once
    policy.activity()  # typing behind the lock screen does not count
    policy.unlock()
    assert policy.locked is None and policy.idle_for() == 0
    clocks.pass_time(5)
    assert policy.poll() is None


def test_waking_from_sleep_locks_even_with_the_monotonic_clock_stopped() -> None:
    clocks = Clocks()
    policy = _policy(clocks, idle=None)  # never locks for idleness...
    clocks.pass_time(5)
    assert policy.poll() is None
    clocks.pass_time(3 * 3600, asleep=True)  # ...but the laptop slept for three hours
    assert policy.poll() is LockReason.RESUMED
    assert "asleep" in LockReason.RESUMED.message


def test_a_short_stall_is_not_sleep_and_zero_never_locks() -> None:
    clocks = Clocks()
    policy = _policy(clocks, idle=0)
    clocks.pass_time(30)  # a busy moment: the timer fired late
    assert policy.poll() is None
    clocks.pass_time(10 * 3600)  # awake but unused for ten hours, still polled late once
    assert policy.poll() is LockReason.RESUMED  # a huge gap between polls is treated as sleep
    policy.unlock()
    for _ in range(1000):
        clocks.pass_time(5)
        assert policy.poll() is None


def test_lock_now() -> None:
    clocks = Clocks()
    policy = _policy(clocks)
    assert policy.lock() is LockReason.ASKED
    assert policy.poll() is None
