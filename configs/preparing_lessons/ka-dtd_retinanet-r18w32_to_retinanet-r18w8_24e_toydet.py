# Preparing Lessons on the toy one_stage pair: Knowledge Adjustment (PS) then Dynamic Temperature Distillation.
_base_ = '../_base_/pairs/retinanet-r18w32_to_retinanet-r18w8_24e_toydet.py'
model = dict(
    distill_losses=dict(ka_dtd=dict(
        type='DTDLoss',
        temperature=dict(
            mode='flsw', base=1.0, beta=1.0, gamma=2.0, floor=0.5),
        adjust='ps',
        loss_weight=2.0)))
