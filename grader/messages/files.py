"""Messages about reading a student's files (links, sizes), notebooks that cannot be compiled, and isolation."""
from dlgrade.text import T

MESSAGES = {
    "files.outside": T("{file} is a link to a file outside your folder; submit the file itself (it was not graded)",
                       "{file}은(는) 여러분 폴더 밖의 파일을 가리키는 링크입니다. 파일 자체를 "
                       "제출하세요 (채점하지 않았습니다)"),
    "files.link": T("{file} is a symbolic link; submit the file itself (it was not graded)",
                    "{file}은(는) 심볼릭 링크입니다. 파일 자체를 제출하세요 (채점하지 않았습니다)"),
    "files.not_regular": T("{file} is not a regular file (it was not graded)",
                           "{file}은(는) 일반 파일이 아닙니다 (채점하지 않았습니다)"),
    "files.too_large": T("{file} is larger than {mb} MB (it was not graded)",
                         "{file}이(가) {mb} MB보다 큽니다 (채점하지 않았습니다)"),
    "files.unreadable": T("{file} could not be read ({detail})", "{file}을(를) 읽을 수 없습니다 ({detail})"),
    # notebooks
    "nbfile.too_deep": T("its JSON is nested too deeply to be read", "JSON이 너무 깊게 중첩되어 읽을 수 없습니다"),
    "nbfile.too_big": T("it is too large to be read", "너무 커서 읽을 수 없습니다"),
    "nbfile.not_json": T("it is not valid JSON (line {line}, column {column})",
                         "올바른 JSON이 아닙니다 ({line}번째 줄, {column}번째 열)"),
    "nbfile.not_utf8": T("it is not UTF-8 text", "UTF-8 텍스트가 아닙니다"),
    "nbfile.no_cells": T("it has no list of cells (nbformat 4), nor of worksheets (nbformat 3)",
                         "셀 목록(`nbformat` 4)도 워크시트 목록(`nbformat` 3)도 없습니다"),
    "nbfile.cell_too_complex": T("{file}, cell {cell}: the cell is nested too deeply, or its expression is too long, "
                                 "for Python to compile it (the other cells were graded)",
                                 "{file}, {cell}번 셀: 셀이 너무 깊게 중첩되었거나 식이 너무 길어 파이썬이 컴파일할 수 "
                                 "없습니다 (나머지 셀은 채점했습니다)"),
    "nbfile.cell_null": T("{file}, cell {cell}: the cell contains a null character (the other cells were graded)",
                          "{file}, {cell}번 셀: 셀에 널 문자가 있습니다 (나머지 셀은 채점했습니다)"),
    "nbfile.writefile": T("{file}, cell {cell}: a `%%writefile` cell only writes a file; the grader runs "
                          "the notebook's own Python cells, so define your functions in a code cell",
                          "{file}, {cell}번 셀: `%%writefile` 셀은 파일을 쓰기만 합니다. 채점기는 노트북의 파이썬 셀만 "
                          "실행하므로 함수를 코드 셀에 정의하세요"),
    # isolation (`dlgrade grade`, `dlgrade nbgrader autograde`)
    "batch.needs_bwrap": T("bubblewrap (bwrap) is missing or does not work here, and without it students' code could "
                           "read the solutions, other students' files and your output: install the Debian package "
                           "bubblewrap, or run again with --isolation rlimit to grade with resource limits only "
                           "(README, Instructors, says what that does not protect)",
                           "bubblewrap (bwrap)이 없거나 작동하지 않습니다. bwrap 없이는 학생 "
                           "코드가 모범 답안, 다른 학생의 파일, 채점 결과를 읽을 수 있습니다. Debian 패키지 "
                           "bubblewrap을 설치하거나, 자원 제한만으로 채점하려면 --isolation rlimit으로 다시 실행하세요 "
                           "(그 모드가 막지 못하는 것은 README의 `Instructors` 절에 있습니다)"),
    "batch.worker_without_bwrap": T("nothing was graded: Dask worker {worker}: {problem}",
                                    "아무것도 채점하지 않았습니다: Dask 워커 {worker}: {problem}"),
    # the journal and the scheduler
    "batch.journal_busy": T("another `dlgrade grade` is writing {path} right now; wait for it, or give this run "
                            "another --out",
                            "다른 `dlgrade grade`가 지금 {path}에 쓰고 있습니다. 끝날 때까지 기다리거나 "
                            "이 실행에 다른 --out을 주세요"),
    "batch.scheduler_unreachable": T("the Dask scheduler {address} did not answer within {seconds:g} s; check the "
                                     "address and that the scheduler runs (nothing was graded)",
                                     "Dask 스케줄러 {address}가 {seconds:g}초 안에 응답하지 "
                                     "않았습니다. 주소와 스케줄러 실행 여부를 확인하세요 "
                                     "(아무것도 채점하지 않았습니다)"),
}
