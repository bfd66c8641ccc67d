"""pip-audit over the pinned requirements, read so that CI tells three outcomes apart.

- a known vulnerability in a pinned package: fail;
- every package looked up and none vulnerable: pass;
- the vulnerability data could not be reached (a machine that reaches only the package index,
  not its JSON API or OSV): say so loudly and pass, since the build itself is not at fault;
- pip-audit failing for any other reason: fail.
  docs/operations.md ("Supply chain") tells how to run the audit where the data is reachable.

A package that alone could not be looked up, while others could, fails: it is not on the index.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]
NETWORK_ERRORS = ("ConnectionError", "NameResolutionError", "Max retries", "timed out")


def audit() -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        command = [str(ROOT / ".venv" / "bin" / "pip-audit"), "--progress-spinner", "off"]
        for name in REQUIREMENTS:
            command += ["-r", str(ROOT / name)]
        # Fully pinned files: resolve nothing, install nothing, only look each pin up.
        command += ["--no-deps", "--disable-pip", "-f", "json", "-o", report.name]
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        text = Path(report.name).read_text() if Path(report.name).stat().st_size else ""
    if not text:
        output = (done.stderr or done.stdout).strip()
        last = output.splitlines()[-1] if output else f"exit {done.returncode}"
        return {"error": last, "network": any(word in output for word in NETWORK_ERRORS)}
    return json.loads(text)


def verdict(report: dict) -> tuple[int, str]:
    if "error" in report:
        if report["network"]:
            return 0, f"NOT AUDITED: the vulnerability data is out of reach ({report['error']})"
        return 1, f"pip-audit failed: {report['error']}"
    dependencies = report["dependencies"]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    if vulnerable:
        lines = [
            f"  {d['name']} {d['version']}: "
            + ", ".join(
                f"{v['id']} (fixed in {', '.join(v['fix_versions']) or '-'})" for v in d["vulns"]
            )
            for d in vulnerable
        ]
        return 1, "known vulnerabilities:\n" + "\n".join(lines)
    if skipped and len(skipped) == len(dependencies):
        return 0, (
            f"NOT AUDITED: none of the {len(dependencies)} pinned packages could be looked up "
            f"(first: {skipped[0]['skip_reason']}); the vulnerability data is out of reach here"
        )
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        return 1, f"could not audit {names} while the others could: not on the package index?"
    return 0, f"no known vulnerability in {len(dependencies)} pinned packages"


if __name__ == "__main__":
    code, message = verdict(audit())
    print(f"pip-audit: {message}")
    sys.exit(code)
