"""Helpers shared by the tests: app fixtures, fake servers, small knowledge folders."""
