"""Messages of the sandbox: what a student's child process did that the grader refused."""
from dlgrade.text import T

MESSAGES = {
    "sandbox.bad_reply": T("input {case}: the process running your code sent back something that is not a result "
                           "(it wrote to the grader's channel, or its output was far larger than this input can "
                           "give); it was stopped",
                           "입력 {case}: 코드를 실행하던 프로세스가 결과가 아닌 것을 보냈습니다 (채점기와의 통신 "
                           "통로에 직접 썼거나, 출력이 이 입력으로 나올 수 있는 크기보다 훨씬 큽니다). 프로세스를 "
                           "중지했습니다"),
    "sandbox.journal_failed": T("the journal {path} could not be written ({detail}): the results are complete, but "
                                "--resume cannot continue this run",
                                "기록 파일 {path}에 쓰지 못했습니다 ({detail}). 결과는 완전하지만 --resume으로 이 "
                                "실행을 이어갈 수 없습니다"),
    "sandbox.out_failed": T("could not write {path} ({detail}); an earlier file there is unchanged",
                            "{path}에 쓰지 못했습니다 ({detail}). 그 자리의 이전 파일은 그대로입니다"),
}
