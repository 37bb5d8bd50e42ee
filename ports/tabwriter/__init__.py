"""github.com/liggitt/tabwriter: text/tabwriter plus RememberWidths, as k8s.io/cli-runtime's
printers.GetNewTabWriter uses it for every kubectl table (kubectl top node included).
Pinned at the pseudo-version both kubectl v0.28.3 and v0.36.3 vendor: v0.0.0-20181228230101-89fcab3d43de.
"""
