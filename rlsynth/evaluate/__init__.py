"""Checkpoint evaluation: held-out tasks per (env, level), batched decoding, the training
verifiers, pass@k with the unbiased estimator, and JSON / Markdown / PNG reports.

`evaluate(checkpoint, EvalSettings(envs=("compose",), levels=(1, 2), n=200, ks=(1, 8)))`
returns an `EvalResult`; `write_report` and `write_comparison` write the files.
"""
from rlsynth.evaluate.evaluate import EvalResult, EvalSettings, evaluate
from rlsynth.evaluate.passk import mean_pass_at_k, pass_at_k
from rlsynth.evaluate.report import write_comparison, write_report

__all__ = ["EvalResult", "EvalSettings", "evaluate", "mean_pass_at_k", "pass_at_k",
           "write_comparison", "write_report"]
