"""One script per dashboard page, run by `st.navigation` from `dashboard/app/main.py`.

Not named `pages/`: Streamlit treats a `pages/` folder beside the entry script as
an old-style multipage app, which hides the frame (sidebar, notes) on page switches.
"""
