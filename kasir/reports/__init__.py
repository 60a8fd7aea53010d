"""Reports: statement builders that return plain data, and renderers (text, PDF, XLSX).

Builders read through ``kasir.books`` queries; renderers never query.
"""
