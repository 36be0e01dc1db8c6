#!/usr/bin/env bash
# Everything a GPU machine needs to run for issue 16, in one call under 10 minutes, from the
# repository root: versions, the stand-in's assumptions and the device figures checked on the
# real device (bench/gpu_device_checks.py), the device tests (tests/test_gpu_device.py), the
# train_xor recipe over CuPy's draws (bench/gpu_xor_seeds.py --module cupy) and every GPU and
# timing check for solutions and slow variants (bench/gpu_suite.py). Tables go to $OUT (a
# temporary folder when unset); a summary is printed at the end. Each stage gets what is left of
# a 540 s budget (BUDGET_S), capped per stage, so the whole run ends before 10 minutes.
#
#   OUT=/path/to/out bash bench/gpu_first_run.sh
#   WHEELS=/path/to/wheels bash bench/gpu_first_run.sh    # installs cupy-cuda12x from local wheels first
#   FAKE_CUPY=1 bash bench/gpu_first_run.sh               # a dry run through the tests' CuPy stand-in
set -u
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d)}
PY=${PYTHON:-python}
BUDGET_S=${BUDGET_S:-540}
START=$(date +%s)
mkdir -p "$OUT"
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"

# the timing table: the device tests already run every GPU twin of every solution, so the suite
# times a representative set (one-kernel activations with their slow variants, the updates,
# batch norm, convolution, pooling), each row printed as it is measured
SUITE_ARGS=${SUITE_ARGS:---functions sigmoid,relu,tanh_grad,sgd_update,adam_update,batchnorm_forward,conv2d,maxpool2d}
XOR_SEEDS=${XOR_SEEDS:-2000}
if [ "${FAKE_CUPY:-0}" = 1 ]; then
    export PYTHONPATH="$PWD/tests/fake_cupy${PYTHONPATH:+:$PYTHONPATH}" DLGRADE_CHILD_PATH="$PWD/tests/fake_cupy"
    SUITE_ARGS="--size 65536 --functions relu,adam_update"
    XOR_SEEDS=100
    echo "DRY RUN through the CuPy stand-in: the figures mean nothing" | tee -a "$SUMMARY"
fi

left() { echo $(( BUDGET_S - ($(date +%s) - START) )); }

stage() {  # stage NAME CAP_S FILE COMMAND...: run with the smaller of its cap and what is left
    local name=$1 cap=$2 file=$3
    shift 3
    local limit
    limit=$(left)
    [ "$limit" -gt "$cap" ] && limit=$cap
    if [ "$limit" -lt 10 ]; then
        echo "$name: not run (time budget spent)" | tee -a "$SUMMARY"
        return
    fi
    local t0=$(date +%s)
    timeout --kill-after=5 "$limit" "$@" > "$OUT/$file" 2>&1
    local rc=$?
    echo "$name: exit $rc in $(( $(date +%s) - t0 )) s (limit $limit s) -> $file" | tee -a "$SUMMARY"
}

if ! $PY -c "import dlgrade" > /dev/null 2>&1; then  # a bare checkout: install it (no network needed)
    stage "install dlgrade (editable, no dependencies)" 120 install_dlgrade.txt \
        $PY -m pip install --no-deps --no-build-isolation -e .
fi
if [ -n "${WHEELS:-}" ]; then
    stage "install CuPy from $WHEELS" 120 install.txt \
        $PY -m pip install --no-index --find-links "$WHEELS" "cupy-cuda12x>=14"
fi

{
    date -u
    nvidia-smi 2>&1 || echo "nvidia-smi: not found"
    $PY --version
    $PY - <<'PY'
import numpy
print("numpy", numpy.__version__)
try:
    import cupy
    print("cupy", cupy.__version__, "from", cupy.__file__)
    print("CUDA runtime", cupy.cuda.runtime.runtimeGetVersion(), "driver", cupy.cuda.runtime.driverGetVersion())
    print("device", cupy.cuda.runtime.getDeviceProperties(0)["name"])
except Exception as e:
    print("cupy:", type(e).__name__, e)
PY
    command -v bwrap && bwrap --version
} > "$OUT/versions.txt" 2>&1
echo "versions -> versions.txt" | tee -a "$SUMMARY"

stage "device checks" 150 device_checks.txt $PY bench/gpu_device_checks.py --out "$OUT/device_checks.tsv"
stage "tests/test_gpu_device.py" 200 test_gpu_device.txt \
    $PY -m pytest -q -p no:cacheprovider tests/test_gpu_device.py --junitxml="$OUT/test_gpu_device.xml"
stage "train_xor over CuPy draws" 60 xor_cupy.txt \
    $PY bench/gpu_xor_seeds.py --module cupy --seeds "$XOR_SEEDS" --variants 4:0,4:2,8:0,8:2
# shellcheck disable=SC2086
stage "bench/gpu_suite.py" 300 gpu_suite.txt $PY bench/gpu_suite.py $SUITE_ARGS

echo "total $(( $(date +%s) - START )) s; tables in $OUT" | tee -a "$SUMMARY"
grep -h "^NO " "$OUT/device_checks.txt" 2>/dev/null | sed 's/^/device check not as expected: /' | tee -a "$SUMMARY"
tail -n 3 "$OUT/test_gpu_device.txt" 2>/dev/null | tee -a "$SUMMARY"
exit 0
