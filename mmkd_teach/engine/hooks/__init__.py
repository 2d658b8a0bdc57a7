from .agreement_hook import AgreementHook
from .export_student_hook import ExportStudentHook
from .progress_hook import ProgressHook
from .random_state_hook import RandomStateHook
from .safe_checkpoint_hook import SafeCheckpointHook
from .tst_phase_hook import TSTPhaseHook

__all__ = [
    'AgreementHook', 'ExportStudentHook', 'ProgressHook', 'RandomStateHook',
    'SafeCheckpointHook', 'TSTPhaseHook'
]
