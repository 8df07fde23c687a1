"""Placeholder while the model is written."""
