"""Rules: conditions on devices' messages, and the actions they run when they fire."""
