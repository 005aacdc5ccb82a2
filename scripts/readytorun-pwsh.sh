#!/usr/bin/env bash
# Compiles the PowerShell test host's own assemblies to native code ahead of
# time (ReadyToRun), once per install. Why: PowerShell as a dotnet global
# tool ships them as IL only, while the official pwsh packages (and Windows
# PowerShell) ship them precompiled, so every pwsh this machine starts
# JIT-compiles the engine first: about 1.1 s of CPU for `pwsh -Command exit`
# here against 0.6 s once compiled. A rehearsal join starts ~20 step hosts
# and the test suites run dozens of joins, so that JIT was most of CI's time.
# Same IL, same behaviour: only where the machine code comes from changes.
#
# Idempotent (a stamp file in the tool's folder); `dotnet tool update`
# replaces the folder and so the stamp, and the next run compiles again.
# Best effort: if Crossgen2 cannot be had, pwsh stays as installed (slower).
set -euo pipefail
cd "$(dirname "$0")/.."

PWSH_VERSION="$1"
store=$(ls -d "$HOME/.dotnet/tools/.store/powershell/$PWSH_VERSION/powershell/$PWSH_VERSION/tools/"net*/any/unix 2>/dev/null | head -1 || true)
[ -n "$store" ] || { echo "readytorun-pwsh: no PowerShell $PWSH_VERSION tool folder; skipped"; exit 0; }
stamp="$store/.winjoin-readytorun"
[ -f "$stamp" ] && exit 0

case "$(uname -m)" in
  x86_64) rid=linux-x64 arch=x64 ;;
  aarch64) rid=linux-arm64 arch=arm64 ;;
  *) echo "readytorun-pwsh: no Crossgen2 for $(uname -m); skipped"; exit 0 ;;
esac

# The runtime pwsh rolls forward to: the newest Microsoft.NETCore.App of the tool's major.
major=$(sed -n 's/.*"version": "\([0-9]*\)\..*/\1/p' "$store/pwsh.runtimeconfig.json" | head -1)
runtime_line=$(dotnet --list-runtimes | awk -v m="$major" '$1 == "Microsoft.NETCore.App" && index($2, m ".") == 1' | sort -V -k2 | tail -1)
[ -n "$runtime_line" ] || { echo "readytorun-pwsh: no .NET $major runtime; skipped"; exit 0; }
runtime_version=$(echo "$runtime_line" | awk '{print $2}')
runtime_dir="$(echo "$runtime_line" | sed 's/.*\[\(.*\)\]/\1/')/$runtime_version"

echo "install-tools: compiling PowerShell $PWSH_VERSION ahead of time (Crossgen2 $runtime_version, once)"
if ! dotnet restore build/tools/crossgen2/crossgen2.csproj --packages .tools -v quiet \
  -p:Crossgen2Version="$runtime_version" -p:Crossgen2Rid="$rid" >/dev/null; then
  echo "readytorun-pwsh: Crossgen2 $runtime_version not served; pwsh stays JIT-compiled (tests run, slower)"
  exit 0
fi
crossgen2=".tools/microsoft.netcore.app.crossgen2.$rid/$runtime_version/tools/crossgen2"

# What pwsh loads to run WinJoin's step scripts and Pester (the rest of the folder is Windows-only or unused here).
assemblies=(
  System.Management.Automation.dll
  pwsh.dll
  Microsoft.PowerShell.ConsoleHost.dll
  Microsoft.PowerShell.Commands.Utility.dll
  Microsoft.PowerShell.Commands.Management.dll
  Microsoft.PowerShell.Security.dll
  Newtonsoft.Json.dll
  System.Security.Cryptography.Pkcs.dll
  runtimes/unix/lib/netstandard1.6/Microsoft.Management.Infrastructure.dll
)
# Beside the tool's folder, so each compiled file replaces its original by a rename: a pwsh
# running meanwhile keeps the file it mapped.
work="$store/.winjoin-readytorun-work"
rm -rf "$work"
trap 'rm -rf "$work"' EXIT
compiled=()
for assembly in "${assemblies[@]}"; do
  mkdir -p "$work/$(dirname "$assembly")"
  if "$crossgen2" "$store/$assembly" -o "$work/$assembly" -O --targetos:linux --targetarch:"$arch" \
    -r "$runtime_dir/*.dll" -r "$store/*.dll" -r "$store/runtimes/unix/lib/netstandard1.6/*.dll" >/dev/null; then
    compiled+=("$assembly")
  else
    echo "readytorun-pwsh: $assembly stays IL (Crossgen2 refused it)"
  fi
done

# Originals kept beside, so a pwsh that no longer starts is put back as it was.
backup="$store/.winjoin-il"
swap_in() {
  for assembly in "${compiled[@]}"; do
    cp "$1/$assembly" "$store/$assembly.winjoin-new"
    mv -f "$store/$assembly.winjoin-new" "$store/$assembly"
  done
}
for assembly in "${compiled[@]}"; do
  mkdir -p "$backup/$(dirname "$assembly")"
  [ -f "$backup/$assembly" ] || cp "$store/$assembly" "$backup/$assembly"
done
swap_in "$work"
if [ "$("$HOME/.dotnet/tools/pwsh" -NoProfile -NonInteractive -Command '$PSVersionTable.PSVersion.ToString()' 2>/dev/null)" != "$PWSH_VERSION" ]; then
  echo "readytorun-pwsh: the compiled pwsh did not start; the IL assemblies are back"
  swap_in "$backup"
  exit 0
fi
printf 'Crossgen2 %s: %s\n' "$runtime_version" "${compiled[*]}" >"$stamp"
