"""Building the installable app (scripts/package): what goes into the bundle, the .deb around it, and a file list
that shows two builds of the same commit are alike. Build-time only; nothing here is imported by the app."""
