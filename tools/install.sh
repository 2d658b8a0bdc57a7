#!/usr/bin/env bash
# Install mmkd_teach with the pinned OpenMMLab stack into the current Python,
# skipping what is already there. Usage: bash tools/install.sh [--tests]
#
# mmcv 2.1.0 needs compiled ops. A directory of wheels in PIP_FIND_LINKS is
# used when it holds a fitting mmcv (CI passes ../shared/wheelhouse); else
# mmcv is built from the PyPI source once (about 20 min on 2 cores with the
# flags below) and the wheel is cached under $MMKD_WHEEL_CACHE, keyed on the
# torch version. For CUDA ops build on a machine with the CUDA toolkit and
# FORCE_CUDA=1 (docs/get_started.md).
#
# Every pip call takes requirements/constraints.txt: the exact versions of
# the tested stack and all its dependencies (regenerate it with
# tools/misc/freeze_constraints.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
PIP="$PY -m pip install --disable-pip-version-check -c requirements/constraints.txt"

$PIP -r requirements/build.txt
$PIP -r requirements/torch.txt
if ! $PY -c 'import torchvision' 2>/dev/null; then
    echo 'torchvision does not import with this torch: reinstalling the PyPI build'
    $PIP --force-reinstall --no-deps -r requirements/torch.txt
fi

if ! $PY -c 'import mmcv, mmcv.ops' 2>/dev/null; then
    TORCH=$($PY -c 'import torch; print(torch.__version__.replace("+", "_"))')
    CACHE=${MMKD_WHEEL_CACHE:-$HOME/.cache/mmkd_teach/wheels}/torch-$TORCH
    mkdir -p "$CACHE"
    LINKS=(--find-links "$CACHE")
    for dir in ${PIP_FIND_LINKS:-}; do  # pip's own format: space-separated
        LINKS+=(--find-links "$dir")
    done
    # --no-deps: its dependencies come from the index in the next step
    if ! $PIP --no-build-isolation --no-index --no-deps "${LINKS[@]}" \
            mmcv==2.1.0; then
        echo "no mmcv 2.1.0 wheel found: building it from source into $CACHE"
        CFLAGS="${CFLAGS:--O2 -DNDEBUG -fwrapv}" MMCV_WITH_OPS=1 \
            MAX_JOBS=${MAX_JOBS:-$(nproc)} \
            $PY -m pip wheel -c requirements/constraints.txt \
            --no-build-isolation --no-deps -w "$CACHE" mmcv==2.1.0
        $PIP --no-build-isolation --no-index --no-deps --find-links "$CACHE" \
            mmcv==2.1.0
    fi
fi

$PIP -r requirements/mminstall.txt -r requirements/runtime.txt \
    -r requirements/build.txt -r requirements/torch.txt
if [ "${1:-}" = "--tests" ]; then
    $PIP -r requirements/tests.txt
fi
$PIP --no-build-isolation --no-deps -e .
$PY -c 'import mmkd_teach, mmcv.ops, mmdet, mmseg, mmpretrain, torchvision; print("mmkd_teach", mmkd_teach.__version__, "ready")'
