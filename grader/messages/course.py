"""Messages of the course integrations: Gradescope, the class report, the pytest plugin."""
from dlgrade.text import T

MESSAGES = {
    # Gradescope
    "gs.hidden_output": T("{status} (hidden check: details are not shown)",
                          "{status} (숨겨진 검사: 자세한 내용은 표시하지 않습니다)"),
    "gs.exercise_line": T("{exercise} {title}: {score:g}/{max_score:g} ({status})"),
    "gs.ex_graded": T("graded", "채점함"),
    "gs.ex_missing": T("file not submitted", "파일을 제출하지 않음"),
    "gs.ex_error": T("could not be graded", "채점하지 못함"),
    "gs.missing": T("not found in your submission: {file} or {notebook}",
                    "제출물에 없습니다: {file} 또는 {notebook}"),
    "gs.no_bwrap": T("bubblewrap does not work in this container: your code ran with resource limits only "
                     "(Gradescope's container of its own per submission keeps submissions apart)",
                     "이 컨테이너에서는 bubblewrap이 작동하지 않아 코드를 자원 제한만으로 실행했습니다 "
                     "(Gradescope는 제출물마다 별도의 컨테이너를 쓰므로 제출물끼리는 분리됩니다)"),
    "gs.both": T("both {graded} and {ignored} were submitted: {graded} is graded, {ignored} is ignored",
                 "{graded}와(과) {ignored}을(를) 모두 제출했습니다: {graded}을(를) 채점하고 "
                 "{ignored}은(는) 무시합니다"),
    "gs.built": T("wrote {out}: exercises {exercises}{hidden}, dlgrade {version} ({how}). Upload it as the "
                  "autograder of a Gradescope programming assignment.",
                  "{out}을(를) 만들었습니다: 연습 문제 {exercises}{hidden}, dlgrade {version} ({how}). Gradescope "
                  "프로그래밍 과제의 autograder로 올리세요."),
    "gs.with_hidden": T(" with hidden checks", ", 숨겨진 검사 포함"),
    "gs.wheel": T("wheel {wheel} inside", "{wheel} 휠 포함"),
    "gs.index": T("setup.sh installs it from the package index", "`setup.sh`가 패키지 색인에서 설치"),
    "gs.bad_config": T("cannot read the autograder's settings {path}: {detail}",
                       "자동 채점기 설정 {path}을(를) 읽을 수 없습니다: {detail}"),
    "gs.broken": T("the autograder cannot grade in this container: the bundled solution of {exercise} does not get "
                   "full marks ({problems})",
                   "이 컨테이너에서는 채점할 수 없습니다: {exercise}의 모범 답안이 만점을 받지 못합니다 ({problems})"),
    "gs.written": T("{count} results.json written: {where}", "results.json {count}개를 저장했습니다: {where}"),
    "gs.needs_out": T("--format gradescope with several students needs --out FOLDER (one results.json per student)",
                      "학생이 여러 명일 때 --format gradescope에는 --out 폴더가 필요합니다 (학생마다 "
                      "results.json 하나)"),
    # class report
    "rep.title": T("dlgrade class report", "dlgrade 반 채점 보고서"),
    "rep.overview": T("{students} students; exercises {exercises}; isolation: {isolation}.",
                      "학생 {students}명, 연습 문제 {exercises}, 격리 방식: {isolation}."),
    "rep.h_distribution": T("Score distribution per exercise", "연습 문제별 점수 분포"),
    "rep.h_pass_rates": T("Pass rate of every function", "함수별 통과율"),
    "rep.h_misconceptions": T("Misconceptions, by how many students made them", "흔한 실수 (학생 수 순)"),
    "rep.h_ungraded": T("Not graded (or no check could run), and why",
                        "채점하지 못한 것 (또는 검사를 실행하지 못한 것)과 그 이유"),
    "rep.h_students": T("Every student", "학생별 점수"),
    "rep.c_exercise": T("exercise", "연습 문제"),
    "rep.c_graded": T("graded", "채점됨"),
    "rep.c_mean": T("mean", "평균"),
    "rep.c_median": T("median", "중앙값"),
    "rep.c_max": T("max points", "만점"),
    "rep.c_function": T("function", "함수"),
    "rep.c_pass_rate": T("pass rate", "통과율"),
    "rep.c_passed": T("passed / graded", "통과 / 채점"),
    "rep.c_rank": T("#", "순위"),
    "rep.c_students": T("students", "학생 수"),
    "rep.c_explanation": T("explanation", "설명"),
    "rep.c_student": T("student", "학생"),
    "rep.c_reason": T("reason", "이유"),
    "rep.c_total": T("total", "합계"),
    "rep.none": T("none", "없음"),
    "rep.reason_missing": T("file not submitted", "파일을 제출하지 않음"),
    "rep.reason_missing_found": T("file not submitted (found instead: {found})",
                                  "파일을 제출하지 않음 (대신 있는 파일: {found})"),
    "rep.reason_not_loaded": T("graded 0: no check could run ({detail})",
                               "0점 처리: 검사를 하나도 실행하지 못함 ({detail})"),
    "rep.reason_error": T("could not be graded: {detail}", "채점하지 못함: {detail}"),
    "rep.fig_points": T("points", "점수"),
    "rep.fig_students": T("students", "학생 수"),
    "rep.fig_pass_rate": T("students who pass every check of the function (%)", "함수의 모든 검사를 통과한 학생 (%)"),
    "rep.bad_grades": T("cannot read {path} as the JSON of `dlgrade grade`: {detail}",
                        "{path}을(를) `dlgrade grade`의 JSON으로 읽을 수 없습니다: {detail}"),
    "rep.written": T("wrote {out}", "{out}을(를) 저장했습니다"),
    # pytest plugin
    "plugin.not_implemented": T("not implemented yet: {function} raises NotImplementedError",
                                "아직 구현하지 않았습니다: {function}이(가) NotImplementedError를 발생시킵니다"),
    # batch grading, as the instructor sees it
    "batch.missing_found": T("{file} not found; the folder has: {found}",
                             "{file}이(가) 없습니다. 폴더에 있는 파일: {found}"),
    "batch.missing_none": T("{file} not found; the folder has no .py or .ipynb file",
                            "{file}이(가) 없습니다. 폴더에 .py나 .ipynb 파일이 없습니다"),
    "batch.both_files": T("{count} submission(s) have both the .py and the .ipynb of an exercise ({examples}): "
                          "choose which is graded with --prefer py or --prefer ipynb",
                          "제출물 {count}개에 같은 연습 문제의 .py와 .ipynb가 모두 있습니다 ({examples}): "
                          "`--prefer py` 또는 `--prefer ipynb`로 채점할 파일을 고르세요"),
    "batch.resumed": T("resumed: {journal} result(s) came from the journal {path}, {now} graded now",
                       "이어서 채점: {journal}개 결과는 기록 {path}에서 가져왔고 {now}개는 지금 채점했습니다"),
    "batch.resumed_nothing": T("--resume: no journal at {path}, so everything was graded now",
                               "--resume: {path}에 기록이 없어 모두 지금 채점했습니다"),
}
