"""Messages of the general diagnosis (dlgrade.pipeline.diagnose): what the student's output is, relative to
the expected one, with the numbers, and a hint at the line of thought (never the answer)."""
from dlgrade.text import T

MESSAGES = {
    "diag.all_nan": T("{where} is NaN/inf everywhere: look for a division by zero, a log of a number "
                      "<= 0 or an overflow before the result is formed",
                      "{where}이(가) 모두 NaN/inf입니다. 0으로 나누기, 0 이하의 log, 결과를 만들기 전의 "
                      "오버플로를 찾아보세요"),
    "diag.identity": T("{where} is argument #{arg} returned unchanged: the computation never reaches "
                       "the return value, or changes nothing (an empty slice or range, a step of 0)",
                       "{where}이(가) 인자 #{arg}을(를) 그대로 돌려준 값입니다. 계산 결과가 반환값에 "
                       "반영되지 않거나, 아무것도 바꾸지 않습니다 (빈 슬라이스나 범위, 0인 변화량)"),
    "diag.zeros": T("{where} is all zeros: the result is not returned (a placeholder left in, an "
                    "array created but never filled), or terms cancel, or a loop never runs",
                    "{where}이(가) 모두 0입니다. 결과가 반환되지 않거나 (남겨 둔 자리표시 값, "
                    "만들고 채우지 않은 배열), 항들이 서로 지워지거나, 반복문이 한 번도 돌지 않습니다"),
    "diag.negated": T("{where} has the right size but the opposite sign everywhere: a sign slip "
                      "(a - b where b - a belongs, or a minus in a derivative)",
                      "{where}의 크기는 맞지만 부호가 모두 반대입니다. 부호 실수 (b - a 자리에 a - b, "
                      "또는 도함수의 마이너스)"),
    "diag.transposed": T("{where} has shape {got} where {expected} is expected, and holds the transposed "
                         "values: check which side of the product each factor belongs on (or a .T)",
                         "{where}의 shape가 {got}인데 {expected}여야 하고, 값은 전치된 것입니다. 곱에서 각 "
                         "인수의 위치(또는 .T)를 확인하세요"),
    "diag.keepdims": T("{where} holds the right values in shape {got} instead of {expected}: an extra or "
                       "missing axis (keepdims, reshape)",
                       "{where}의 값은 맞지만 shape가 {expected}가 아니라 {got}입니다. 축이 하나 더 있거나 "
                       "빠졌습니다 (keepdims, reshape)"),
    "diag.broadcast": T("{where} has shape {got}, larger than the expected {expected}: two arrays were "
                        "broadcast against each other (e.g. (N,) with (N, 1)); check the shapes before "
                        "combining them",
                        "{where}의 shape가 {got}로, 기대한 {expected}보다 큽니다. 두 배열이 서로 브로드캐스트"
                        "되었습니다 (예: (N,)과 (N, 1)). 합치기 전에 shape를 확인하세요"),
    "diag.reduced": T("{where} has shape {got} where {expected} is expected: an axis is reduced away (a sum "
                      "or mean over the wrong axis, or over all of them), or the array input is left out of the result",
                      "{where}의 shape가 {got}인데 {expected}여야 합니다. 축 하나가 줄어 없어졌거나 (잘못된 축 또는 "
                      "전체에 대한 합이나 평균), 배열 입력이 결과에서 빠졌습니다"),
    "diag.factor": T("{where} is exactly {factor} times the expected values ({what}): a mean where a sum "
                     "belongs or the other way round, or a constant factor dropped or added",
                     "{where}이(가) 기대값의 정확히 {factor}배입니다 ({what}). 합 대신 평균(또는 반대), "
                     "또는 상수 인수를 빠뜨렸거나 더했습니다"),
    "diag.factor_neg": T("{where} is exactly {factor} times the expected values ({what}, with the sign "
                         "flipped): a sign slip together with a mean/sum or constant-factor slip",
                         "{where}이(가) 기대값의 정확히 {factor}배입니다 ({what}, 부호 반대). 부호 실수와 "
                         "평균/합 또는 상수 인수 실수가 함께 있습니다"),
    "diag.factor_other": T("{where} is the expected values times {factor} everywhere: the formula is right "
                           "up to a constant factor; look for a constant you added or dropped",
                           "{where}이(가) 모든 곳에서 기대값의 {factor}배입니다. 식은 상수 인수만 빼고 맞습니다. "
                           "더하거나 빠뜨린 상수를 찾아보세요"),
    "diag.one_over": T("1 / ({what})"),
    "diag.missing_factor": T("{where} times {factor} (argument #k is the function's k-th input) gives the "
                             "expected values, element by element: that factor of a product is missing (the inner "
                             "derivative of the chain rule?)",
                             "{where}에 {factor}을(를) 곱하면 (인자 #k는 함수의 k번째 입력) 원소마다 기대값이 됩니다. "
                             "곱의 그 인수가 빠졌습니다 (연쇄 법칙의 안쪽 도함수?)"),
    "diag.extra_factor": T("{where} divided by {factor} (argument #k is the function's k-th input) gives the "
                           "expected values, element by element: that factor is one too many",
                           "{where}을(를) {factor}(으)로 나누면 (인자 #k는 함수의 k번째 입력) 원소마다 기대값이 "
                           "됩니다. 그 인수가 하나 더 곱해졌습니다"),
    "diag.offset": T("{where} is the expected values plus the constant {offset} everywhere: a constant term added "
                     "or dropped (a 1 - ... or a + 1?)",
                     "{where}이(가) 모든 곳에서 기대값에 상수 {offset}을(를) 더한 값입니다. 상수 항을 더했거나 "
                     "빠뜨렸습니다 (1 - ... 또는 + 1?)"),
    "diag.offset_negated": T("{where} is {offset} minus the expected values everywhere: the sign of everything but "
                             "a constant term is flipped (1 + ... where 1 - ... belongs?)",
                             "{where}이(가) 모든 곳에서 {offset}에서 기대값을 뺀 값입니다. 상수 항을 뺀 나머지의 "
                             "부호가 반대입니다 (1 - ... 자리에 1 + ...?)"),
    "diag.region_neg": T("{where} is wrong at exactly the {count} of {size} positions where argument #{arg} "
                         "is negative: the branch for negative inputs",
                         "{where}이(가) 인자 #{arg}이(가) 음수인 위치 {size}개 중 {count}개에서만 틀립니다. "
                         "음수 입력 쪽 분기를 확인하세요"),
    "diag.region_pos": T("{where} is wrong at exactly the {count} of {size} positions where argument #{arg} "
                         "is positive: the branch for positive inputs",
                         "{where}이(가) 인자 #{arg}이(가) 양수인 위치 {size}개 중 {count}개에서만 틀립니다. "
                         "양수 입력 쪽 분기를 확인하세요"),
    "diag.region_zero": T("{where} is wrong only where argument #{arg} is exactly 0 ({count} of {size}): "
                          "the value the contract gives at 0",
                          "{where}이(가) 인자 #{arg}이(가) 정확히 0인 곳에서만 틀립니다 ({size}개 중 {count}개). "
                          "0에서 계약이 정한 값을 확인하세요"),
    "diag.edge_last": T("{where} is wrong only in the last slice along axis {axis} ({count} of {size} values): a "
                        "loop bound or a range that stops one short (range(n - 1), [:-1]) or a border left out",
                        "{where}이(가) 축 {axis}의 마지막 조각에서만 틀립니다 ({size}개 중 "
                        "{count}개). 하나 일찍 멈추는 반복 범위 (range(n - 1), [:-1])나 빠뜨린 가장자리를 확인하세요"),
    "diag.edge_first": T("{where} is wrong only in the first slice along axis {axis} ({count} of {size} values): "
                         "a loop or a range that starts at 1 instead of 0, or a first step handled apart",
                         "{where}이(가) 축 {axis}의 첫 조각에서만 틀립니다 ({size}개 중 {count}개). 0이 아니라 1에서 "
                         "시작하는 반복 범위나 따로 처리한 첫 단계를 확인하세요"),
    "diag.part": T("{where} is wrong while {right} match: the mistake is in the step that forms {where} "
                   "only (the values it is built from are right)",
                   "{right}은(는) 맞고 {where}만 틀립니다. 실수는 {where}을(를) 만드는 단계에만 있습니다 (그 재료 "
                   "값들은 맞습니다)"),
    "diag.delta": T("{where} is the change from argument #{arg}, not the new value: the result still has to be "
                    "added to (or taken from) argument #{arg} (an update without the weights, a residual block "
                    "without its identity path)",
                    "{where}은(는) 새 값이 아니라 인자 #{arg}로부터의 변화량입니다. 결과를 인자 #{arg}에 더하거나 "
                    "빼야 합니다 (가중치 없는 갱신, 항등 경로 없는 잔차 블록)"),
    "diag.added_twice": T("{where} is the expected values plus argument #{arg}: argument #{arg} is added once too "
                          "often",
                          "{where}이(가) 기대값에 인자 #{arg}을(를) 더한 값입니다. 인자 #{arg}을(를) 한 번 더 "
                          "더했습니다"),
    "diag.term": T("{where} differs from the expected values by exactly {coef} * ({term}) (#k is the function's "
                   "k-th input): one term of a sum is missing, extra, or has the wrong sign or coefficient",
                   "{where}이(가) 기대값과 정확히 {coef} * ({term})만큼 다릅니다 (#k는 함수의 k번째 입력). 합의 "
                   "한 항이 빠졌거나, 더해졌거나, 부호나 계수가 틀렸습니다"),
    "diag.truncated": T("{where} holds the right values but stops early: {n} entries along axis {axis} instead "
                        "of {m}; a loop bound or a range ends too soon",
                        "{where}의 값은 맞지만 일찍 멈춥니다: 축 {axis}의 원소가 {m}개가 아니라 {n}개입니다. 반복 "
                        "범위가 너무 일찍 끝납니다"),
    "diag.size": T("{where} has {n} entries along axis {axis} where {m} are expected: check how that size is "
                   "formed (a slice's start, stop and step, an output-size formula with padding and stride, the "
                   "loop bounds)",
                   "{where}의 축 {axis} 원소가 {m}개여야 하는데 {n}개입니다. 그 크기가 어떻게 정해지는지 확인하세요 "
                   "(슬라이스의 시작, 끝, 간격, 패딩과 보폭을 포함한 출력 크기 식, 반복 범위)"),
    "diag.not_tuple": T("the contract asks for {n} values returned together (return a, b, ...), in its order",
                        "계약은 값 {n}개를 (return a, b, ...) 정해진 순서로 함께 반환하라고 합니다"),
    "diag.negated_arg": T("{where} is what the right formula gives with {name} negated: a sign slip where {name} "
                          "enters the computation",
                          "{where}은(는) {name}의 부호를 바꿔 넣은 올바른 식의 값입니다. {name}이(가) 계산에 들어가는 "
                          "곳의 부호 실수입니다"),
    "diag.zero_arg": T("{where} is what the right formula gives with {name} = 0: {name} is left out of the "
                       "computation",
                       "{where}은(는) {name} = 0일 때 올바른 식의 값입니다. {name}이(가) 계산에서 빠졌습니다"),
    "diag.unstable": T("an intermediate value overflowed or divided 0 by 0 on these extreme inputs, while the "
                       "exact result is finite: rewrite the formula so that no step exceeds the float range "
                       "(subtract the max, use exp(-|x|), clip before a log)",
                       "이 극단적인 입력에서 정확한 결과는 유한한데 중간값이 오버플로되거나 0/0이 되었습니다. 어느 "
                       "단계도 부동소수점 범위를 넘지 않도록 식을 바꾸세요 (최댓값 빼기, exp(-|x|), log 전에 자르기)"),
    "diag.complement_arg": T("{where} is what the right formula gives with 1 - {name} in place of {name}: {name} "
                             "and 1 - {name} are swapped somewhere (the label 0 and 1 cases, p and 1 - p)",
                             "{where}은(는) {name} 대신 1 - {name}을(를) 넣은 올바른 식의 "
                             "값입니다. 어딘가에서 {name}와 1 - {name}이(가) 바뀌었습니다 (레이블 0과 "
                             "1의 경우, p와 1 - p)"),
    "diag.step_negated": T("the change from argument #{arg} to {where} has the right size but the opposite "
                           "direction: what is added to argument #{arg} has the wrong sign (an update "
                           "that goes uphill, a + where a - belongs, the error as y - d, a path subtracted "
                           "instead of added)",
                           "인자 #{arg}에서 {where}(으)로의 변화량은 크기는 맞지만 방향이 반대입니다. 인자 #{arg}에 "
                           "더해지는 것의 부호가 틀렸습니다 (오르막으로 가는 갱신, - 자리에 +, "
                           "오차를 y - d로, 더해야 할 경로를 뺌)"),
    "diag.step_factor": T("the change from argument #{arg} to {where} is exactly {factor} times the right change "
                          "({what}): that factor is applied once too often or not at all",
                          "인자 #{arg}에서 {where}(으)로의 변화량이 올바른 변화량의 정확히 "
                          "{factor}배입니다 ({what}). 그 인수를 한 번 더 곱했거나 빠뜨렸습니다"),
    "diag.step_scaled": T("the change from argument #{arg} to {where} points along the right direction but is "
                          "{factor} times the right change: one scalar that multiplies the whole step is wrong (the "
                          "rate, a derivative, an error term or a normalisation); work out each one by hand for "
                          "these inputs and compare",
                          "인자 #{arg}에서 {where}(으)로의 변화량은 방향은 맞지만 올바른 변화량의 "
                          "{factor}배입니다. 갱신 전체에 곱해지는 스칼라 하나가 틀렸습니다 (학습률, 도함수, 오차 항, "
                          "정규화). 이 입력에서 각각을 손으로 계산해 비교하세요"),
    "diag.step_missing_factor": T("the change from argument #{arg} to {where}, times {factor} (#k is the function's "
                                  "k-th input), gives the right change element by element: that factor of the step is "
                                  "missing",
                                  "인자 #{arg}에서 {where}(으)로의 변화량에 {factor}을(를) 곱하면 "
                                  "(#k는 함수의 k번째 입력) 원소마다 올바른 변화량이 됩니다. "
                                  "갱신량에서 그 인수가 빠졌습니다"),
    "diag.step_extra_factor": T("the change from argument #{arg} to {where}, divided by {factor} (#k is the function's "
                                "k-th input), gives the right change element by element: that factor of "
                                "the step is one too many",
                                "인자 #{arg}에서 {where}(으)로의 변화량을 {factor}(으)로 나누면 "
                                "(#k는 함수의 k번째 입력) 원소마다 올바른 변화량이 됩니다. 갱신량에 그 "
                                "인수가 하나 더 곱해졌습니다"),
    "diag.two_terms": T("{where} differs from the expected values by exactly {c1} * ({a}) {c2} * ({b}) (#k is "
                        "the function's k-th input): a term of the sum written as another one, or two terms off "
                        "(compare each term with its path or its part of the formula)",
                        "{where}이(가) 기대값과 정확히 {c1} * ({a}) {c2} * ({b})만큼 다릅니다 (#k는 함수의 k번째 "
                        "입력). 합의 한 항이 다른 항으로 쓰였거나 두 항이 틀렸습니다 (각 항을 그 경로나 식의 해당 "
                        "부분과 비교하세요)"),
    "diag.off_by_one": T("{where} is what the right formula gives with {name} = {alt} instead of {value}: "
                         "a step counted from 0, or a loop bound off by one",
                         "{where}은(는) {name} = {value} 대신 {alt}로 계산한 올바른 식의 값입니다. 0부터 센 "
                         "단계나 하나 어긋난 반복 범위를 확인하세요"),
    "diag.axis": T("{where} is what the right formula gives with {name} = {alt} instead of {value}: the "
                   "reduction runs over the wrong axis (or the argument is ignored)",
                   "{where}은(는) {name} = {value} 대신 {alt}로 계산한 값입니다. 잘못된 축으로 줄였거나 인자를 "
                   "무시했습니다"),
    "diag.ignored_arg": T("{where} is what the right formula gives with {name} = {alt}, not the {value} "
                          "passed in: the argument {name} is ignored or a value is hard-coded",
                          "{where}은(는) 전달된 {value}가 아니라 {name} = {alt}일 때의 값입니다. 인자 {name}을(를) "
                          "무시했거나 값을 코드에 고정했습니다"),
    "diag.sibling": T("{where} equals what {other} should return for the same inputs ({pair})",
                      "{where}이(가) 같은 입력에서 {other}이(가) 반환해야 할 값과 같습니다 ({pair})"),
    "diag.withheld": T("not counted yet: these points count once the values of {function} are right",
                       "아직 점수에 넣지 않습니다: {function}의 값이 맞아야 이 점수가 인정됩니다"),
    "diag.warning_advice": T("values right; advice: NumPy warned \"{warning}\" (a stable form avoids it; "
                             "no points lost)",
                             "값은 맞습니다. 조언: NumPy 경고 \"{warning}\" (안정적인 식은 이를 피합니다. 감점 없음)"),
}
