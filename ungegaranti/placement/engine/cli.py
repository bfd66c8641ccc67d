"""Command line: ``python -m ungegaranti.placement solve|generate ...``."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence

from . import MECHANISMS, InvalidInstance, dumps, loads, solve
from .generate import generate

EXIT_INVALID = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "solve":
        return _solve(args.instance, args.output, args.mechanism, args.seed)
    text = (
        json.dumps(
            generate(args.students, args.offers, args.seed),
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    _emit(text, args.output)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ungegaranti.placement", description="Work-experience allocation."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    solve_p = sub.add_parser("solve", help="allocate one instance")
    solve_p.add_argument("instance", help="instance JSON file")
    solve_p.add_argument("-o", "--output", help="result file (default: standard output)")
    solve_p.add_argument(
        "--mechanism", choices=MECHANISMS, help="override the instance's mechanism"
    )
    solve_p.add_argument("--seed", type=int, help="override the instance's seed")
    gen_p = sub.add_parser("generate", help="write a synthetic instance")
    gen_p.add_argument("--students", type=int, required=True)
    gen_p.add_argument("--offers", type=int, required=True)
    gen_p.add_argument("--seed", type=int, required=True)
    gen_p.add_argument("-o", "--output", help="instance file (default: standard output)")
    return parser


def _solve(path: str, output: str | None, mechanism: str | None, seed: int | None) -> int:
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_INVALID
    try:
        text = dumps(solve(loads(raw), mechanism, seed))
    except InvalidInstance as exc:
        # Nothing is written: an invalid instance must never leave a result behind.
        print(f"invalid instance: {exc}", file=sys.stderr)
        return EXIT_INVALID
    _emit(text, output)
    return 0


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    # Write to a temporary file and rename it, so a crash never leaves half a result.
    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the usual permissions
        os.replace(tmp, output)
    except BaseException:
        os.unlink(tmp)
        raise
