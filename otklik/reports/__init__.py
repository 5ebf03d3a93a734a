"""Analysis and periodic reports: the quarterly analysis of appeals (R-AP-12)."""
