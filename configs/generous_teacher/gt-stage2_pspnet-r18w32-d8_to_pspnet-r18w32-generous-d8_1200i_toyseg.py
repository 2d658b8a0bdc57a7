# Generous Teacher, stage 2: a teacher of the same architecture trained from
# scratch on its task loss plus the frozen standard teacher's non-target
# knowledge. The distiller's "student" is the generous teacher. The exported
# student_final.pth is a plain upstream checkpoint: the stage-3 teacher.
_base_ = '../_base_/pairs/pspnet-r18w32-d8_to_pspnet-r18w8-d8_1200i_toyseg.py'
model = dict(
    # the generous teacher: the teacher's architecture, from scratch
    student='{{fileDirname}}/../toy/pspnet_r18w32-d8_1200i_toyseg.py',
    # the stage-1 checkpoint (tools/generous_teacher_pipeline.py sets it)
    teacher_ckpt='work_dirs/gt-stage1_pspnet-r18w32-d8_1200i_toyseg/iter_1200.pth',
    distill_losses=dict(
        generous=dict(
            type='GenerousTeacherLoss',
            Tn=1.0,
            alpha=1.0,
            # the paper's 20 epochs of 240, scaled to this schedule
            warmup=dict(by='iter', length=100))))
