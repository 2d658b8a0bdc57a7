# Toy student trained alone: plain upstream training, no distillation.
_base_ = [
    '../_base_/models/toy_retinanet_r18w8_det.py', '../_base_/datasets/toy_det.py',
    '../_base_/schedules/toy_det_schedule.py', '../_base_/default_runtime.py'
]
