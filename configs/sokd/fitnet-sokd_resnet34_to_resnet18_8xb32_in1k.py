# SoKD (FitNet on DAFA-refined teacher features + DAM) on the last stage
# of a real pair (results: not yet run; see the method's README).
# Dataset, schedule and runtime are the student's own upstream config. The policy is searched for the
# first 10 epochs (of 100), then frozen and still sampled.
_base_ = 'mmpretrain::resnet/resnet18_8xb32_in1k.py'
model = dict(
    _delete_=True,
    type='mmkd_teach.Distiller',
    student='mmpretrain::resnet/resnet18_8xb32_in1k.py',
    teacher='mmpretrain::resnet/resnet34_8xb32_in1k.py',
    teacher_ckpt='https://download.openmmlab.com/mmclassification/v0/resnet/resnet34_8xb32_in1k_20210831-f257d4e6.pth',
    distill_losses=dict(
        sokd=dict(
            type='SoKDLoss',
            student_taps='backbone.layer4',
            teacher_taps='backbone.layer4',
            student_channels=512,
            teacher_channels=512,
            search=dict(by='epoch', length=10))))
optim_wrapper = dict(
    _delete_=True,
    constructor='mmkd_teach.DistillerOptimWrapperConstructor',
    student={{_base_.optim_wrapper}},  # the upstream schedule
    distill_losses=dict(
        type='OptimWrapper',
        optimizer=dict(type='Adam', lr=1e-3, weight_decay=0.)),
    sokd_augment=dict(
        type='OptimWrapper',
        module='distill_losses.sokd.augment',
        optimizer=dict(
            type='Adam', lr=3e-4, betas=(0.5, 0.999), weight_decay=1e-3)))
# Only the sampled sub-policy's operations get gradients, and none after the
# search: DDP must allow unused parameters.
find_unused_parameters = True
custom_hooks = [dict(type='mmkd_teach.ExportStudentHook')]
# Saves a kill cannot spoil and an exact resume (random states, the SoKD
# policy's generator included, in the checkpoint).
default_hooks = dict(
    checkpoint=dict(type='mmkd_teach.SafeCheckpointHook'),
    random_state=dict(type='mmkd_teach.RandomStateHook'))
