"""Building blocks for locustfiles: fleets, lock users, metrics, end-of-run checks.

The modules that import Locust (`users`, `shape`, `hooks`, `desk`) patch the
process with gevent as they load, so only a Locust run imports them. The others
(`anchor`, `pool`, `run`, `checks`, `alerts`, `options`, `stored`, `probes`,
`channel`, `summary`, `smoke`) are plain Python and safe to import anywhere.
docs/load.md describes the locustfiles.
"""
