"""Tests of the assignments room."""
