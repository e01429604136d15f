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
        self.free: set[int] = set()  # released temporaries (zero), reused lowest-first

    def code(self) -> str:
        return "".join(self.parts)

    def cell(self) -> int:
        """A zero cell: the released one nearest the pointer, else a new one (short moves)."""
        if self.free:
            c = min(self.free, key=lambda f: abs(f - self.ptr))
            self.free.remove(c)
            return c
        self.cells += 1
        return self.cells - 1

    def release(self, *cells: int) -> None:
        """Give back cells that are zero again."""
        self.free.update(cells)

    # -- primitives ----------------------------------------------------------------------

    def moves(self, a: int, b: int) -> str:
        return ">" * (b - a) if b > a else "<" * (a - b)

    def at(self, c: int) -> None:
        self.parts.append(self.moves(self.ptr, c))
        self.ptr = c

    def add(self, c: int, n: int) -> None:
        """cell c += n (mod 256): a run of `+`/`-`, or `a` times `b` in a loop on the free cell
        nearest to c plus a remainder, whichever is shorter."""
        n %= 256
        sign, n = ("+", n) if n <= 128 else ("-", 256 - n)
        plain = self.moves(self.ptr, c) + sign * n
        counter = min(self.free | {self.cells}, key=lambda f: abs(f - c))
        a = max(1, round(n ** 0.5))
        b, r = divmod(n, a)
        to_c, back = self.moves(counter, c), self.moves(c, counter)
        looped = (self.moves(self.ptr, counter) + "+" * a + "[-" + to_c + sign * b + back
                  + "]" + to_c + sign * r)
        if len(looped) < len(plain):
            if counter == self.cells:  # a new cell, left at zero: free for later
                self.cells += 1
                self.free.add(counter)
            plain = looped
        self.parts.append(plain)
        self.ptr = c

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
        self.release(t)

    def mul_add(self, dst: int, a: int, b: int) -> None:
        """dst += a * b, keeping a and b."""
        t = self.cell()
        self.copy(a, t)
        with self.loop(t):
            self.add(t, -1)
            self.copy(b, dst)
        self.release(t)

    # -- conditionals (the body runs at most once) ----------------------------------------

    @contextmanager
    def if_nonzero(self, c: int):
        t = self.cell()
        self.copy(c, t)
        with self.loop(t):
            yield
            self.clear(t)
        self.release(t)

    @contextmanager
    def if_equal(self, c: int, k: int):
        t, flag = self.cell(), self.cell()
        self.copy(c, t)
        self.add(t, -k)
        self.add(flag, 1)
        with self.loop(t):
            self.add(flag, -1)
            self.clear(t)
        self.release(t)
        with self.loop(flag):
            yield
            self.add(flag, -1)
        self.release(flag)

    # -- text and numbers ----------------------------------------------------------------

    def print_text(self, text: bytes) -> None:
        c, value = self.cell(), 0
        for byte in text:
            self.add(c, byte - value)
            self.put(c)
            value = byte
        self.clear(c)
        self.release(c)

    def print_decimal(self, v: int) -> None:
        """Print v (0..255) in decimal without leading zeros, keeping v.

        Uses the divmod of esolangs.org's "Brainfuck algorithms" twice on adjacent cells: it
        turns `n 0 d 0 0 0` into `0 n d-n%d n%d n/d 0`, so a second divmod can start at n/d."""
        block = list(range(self.cells, self.cells + 10))  # new cells: they must be adjacent
        self.cells += 10
        self.copy(v, block[0])
        for start in (0, 4):  # n -> (n / 10, n % 10), then n / 10 -> (hundreds, tens)
            self.add(block[start + 2], 10)
            self.at(block[start])
            self.parts.append("[->+>-[>+>>]>[+[-<+>]>+>>]<<<<<<]")
            self.clear(block[start + 1])
            self.clear(block[start + 2])
        units, tens, hundreds = block[3], block[7], block[8]
        any_high = block[9]
        self.copy(hundreds, any_high)
        self.copy(tens, any_high)
        with self.if_nonzero(hundreds):
            self.put_digit(hundreds)
        with self.if_nonzero(any_high):
            self.put_digit(tens)
        self.put_digit(units)
        self.clear(tens)
        self.clear(any_high)
        self.release(*block)

    def put_digit(self, c: int) -> None:
        """Print the digit in c; c becomes 0."""
        self.add(c, 48)
        self.put(c)
        self.clear(c)

    def read_stop_flag(self, c: int, flag: int, stop: int) -> None:
        """flag = 1 unless c is 0 (end of input) or the byte `stop`."""
        self.clear(flag)
        with self.if_nonzero(c):
            self.add(flag, 1)
            with self.if_equal(c, stop):
                self.add(flag, -1)

    def read_number(self, n: int) -> None:
        """n = the next decimal number of the input; consumes the space or end that follows."""
        c, more, t = self.cell(), self.cell(), self.cell()
        self.clear(n)
        self.add(more, 1)
        with self.loop(more):
            self.read(c)
            self.read_stop_flag(c, more, ord(" "))
            with self.if_nonzero(more):  # a digit: n = 10 * n + digit
                self.move(n, t)
                self.move(t, n, factor=10)
                self.add(c, -48)
                self.move(c, n)
        self.clear(c)
        self.release(c, more, t)
