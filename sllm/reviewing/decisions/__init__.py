"""Decisions on papers: the chairs' decisions page, decisions on local-track papers, and who may win
the Best Student Paper award."""
