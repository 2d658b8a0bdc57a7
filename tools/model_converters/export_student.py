"""Export the student of a mmkd_teach checkpoint as a plain upstream one.

    python tools/model_converters/export_student.py SRC.pth DST.pth

DST loads into the student's own mmdet / mmseg / mmpretrain config
(``load_from=DST``, ``tools/test.py STUDENT_CONFIG DST``); the teacher and the
learnable distillation parts are left out.
"""
import argparse

from mmkd_teach.engine import export_student


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('src', help='distiller checkpoint')
    parser.add_argument('dst', help='student-only checkpoint to write')
    args = parser.parse_args()
    print(export_student(args.src, args.dst))


if __name__ == '__main__':
    main()
