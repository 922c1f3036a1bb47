"""Shared pytest fixtures for the Connector Wizard tests."""
