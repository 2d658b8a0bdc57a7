# Generous Teacher, stage 1: the standard teacher, trained as usual (the
# toy teacher config itself).
_base_ = '../toy/retinanet_r18w32_6e_toydet.py'
