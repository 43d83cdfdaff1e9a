"""Backprop Lab's Streamlit app: pages in app_pages/, panels/ shared by pages, figure builders in
figures/, per-session state in session.py, process-wide resources in shared.py."""
