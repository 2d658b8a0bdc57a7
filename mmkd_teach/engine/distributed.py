"""DDP for the Distiller: mmengine's wrapper, with the Distiller's own step.

mmengine's :class:`MMDistributedDataParallel` steps one ``OptimWrapper``;
the distiller may hold several (an ``OptimWrapperDict``: the student and
learnable distillation parts such as TST's policy), and TST's search step
updates the policy alone. This wrapper's step is the distiller's own
(:meth:`Distiller.distill_step`), run with the forward through DDP (so the
student's gradients are all-reduced by DDP's hooks); TST's search step
averages the policy gradient over the ranks itself.
"""
from mmengine.model import MMDistributedDataParallel
from mmengine.registry import MODEL_WRAPPERS


@MODEL_WRAPPERS.register_module()
class DistillerDistributedDataParallel(MMDistributedDataParallel):

    def train_step(self, data, optim_wrapper):
        return self.module.distill_step(self, data, optim_wrapper)
