"""The flowchart drawn four ways, all from the decision data and a `Highlight`:

- graph.py builds the Graphviz graph (pure; the DOT export is its source);
- svg.py renders it with `dot`, once per distinct chart;
- text.py says the path in words, the picture's text alternative;
- mermaid.py writes the docs' own Mermaid format.

figure.py assembles what a page shows: the SVG, its caption, steps and downloads.
"""
