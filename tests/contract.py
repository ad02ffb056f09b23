"""The contract's worked example, written once for every test that checks it."""

# docs/anomaly-model.md: what a month of office hours teaches a model at High
# confidence on workdays; at weekends the lock is expected locked all day.
WORKDAY_TIMETABLE = [
    ("00:00", "08:50", "locked"),
    ("08:50", "09:05", "unknown"),
    ("09:05", "09:10", "unlocked"),
    ("09:10", "09:15", "unknown"),
    ("09:15", "17:50", "locked"),
    ("17:50", "18:05", "unknown"),
    ("18:05", "19:10", "unlocked"),
    ("19:10", "19:15", "unknown"),
    ("19:15", "24:00", "locked"),
]
