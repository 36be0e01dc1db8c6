"""Messages of the self-study commands: init, reset, hint, list, watch."""
from dlgrade.text import T

MESSAGES = {
    "study.init_done": T("Created a workspace in {path} with {count} exercise stubs. Start with: cd {path} && "
                         "dlgrade check ex01",
                         "{path}에 연습 문제 {count}개로 작업 공간을 만들었습니다. 시작: cd {path} && "
                         "dlgrade check ex01"),
    "study.init_exists": T("{path} already holds exercise files ({files}); use --force to overwrite them",
                           "{path}에 이미 연습 문제 파일이 있습니다 ({files}). 덮어쓰려면 --force"),
    "study.reset_done": T("Restored the stub of {file}; your version is kept in {backup}",
                          "{file}의 빈 문제로 되돌렸습니다. 작성하던 파일은 {backup}에 보관했습니다"),
    "study.bundled": T("{path} is the package's own folder; run `dlgrade init DIR` for a workspace of your own",
                       "{path}는 패키지 자체 폴더입니다. `dlgrade init DIR`로 작업 공간을 만드세요"),
    "study.hint_locked": T("Level {level} is still locked for {function}: unlock level {next} first "
                           "(dlgrade hint {exercise} {function})",
                           "{function}의 {level}단계는 아직 잠겨 있습니다: 먼저 {next}단계를 여세요 "
                           "(dlgrade hint {exercise} {function})"),
    "study.hint_mistake": T("Your last check found this mistake in {function}: {hint}",
                            "지난 검사에서 {function}의 이 실수를 찾았습니다: {hint}"),
    "study.hint_all_open": T("All {levels} hints of {function} are open.",
                             "{function}의 힌트 {levels}개가 모두 열렸습니다."),
    "study.status_passed": T("passed", "통과"),
    "study.status_failing": T("failing", "실패 있음"),
    "study.status_not_implemented": T("not implemented", "미구현"),
    "study.status_not_started": T("not started", "시작 안 함"),
    "study.status_missing": T("no file", "파일 없음"),
    "study.no_plot": T("{exercise} has no figures; plots exist for {known}",
                       "{exercise}에는 그림이 없습니다. 그림이 있는 문제: {known}"),
    "study.plot_legend": T("In the figures: thick grey = the reference, colour = your own functions.",
                           "그림에서: 굵은 회색 = 기준 구현, 색 = 내가 작성한 함수."),
    "study.plot_no_font": T("No Korean font was found, so the texts inside the figures are in English "
                            "(install fonts-nanum for Korean).",
                            "한글 글꼴이 없어 그림 안의 글은 영어입니다 (한글은 fonts-nanum을 설치하세요)."),
    "plot.reference": T("reference", "기준"),
    "plot.yours": T("yours", "내 함수"),
    "plot.not_implemented": T("not implemented yet", "아직 구현 안 됨"),
    "plot.failed": T("did not run or gave a wrong shape: see dlgrade check",
                     "실행 오류 또는 잘못된 모양: dlgrade check 참고"),
    "plot.layer": T("layer", "층"),
    "study.columns": T("id|title|status|best|quiz", "번호|제목|상태|최고 점수|퀴즈"),
    "study.watching": T("Watching {path} for changes to {files}. Ctrl-C stops.",
                        "{path}에서 {files}의 변경을 지켜봅니다. Ctrl-C로 멈춥니다."),
}
