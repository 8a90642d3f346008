"""pip-audit over the installed virtualenv: fails on any known vulnerability.

pip-audit asks PyPI (or OSV) about each installed release. Where neither answers (a
registry mirror without PyPI's per-release JSON, a closed network), nothing has been
audited: that is said loudly, and it fails when AUDIT_REQUIRED=true, so a deployment
pipeline with network access can insist on the audit.
"""

import json
import os
import subprocess  # nosec B404: runs our own virtualenv's pip-audit, no user input
import sys
import tempfile
from pathlib import Path

PIP_AUDIT = Path(sys.prefix) / "bin" / "pip-audit"


def audit(service):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        result = subprocess.run(  # noqa: S603  # nosec B603: our own pip-audit, fixed arguments
            [PIP_AUDIT, "--vulnerability-service", service, "--progress-spinner", "off", "-f", "json", "-o", report],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if not report.exists():
            return None, result.stderr.strip().splitlines()[-1:] or ["no report"]
        return json.loads(report.read_text())["dependencies"], []


def main():
    required = os.environ.get("AUDIT_REQUIRED", "").lower() in ("1", "true", "yes")
    problems = []
    for service in ("pypi", "osv"):
        dependencies, errors = audit(service)
        if dependencies is None:
            problems.append(f"{service}: {' '.join(errors)}")
            continue
        audited = [dependency for dependency in dependencies if "skip_reason" not in dependency]
        vulnerable = [dependency for dependency in audited if dependency.get("vulns")]
        for dependency in vulnerable:
            for vulnerability in dependency["vulns"]:
                fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fix yet"
                print(f"{dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixes})")
        if vulnerable:
            print(f"pip-audit ({service}): known vulnerabilities in {len(vulnerable)} installed package(s).")
            return 1
        if audited:
            skipped = len(dependencies) - len(audited)
            print(f"pip-audit ({service}): {len(audited)} packages audited, no known vulnerability; {skipped} skipped.")
            return 0
        problems.append(f"{service}: none of {len(dependencies)} packages could be looked up")
    print("pip-audit: NOTHING WAS AUDITED – no vulnerability service answered here:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 1 if required else 0


if __name__ == "__main__":
    sys.exit(main())
