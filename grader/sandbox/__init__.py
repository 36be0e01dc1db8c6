"""Student code runs here, in a child process, never in the grader's own process."""
