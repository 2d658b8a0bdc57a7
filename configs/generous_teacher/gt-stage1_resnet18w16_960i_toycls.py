# Generous Teacher, stage 1: the standard teacher, trained as usual (the
# toy teacher config itself).
_base_ = '../toy/resnet18w16_960i_toycls.py'
