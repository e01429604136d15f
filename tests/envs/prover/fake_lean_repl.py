"""A stand-in for leanprover-community/repl that replays recorded exchanges (the tests' Lean).

Speaks the REPL's protocol: JSON requests separated by blank lines on stdin, one indented JSON
reply per request followed by a blank line on stdout. The first command without "env" is the
header and gets {"env": 0}. Later commands are matched against lean_repl_exchanges.json by
substring (first match wins); "{name}" in a recorded reply becomes the theorem name of the
request. Two words act on the process itself: `sleep_forever` hangs, `crash_now` exits.
"""
import json
import re
import sys
import time
from pathlib import Path

EXCHANGES = json.loads((Path(__file__).with_name("lean_repl_exchanges.json")).read_text())


def replies():
    env = 0
    for request in read_requests():
        cmd = request.get("cmd", "")
        if "env" not in request:
            yield {"env": 0} if "import" in cmd else {"message": "unknown environment"}
            continue
        if "sleep_forever" in cmd:
            time.sleep(3600)
        if "crash_now" in cmd:
            sys.exit(3)
        env += 1
        name = re.search(r"theorem (\S+)", cmd)
        for exchange in EXCHANGES:
            if exchange["when"] in cmd:
                text = json.dumps(exchange["reply"]).replace("{name}", name.group(1) if name else "")
                yield {**json.loads(text), "env": env}
                break
        else:
            yield {"messages": [{"severity": "error", "pos": {"line": 2, "column": 2},
                                 "endPos": {"line": 2, "column": 8}, "data": "unknown tactic"}],
                   "env": env}


def read_requests():
    lines = []
    for line in sys.stdin:
        if line.strip():
            lines.append(line)
        elif lines:
            yield json.loads("".join(lines))
            lines = []


if __name__ == "__main__":
    for reply in replies():
        sys.stdout.write(json.dumps(reply, indent=1) + "\n\n")
        sys.stdout.flush()
