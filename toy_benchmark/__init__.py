"""The toy benchmark: every task x method x seed trained and tested in its
own process (``tools/train.py`` then ``tools/test.py``), in parallel where
dependencies allow, reproducibly (one thread per run), resumable, summarised
as JSON, Markdown and a bar chart.

``suite``: tasks, methods and their configs; ``runs``: the runs and their
train/test jobs; ``runner``: the dependency-aware parallel scheduler;
``progress``: status line and time left; ``estimate``: iteration counts from
the configs; ``data``: toy data generation; ``report``: the outputs;
``cli``: the command line (``tools/benchmark/toy_table.py``,
``tools/quickstart.py``).
"""
