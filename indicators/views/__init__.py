"""The tables and texts each page shows, built in the core: one module per page, named like the page.

``app_pages/target.py`` shows what :mod:`indicators.views.target` builds, and so on; the offline HTML
report of the overview is :mod:`indicators.views.offline_report`.
"""
