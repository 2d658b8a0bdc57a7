"""Switch TST between its search and distillation stages
(docs/methods/tst.md) and make the policy visible."""
import json
import os.path as osp
from typing import List, Optional, Sequence, Tuple

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from mmkd_teach.models.losses.options import (check_bool, check_int,
                                              option_error)
from mmkd_teach.registry import HOOKS


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_phases(phases) -> List[Tuple[int, int]]:
    """``phases`` as a list of ``(begin, end)``; an error naming
    ``TSTPhaseHook.phases`` unless it is a list of ``[begin, end]`` int
    pairs with ``0 <= begin < end``, in order and not overlapping."""
    example = 'e.g. phases=[[5, 10], [20, 25]]'
    if not isinstance(phases, (list, tuple)) or not phases:
        raise option_error('TSTPhaseHook', 'phases', 'must be a non-empty '
                           f'list of [begin, end] pairs, {example}; got '
                           f'{phases!r}')
    checked = []
    for phase in phases:
        if not isinstance(phase, (list, tuple)) or len(phase) != 2 or \
                not all(_is_int(v) for v in phase):
            raise option_error(
                'TSTPhaseHook', 'phases', f'each phase must be a [begin, '
                f'end] pair of ints, {example}; got {phase!r} in '
                f'{phases!r}')
        begin, end = phase
        if not 0 <= begin < end:
            raise option_error(
                'TSTPhaseHook', 'phases', f'[{begin}, {end}] is not a range '
                '[begin, end) with 0 <= begin < end')
        if checked and begin < checked[-1][1]:
            raise option_error(
                'TSTPhaseHook', 'phases', f'[{begin}, {end}] starts before '
                f'the phase before it ends ({list(checked[-1])}): give the '
                'phases in order, without overlap')
        checked.append((begin, end))
    return checked


@HOOKS.register_module()
class TSTPhaseHook(Hook):
    """Search phases at set epochs or iterations, distillation between.

    Args:
        phases: ``[[begin, end], ...]``, each a half-open range of epochs
            (``by_epoch=True``, 0-based: ``[30, 60]`` searches in the 31st
            to 60th epoch) or of iterations.
        by_epoch: the unit of ``phases``.
        alrs_interval: iterations per ALRS period when ``by_epoch=False``
            (with ``by_epoch=True`` a period is an epoch); a phase's end
            also closes its period.
        interval: every ``interval`` iterations the probabilities and
            magnitudes go to the message hub (log and visualizer,
            ``train/tst/p.<op>``, ``train/tst/m.<op>``, and the drift from
            the initial policy, ``train/tst/drift.p`` / ``drift.m``: see
            ``TSTPolicy.drift``) and a line to
            ``<work_dir>/tst_policy.jsonl``.
        export: write ``<work_dir>/tst_policy.json`` after each search
            phase and at the end of training.

    The phase lives in the model (a buffer of :class:`TST`), so it is in the
    checkpoint; this hook recomputes it from the run's progress before every
    iteration, which is what makes a resumed run continue where it stopped.
    """

    priority = 'NORMAL'

    def __init__(self, phases: Sequence[Sequence[int]], by_epoch: bool = True,
                 alrs_interval: int = 50, interval: int = 10,
                 export: bool = True):
        self.phases = check_phases(phases)
        self.by_epoch = check_bool('TSTPhaseHook', 'by_epoch', by_epoch)
        self.alrs_interval = check_int('TSTPhaseHook', 'alrs_interval',
                                       alrs_interval, 1)
        self.interval = check_int('TSTPhaseHook', 'interval', interval, 0)
        self.export = check_bool('TSTPhaseHook', 'export', export)

    @staticmethod
    def _tst(runner):
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        tst = getattr(model, 'tst', None)
        if tst is None:
            raise ValueError('TSTPhaseHook needs a distiller with `tst` set '
                             '(model.tst=dict(type="mmkd_teach.TST"))')
        return tst

    def wanted_phase(self, epoch: int, iteration: int) -> str:
        at = epoch if self.by_epoch else iteration
        return 'search' if any(b <= at < e for b, e in self.phases) \
            else 'distill'

    def before_train(self, runner) -> None:
        self._tst(runner)  # fail early
        from mmkd_teach.models.tst.tst import TST
        TST._wrapper(runner.optim_wrapper)  # the policy has an optimiser

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        tst = self._tst(runner)
        wanted = self.wanted_phase(runner.epoch, runner.iter)
        if tst.phase == 'search' and wanted != 'search':
            self._close_period(runner, tst)
            self._export(runner, tst)
        tst.phase = wanted

    def after_train_iter(self, runner, batch_idx: int, data_batch=None,
                         outputs: Optional[dict] = None) -> None:
        tst = self._tst(runner)
        if tst.searching and not self.by_epoch and \
                (runner.iter + 1) % self.alrs_interval == 0:
            self._close_period(runner, tst)
        if self.every_n_train_iters(runner, self.interval):
            self._log(runner, tst)

    def after_train_epoch(self, runner) -> None:
        tst = self._tst(runner)
        if tst.searching and self.by_epoch:
            self._close_period(runner, tst)

    def after_train(self, runner) -> None:
        self._export(runner, self._tst(runner))

    # -- helpers -------------------------------------------------------------
    def _close_period(self, runner, tst) -> None:
        result = tst.end_search_period(runner.optim_wrapper)
        if result is not None:
            loss, factor = result
            runner.logger.info(
                f'TST search period: mean loss {loss:.4f}, policy lr x '
                f'{factor:g}')

    def _log(self, runner, tst) -> None:
        policy = tst.policy
        record = {
            'epoch': runner.epoch,
            'iter': runner.iter + 1,
            'phase': tst.phase,
            'probability': policy.probabilities(),
            'magnitude': policy.magnitudes(),
            'drift': policy.drift()
        }
        for kind, key in (('probability', 'p'), ('magnitude', 'm')):
            for name, value in record[kind].items():
                runner.message_hub.update_scalar(f'train/tst/{key}.{name}',
                                                 value)
            runner.message_hub.update_scalar(f'train/tst/drift.{key}',
                                             record['drift'][kind])
        if is_main_process():
            with open(osp.join(runner.work_dir, 'tst_policy.jsonl'),
                      'a') as f:
                f.write(json.dumps(record) + '\n')

    def _export(self, runner, tst) -> None:
        if self.export and is_main_process():
            from mmkd_teach.models.tst.export import save_policy
            path = osp.join(runner.work_dir, 'tst_policy.json')
            save_policy(tst.policy, path)
            runner.logger.info(f'TST policy written to {path}')
