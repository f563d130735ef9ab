#!/usr/bin/env bash
# Install the Debian packages sohoa needs, only those missing. Idempotent; needs root or sudo for apt.
set -euo pipefail

PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr-osd
  poppler-utils
  fonts-dejavu-core fonts-noto-core fonts-liberation2 fonts-freefont-ttf fonts-ocr-b
  python3-venv
)
# make test also needs what its integration tests start: Chromium (review UI) and a PostgreSQL server (storage).
[ "${SOHOA_TEST_DEPS:-0}" = "1" ] && PACKAGES+=(chromium postgresql)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
