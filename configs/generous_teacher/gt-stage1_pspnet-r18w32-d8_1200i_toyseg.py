# Generous Teacher, stage 1: the standard teacher, trained as usual (the
# toy teacher config itself).
_base_ = '../toy/pspnet_r18w32-d8_1200i_toyseg.py'
