"""Which checkpoint ``tools/train.py --resume`` resumes from."""
import os
import os.path as osp
import re
import zipfile
from typing import Optional

_NAME = re.compile(r'^(epoch|iter)_(\d+)\.pth$')


def is_complete(path: str) -> bool:
    """Whether ``path`` is a whole checkpoint: ``torch.save`` writes a zip
    archive, whose directory comes last, so a cut file is not a zip."""
    return osp.isfile(path) and zipfile.is_zipfile(path)


def find_last_complete_checkpoint(work_dir: str) -> Optional[str]:
    """The checkpoint ``work_dir/last_checkpoint`` names if it is complete,
    else the complete ``epoch_N.pth``/``iter_N.pth`` in ``work_dir`` with the
    largest N (a run killed while writing a checkpoint or ``last_checkpoint``
    by another hook than :class:`SafeCheckpointHook`); None when there is
    none."""
    named = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(named):
        with open(named) as f:
            path = f.read().strip()
        if path and is_complete(path):
            return path
    if not osp.isdir(work_dir):
        return None
    found = []
    for name in os.listdir(work_dir):
        match = _NAME.match(name)
        if match and is_complete(osp.join(work_dir, name)):
            found.append((int(match.group(2)), name))
    return osp.join(work_dir, max(found)[1]) if found else None
