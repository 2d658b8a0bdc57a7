"""The quick start: a small preset of the toy benchmark
(tools/benchmark/toy_table.py). On generated toy data, trains and evaluates
a teacher, the student alone and the student distilled with KD for
classification (cls), a one-stage detector (one_stage) and a segmentor
(seg), seed 0, and prints the table (also written with a bar chart to
work_dirs/toy_table/quickstart.{json,md,png}).

    python tools/quickstart.py
    python tools/quickstart.py --tasks cls --methods kd ka-dtd --seeds 0 1 2

It takes every option of tools/benchmark/toy_table.py and shares its work
dir: runs finished here are reused by the full table, and the other way
round. Nothing is downloaded.
"""
import os.path as osp
import sys

# This checkout's package, whatever `pip install -e` points at: the runs
# (children get the same root on PYTHONPATH) use the code next to the tool.
sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))
from mmkd_teach.benchmark.cli import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main(preset='quickstart', description=__doc__))
