"""Check evals/manifest.json against the letters it lists, then print counts.

Usage: python evals/check_manifest.py [manifest.json ...]
(default: every evals/manifest*.json, so each coverage area keeps its own manifest file)

For every manifest entry this verifies that:
- the letter file exists and contains an issues heading ("IMR ISSUES, DECISIONS AND RATIONALES"
  or "IMR DECISION(S) AND RATIONALE(S)", any capitalisation);
- each item heading appears after that heading on its own line, followed by ": " and the
  manifest decision;
- the letter has no decided item that the manifest leaves out;
- each item's rationale states the conclusion that matches its decision ('is determined to
  (not) be medically necessary' or 'is (not) medically necessary');
- each item's category (its "category" field, else inferred from the heading) is among the
  letter's categories.

Exits 1 and lists every problem if any check fails. Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

DECISIONS = ("Upheld", "Overturned")
CATEGORIES = {
    "physical_therapy", "occupational_therapy", "chiropractic", "acupuncture", "massage",
    "aquatic_therapy", "medication", "diagnostic", "dme", "injection", "program", "other",
}
ISSUES_RE = re.compile(
    r"^\s*(IMR ISSUES, DECISIONS AND RATIONALES|IMR DECISION\(S\) AND RATIONALE\(S\))\s*$",
    re.IGNORECASE | re.MULTILINE,
)
DECIDED_LINE_RE = re.compile(r"^(?P<heading>\S.*?): (?P<decision>Upheld|Overturned)\s*$",
                             re.MULTILINE)
# Ordered: the first pattern that matches a heading gives its category.
CATEGORY_PATTERNS = [
    ("occupational_therapy", r"\boccupational therapy\b"),
    ("aquatic_therapy", r"\baqua(tic)? therapy\b|\bpool therapy\b"),
    ("massage", r"\bmassage\b"),
    ("acupuncture", r"\bacupuncture\b"),
    ("chiropractic", r"\bchiropractic\b|\bmanipulation\b|\bmanual therapy\b"),
    ("physical_therapy", r"\bphysical therapy\b"),
    ("dme", r"\bTENS\b|\bunit\b|\bbrace\b"),
    ("diagnostic", r"\bMRI\b|\bEMG\b|\bNCV\b|\bx-rays?\b|\bCT\b|\bdrug screen\b"),
    ("injection", r"\binjection\b|\bblock\b"),
    ("medication", r"\d\s*mg\b|#\d+"),
]


def infer_category(heading: str) -> str | None:
    for category, pattern in CATEGORY_PATTERNS:
        if re.search(pattern, heading, re.IGNORECASE):
            return category
    return None


def squash(text: str) -> str:
    """Collapse the PDF-extraction line breaks and blank lines into single spaces."""
    return re.sub(r"\s+", " ", text)


def check_letter(entry: dict, root: Path, problems: list[str]) -> list[tuple[str, str, str]]:
    """Check one manifest entry; return (heading, decision, category) for each item."""
    name = entry.get("file", "<no file>")
    path = root / name
    found: list[tuple[str, str, str]] = []
    if not path.is_file():
        problems.append(f"{name}: file not found")
        return found
    if entry.get("origin") not in ("real", "constructed"):
        problems.append(f"{name}: origin must be 'real' or 'constructed'")
    categories = entry.get("categories") or []
    unknown = set(categories) - CATEGORIES
    if unknown:
        problems.append(f"{name}: unknown categories {sorted(unknown)}")
    items = entry.get("items") or []
    if not items:
        problems.append(f"{name}: no items")

    text = path.read_text(encoding="utf-8")
    issues = ISSUES_RE.search(text)
    if not issues:
        problems.append(f"{name}: no issues heading")
        return found
    body = text[issues.end():]

    decided = [(m.group("heading").strip(), m.group("decision"), m.start(), m.end())
               for m in DECIDED_LINE_RE.finditer(body)]
    listed = {item.get("request") for item in items}
    for heading, _, _, _ in decided:
        if heading not in listed:
            problems.append(f"{name}: letter decides '{heading}', which the manifest omits")

    for item in items:
        heading, decision = item.get("request", ""), item.get("decision")
        if decision not in DECISIONS:
            problems.append(f"{name}: '{heading}': decision must be Upheld or Overturned")
            continue
        if not item.get("rule", "").strip():
            problems.append(f"{name}: '{heading}': empty rule")
        matches = [d for d in decided if d[0] == heading]
        if not matches:
            problems.append(f"{name}: heading not found on its own line: '{heading}'")
            continue
        _, letter_decision, _, end = matches[0]
        if letter_decision != decision:
            problems.append(f"{name}: '{heading}': letter says {letter_decision}, "
                            f"manifest says {decision}")
        following = [d[2] for d in decided if d[2] > end]
        section = squash(body[end:min(following) if following else len(body)])
        if "MAXIMUS guideline: Decision based on" not in section:
            problems.append(f"{name}: '{heading}': no MAXIMUS guideline line")
        # 'is determined to (not) be medically necessary' or 'is (not) medically necessary'
        negated = decision != "Overturned"
        conclusion = (r"\b(?:determined to not be|is not|are not) medically necessary" if negated
                      else r"\b(?:determined to be|is|are) medically necessary")
        if not re.search(conclusion, section):
            wanted = "not medically necessary" if negated else "medically necessary"
            problems.append(f"{name}: '{heading}': rationale does not conclude '{wanted}'")
        category = item.get("category") or infer_category(heading)
        if category is None:
            problems.append(f"{name}: '{heading}': cannot infer a category from the heading")
            category = "unknown"
        elif category not in categories:
            problems.append(f"{name}: '{heading}': category {category} not in {categories}")
        found.append((heading, decision, category))
    return found


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv[1:]] or sorted(Path(__file__).parent.glob("manifest*.json"))
    problems: list[str] = []
    letters: list[dict] = []
    for manifest_path in paths:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("version") != 1:
            problems.append(f"{manifest_path.name}: manifest version must be 1")
        for entry in manifest.get("letters") or []:
            letters.append({**entry, "root": manifest_path.parent})
    files = [entry.get("file") for entry in letters]
    for name, count in Counter(files).items():
        if count > 1:
            problems.append(f"{name}: listed {count} times")

    items: list[tuple[str, str, str]] = []
    for entry in letters:
        items.extend(check_letter(entry, entry["root"], problems))

    origins = Counter(entry.get("origin") for entry in letters)
    overturned = sum(1 for _, decision, _ in items if decision == "Overturned")
    print(f"letters: {len(letters)} ({', '.join(f'{k} {v}' for k, v in sorted(origins.items()))})")
    print(f"items: {len(items)}")
    share = overturned / len(items) if items else 0.0
    print(f"overturned: {overturned}/{len(items)} = {share:.0%}")
    print("items per category (overturned/total):")
    per_category = Counter(category for _, _, category in items)
    per_category_over = Counter(c for _, d, c in items if d == "Overturned")
    for category, total in sorted(per_category.items()):
        print(f"  {category:22} {per_category_over[category]:>2}/{total}")

    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
