#!/usr/bin/env bash
# Refresh the message catalogs after code changes: extract kasir.pot from kasir/, merge it into
# the Indonesian catalog, compile it to kasir.mo, then list what still needs translating (new,
# empty or fuzzy entries).
# Usage: translations/update.sh        (from anywhere; uses the repo's .venv when it exists)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -x .venv/bin/pybabel ]; then BIN=.venv/bin/ PY=.venv/bin/python; else BIN="" PY=python3; fi
VERSION=$("$PY" -c 'import kasir; print(kasir.__version__)' 2>/dev/null || echo 0)

"${BIN}pybabel" -q extract -F translations/babel.cfg -k N_ --add-comments=TRANSLATORS: \
    --project=kasir --version="$VERSION" --copyright-holder="kasir contributors" \
    -o translations/kasir.pot kasir

"${BIN}pybabel" -q update -i translations/kasir.pot -d translations -D kasir -l id \
    --init-missing --ignore-obsolete --previous

# The compiled catalog kasir runs with (tests/test_i18n.py checks it matches the .po).
"${BIN}pybabel" -q compile -d translations -D kasir -l id --use-fuzzy

# What is left to do: each entry the test (tests/test_i18n.py) would refuse.
"$PY" - <<'EOF'
from babel.messages.pofile import read_po

with open("translations/id/LC_MESSAGES/kasir.po", "rb") as fh:
    catalog = read_po(fh, locale="id")
todo = [m for m in catalog if m.id and (m.fuzzy or not all(
    m.string if isinstance(m.string, tuple) else (m.string,)))]
total = sum(1 for m in catalog if m.id)
print(f"translations/id/LC_MESSAGES/kasir.po: {total} messages, {len(todo)} to translate")
for m in todo:
    msgid = m.id[0] if isinstance(m.id, tuple) else m.id
    where = ", ".join(f"{f}:{n}" for f, n in m.locations[:2])
    print(f"  {'fuzzy' if m.fuzzy else 'new  '}  {msgid!r}  ({where})")
EOF
