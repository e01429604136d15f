"""Length shaping: DAPO's soft overlong punishment."""
from __future__ import annotations


def overlong_penalty(n_tokens: int, max_len: int, buffer: int) -> float:
    """DAPO's soft overlong punishment (Yu et al. 2025, arXiv 2503.14476, eq. 13):

        0                                  if n <= max_len - buffer
        ((max_len - buffer) - n) / buffer  if max_len - buffer < n <= max_len
        -1                                 if n > max_len
    """
    if not 0 < buffer <= max_len:
        raise ValueError(f"overlong buffer must lie in 1..max_len={max_len}, got {buffer}")
    if n_tokens < 0:
        raise ValueError(f"n_tokens must be >= 0, got {n_tokens}")
    free = max_len - buffer
    if n_tokens <= free:
        return 0.0
    if n_tokens > max_len:
        return -1.0
    return (free - n_tokens) / buffer
