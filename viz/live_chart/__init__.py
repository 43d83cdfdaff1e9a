"""Live charts that stay alive in the browser and receive only what changed (issue 14).

delta.py: what to send (pure); cache.py: built figures, shareable (no Streamlit);
element.py: the Streamlit component and its fallback to st.plotly_chart; chart.js: browser side.
"""
