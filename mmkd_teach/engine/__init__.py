from .hooks import *  # noqa: F401,F403
from .optimizers import *  # noqa: F401,F403
from .student_export import export_student, student_state_dict

__all__ = ['export_student', 'student_state_dict']
