from .agreement_hook import AgreementHook
from .export_student_hook import ExportStudentHook

__all__ = ['AgreementHook', 'ExportStudentHook']
