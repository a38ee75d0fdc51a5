"""Blueprints: thin views that load, validate, save in one transaction and redirect."""
