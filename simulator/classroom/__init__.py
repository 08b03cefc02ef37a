"""The classroom: assignment status, class lists from CSV, and the cohort report for trainers.

Plain functions over what the store returns; no UI and no model.
"""
