"""Run the three Generous Teacher stages in order, resuming where it stopped.

    python tools/generous_teacher_pipeline.py STAGE1.py STAGE2.py STAGE3.py \
        [--work-dir work_dirs/gt] [--stage1-ckpt standard_teacher.pth] \
        [--cfg-options k=v ...]

1. the standard teacher (STAGE1 config trained as usual; skipped with
   ``--stage1-ckpt``, e.g. an upstream model-zoo checkpoint);
2. the generous teacher (STAGE2, a Distiller whose teacher is stage 1's
   checkpoint); its student-only export ``student_final.pth`` is a plain
   upstream checkpoint;
3. the student (STAGE3, a Distiller whose teacher is stage 2's export).

Each stage runs ``tools/train.py`` in its own process, in
``WORK_DIR/stage{1,2,3}``. A finished stage is recorded in
``WORK_DIR/pipeline.json`` and skipped when the command runs again; an
interrupted stage resumes from its last checkpoint. ``--cfg-options`` apply
to every stage (e.g. data roots).
"""
import argparse
import json
import os
import os.path as osp
import subprocess
import sys

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))


def final_checkpoint(work_dir):
    """The checkpoint that mmengine's ``last_checkpoint`` file points to."""
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def train(config, work_dir, options, extra=()):
    cmd = [sys.executable, osp.join(REPO, 'tools', 'train.py'), config,
           '--work-dir', work_dir]
    if osp.exists(osp.join(work_dir, 'last_checkpoint')):
        cmd.append('--resume')  # an interrupted stage goes on
    options = list(options) + list(extra)
    if options:
        cmd += ['--cfg-options'] + options
    print('+', ' '.join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('stage1')
    parser.add_argument('stage2')
    parser.add_argument('stage3')
    parser.add_argument('--work-dir', default='work_dirs/generous_teacher')
    parser.add_argument(
        '--stage1-ckpt', help='use this standard teacher; skip stage 1')
    parser.add_argument('--cfg-options', nargs='+', default=[])
    args = parser.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    state_file = osp.join(args.work_dir, 'pipeline.json')
    state = {}
    if osp.exists(state_file):
        with open(state_file) as f:
            state = json.load(f)

    def done(stage, checkpoint):
        state[stage] = checkpoint
        with open(state_file, 'w') as f:
            json.dump(state, f, indent=1)
        print(f'{stage} done: {checkpoint}', flush=True)

    if 'stage1' not in state:
        if args.stage1_ckpt:
            done('stage1', args.stage1_ckpt)
        else:
            work_dir = osp.join(args.work_dir, 'stage1')
            train(args.stage1, work_dir, args.cfg_options)
            done('stage1', final_checkpoint(work_dir))
    if 'stage2' not in state:
        work_dir = osp.join(args.work_dir, 'stage2')
        train(args.stage2, work_dir, args.cfg_options,
              [f"model.teacher_ckpt={state['stage1']}"])
        done('stage2', osp.join(work_dir, 'student_final.pth'))
    if 'stage3' not in state:
        work_dir = osp.join(args.work_dir, 'stage3')
        train(args.stage3, work_dir, args.cfg_options,
              [f"model.teacher_ckpt={state['stage2']}"])
        done('stage3', osp.join(work_dir, 'student_final.pth'))
    print(json.dumps(state, indent=1))


if __name__ == '__main__':
    main()
