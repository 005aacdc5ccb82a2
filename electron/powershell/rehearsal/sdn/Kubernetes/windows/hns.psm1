# WinJoin rehearsal stand-in for Microsoft/SDN Kubernetes/windows/hns.psm1.
# The real module P/Invokes vmcompute.dll!HNSCall; in a rehearsal the
# simulated host (SimulatedWindowsHost.psm1, loaded before this) already
# provides New-HNSNetwork, New-HnsEndpoint, Attach-HnsHostEndpoint,
# Get-HnsPolicyList and Remove-HnsPolicyList over its HNS state.
Export-ModuleMember
