"""One small module per layer of the reasoning. Each takes the `Facts` of a scenario and
returns steps whose citations come from the curated data entries it relies on."""
