@clock
Feature: Confidence levels compared on the same history
  The same month of office hours, judged at the three confidence levels. At High
  confidence the model must be very sure before it calls an event unusual, so the
  minutes around the routine's arrivals and departures stay quiet; at Medium and Low
  it takes the majority's word there, and alerts on more of them. A plain anomaly
  alerts at every level, and a routine event at none.

  The outcomes at the edges depend on the random draws of the history, so these
  scenarios fix the date the history ends on, with the emulator's clock.

  Scenario Outline: <confidence> confidence on <state> at <time>
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    And an anomaly rule on "front door" at <confidence> confidence alerting "phone"
    When "front door" reports "<state>" on Tuesday at <time>
    Then "phone" <outcome> within 2 seconds

    Examples: an unlock in the small hours alerts at every level
      | confidence | state    | time  | outcome               |
      | High       | unlocked | 03:00 | gets an anomaly alert |
      | Medium     | unlocked | 03:00 | gets an anomaly alert |
      | Low        | unlocked | 03:00 | gets an anomaly alert |

    Examples: an unlock just before the arrivals alerts from Medium down
      | confidence | state    | time  | outcome               |
      | High       | unlocked | 08:52 | gets no alert         |
      | Medium     | unlocked | 08:52 | gets an anomaly alert |
      | Low        | unlocked | 08:52 | gets an anomaly alert |

    Examples: locking up as the evening starts alerts at Low only
      | confidence | state  | time  | outcome               |
      | High       | locked | 17:57 | gets no alert         |
      | Medium     | locked | 17:57 | gets no alert         |
      | Low        | locked | 17:57 | gets an anomaly alert |

    Examples: the morning's open door is routine at every level
      | confidence | state    | time  | outcome       |
      | High       | unlocked | 09:07 | gets no alert |
      | Medium     | unlocked | 09:07 | gets no alert |
      | Low        | unlocked | 09:07 | gets no alert |

  Scenario: What each level expects in the minutes before the arrivals
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history
    Then at High confidence "front door" is expected to be "unknown" on Tuesday at 08:52
    And at Medium confidence "front door" is expected to be "locked" on Tuesday at 08:52
    And at Low confidence "front door" is expected to be "locked" on Tuesday at 08:52
    And at Low confidence "front door" is expected to be "unknown" on Tuesday at 08:57
