"""Pure figure builders: plain data (NumPy arrays, numbers, strings) in, ``go.Figure`` out.

No streamlit import here, and no maths: the numbers come from core (core.metrics, viz.figures.pixels,
the Trainer's snapshot). ``style`` holds the shared projector-readable look.
"""
