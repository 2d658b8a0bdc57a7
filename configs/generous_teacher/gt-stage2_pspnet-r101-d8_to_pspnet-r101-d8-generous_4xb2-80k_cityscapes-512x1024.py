# Generous Teacher stage 2 (the generous teacher, trained anew).
# A real pair (results: not yet run; see the method's README). Dataset,
# schedule and runtime are
# the teacher's own upstream config.
# Stage 1 is the upstream checkpoint below (the standard teacher).
_base_ = 'mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    # the generous teacher: the same architecture, trained anew
    student='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher_ckpt='https://download.openmmlab.com/mmsegmentation/v0.5/pspnet/pspnet_r101-d8_512x1024_80k_cityscapes/pspnet_r101-d8_512x1024_80k_cityscapes_20200606_112211-e1e1100f.pth',
    distill_losses=dict(generous=dict(
            type='GenerousTeacherLoss',
            Tn=1.0,
            alpha=1.0,
            warmup=dict(by='iter', length=8000))))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
