"""Reads behind the pages: plain functions over the models, one idea per module."""
