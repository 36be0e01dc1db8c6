"""Reference implementations: each reads like its formula and runs on NumPy and CuPy alike
(the array module comes from the inputs). Also the sympy expressions that derivative checks are
derived from, and the known mistakes written as wrong functions (``<function>__<mistake>``)."""
