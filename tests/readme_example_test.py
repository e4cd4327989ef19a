#!/usr/bin/env python3
"""Keeps the README's example honest: every fenced block in README.md whose first line is
`$ dmasim ...` is run (from the repository root, with the built dmasim) and its output must
equal the rest of the block, byte for byte.

usage: readme_example_test.py DMASIM README.md
"""
import os
import shlex
import subprocess
import sys


def blocks(text):
    """Yields the lines of each fenced code block."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            yield lines[i + 1:j]
            i = j + 1
        else:
            i += 1


def main():
    dmasim, readme = sys.argv[1], sys.argv[2]
    root = os.path.dirname(os.path.abspath(readme))
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    checked = 0
    failed = 0
    for block in blocks(text):
        if not block or not block[0].startswith("$ dmasim "):
            continue
        argv = [dmasim] + shlex.split(block[0][len("$ dmasim "):])
        run = subprocess.run(argv, cwd=root, capture_output=True, text=True, check=False)
        want = "\n".join(block[1:]) + "\n"
        checked += 1
        if run.stdout != want:
            failed += 1
            print(f"README example differs: {block[0]}\n--- README\n{want}--- dmasim\n{run.stdout}"
                  f"{run.stderr}")
    if checked == 0:
        print("no '$ dmasim' example found in the README")
        return 1
    print(f"{checked} README example(s) checked, {failed} differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
