from .agreement_hook import AgreementHook
from .export_student_hook import ExportStudentHook
from .progress_hook import ProgressHook

__all__ = ['AgreementHook', 'ExportStudentHook', 'ProgressHook']
