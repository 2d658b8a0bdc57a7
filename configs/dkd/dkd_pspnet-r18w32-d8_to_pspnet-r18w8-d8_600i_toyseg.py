# DKD on the toy seg pair; warm-up scaled from 20 of 240 epochs.
_base_ = [
    '../_base_/datasets/toy_seg.py', '../_base_/schedules/toy_seg_schedule.py'
]
model = dict(
    type='mmkd_teach.Distiller',
    student='{{fileDirname}}/../toy/pspnet_r18w8-d8_600i_toyseg.py',
    teacher='{{fileDirname}}/../toy/pspnet_r18w32-d8_600i_toyseg.py',
    # written by `python tools/train.py configs/toy/pspnet_r18w32-d8_600i_toyseg.py`
    teacher_ckpt='work_dirs/pspnet_r18w32-d8_600i_toyseg/iter_600.pth',
    distill_losses=dict(dkd=dict(type='DKDLoss', alpha=1.0, beta=2.0, temperature=2.0, loss_weight=0.5, warmup=dict(by='iter', length=100))))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
