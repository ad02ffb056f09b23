"""The pytest plugin and the step library behind the Gherkin features.

The plugin is registered with pytest by entry point: a project with the harness
installed runs `.feature` files against the embedded emulator (the default) or any
server that speaks the API (`--target cloud --api-url URL --user-token TOKEN`).
docs/steps.md is the catalogue of steps.
"""
