"""A tiny macro assembler that writes Brainf*ck: named cells, loops, copies, conditionals, decimal
input and output. The write tasks' reference programs are built from these macros.

Every macro leaves its temporary cells at zero, so macros can sit inside loops. Input is read with
"clear, then `,`", so a program behaves the same whether `,` at end of input leaves the cell
unchanged or sets it to 0.
"""
from __future__ import annotations

from contextlib import contextmanager


class BfBuilder:
    """Appends Brainf*ck code while tracking where the pointer is."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.ptr = 0
        self.cells = 0

    def code(self) -> str:
        return "".join(self.parts)

    def cell(self) -> int:
        """A fresh cell (zero until written)."""
        self.cells += 1
        return self.cells - 1

    # -- primitives ----------------------------------------------------------------------

    def at(self, c: int) -> None:
        self.parts.append(">" * (c - self.ptr) if c > self.ptr else "<" * (self.ptr - c))
        self.ptr = c

    def add(self, c: int, n: int) -> None:
        n %= 256
        self.at(c)
        self.parts.append("+" * n if n <= 128 else "-" * (256 - n))

    def clear(self, c: int) -> None:
        self.at(c)
        self.parts.append("[-]")

    def set(self, c: int, n: int) -> None:
        self.clear(c)
        self.add(c, n)

    def read(self, c: int) -> None:
        self.clear(c)
        self.parts.append(",")

    def put(self, c: int) -> None:
        self.at(c)
        self.parts.append(".")

    @contextmanager
    def loop(self, c: int):
        """`while cell c != 0: body` (the body must leave c's value meaningful)."""
        self.at(c)
        self.parts.append("[")
        yield
        self.at(c)
        self.parts.append("]")

    # -- data movement -------------------------------------------------------------------

    def move(self, src: int, *dsts: int, factor: int = 1) -> None:
        """Add `factor * src` to every dst and zero src."""
        with self.loop(src):
            self.add(src, -1)
            for d in dsts:
                self.add(d, factor)

    def copy(self, src: int, dst: int) -> None:
        """Add src to dst, keeping src."""
        t = self.cell()
        self.move(src, dst, t)
        self.move(t, src)

    def mul_add(self, dst: int, a: int, b: int) -> None:
        """dst += a * b, keeping a and b."""
        t = self.cell()
        self.copy(a, t)
        with self.loop(t):
            self.add(t, -1)
            self.copy(b, dst)

    # -- conditionals (the body runs at most once) ----------------------------------------

    @contextmanager
    def if_nonzero(self, c: int):
        t = self.cell()
        self.copy(c, t)
        with self.loop(t):
            yield
            self.clear(t)

    @contextmanager
    def if_equal(self, c: int, k: int):
        t, flag = self.cell(), self.cell()
        self.copy(c, t)
        self.add(t, -k)
        self.add(flag, 1)
        with self.loop(t):
            self.add(flag, -1)
            self.clear(t)
        with self.loop(flag):
            yield
            self.add(flag, -1)

    # -- text and numbers ----------------------------------------------------------------

    def print_text(self, text: bytes) -> None:
        c, value = self.cell(), 0
        for byte in text:
            self.add(c, byte - value)
            self.put(c)
            value = byte
        self.clear(c)

    def divmod10(self, n: int, q: int, r: int) -> None:
        """q += n // 10 and r = n % 10 (r must start at 0); n becomes 0.

        A countdown from 10 beside r keeps every comparison a test of a small value for zero,
        which costs far fewer steps than comparing r with 10."""
        left = self.cell()
        self.add(left, 10)
        with self.loop(n):
            self.add(n, -1)
            self.add(r, 1)
            self.add(left, -1)
            with self.if_equal(left, 0):
                self.clear(r)
                self.add(q, 1)
                self.add(left, 10)
        self.clear(left)

    def print_decimal(self, v: int) -> None:
        """Print v (0..255) in decimal without leading zeros, keeping v."""
        n, q, hundreds, tens, units = (self.cell() for _ in range(5))
        self.copy(v, n)
        self.divmod10(n, q, units)
        self.divmod10(q, hundreds, tens)
        any_high = self.cell()
        self.copy(hundreds, any_high)
        self.copy(tens, any_high)
        with self.if_nonzero(hundreds):
            self.put_digit(hundreds)
        with self.if_nonzero(any_high):
            self.put_digit(tens)
        self.put_digit(units)
        for c in (hundreds, tens, units, any_high):
            self.clear(c)

    def put_digit(self, c: int) -> None:
        self.add(c, 48)
        self.put(c)
        self.add(c, -48)

    def read_stop_flag(self, c: int, flag: int, stop: int) -> None:
        """flag = 1 unless c is 0 (end of input) or the byte `stop`."""
        self.clear(flag)
        with self.if_nonzero(c):
            self.add(flag, 1)
            with self.if_equal(c, stop):
                self.add(flag, -1)

    def read_number(self, n: int) -> None:
        """n = the next decimal number of the input; consumes the space or end that follows."""
        c, flag, t = self.cell(), self.cell(), self.cell()
        self.clear(n)
        self.read(c)
        self.read_stop_flag(c, flag, ord(" "))
        with self.loop(flag):
            self.move(n, t)
            self.move(t, n, factor=10)
            self.add(c, -48)
            self.move(c, n)
            self.read(c)
            self.read_stop_flag(c, flag, ord(" "))
