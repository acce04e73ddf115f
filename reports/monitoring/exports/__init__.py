"""The funder's exports: the logframe workbook (Excel) and the tidy data (CSV)."""

from reports.monitoring.exports.tidy import spreadsheet_safe, tidy_csv, tidy_rows
from reports.monitoring.exports.workbook import XLSX, logframe_workbook

__all__ = ["XLSX", "logframe_workbook", "spreadsheet_safe", "tidy_csv", "tidy_rows"]
