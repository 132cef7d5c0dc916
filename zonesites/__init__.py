"""Build tool for the zone sites: validate zones.yaml, build every (zone, language) site."""
