# Hinton KD on the toy two_stage pair (items: see mmkd_teach/models/task_views).
_base_ = '../_base_/pairs/faster-rcnn-r18w32_to_faster-rcnn-r18w8_6e_toydet.py'
model = dict(
    # the two-stage logit recipe (as one_stage's): T 1, the RoI head's
    # hard-label loss at half weight (Hinton's alpha)
    student_loss_weight=dict(loss_cls=0.5),
    # warmed up over DKD's 60 iterations: the first RoIs come from an
    # untrained RPN (why and what it measured: configs/kd/README.md)
    distill_losses=dict(kd=dict(
        type='KDLoss', temperature=1.0, loss_weight=1.0,
        warmup=dict(by='iter', length=60))))
