#!/usr/bin/env python3
"""Checks that a repro of repro/generated/ is still what the generator writes.

The file's first line is `# Generated: dmasim gen skb ARGS...`; the test reruns that command
and compares its output with the file's statements (comments, blank lines and `expect` lines
removed: those are the hand-made part). A generator change that moves an op fails here, not
silently in the expectations. Usage: check_generated.py DMASIM FILE
"""
import shlex
import subprocess
import sys

PREFIX = "# Generated: dmasim "


def statements(text):
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line and not line.startswith("expect "):
            out.append(line)
    return out


def main() -> int:
    dmasim, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    first = text.splitlines()[0] if text else ""
    if not first.startswith(PREFIX + "gen skb "):
        print(f"{path}:1: the first line must be '{PREFIX}gen skb ...'")
        return 1
    args = shlex.split(first[len(PREFIX):])
    proc = subprocess.run([dmasim] + args, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"{path}: dmasim {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
        return 1
    want, have = statements(proc.stdout), statements(text)
    if want == have:
        print(f"{path}: matches 'dmasim {' '.join(args)}'")
        return 0
    for i, (w, h) in enumerate(zip(want, have)):
        if w != h:
            print(f"{path}: statement {i + 1} differs: generator '{w}', file '{h}'")
            return 1
    print(f"{path}: generator writes {len(want)} statements, the file has {len(have)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
