"""One script per dashboard page, run by `st.navigation` from `dashboard/app/main.py`."""
