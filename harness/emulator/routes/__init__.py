"""The emulator's routes: the public v1.1 API and its own `/emulator` routes."""
