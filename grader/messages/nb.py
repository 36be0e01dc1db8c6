"""Messages of the nbgrader bridge (`dlgrade nbgrader ...` and the notebooks' autograder cells)."""
from dlgrade.text import T

MESSAGES = {
    # in a notebook's autograder cell (stock nbgrader shows the AssertionError)
    "nb.check_failed": T("dlgrade check {check} ({points:g} points): {status}: {message}",
                         "dlgrade 검사 {check} ({points:g}점): {status}: {message}"),
    "nb.hint": T("hint: {hint}", "힌트: {hint}"),
    # notebook text
    "nb.tests_heading": T("Autograder cells below are read-only; run them to check `{function}`.",
                          "아래 자동 채점 셀은 읽기 전용입니다. 실행해서 `{function}`을(를) 확인하세요."),
    # feedback written into nbgrader's gradebook (a comment on each function's solution cell)
    "nb.feedback_check": T("{check}: {score:g}/{points:g} {status}: {message}"),
    "nb.feedback_passed": T("all checks passed ({score:g}/{points:g})", "모든 검사 통과 ({score:g}/{points:g})"),
    "nb.feedback_problem": T("notebook: {message}", "노트북: {message}"),
    "nb.no_notebook": T("no {file} was submitted", "{file}이(가) 제출되지 않았습니다"),
    # the command line
    "nb.student_line": T("{student}: {score:g}/{max:g}"),
    "nb.summary": T("{count} submission(s) of {assignment} graded in {seconds:.1f} s; scores written to {db}",
                    "{assignment} 제출물 {count}개를 {seconds:.1f}초에 채점했습니다. 점수를 {db}에 기록했습니다"),
    "nb.no_submissions": T("no submissions of {assignment} in {path} (expected submitted/<student>/{assignment}/)",
                           "{path}에 {assignment} 제출물이 없습니다 "
                           "(submitted/<student>/{assignment}/ 형식이어야 합니다)"),
    "nb.not_generated": T("nbgrader's gradebook has no assignment {assignment}: run `nbgrader generate_assignment "
                          "{assignment}` in {course} first",
                          "nbgrader 성적부에 과제 {assignment}이(가) 없습니다. 먼저 {course}에서 `nbgrader "
                          "generate_assignment {assignment}`을(를) 실행하세요"),
    "nb.stale": T("nbgrader's gradebook has no autograder cell {grade_id} in {assignment}: the course was built by "
                  "another dlgrade version; run `dlgrade nbgrader build` and `nbgrader generate_assignment "
                  "{assignment} --force` again",
                  "nbgrader 성적부의 {assignment}에 자동 채점 셀 {grade_id}이(가) 없습니다. 다른 dlgrade 버전으로 만든 "
                  "과정입니다. `dlgrade nbgrader build`와 `nbgrader generate_assignment {assignment} --force`를 "
                  "다시 실행하세요"),
    "nb.needs_nbgrader": T("nbgrader is not installed: pip install 'dlgrade[notebooks]'",
                           "nbgrader가 설치되어 있지 않습니다: pip install 'dlgrade[notebooks]'"),
    "nb.not_graded": T("your notebook could not be graded because of a problem in the grader; your instructor has "
                       "the details", "채점기 문제로 노트북을 채점하지 못했습니다. 자세한 내용은 강사에게 있습니다"),
    "nb.hidden_details": T("a hidden check: its details are not shown", "숨겨진 검사: 자세한 내용은 표시하지 않습니다"),
    "nb.hidden_failed": T("dlgrade hidden check {check} ({points:g} points): {status} (details of hidden checks are "
                          "not shown)", "dlgrade 숨겨진 검사 {check} ({points:g}점): {status} (숨겨진 검사의 자세한 "
                          "내용은 표시하지 않습니다)"),
    "nb.student_failed": T("{student}: not graded, recorded with 0 points ({detail})",
                           "{student}: 채점하지 못해 0점으로 기록했습니다 ({detail})"),
}
