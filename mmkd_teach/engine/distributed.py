"""DDP for the Distiller: mmengine's wrapper, with the Distiller's own step.

mmengine's :class:`MMDistributedDataParallel` steps one ``OptimWrapper``;
the distiller may hold several (an ``OptimWrapperDict``: the student and
learnable distillation parts such as TST's policy), and TST's search step
updates the policy alone. This wrapper runs the same forward through DDP
(so the student's gradients are all-reduced by DDP's hooks), feeds every
wrapper from one backward as :meth:`Distiller.train_step` does, and hands
TST's search phase to :meth:`TST.search_step`, which averages the policy
gradient over the ranks itself.
"""
from typing import List

from mmengine.model import MMDistributedDataParallel
from mmengine.optim import OptimWrapper, OptimWrapperDict
from mmengine.registry import MODEL_WRAPPERS


@MODEL_WRAPPERS.register_module()
class DistillerDistributedDataParallel(MMDistributedDataParallel):

    def train_step(self, data, optim_wrapper):
        module = self.module
        tst = getattr(module, 'tst', None)
        if tst is not None and tst.searching:
            return tst.search_step(module, data, optim_wrapper)
        wrappers: List[OptimWrapper] = (
            list(optim_wrapper.values()) if isinstance(
                optim_wrapper, OptimWrapperDict) else [optim_wrapper])
        with wrappers[0].optim_context(self):
            data = module.data_preprocessor(data, training=True)
            losses = self._run_forward(data, mode='loss')
        parsed, log_vars = module.parse_losses(losses)
        wrappers[0].update_params(parsed)
        for wrapper in wrappers[1:]:
            wrapper._inner_count += 1
            if wrapper.should_update():
                wrapper.step()
                wrapper.zero_grad()
        return log_vars
