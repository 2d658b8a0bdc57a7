"""Task views: read aligned teacher/student items out of any mm model.

A view is written once per kind of model and serves every logit method:

1. :meth:`TaskView.recording` wraps the student's own ``loss()`` call and
   records what it computes anyway (head logits, the target assignment);
2. :meth:`TaskView.teacher_logits` runs the frozen teacher only as far as the
   logits of the same items (no teacher loss, no teacher assignment);
3. :meth:`TaskView.items` aligns both into :class:`LogitItems`.
"""
from contextlib import contextmanager
from typing import Dict, List

from torch import Tensor, nn

from .items import LogitItems


class TaskView:
    """Base class; subclasses set ``task`` and ``activation``."""

    task: str = ''
    #: module-name prefixes that ``extract_feat`` runs (for feature taps)
    feature_prefixes = ('backbone', 'neck')

    def __init__(self, student: nn.Module, teacher: nn.Module):
        self.check_pair(student, teacher)

    # -- what subclasses implement ------------------------------------------
    def head_of(self, model: nn.Module) -> nn.Module:
        """The module whose ``num_classes`` must agree."""
        raise NotImplementedError

    def activation_of(self, model: nn.Module) -> str:
        return 'softmax'

    @contextmanager
    def recording(self, student: nn.Module):
        """Yield a dict filled while the student's ``loss()`` runs."""
        raise NotImplementedError
        yield {}

    def teacher_logits(self, teacher: nn.Module, inputs: Tensor,
                       record: Dict) -> object:
        raise NotImplementedError

    def items(self, record: Dict, teacher_out, data_samples: List,
              student: nn.Module) -> LogitItems:
        raise NotImplementedError

    # -- shared ---------------------------------------------------------------
    def check_pair(self, student: nn.Module, teacher: nn.Module) -> None:
        s_head, t_head = self.head_of(student), self.head_of(teacher)
        s_c, t_c = s_head.num_classes, t_head.num_classes
        if s_c != t_c:
            raise ValueError(
                f'model.teacher: the teacher and the student predict a '
                f'different number of classes ({t_c} vs {s_c}): set the same '
                'num_classes in both model configs (logit distillation '
                'compares class by class)')
        s_act, t_act = self.activation_of(student), self.activation_of(
            teacher)
        if s_act != t_act:
            raise ValueError(
                f'model.teacher: the teacher uses {t_act} classification '
                f'and the student {s_act}: use the same kind of '
                'classification loss in both')
        self.activation = s_act
        self.num_classes = s_c
