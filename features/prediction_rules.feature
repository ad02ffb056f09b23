Feature: Prediction rules
  A prediction rule looks ahead: when a message arrives, it asks the lock's model what
  the door will usually be doing some minutes later, and acts on that. A facilities
  manager uses one to be told, as the office locks up at lunchtime, whether the door
  is expected open again within the hour.

  Background:
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    And a prediction rule on "front door" alerting "facilities" when it is expected to be "unlocked" in 30 minutes

  Scenario: Half an hour before the evening opening, the rule fires
    When "front door" reports "locked" on Tuesday at 17:45
    Then "facilities" gets an anomaly alert within 5 seconds

  Scenario: In the middle of the working day, nothing is expected to change
    When "front door" reports "locked" on Tuesday at 12:00
    Then "facilities" gets no alert within 1 seconds

  Scenario: Where the model cannot tell, the rule stays quiet
    When "front door" reports "locked" on Tuesday at 08:25
    Then "facilities" gets no alert within 1 seconds
