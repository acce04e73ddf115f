from tests.reports.bank.cohort import bank

__all__ = ["bank"]
