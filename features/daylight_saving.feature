@clock
Feature: A household across a daylight-saving change
  A family leaves for work and school at half past seven, comes home at half past
  five, and locks up at ten at night. The clocks change during the month the model
  learns from, but the family's habits follow the wall clock, and so does the model:
  its timetable is in local time, the same before and after the change, and an
  unlock at the hour the family used to leave in UTC terms is still unusual.

  Background:
    Given a lock "home" in "Europe/London" following this routine:
      | days     | set      | between        |
      | weekdays | unlocked | 07:30 to 07:40 |
      | weekdays | locked   | 08:10 to 08:15 |
      | weekdays | unlocked | 17:30 to 17:40 |
      | weekdays | locked   | 22:00 to 22:10 |
      | weekend  | unlocked | 09:00 to 09:30 |
      | weekend  | locked   | 23:00 to 23:30 |

  Scenario: The clocks go back in October
    Given it is Tuesday 2026-11-10 at 00:00 in "Europe/London"
    And 30 days of its history
    And an anomaly rule on "home" at High confidence alerting "phone"
    Then on weekdays "home" has learned at High confidence:
      | from  | to    | state    |
      | 00:00 | 07:30 | locked   |
      | 07:30 | 07:40 | unknown  |
      | 07:40 | 08:10 | unlocked |
      | 08:10 | 08:15 | unknown  |
      | 08:15 | 17:30 | locked   |
      | 17:30 | 17:40 | unknown  |
      | 17:40 | 22:00 | unlocked |
      | 22:00 | 22:10 | unknown  |
      | 22:10 | 24:00 | locked   |
    When "home" reports "unlocked" on 2026-10-26 at 07:45
    Then "phone" gets no alert within 1 seconds
    When "home" reports "unlocked" on 2026-10-26 at 06:45
    Then "phone" gets an anomaly alert within 5 seconds

  Scenario: The clocks go forward in March
    Given it is Tuesday 2027-04-06 at 00:00 in "Europe/London"
    And 30 days of its history
    And an anomaly rule on "home" at High confidence alerting "phone"
    Then at High confidence "home" is expected to be "unlocked" on 2027-03-26 at 07:45
    And at High confidence "home" is expected to be "unlocked" on 2027-03-29 at 07:45
    And at High confidence "home" is expected to be "locked" on 2027-03-29 at 06:45
    When "home" reports "unlocked" on 2027-03-29 at 18:00
    Then "phone" gets no alert within 1 seconds
    When "home" reports "unlocked" on 2027-03-29 at 16:45
    Then "phone" gets an anomaly alert within 5 seconds
