"""Messages of the GPU checks (`--gpu`) and the timing checks (`--timing`)."""
from dlgrade.text import T

MESSAGES = {
    # why a GPU check did not run (never a failure)
    "gpu.skipped": T("skipped: {reason}", "건너뜀: {reason}"),
    "gpu.no_cupy": T("CuPy is not installed (pip install 'dlgrade[gpu]')",
                     "CuPy가 설치되어 있지 않습니다 (pip install 'dlgrade[gpu]')"),
    "gpu.no_device": T("no usable GPU ({detail})", "사용할 수 있는 GPU가 없습니다 ({detail})"),
    "gpu.batch_without_gpu": T("--gpu grades on the GPU, and this machine has none that works: {reason}. Run it on "
                               "a GPU machine, or grade without --gpu",
                               "--gpu는 GPU에서 채점하는데, 이 컴퓨터에는 쓸 수 있는 GPU가 없습니다: "
                               "{reason}. GPU가 있는 컴퓨터에서 실행하거나 --gpu 없이 채점하세요"),
    # what a GPU check found
    "gpu.host_copy": T("{where} came back as a NumPy array from CuPy inputs (a silent copy to the host): keep the "
                       "inputs' array module (xp = array_module(x)) and never call .get(), cupy.asnumpy or "
                       "np.asarray on them",
                       "{where}: CuPy 입력에 대해 NumPy 배열이 돌아왔습니다 (호스트로 몰래 복사됨): 입력의 배열 모듈을 "
                       "유지하고 (xp = array_module(x)) .get(), cupy.asnumpy, np.asarray를 쓰지 마세요"),
    "gpu.dtype": T("{where} is {got} for {expected} CuPy inputs: keep the inputs' dtype on the GPU too",
                   "{where}: {expected} CuPy 입력에 대해 {got}입니다: GPU에서도 입력의 dtype을 유지하세요"),
    # timing
    "timing.report": T("{ms} ms, x{ratio} the reference's {ref_ms} ms (limit x{factor}, spread x{lo}-x{hi}); "
                       "{gbps} GB/s = {percent}% of this {device}'s copy bandwidth{fused}",
                       "{ms} ms, 기준 {ref_ms} ms의 x{ratio} (한도 x{factor}, 편차 x{lo}-x{hi}); "
                       "{gbps} GB/s = 이 {device} 복사 대역폭의 {percent}%{fused}"),
    "timing.slow": T("too slow: {ms} ms, x{ratio} the reference's {ref_ms} ms (limit x{factor}); {gbps} GB/s = "
                     "{percent}% of this {device}'s copy bandwidth{fused}. Avoid Python loops, copies to the host "
                     "and needless temporaries",
                     "너무 느립니다: {ms} ms, 기준 {ref_ms} ms의 x{ratio} (한도 x{factor}); {gbps} GB/s = 이 {device} "
                     "복사 대역폭의 {percent}%{fused}. 파이썬 반복문, 호스트로의 복사, 불필요한 임시 배열을 피하세요"),
    "timing.fused": T("; one fused kernel: {ms} ms = {percent}% (yours is x{ratio} of it)",
                      "; 융합 커널 하나: {ms} ms = {percent}% (여러분의 코드는 그 x{ratio})"),
    "timing.fused_report": T("{ms} ms, x{fused_ratio} the one-kernel baseline's {fused_ms} ms (limit x{fused_factor}): "
                             "{percent}% of this {device}'s copy bandwidth, the baseline {fused_percent}%",
                             "{ms} ms, 커널 하나짜리 기준 {fused_ms} ms의 x{fused_ratio} (한도 x{fused_factor}): "
                             "이 {device} 복사 대역폭의 {percent}%, 기준은 {fused_percent}%"),
    "timing.fused_slow": T("not one kernel's speed: {ms} ms, x{fused_ratio} the one-kernel baseline's {fused_ms} ms "
                           "(limit x{fused_factor}); {percent}% of this {device}'s copy bandwidth, the baseline "
                           "{fused_percent}%. Each CuPy operation is a kernel that reads and writes whole arrays: "
                           "fuse the formula into one: a cupy.ElementwiseKernel, or a helper decorated with "
                           "cupy.fuse that your function calls with positional arguments only (a fused function "
                           "takes no keyword arguments, and the grader calls yours with keywords)",
                           "커널 하나의 속도가 아닙니다: {ms} ms, 커널 하나짜리 기준 {fused_ms} ms의 x{fused_ratio} "
                           "(한도 x{fused_factor}); 이 {device} 복사 대역폭의 {percent}%, 기준은 {fused_percent}%. "
                           "CuPy 연산 하나하나가 배열 전체를 읽고 쓰는 커널입니다: 식을 커널 하나로 합치세요 "
                           "(cupy.ElementwiseKernel, 또는 cupy.fuse를 붙인 보조 함수를 여러분의 "
                           "함수 안에서 위치 인자로만 호출: 융합된 함수는 키워드 인자를 받지 않고, 채점기는 여러분의 "
                           "함수를 키워드로 호출합니다)"),
    "timing.other_result": T("on the timed inputs your function's result differs from the reference's ({detail}): "
                             "only a function that computes the right thing on the inputs it is given is timed",
                             "시간을 잰 입력에서 여러분의 함수 결과가 기준과 다릅니다 "
                             "({detail}): 주어진 입력에서 올바른 값을 계산하는 함수만 시간을 잽니다"),
    "timing.inconsistent": T("the timings reported by your process are not plausible ({detail}): do not touch the "
                             "clock or the grader from your code",
                             "여러분의 프로세스가 보고한 시간이 타당하지 않습니다 ({detail}): 코드에서 시계나 채점기를 "
                             "건드리지 마세요"),
}
