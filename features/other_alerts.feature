Feature: Alerts by mail and by web hook
  Not every rule rings a phone. A rule can send a mail, which the emulator keeps in
  its outbox, or call a web hook, a real HTTP request to a server of the author's.

  Background:
    Given a lock "front door" in "Europe/Berlin" following "office hours"
    And 30 days of its history

  @mail
  Scenario: A night-time unlock sends a mail
    Given an anomaly rule on "front door" at High confidence mailing "security@example.com"
    When "front door" reports "unlocked" on Tuesday at 03:00
    Then a mail to "security@example.com" with the subject "front door did something unusual" arrives within 5 seconds

  Scenario: A night-time unlock calls the web hook
    Given an anomaly rule on "front door" at High confidence calling the web hook "alarm company"
    When "front door" reports "unlocked" on Tuesday at 03:00
    Then the web hook "alarm company" is called within 5 seconds
