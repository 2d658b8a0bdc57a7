"""Compatibility of the 2023-2024 OpenMMLab releases with torch >= 2.6 and
numpy 2. Applied once, when ``mmkd_teach`` is imported; nothing in
site-packages is edited.

* ``torch.load`` defaults to ``weights_only=True`` since torch 2.6, and
  mmengine 0.10.7 loads local checkpoints (``load_from``, ``resume``,
  ``init_cfg=dict(type='Pretrained')``, ``load_checkpoint``) with a plain
  ``torch.load``; its own checkpoints hold numpy arrays, ``HistoryBuffer``s
  and config text, which the weights-only unpickler refuses. We re-register
  mmengine's local-file loader so that it unpickles fully. Only load
  checkpoints you trust, as with any pickle.
* numpy 2.4 removed ``np.in1d`` (mmpretrain's retrieval metrics call it);
  ``np.isin`` is the documented replacement with the same result on 1-d input.
* mmengine's ``pytorch`` launcher calls ``torch.cuda.set_device`` even on a
  machine without CUDA, and its Runner gives DDP ``device_ids=[LOCAL_RANK]``,
  which torch refuses for a CPU module. :func:`init_cpu_distributed`
  initialises ``torch.distributed`` with gloo first (so the Runner skips its
  own set-up) and selects :class:`CPUDistributedDataParallel` (the
  distiller's DDP wrapper, engine/distributed.py, without ``device_ids``).
* A process that exits without destroying its gloo process group can abort
  (SIGABRT, "terminate called without an active exception", after the
  script's last line): a gloo worker thread may still hold the last
  reference to a finished collective when the interpreter finalises, and
  freeing its tensors then takes the GIL, which a finalising interpreter
  refuses by ending the thread inside a C++ destructor. The tools call
  :func:`release_distributed` before they return, so that the group and its
  threads are gone while the interpreter is alive.
"""
import gc
import os

import numpy as np
import torch
import torch.distributed as dist
from mmengine.registry import MODEL_WRAPPERS
from mmengine.runner.checkpoint import CheckpointLoader

from .engine.distributed import DistillerDistributedDataParallel


@MODEL_WRAPPERS.register_module()
class CPUDistributedDataParallel(DistillerDistributedDataParallel):
    """mmengine's DDP wrapper for CPU processes (gloo): no ``device_ids``."""

    def __init__(self, module, device_ids=None, **kwargs):
        super().__init__(module=module, device_ids=None, **kwargs)


def _load_local_checkpoint(filename, map_location=None):
    """mmengine's local loader, with the pre-2.6 full unpickling."""
    filename = os.path.expanduser(filename)
    if not os.path.isfile(filename):
        raise FileNotFoundError(f'{filename} can not be found.')
    return torch.load(filename, map_location=map_location, weights_only=False)


def apply() -> None:
    """Install the fixes above (idempotent)."""
    CheckpointLoader.register_scheme(
        prefixes='', loader=_load_local_checkpoint, force=True)
    if not hasattr(np, 'in1d'):
        np.in1d = np.isin


def init_cpu_distributed(cfg) -> bool:
    """For a ``pytorch`` launch (``cfg.launcher``) on a machine without CUDA:
    initialise torch.distributed with gloo (RANK, WORLD_SIZE, MASTER_ADDR and
    MASTER_PORT come from torchrun) and use the CPU DDP wrapper.

    Returns True when it did so.
    """
    if cfg.get('launcher') != 'pytorch' or torch.cuda.is_available():
        return False
    wrapper = dict(cfg.get('model_wrapper_cfg') or {})
    wrapper['type'] = 'CPUDistributedDataParallel'
    wrapper.setdefault('broadcast_buffers', False)
    wrapper.setdefault('find_unused_parameters',
                       cfg.get('find_unused_parameters', False))
    cfg.model_wrapper_cfg = wrapper
    if dist.is_initialized():
        return True
    dist.init_process_group(
        backend='gloo',
        rank=int(os.environ['RANK']),
        world_size=int(os.environ['WORLD_SIZE']))
    return True


def release_distributed() -> None:
    """Destroy the default process group (if any) and free it now.

    Call it after the Runner is unreferenced: the collection frees the
    Runner and its DDP wrapper, which hold the group, and
    ``destroy_process_group`` drops torch's own references, so the group's
    destructor joins gloo's worker threads here, with the interpreter alive.
    """
    gc.collect()
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
    gc.collect()
