"""The catalogue: the rule types (models), loading and linting scenarios/ and selectors/, the JSON
Schema generated from the models, and the scaffold for a new provider."""
