"""Shared checks of the toy-data tests."""
import hashlib
import os
import os.path as osp


def tree_digest(root: str) -> dict:
    """``{relative path: sha256}`` of every file under ``root``."""
    out = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = osp.join(folder, name)
            with open(path, 'rb') as f:
                out[osp.relpath(path, root)] = hashlib.sha256(
                    f.read()).hexdigest()
    return out


def assert_deterministic(make, tmp_path, **sizes):
    """``make(root, seed=..., **sizes)``: the same seed writes byte-identical
    files, another seed different ones."""
    digests = []
    for name, seed in (('a', 3), ('b', 3), ('c', 4)):
        make(str(tmp_path / name), seed=seed, **sizes)
        digests.append(tree_digest(str(tmp_path / name)))
    first, again, other = digests
    assert first and first == again
    assert set(other) == set(first)
    assert other != first
