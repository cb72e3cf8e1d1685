"""Service quality: QA evaluations, the monthly quality feedback report (质量信息反馈表), the service dashboard.

rules.py (pure maths), access.py (who sees and does what), selectors.py (reads), report.py (the report's
aggregation and files), dashboard.py (the dashboard's reads), defaults.py (the shipped evaluation form).
Models live in apps/service/models/quality.py, writers in apps/service/services/quality.py.
"""
