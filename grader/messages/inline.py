"""Messages of the notebook API: `dlgrade.check`, `dlgrade.hint`, `dlgrade.quiz` in a Jupyter kernel."""
from dlgrade.text import T

MESSAGES = {
    "inline.not_defined": T("{function} is not defined in this notebook yet: write it in a code cell and run "
                            "that cell (Shift+Enter), then check again",
                            "{function}이(가) 이 노트북에 아직 정의되지 않았습니다: 코드 셀에 작성하고 그 셀을 "
                            "실행(Shift+Enter)한 뒤 다시 검사하세요"),
    "inline.cell_syntax": T("cell [{cell}], which defines {function}, has a syntax error at line {line} ({detail}): "
                            "fix it and run the cell again (until then the kernel keeps the old {function})",
                            "{function}을(를) 정의하는 [{cell}]번 셀의 {line}번째 줄에 문법 오류가 "
                            "있습니다 ({detail}): 고친 뒤 셀을 다시 실행하세요 (그 전까지 커널에는 예전 "
                            "{function}이(가) 남아 있습니다)"),
    "inline.not_a_function": T("{function} is defined, but as a {kind}, not as a function: write it with "
                               "`def {function}(...):` in a code cell",
                               "{function}이(가) 함수가 아니라 {kind}(으)로 정의되어 있습니다: 코드 셀에 "
                               "`def {function}(...):`로 작성하세요"),
    "inline.not_in_notebook": T("{function} comes from {module}, not from a cell of this notebook: write your own "
                                "{function} in a code cell",
                                "{function}이(가) 이 노트북의 셀이 아니라 {module}에서 왔습니다: 코드 셀에 직접 "
                                "{function}을(를) 작성하세요"),
    "inline.no_source": T("the source code of {function} could not be found: write it with `def {function}(...):` in "
                          "a code cell and run that cell",
                          "{function}의 소스 코드를 찾을 수 없습니다: 코드 셀에 `def "
                          "{function}(...):`로 작성하고 그 셀을 실행하세요"),
    "inline.no_source_used": T("the source code of {name} (used by {function}) could not be found: define {name} with "
                               "`def` or `class` in a code cell and run it",
                               "{function}이(가) 쓰는 {name}의 소스 코드를 찾을 수 없습니다: 코드 셀에 "
                               "`def`나 `class`로 {name}을(를) 정의하고 실행하세요"),
    "inline.undefined_name": T("{function} uses the name `{name}`, which is not defined in this notebook: run the "
                               "cell that defines it, or fix the name",
                               "{function}이(가) 이 노트북에 정의되지 않은 이름 `{name}`을(를) 씁니다: 그것을 정의하는 "
                               "셀을 실행하거나 이름을 고치세요"),
    "inline.other_cell_value": T("{function} uses `{name}` ({kind}) made in another cell. Your functions are checked "
                                 "in a separate, fresh process that gets only your functions, imports and plain "
                                 "constants (numbers, text): create `{name}` inside {function}, or pass it as an "
                                 "argument",
                                 "{function}이(가) 다른 셀에서 만든 `{name}`({kind})을(를) 씁니다. 함수는 별도의 새 "
                                 "프로세스에서 검사되며, 그 프로세스는 함수, import, 단순 상수(숫자, 문자열)만 "
                                 "받습니다: `{name}`을(를) {function} 안에서 만들거나 인자로 넘기세요"),
    "inline.local_module": T("{function} uses `{name}` from the module {module}, which the check cannot import "
                             "(only installed packages): copy what {function} needs into a code cell",
                             "{function}이(가) 모듈 {module}의 `{name}`을(를) 쓰는데, 검사에서는 이 모듈을 불러올 수 "
                             "없습니다 (설치된 패키지만 가능): 필요한 코드를 코드 셀에 옮기세요"),
    "inline.graded_cells": T("Graded the definitions the kernel has now (cells {cells}), saved or not.",
                             "커널에 지금 있는 정의를 채점했습니다 ({cells}번 셀, 저장 여부와 무관)."),
    "inline.rlimit_only": T("Note: bubblewrap is not available here, so your code runs in a separate process with "
                            "memory and time limits only (no file or network isolation). This is said once.",
                            "참고: 이곳에는 bubblewrap이 없어 코드가 메모리와 시간 제한만 있는 별도 프로세스에서 "
                            "실행됩니다 (파일, 네트워크 격리 없음). 이 안내는 한 번만 표시됩니다."),
    "inline.your_cells": T("your notebook's functions", "노트북의 함수"),
    "inline.bad_level": T("level must be 1 to {levels}", "level은 1부터 {levels}까지입니다"),
    "inline.columns": T("status|check|points|message", "상태|검사|점수|메시지"),
    "inline.passed_rows": T("{count} passed check(s)", "통과한 검사 {count}개"),
    "inline.hint_more": T('More help: dlgrade.hint("{exercise}", "{function}")',
                          '도움말: dlgrade.hint("{exercise}", "{function}")'),
    "inline.no_function": T("no function to check", "검사할 함수가 없습니다"),
    "inline.bad_lang": T("lang must be \"en\" or \"ko\", not {given}",
                         "lang은 \"en\" 또는 \"ko\"여야 합니다 ({given} 아님)"),
    "inline.quiz_submit": T("Check my answers", "답 확인"),
    "inline.quiz_placeholder": T("your answer", "답"),
    "inline.quiz_feedback": T("{verdict}: {explain}"),
}
