"""dlgrade: auto-graded exercises for the fundamentals of deep learning.

The library API never prints and never exits; `dlgrade.cli` is the thin layer on top.
"""
__version__ = "0.1.0"
