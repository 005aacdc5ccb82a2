#!/usr/bin/env bash
# Installs what the test suites need beyond npm packages, idempotently:
# PowerShell 7.6.9 as a dotnet global tool (its engine then compiled ahead of
# time, as the official packages ship it: scripts/readytorun-pwsh.sh), Pester from NuGet into .tools/,
# and Debian's Chromium (for Playwright), tinyproxy (a real forward proxy) and
# a Japanese font (IPA Gothic): without one Chromium draws Japanese as empty
# boxes, so the Japanese screenshots show nothing and e2e/layout.spec.ts would
# measure the boxes' widths instead of the text's.
# Each install is skipped when already present, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."

PWSH_VERSION=7.6.9
PESTER_VERSION=5.9.1
export PATH="$PATH:$HOME/.dotnet/tools"

if ! command -v pwsh >/dev/null 2>&1 || [ "$(pwsh -NoProfile -Command '$PSVersionTable.PSVersion.ToString()')" != "$PWSH_VERSION" ]; then
  echo "install-tools: PowerShell $PWSH_VERSION (dotnet tool)"
  dotnet tool update --global PowerShell --version "$PWSH_VERSION"
fi
bash scripts/readytorun-pwsh.sh "$PWSH_VERSION"

if [ ! -f ".tools/pester/$PESTER_VERSION/tools/Pester.psd1" ]; then
  echo "install-tools: Pester $PESTER_VERSION (NuGet)"
  dotnet restore build/tools/tools.csproj --packages .tools -v quiet
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v tinyproxy >/dev/null 2>&1 || [ -x /usr/sbin/tinyproxy ] || [ -x /usr/bin/tinyproxy ] || need_apt+=(tinyproxy)
[ -n "$(fc-list :lang=ja 2>/dev/null)" ] || need_apt+=(fonts-ipafont-gothic)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-tools: ${need_apt[*]} (Debian)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "install-tools: pwsh $(pwsh -NoProfile -Command '$PSVersionTable.PSVersion.ToString()'), Pester $PESTER_VERSION, $(chromium --version 2>/dev/null | head -1)"
