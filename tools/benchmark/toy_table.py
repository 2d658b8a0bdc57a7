"""The toy results table: every task x method x seed, trained and tested on
generated toy data, mean ± std over seeds, written as JSON, Markdown and a
PNG bar chart (in the work dir unless --out-dir).

    python tools/benchmark/toy_table.py                      # everything
    python tools/benchmark/toy_table.py --tasks cls --methods kd gt \
        --seeds 0 1 2 --jobs 2
    python tools/benchmark/toy_table.py --smoke              # 2 iters/run
    python tools/benchmark/toy_table.py --toy-data-options "--small"

Rows: teacher, student alone, KD, DKD, KD+KA, DTD, KA+DTD, Generous Teacher
stage 2 (the generous teacher) and stage 3 (the student it teaches); tasks:
cls, one_stage, two_stage, seg. Config names: toy_benchmark/suite.py.

Each run is ``tools/train.py --resume`` then ``tools/test.py --out
metrics.json`` in its own process with one thread, so the digits do not
depend on --jobs or the machine's core count. A run with a metrics.json is
reused; an interrupted command goes on where it stopped. Logs: train.log and
test.log in each run's folder.
"""
import os.path as osp
import sys

# This checkout's package, whatever `pip install -e` points at: the runs
# (children get the same root on PYTHONPATH) use the code next to the tool.
sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))
from toy_benchmark.cli import main  # noqa: E402

if __name__ == '__main__':
    sys.exit(main(preset='toy_table', description=__doc__))
