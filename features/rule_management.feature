Feature: Managing rules
  Rule authors switch rules off and on, delete them, and read how often they ran.
  A switched-off rule judges nothing; a deleted one is gone with its model. A rule
  whose body is wrong is refused with a message that says what to fix.

  Background:
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    And a rule "door opened" alerting "phone" when "front door" reports "unlocked"

  Scenario: A plain rule runs once for each message that matches
    When "front door" reports "unlocked" 3 minutes ago
    And "front door" reports "locked" 2 minutes ago
    And "front door" reports "unlocked" 1 minute ago
    Then the rule "door opened" has run 2 times
    And "phone" has got 2 alerts

  Scenario: A disabled rule stays quiet, and runs again once enabled
    When the rule "door opened" is disabled
    And "front door" reports "unlocked" 2 minutes ago
    Then "phone" gets no alert within 1 seconds
    When the rule "door opened" is enabled
    And "front door" reports "unlocked" 1 minute ago
    Then "phone" gets an anomaly alert within 5 seconds
    And the rule "door opened" has run 1 times

  Scenario: A deleted rule judges nothing more
    When the rule "door opened" is deleted
    And "front door" reports "unlocked" 1 minute ago
    Then "phone" gets no alert within 1 seconds

  Scenario: A rule on a field the lock does not have is refused
    When a rule "broken" is created with this body:
      """
      {"if": {"sdid": "{front door}", "field": "colour", "operator": "=",
              "operand": {"value": "red"}},
       "then": [{"ddid": "{front door}", "action": "lock", "parameters": {}}]}
      """
    Then the rule is rejected with status 400 naming "colour"
