# Toy teacher: plain upstream training, no distillation.
_base_ = [
    '../_base_/models/toy_faster-rcnn_r18w32_det.py', '../_base_/datasets/toy_det.py',
    '../_base_/schedules/toy_det_schedule.py', '../_base_/default_runtime.py'
]
