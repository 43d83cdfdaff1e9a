"""Backprop Lab's Streamlit app: pages in app_pages/, figure builders in figures/, session state in state.py."""
