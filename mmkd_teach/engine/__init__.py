from .hooks import *  # noqa: F401,F403
from .last_checkpoint import find_last_complete_checkpoint
from .optimizers import *  # noqa: F401,F403
from .student_export import export_student, student_state_dict

__all__ = [
    'export_student', 'find_last_complete_checkpoint', 'student_state_dict'
]
