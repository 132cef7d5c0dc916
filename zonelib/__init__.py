"""The zone sites' library: what the Pelican plugins and the build tool share.

Problems reported as `path:line: what is wrong`, YAML that keeps its lines, JSON Schema checks in
plain words, the zones model (zones.yaml), facts about the content tree, the content policy, the
custom signals and the names of the settings that cross between parts. It imports neither Pelican's
run nor the build tool: plugins and tool both stand on it.
"""
