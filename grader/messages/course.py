"""Messages of the course integrations: Gradescope, the class report, the pytest plugin."""
from dlgrade.text import T

MESSAGES = {
    # Gradescope
    "gs.hidden_output": T("{status} (hidden check: details are not shown)",
                          "{status} (숨겨진 검사: 자세한 내용은 표시하지 않습니다)"),
    "gs.exercise_line": T("{exercise} {title}: {score:g}/{max_score:g} ({status})",
                          "{exercise} {title}: {score:g}/{max_score:g} ({status})"),
    "gs.ex_graded": T("graded", "채점함"),
    "gs.ex_missing": T("file not submitted", "파일을 제출하지 않음"),
    "gs.ex_error": T("could not be graded", "채점하지 못함"),
    "gs.missing": T("not found in your submission: {file} or {notebook}",
                    "제출물에 없습니다: {file} 또는 {notebook}"),
    "gs.both": T("both {graded} and {ignored} were submitted: {graded} is graded, {ignored} is ignored",
                 "{graded}와(과) {ignored}을(를) 모두 제출했습니다: {graded}을(를) 채점하고 {ignored}은(는) 무시합니다"),
    "gs.built": T("wrote {out}: exercises {exercises}{hidden}, dlgrade {version} ({how}). Upload it as the "
                  "autograder of a Gradescope programming assignment.",
                  "{out}을(를) 만들었습니다: 연습 문제 {exercises}{hidden}, dlgrade {version} ({how}). Gradescope "
                  "프로그래밍 과제의 autograder로 올리세요."),
    "gs.with_hidden": T(" with hidden checks", ", 숨겨진 검사 포함"),
    "gs.wheel": T("wheel {wheel} inside", "{wheel} 휠 포함"),
    "gs.index": T("setup.sh installs it from the package index", "setup.sh가 패키지 색인에서 설치"),
    "gs.bad_config": T("cannot read the autograder's settings {path}: {detail}",
                       "autograder 설정 {path}을(를) 읽을 수 없습니다: {detail}"),
    "gs.broken": T("the autograder cannot grade in this container: the bundled solution of {exercise} does not get "
                   "full marks ({problems})",
                   "이 컨테이너에서는 채점할 수 없습니다: {exercise}의 모범 답안이 만점을 받지 못합니다 ({problems})"),
    "gs.written": T("{count} results.json written: {where}", "results.json {count}개를 저장했습니다: {where}"),
    "gs.needs_out": T("--format gradescope with several students needs --out FOLDER (one results.json per student)",
                      "학생이 여러 명일 때 --format gradescope에는 --out 폴더가 필요합니다 (학생마다 results.json 하나)"),
}
