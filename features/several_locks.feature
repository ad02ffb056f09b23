Feature: Several locks, each judged on its own timetable
  One building, three doors, three routines: the office keeps office hours, the
  night-shift worker's flat is busy in the early morning and evening, and a family
  home follows the school run. The same moment can be routine for one door and
  unusual for another; each door's rule judges it by that door's own month.

  Background:
    Given a lock "office" in "Europe/London" following "office hours"
    And a lock "flat" following "night shift"
    And a lock "family home" following "school run"
    And 30 days of history for every lock
    And an anomaly rule on "office" at High confidence alerting "office phone"
    And an anomaly rule on "flat" at High confidence alerting "flat phone"
    And an anomaly rule on "family home" at High confidence alerting "family phone"

  Scenario: Half past six in the evening is routine at the office
    When "office" reports "unlocked" on Tuesday at 18:30
    Then "office phone" gets no alert within 1 seconds

  Scenario: Three in the morning is unusual for every door
    When "office" reports "unlocked" on Wednesday at 03:00
    Then "office phone" gets an anomaly alert within 5 seconds
    When "flat" reports "unlocked" on Wednesday at 03:00
    Then "flat phone" gets an anomaly alert within 5 seconds
    When "family home" reports "unlocked" on Wednesday at 03:00
    Then "family phone" gets an anomaly alert within 5 seconds

  Scenario: An alert reaches only the phone of the door that broke its week
    When "office" reports "unlocked" on Thursday at 03:00
    Then "office phone" gets an anomaly alert within 5 seconds
    And "flat phone" has got 0 alerts
    And "family phone" has got 0 alerts
