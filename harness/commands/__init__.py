"""The `harness` subcommands of routines and fleets: one module per command.

`routine` checks and shows routine files, `history` backfills a routine into a
device, `send` presses a lock's buttons, `timetable` shows a learned or predicted
timetable, and `provision` creates a fleet's devices. The modules beside them are
what the commands share: options with environment variables, the edge where errors
become exit codes, moments in time, progress, concurrency and pictures.
"""
