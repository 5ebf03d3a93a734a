"""Process-local memos: a value is built once, kept for its time, and forgotten on demand."""

import time_machine

from otklik.core.memo import Memo, forget_all


def test_a_value_is_built_once_then_kept_until_its_time_is_up():
    memo: Memo[int] = Memo("test", ttl=60)
    built = []

    def build() -> int:
        built.append(1)
        return len(built)

    with time_machine.travel(0, tick=False) as traveller:
        assert memo.get("k", build) == 1
        assert memo.get("k", build) == 1
        traveller.shift(61)
        assert memo.get("k", build) == 2
    assert memo.peek("missing") is None


def test_forget_one_key_or_all():
    memo: Memo[str] = Memo("test")
    memo.put("a", "x")
    memo.put("b", "y")
    memo.forget("a")
    assert memo.peek("a") is None and memo.peek("b") == "y"
    forget_all()
    assert memo.peek("b") is None
