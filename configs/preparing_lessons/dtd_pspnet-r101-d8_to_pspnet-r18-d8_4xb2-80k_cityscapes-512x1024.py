# Dynamic Temperature Distillation.
# A real pair (results: not yet run; see the method's README). Dataset,
# schedule and runtime are
# the student's own upstream config.
_base_ = 'mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmseg::pspnet/pspnet_r18-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher='mmseg::pspnet/pspnet_r101-d8_4xb2-80k_cityscapes-512x1024.py',
    teacher_ckpt='https://download.openmmlab.com/mmsegmentation/v0.5/pspnet/pspnet_r101-d8_512x1024_80k_cityscapes/pspnet_r101-d8_512x1024_80k_cityscapes_20200606_112211-e1e1100f.pth',
    distill_losses=dict(dtd=dict(
        type='DTDLoss',
        temperature=dict(mode='flsw', base=2.0, beta=1.0, gamma=2.0, floor=1.0),
        loss_weight=1.0)))
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states in the
# checkpoint), as in configs/_base_/default_runtime.py.
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
