"""TST's search objective (stage II, docs/methods/tst.md): the policy looks
for data the teacher gets right and the student gets wrong.

Classification (the paper): ``mean[-log p_t(y|x~) - log(1 - p_s(y|x~) +
1e-8)]``. Dense tasks use the same form on the task view's items (pixels,
anchors/points, RoIs) with the student's own labels, which is where it
differs from the paper's dense recipe: the paper adds the teacher's full
task losses to the student's *inverted* task losses (box regression negated
too); here only classification items enter (no box term, no teacher target
assignment, no task-loss weights). Softmax items: teacher CE plus student
``-log(1 - p_y + eps)``; sigmoid items (one-stage heads, background label
``C``): per class column, the teacher's binary CE against the one-hot
target plus the student's binary CE against the flipped target (``-log(1 -
p)`` on the target column, ``-log p`` on the others), summed over columns.
The mean is over valid labelled items; no such item gives 0 (not NaN).
"""
import torch
import torch.nn.functional as F

from ..task_views import LogitItems


def tst_search_loss(items: LogitItems, eps: float = 1e-8) -> dict:
    """``{'teacher': ..., 'student': ...}``; the objective is their sum."""
    if items.activation == 'softmax':
        keep = items.valid & items.class_labelled()
        t, s, y = items.teacher[keep], items.student[keep], items.labels[keep]
        teacher = F.cross_entropy(t, y, reduction='none')
        p_y = F.softmax(s, dim=1).gather(1, y[:, None])[:, 0]
        student = -torch.log(1 - p_y + eps)
    else:
        keep = items.valid & (items.labels >= 0)
        t, s = items.teacher[keep], items.student[keep]
        target = items.target_mask()[keep].to(s.dtype)
        teacher = F.binary_cross_entropy_with_logits(
            t, target, reduction='none').sum(1)
        student = F.binary_cross_entropy_with_logits(
            s, 1 - target, reduction='none').sum(1)
    count = max(int(keep.sum()), 1)
    return {'teacher': teacher.sum() / count, 'student': student.sum() / count}
