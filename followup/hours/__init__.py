"""Volunteer hours ("Timmar"): partners report them month by month, planners review them, and everyone follows them against the commitment."""
