"""Rendering of the programme into calendar feeds and web pages."""
