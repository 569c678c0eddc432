"""QA for the catalogue: walk every documented path step by step and say exactly what drifted.

paths.py walks, deep_links.py checks that each deep link still lands, suggest.py finds the closest
elements when a step is missing, similarity.py scores them, artifacts.py saves screenshots and
traces, report.py is a run's result (JSON), junit.py writes JUnit XML, flake.py keeps the
consecutive-failure history that decides when a path is declared gone.
"""
