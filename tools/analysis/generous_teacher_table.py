"""Generous Teacher on a toy task over several seeds: the standard teacher,
the generous teacher (stage 2), the student alone and the student distilled
with KD from each teacher (from the generous one: stage 3).

    python tools/analysis/generous_teacher_table.py --task cls --seeds 0 1 2

A preset of tools/benchmark/toy_table.py (``--tasks cls --methods kd gt``),
with all its options; it shares its work dir, so runs are reused both ways,
and writes generous_teacher.{json,md,png}.
"""
import os.path as osp
import sys

# This checkout's package, whatever `pip install -e` points at: the runs
# (children get the same root on PYTHONPATH) use the code next to the tool.
sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
from toy_benchmark.cli import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main(preset='generous_teacher', description=__doc__))
