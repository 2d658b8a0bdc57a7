#!/usr/bin/env bash
# Regenerate requirements/constraints.txt: the exact versions of the tested
# stack, from `pip freeze` of the current environment, keeping only what
# tools/install.sh installs (requirements/{build,torch,mminstall,runtime,
# tests}.txt) and everything those packages depend on, on this platform.
# Unrelated installed packages, pip itself and mmkd_teach (editable) are
# left out; a wheel path (mmcv's local wheel) becomes a plain `name==version`.
#
#   bash tools/misc/freeze_constraints.sh [OUT]   # default: requirements/constraints.txt
#
# Then check: python3 -m pip install --dry-run -c requirements/constraints.txt \
#     -r requirements/runtime.txt     (nothing to install)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PYTHON:-python3}
OUT=${1:-requirements/constraints.txt}
$PY -m pip freeze --all --disable-pip-version-check > "$OUT.freeze"
$PY - "$OUT.freeze" "$OUT" <<'PYEOF'
import re
import sys
from importlib import metadata

try:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name
except ImportError:  # pip's own copy
    from pip._vendor.packaging.requirements import Requirement
    from pip._vendor.packaging.utils import canonicalize_name

FILES = ['build', 'torch', 'mminstall', 'runtime', 'tests']
roots = []
for name in FILES:
    with open(f'requirements/{name}.txt') as f:
        for line in f:
            line = line.split('#')[0].strip()
            if line and not line.startswith('-'):
                roots.append(Requirement(line))

# Every distribution the roots need (with the extras they ask for), with
# environment markers evaluated for this interpreter and platform.
needed = {}
stack = [(r.name, frozenset(r.extras)) for r in roots]
while stack:
    name, extras = stack.pop()
    key = canonicalize_name(name)
    done = needed.setdefault(key, set())
    new = ({''} | set(extras)) - done
    if not new:
        continue
    done |= new
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        sys.exit(f'{name} is needed but not installed: run tools/install.sh')
    for text in dist.requires or []:
        req = Requirement(text)
        if any(req.marker is None or req.marker.evaluate({'extra': extra})
               for extra in new):
            stack.append((req.name, frozenset(req.extras)))
needed.pop('mmkd-teach', None)

lines = []
with open(sys.argv[1]) as f:
    for line in f:
        line = line.strip()
        if not line or line.startswith(('#', '-e')):
            continue
        name = re.split(r'[=@ ]', line, 1)[0]
        key = canonicalize_name(name)
        if key not in needed:
            continue
        if '==' not in line:  # `name @ file:///...wheel`: pin the version
            line = f'{name}=={metadata.version(name)}'
        lines.append(line)
missing = set(needed) - {canonicalize_name(re.split('==', l)[0])
                         for l in lines}
if missing:
    sys.exit(f'not in pip freeze: {sorted(missing)}')
with open(sys.argv[2], 'w') as f:
    f.write('# Every package of the tested stack, pinned: what tools/install.sh '
            'installs\n# and all their dependencies (Python '
            f'{sys.version.split()[0]}, {sys.platform}). Regenerate with\n'
            '# `bash tools/misc/freeze_constraints.sh` after changing '
            'requirements/*.txt.\n')
    f.write('\n'.join(sorted(lines, key=str.lower)) + '\n')
print(f'{len(lines)} pins written to {sys.argv[2]}')
PYEOF
rm -f "$OUT.freeze"
