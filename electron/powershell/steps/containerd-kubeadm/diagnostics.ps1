# Step "diagnostics" (containerd-kubeadm): the shared diagnostics step
# (../diagnostics.ps1), one implementation for both recipes; given the
# containerd directory it collects containerd's and crictl's view and the
# containerd log instead of Docker's.
param(
    [Parameter(Mandatory)][string] $StateDir,
    [Parameter(Mandatory)][string] $ContainerdDir,
    [int] $LogTailLines = 200,
    # Passed to every step by the executor; this step downloads nothing.
    [hashtable] $Downloads = @{}
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
& (Join-Path (Split-Path -Parent $PSScriptRoot) 'diagnostics.ps1') @PSBoundParameters
