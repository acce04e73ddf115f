"""S&E logframe: results, indicators, periods, values, activities."""

__all__: list[str] = []
