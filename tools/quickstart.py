"""The quick start: a small preset of the toy benchmark
(tools/benchmark/toy_table.py). On generated toy data it trains and
evaluates, for classification (cls) and segmentation (seg), seed 0:

- the teacher and the student alone;
- the student distilled with KD (the baseline);
- KD + Knowledge Adjustment (Preparing Lessons, docs/methods/preparing_lessons.md);
- Generous Teacher: the generous teacher (stage 2) and its student (stage 3),
  docs/methods/generous_teacher.md;

then prints the table (also written with a bar chart to
work_dirs/toy_table/quickstart.{json,md,png}).

    python tools/quickstart.py
    python tools/quickstart.py --tasks cls --methods kd ka-dtd --seeds 0 1 2

It takes every option of tools/benchmark/toy_table.py and shares its work
dir: runs finished here are reused by the full table, and the other way
round. Nothing is downloaded.
"""
import os.path as osp
import sys

# This checkout's code, whatever `pip install -e` points at: the runs
# (children get the same root on PYTHONPATH) use the code next to the tool.
sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))
from toy_benchmark.cli import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main(preset='quickstart', description=__doc__))
