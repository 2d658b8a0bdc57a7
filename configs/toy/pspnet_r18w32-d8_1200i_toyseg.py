# Toy teacher: plain upstream training, no distillation.
_base_ = [
    '../_base_/models/toy_pspnet_r18w32-d8_seg.py', '../_base_/datasets/toy_seg.py',
    '../_base_/schedules/toy_seg_schedule.py'
]
