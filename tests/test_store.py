"""modules.store: the SQLite file for saved work."""
from __future__ import annotations

import threading

import pytest

from modules.store import Store


def test_save_load_overwrite_and_list(tmp_path):
    store = Store(tmp_path / "var" / "work.sqlite3")
    assert (tmp_path / "var" / "work.sqlite3").exists()
    store.save("registers", "Panadería Ccori", {"rows": [1, 2], "note": "año"})
    store.save("registers", "Hotel", {"rows": []})
    assert store.load("registers", "Panadería Ccori") == {"rows": [1, 2], "note": "año"}
    store.save("registers", "Panadería Ccori", {"rows": [3]})  # last write wins
    assert store.load("registers", "Panadería Ccori") == {"rows": [3]}
    assert sorted(k for k, _ in store.keys("registers")) == ["Hotel", "Panadería Ccori"]
    assert store.load("registers", "missing", default="none") == "none"
    assert store.keys("other") == []
    assert store.delete("registers", "Hotel") is True
    assert store.delete("registers", "Hotel") is False


def test_survives_a_new_store_object_on_the_same_file(tmp_path):
    Store(tmp_path / "w.sqlite3").save("ns", "k", [1, 2, 3])
    assert Store(tmp_path / "w.sqlite3").load("ns", "k") == [1, 2, 3]


def test_empty_key_and_nan_are_refused(tmp_path):
    store = Store(tmp_path / "w.sqlite3")
    with pytest.raises(ValueError):
        store.save("ns", "  ", 1)
    with pytest.raises(ValueError):
        store.save("ns", "k", float("nan"))


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "w.sqlite3"
    Store(path)

    def write(i):
        s = Store(path)
        for j in range(20):
            s.save("ns", f"{i}-{j}", {"i": i, "j": j})

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    keys = Store(path).keys("ns")
    assert len(keys) == 160
    assert Store(path).load("ns", "7-19") == {"i": 7, "j": 19}


def test_update_is_atomic_across_concurrent_writers(tmp_path):
    path = tmp_path / "w.sqlite3"
    Store(path)

    def bump(_i):
        s = Store(path)
        for _ in range(25):
            s.update("ns", "counter", lambda old: {"n": (old or {"n": 0})["n"] + 1})

    threads = [threading.Thread(target=bump, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Store(path).load("ns", "counter") == {"n": 200}


def test_update_that_fails_changes_nothing(tmp_path):
    store = Store(tmp_path / "w.sqlite3")
    store.save("ns", "k", {"n": 1})

    def broken(_old):
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        store.update("ns", "k", broken)
    assert store.load("ns", "k") == {"n": 1}
    value, stamp = store.update("ns", "k", lambda old: {"n": old["n"] + 1})
    assert value == {"n": 2} and stamp[:2] == "20"


def test_items_by_prefix_take_wildcards_literally(tmp_path):
    store = Store(tmp_path / "w.sqlite3")
    store.save("work", "AB_1/x", 1)
    store.save("work", "ABC1/y", 2)
    store.save("work", "AB%1/z", 3)
    store.save("other", "AB_1/w", 4)
    assert [(k, v) for k, v, _ in store.items("work", "AB_1/")] == [("AB_1/x", 1)]
    assert [(k, v) for k, v, _ in store.items("work", "AB%")] == [("AB%1/z", 3)]
    assert sorted(k for k, _, _ in store.items("work")) == ["AB%1/z", "ABC1/y", "AB_1/x"]
