# Toy teacher: plain upstream training, no distillation.
_base_ = [
    '../_base_/models/toy_pspnet_r18w32-d8_seg.py', '../_base_/datasets/toy_seg.py',
    '../_base_/schedules/toy_seg_schedule.py', '../_base_/default_runtime.py'
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval={{_base_.max_iters}}, max_keep_ckpts=1))
log_processor = dict(by_epoch=False)
