"""Messages of batch grading (`dlgrade grade`)."""
from dlgrade.text import T

MESSAGES = {
    "batch.no_students": T("no student folders in {path}", "{path}에 학생 폴더가 없습니다"),
    "batch.strict_without_bwrap": T("--isolation strict needs bubblewrap (bwrap), which is missing or does not work "
                                    "here; install the Debian package bubblewrap",
                                    "--isolation strict에는 bubblewrap (bwrap)이 필요한데 없거나 작동하지 않습니다. "
                                    "Debian 패키지 bubblewrap을 설치하세요"),
    "batch.rlimit_warning": T("--isolation rlimit: students' code runs with resource limits only, without a sandbox "
                              "(README, Instructors, says what that does not protect)",
                              "`--isolation rlimit`: 학생 코드를 샌드박스 없이 자원 제한만으로 "
                              "실행합니다 (막지 못하는 것은 README의 `Instructors` 절에 있습니다)"),
    "batch.resume_mismatch": T("--resume with other settings than the journaled run ({fields}): rerun with the "
                               "same options, or without --resume to start over",
                               "기록된 실행과 설정이 다른 --resume입니다 ({fields}). 같은 옵션으로 다시 실행하거나 "
                               "--resume 없이 처음부터 채점하세요"),
    "batch.progress": T("grading", "채점 중"),
    "batch.self_check_failed": T("nothing was graded: the bundled solution of {exercise} does not get full marks on "
                                 "this machine ({isolation}), so students' grades would be wrong too. What failed: "
                                 "{problems}",
                                 "아무것도 채점하지 않았습니다: 이 컴퓨터에서({isolation}) "
                                 "{exercise}의 모범 답안이 만점을 받지 못하므로 학생들의 점수도 틀릴 것입니다. "
                                 "실패한 것: {problems}"),
    "batch.summary": T("{students} students x {exercises} exercises graded ({isolation}); mean {mean:.1f}/{max:g}; "
                       "written to {out}",
                       "학생 {students}명 x 연습 문제 {exercises}개 채점 ({isolation}); 평균 "
                       "{mean:.1f}/{max:g}; {out}에 저장"),
    "batch.ungraded": T("{count} (student, exercise) pair(s) could not be graded; see their \"error\" field",
                        "(학생, 연습 문제) {count}쌍을 채점하지 못했습니다. \"error\" 항목을 보세요"),
}
