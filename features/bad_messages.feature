Feature: Bad messages are rejected, and nothing of them is stored
  A lock that sends something its device type does not allow gets a clear refusal:
  the status, and a message that names the field and what is allowed. The server
  keeps nothing of a refused message, so a rule never sees it.

  Background:
    Given a lock "front door" in "Europe/Berlin"

  Scenario: A state the lock does not have
    When "front door" reports "ajar" now
    Then the message is rejected with status 400 naming "state"
    And "front door" has 0 stored messages

  Scenario Outline: A message that breaks the device type's manifest: <problem>
    When "front door" sends this message:
      """
      <message>
      """
    Then the message is rejected with status 400 naming "<named>"
    And "front door" has 0 stored messages

    Examples:
      | problem           | message                                                 | named    |
      | an unknown field  | {"sdid": "{sdid}", "data": {"colour": "red"}}           | colour   |
      | a number of state | {"sdid": "{sdid}", "data": {"state": 1}}                | state    |
      | no data           | {"sdid": "{sdid}"}                                      | data     |
      | a ts far ahead    | {"sdid": "{sdid}", "ts": 99999999999999, "data": {"state": "locked"}} | ts |
      | not JSON          | {"sdid": "{sdid}", "data":                              | JSON     |

  Scenario: Good messages around a bad one are all kept
    When "front door" reports "locked" 2 hours ago
    And "front door" reports "open" 1 hour ago
    Then the message is rejected with status 400 naming "allowed"
    When "front door" reports "unlocked" now
    Then "front door" has 2 stored messages
