"""Save a student-only checkpoint when training ends."""
import os
import os.path as osp

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmkd_teach.registry import HOOKS
from ..student_export import student_state_dict


@HOOKS.register_module()
class ExportStudentHook(Hook):
    """Writes ``{work_dir}/{filename}`` (plain upstream format) after
    training, through a temporary file; rank 0 only."""

    priority = 'VERY_LOW'

    def __init__(self, filename: str = 'student_final.pth'):
        self.filename = filename

    def after_train(self, runner) -> None:
        if runner.rank != 0:
            return
        import torch
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        path = osp.join(runner.work_dir, self.filename)
        torch.save(
            {
                'meta': {
                    'epoch': runner.epoch,
                    'iter': runner.iter
                },
                'state_dict': student_state_dict(model.state_dict())
            }, f'{path}.tmp')
        os.replace(f'{path}.tmp', path)  # a kill leaves no half file
        runner.logger.info(f'student-only checkpoint saved to {path}')
