"""The toy data of a table: generated once per data root by
``tools/misc/make_toy_data.py``; other generator options (harder data) or
other run options get their own folders, named with a short hash."""
import hashlib
import importlib.util
import json
import os
import os.path as osp
import shlex
import shutil
import subprocess
import sys
import tempfile
from typing import List

from .runs import child_env
from .suite import REPO


def suffixed(path: str, *settings) -> str:
    """``path`` itself when every setting is empty, else
    ``path-<8 hex digits>`` of the settings: runs made with other data or
    options never land in the same folder."""
    if not any(settings):
        return path
    key = json.dumps(settings, sort_keys=True)
    return f'{path}-{hashlib.sha1(key.encode()).hexdigest()[:8]}'


def normalise(options: str) -> str:
    """The generator options as the generator sees them (spacing and
    quoting do not change the hash)."""
    return shlex.join(shlex.split(options or ''))


def generator_version() -> int:
    """This checkout's ``TOY_DATA_VERSION``, read from its file alone (no
    import of the package, whichever copy is installed)."""
    path = osp.join(REPO, 'mmkd_teach', 'toy_data', 'version.py')
    spec = importlib.util.spec_from_file_location('toy_data_version', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TOY_DATA_VERSION


def check_version(folder: str, wanted: int) -> None:
    """Refuse a set drawn by another version of the generator: its
    images and labels are not the ones the configs and tables assume."""
    try:
        with open(osp.join(folder, 'generator.json')) as f:
            found = json.load(f).get('version')
    except (OSError, ValueError):
        found = None
    if found != wanted:
        drawn = 'an unknown version' if found is None else f'version {found}'
        raise RuntimeError(
            f'{folder} was drawn by {drawn} of the toy data generator; this '
            f'checkout draws version {wanted}. Delete it (it is generated '
            'again) or pass another --data-root.')


def ensure_toy_data(root: str, kinds: List[str], options: str = '',
                    log: str = None) -> List[str]:
    """Generate the toy sets ``kinds`` (det, seg, cls) that ``root`` lacks,
    with ``make_toy_data.py --out ROOT --tasks ... --seed 0 OPTIONS``;
    return the generated ones. A set appears only once complete (generated
    into a temporary folder, then moved); one already there must be of this
    checkout's generator version (``check_version``)."""
    missing = [k for k in kinds if not osp.isdir(osp.join(root, k))]
    present = [k for k in kinds if k not in missing]
    if present:
        wanted = generator_version()  # read once, not once per set
        for kind in present:
            check_version(osp.join(root, kind), wanted)
    if not missing:
        return []
    os.makedirs(root, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='.generating-', dir=root)
    cmd = [sys.executable, osp.join(REPO, 'tools', 'misc', 'make_toy_data.py'),
           '--out', tmp, '--tasks', *missing, '--seed', '0',
           *shlex.split(options or '')]
    try:
        done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True,
                              env=child_env())
        if log:
            os.makedirs(osp.dirname(log), exist_ok=True)
            with open(log, 'a') as f:
                f.write(f'$ {shlex.join(cmd)}\n{done.stdout}{done.stderr}')
        if done.returncode != 0:
            raise RuntimeError(f'toy data generation failed: {shlex.join(cmd)}'
                               f'\n{done.stderr[-3000:]}')
        for kind in missing:
            os.replace(osp.join(tmp, kind), osp.join(root, kind))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(osp.join(root, 'make_toy_data.json'), 'w') as f:
        json.dump(dict(options=normalise(options), seed=0), f)
    return missing
