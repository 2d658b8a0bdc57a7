# Toy teacher: plain upstream training, no distillation.
_base_ = [
    '../_base_/models/toy_resnet18_w16_cls.py', '../_base_/datasets/toy_cls.py',
    '../_base_/schedules/toy_cls_schedule.py'
]
