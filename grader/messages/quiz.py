"""Messages of `dlgrade quiz`."""
from dlgrade.text import T

MESSAGES = {
    "quiz.none": T("{exercise} has no quiz yet", "{exercise}에는 아직 퀴즈가 없습니다"),
    "quiz.bad_answers": T("cannot read the answers file {path}: {detail}", "답안 파일 {path}을(를) 읽을 수 없습니다: {detail}"),
    "quiz.bad_choice": T("answer with an option number from 1 to {n}", "1부터 {n}까지의 보기 번호로 답하세요"),
    "quiz.bad_number": T("answer with a number", "숫자로 답하세요"),
    "quiz.empty_formula": T("type a formula", "식을 입력하세요"),
    "quiz.bad_formula": T("this formula cannot be read ({detail})", "이 식을 읽을 수 없습니다 ({detail})"),
    "quiz.unanswered": T("not answered", "답하지 않음"),
    "quiz.right": T("right", "정답"),
    "quiz.wrong": T("not right", "오답"),
    "quiz.question": T("Question {n}/{total} ({kind}):", "문제 {n}/{total} ({kind}):"),
    "quiz.kind_choice": T("choose a number", "번호 고르기"),
    "quiz.kind_numeric": T("a number", "숫자"),
    "quiz.kind_symbolic": T("a formula, e.g. 1 - tanh(x)^2", "식, 예: 1 - tanh(x)^2"),
    "quiz.your_answer": T("Your answer", "답"),
    "quiz.score": T("{exercise} quiz: {score:g}/{total:g}", "{exercise} 퀴즈: {score:g}/{total:g}"),
}
