"""One quiz per exercise: grader/quizzes/<slug>.py defines QUIZ (see grader/quiz.py)."""
